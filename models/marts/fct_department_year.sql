{{ config(materialized='table', pre_hook=[]) }}
-- The panel: one row per department × fiscal year × stage, with the key figures of its
-- document (fct_department_summary), their change on the previous year's document of the same
-- stage (amount and %), and for a 决算 the execution rate against the same year's 预算.
-- Each side names the document it came from. A year and stage with two documents is ambiguous:
-- documents_count > 1, no document and no figures (never one picked). A change is NULL where
-- either year lacks the figure; a percentage also where last year's figure is 0.
-- Rebuilt whole on every build (each row reads two documents).
{%- set figures = [
    'total_yuan', 'basic_yuan', 'project_yuan', 'personnel_yuan', 'public_yuan',
    'three_public_yuan', 'three_public_abroad_yuan', 'three_public_reception_yuan',
    'three_public_vehicle_purchase_yuan', 'three_public_vehicle_operation_yuan', 'operating_cost_yuan',
] %}

with

documents as (

    select * from {{ ref('dim_document') }}
    where department_key is not null and fiscal_year is not null and stage is not null

),

summaries as (

    select * from {{ ref('fct_department_summary') }}

),

year_stages as (

    select
        department_key,
        cast(fiscal_year as integer) as fiscal_year,
        stage,
        count(*) as documents_count,
        case when count(*) = 1 then any_value(doc_id) end as doc_id
    from documents
    group by department_key, fiscal_year, stage

),

with_figures as (

    select
        {% for figure in figures %}
        summaries.{{ figure }},
        {% endfor %}
        year_stages.*
    from year_stages
    left join summaries
        on year_stages.doc_id = summaries.doc_id

),

final as (

    select
        this_year.department_key,
        this_year.fiscal_year,
        this_year.stage,
        this_year.documents_count,
        this_year.doc_id,
        {% for figure in figures %}
        this_year.{{ figure }},
        {% endfor %}
        last_year.doc_id as prior_doc_id,
        {% for figure in figures %}
        {%- set name = figure[:-5] %}
        last_year.{{ figure }} as prior_{{ figure }},
        this_year.{{ figure }} - last_year.{{ figure }} as {{ name }}_change_yuan,
        cast(round(
            (this_year.{{ figure }} - last_year.{{ figure }}) * 100 / nullif(last_year.{{ figure }}, 0), 2
        ) as decimal(12, 2)) as {{ name }}_change_pct,
        {% endfor %}
        {% for figure in ['total_yuan', 'basic_yuan', 'project_yuan', 'three_public_yuan', 'operating_cost_yuan'] %}
        cast(round(
            case when this_year.stage = 'final' then this_year.{{ figure }} * 100 / nullif(budget.{{ figure }}, 0) end,
            2
        ) as decimal(12, 2)) as {{ figure[:-5] }}_execution_pct,
        {% endfor %}
        budget.doc_id as budget_doc_id
    from with_figures as this_year
    left join with_figures as last_year
        on
            this_year.department_key = last_year.department_key
            and this_year.stage = last_year.stage
            and last_year.fiscal_year = this_year.fiscal_year - 1
    left join with_figures as budget
        on
            this_year.stage = 'final'
            and this_year.department_key = budget.department_key
            and budget.stage = 'budget'
            and budget.fiscal_year = this_year.fiscal_year

)

select * from final
