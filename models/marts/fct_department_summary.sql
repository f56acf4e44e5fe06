-- One row per document: its headline figures in 元 as the tables print them, and ratios.
-- A figure no table prints is NULL, and unavailable_reasons says why (table absent, printed
-- empty, or the figure not printed / not placed): never a 0 standing in for "unknown".
-- Exceptions, each named in a *_source column:
-- - 三公: a 三公 table printed empty with its note ("本部门无三公经费") means 0, and a blank item
--   beside a placed 三公 total means 0 — but only when no number of that table was left
--   unplaced, since a blank could then be a number the ingest could not put in its column;
-- - 机关运行经费, 政府采购 and staff counts: most templates print them only in the narrative, so
--   the narrative figure is used where no table prints one;
-- - 收支总计 and the 三公 figures: where no table gives them, the narrative's statement
--   (total_source / three_public_source 'narrative'; an item the narrative does not state stays
--   NULL). Where both exist the gate compares them (R26 and its kin read the tables, not this);
-- - 基本支出 and 项目支出: where no table gives either, the narrative's pair when its arithmetic
--   pins it to all funds (narrative_split_pinned; split_source 'narrative').
{%- set figure_columns = [
    ('income_grand_total', 'total_yuan'),
    ('basic', 'basic_yuan'),
    ('project', 'project_yuan'),
    ('personnel', 'personnel_yuan'),
    ('public', 'public_yuan'),
] %}
{%- set three_public_columns = [
    ('three_public_total', 'three_public_yuan'),
    ('three_public_abroad', 'three_public_abroad_yuan'),
    ('three_public_reception', 'three_public_reception_yuan'),
    ('three_public_vehicle_purchase', 'three_public_vehicle_purchase_yuan'),
    ('three_public_vehicle_operation', 'three_public_vehicle_operation_yuan'),
] %}

with

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

figure_sources as (

    select * from {{ ref('ref_figure_sources') }}

),

table_statuses as (

    select * from {{ ref('int_document_tables__status') }}

),

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

narrative_links as (

    select * from {{ ref('ref_narrative_links') }}

),

pivoted as (

    select
        {% for figure, column in figure_columns + three_public_columns %}
        max(amount_yuan) filter (where figure = '{{ figure }}') as {{ column }},
        {% endfor %}
        max(amount_yuan) filter (where figure = 'operating_cost') as operating_cost,
        doc_id
    from figures
    group by doc_id

),

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

three_public_unplaced as (

    select
        doc_id,
        sum(unplaced_cells) as unplaced_cells
    from table_rows
    where table_kind = 'three_public'
    group by doc_id

),

-- The first narrative statement of each figure (the ones quoted twice are checked by the gate).
narrative as (

    select
        {% for figure, column in [('income_grand_total', 'total_yuan')] + three_public_columns %}
        arg_min(facts.amount_yuan, facts.fact_seq) filter (
            where narrative_links.figure = '{{ figure }}' and facts.attribute = 'amount'
        ) as {{ column }},
        {% endfor %}
        facts.doc_id,
        arg_min(facts.amount_yuan, facts.fact_seq) filter (
            where facts.fact_kind = 'operating_cost' and facts.subject = 'total' and facts.attribute = 'amount'
        ) as operating_cost_narrative_yuan,
        arg_min(facts.amount_yuan, facts.fact_seq) filter (
            where facts.fact_kind = 'procurement' and facts.subject = 'total' and facts.attribute = 'amount'
        ) as procurement_yuan,
        arg_min(cast(facts.value_number as integer), facts.fact_seq) filter (
            where facts.fact_kind = 'staff' and facts.subject = 'authorized' and facts.attribute = 'count'
        ) as staff_authorized,
        arg_min(cast(facts.value_number as integer), facts.fact_seq) filter (
            where facts.fact_kind = 'staff' and facts.subject = 'actual' and facts.attribute = 'count'
        ) as staff_actual
    from facts
    left join narrative_links
        on
            facts.fact_kind = narrative_links.fact_kind
            and facts.subject = narrative_links.subject
    group by facts.doc_id

),

-- 基本支出 and 项目支出 as the narrative states them, taken only where its own arithmetic pins them
-- to all funds: with the carry-over to next year where it states one, they add up (within the
-- printed steps) to the expenditure total it states. A narrative giving the 一般公共预算's split,
-- or parts, does not add up to that total and is not taken.
narrative_split as (

    select
        {% for subject in ['basic', 'project', 'carryover_out'] %}
        arg_min(amount_yuan, fact_seq) filter (where subject = '{{ subject }}') as {{ subject }}_yuan,
        arg_min(step_yuan, fact_seq) filter (where subject = '{{ subject }}') as {{ subject }}_step_yuan,
        {% endfor %}
        doc_id
    from facts
    where fact_kind = 'expenditure_type' and attribute = 'amount' and amount_yuan is not null
    group by doc_id

),

narrative_split_pinned as (

    select
        doc_id,
        basic_yuan,
        project_yuan
    from narrative_split
    where
        basic_yuan is not null and project_yuan is not null
        and exists (
            select 1 as adds_up
            from facts as totals
            where
                totals.doc_id = narrative_split.doc_id
                and totals.fact_kind = 'total_budget'
                and totals.subject in ('expenditure_total', 'expenditure_current_total')
                and totals.attribute = 'amount'
                and abs(basic_yuan + project_yuan + coalesce(carryover_out_yuan, 0) - totals.amount_yuan)
                <= {{ tolerance(
                    ['basic_step_yuan', 'project_step_yuan', 'carryover_out_step_yuan', 'totals.step_yuan']
                ) }}
        )

),

-- How far the 三公 figures can be known: 'table' (total placed, nothing unplaced),
-- 'table_partly_placed' (total placed, but a number of the table unplaced: the placed figures
-- stand, a blank item stays NULL, since the unplaced number may be its), 'table_empty_with_note',
-- or why not.
three_public_state as (

    select
        documents.doc_id,
        case
            when table_statuses.status = 'empty_with_note' then 'table_empty_with_note'
            when
                table_statuses.status = 'present'
                and pivoted.three_public_yuan is not null
                and coalesce(three_public_unplaced.unplaced_cells, 0) = 0
                then 'table'
            when table_statuses.status = 'present' and pivoted.three_public_yuan is not null
                then 'table_partly_placed'
            when narrative.three_public_yuan is not null then 'narrative'
            when table_statuses.status = 'present' then 'three_public table figures not placed'
            else 'three_public table ' || coalesce(table_statuses.status, 'absent')
        end as three_public_source
    from documents
    left join narrative
        on documents.doc_id = narrative.doc_id
    left join pivoted
        on documents.doc_id = pivoted.doc_id
    left join table_statuses
        on
            documents.doc_id = table_statuses.doc_id
            and table_statuses.table_kind = 'three_public'
    left join three_public_unplaced
        on documents.doc_id = three_public_unplaced.doc_id

),

-- Why each missing table figure is missing: the state of the table it would come from.
missing_figures as (

    select
        documents.doc_id,
        figure_sources.figure,
        case
            when table_statuses.status is null or table_statuses.status = 'absent'
                then figure_sources.table_kind || ' absent'
            when table_statuses.status in ('empty', 'empty_with_note')
                then figure_sources.table_kind || ' printed empty'
            else 'not printed or not placed in ' || figure_sources.table_kind
        end as reason
    from documents
    cross join figure_sources
    left join figures
        on
            documents.doc_id = figures.doc_id
            and figure_sources.figure = figures.figure
    left join table_statuses
        on
            documents.doc_id = table_statuses.doc_id
            and figure_sources.table_kind = table_statuses.table_kind
    left join narrative
        on documents.doc_id = narrative.doc_id
    left join narrative_split_pinned
        on documents.doc_id = narrative_split_pinned.doc_id
    where
        figures.figure is null
        -- the narrative gives it: not NULL in the mart
        and not (figure_sources.figure = 'income_grand_total' and narrative.total_yuan is not null)
        and not (figure_sources.figure in ('basic', 'project') and narrative_split_pinned.doc_id is not null)
        and figure_sources.preference = 1
        and figure_sources.figure in (
            {% for figure, column in figure_columns %}
            '{{ figure }}'{{ ',' if not loop.last }}
            {% endfor %}
        )

),

missing as (

    select
        doc_id,
        string_agg(figure || ': ' || reason, '; ' order by figure) as unavailable_reasons
    from missing_figures
    group by doc_id

),

final as (

    select
        documents.doc_id,
        coalesce(pivoted.total_yuan, narrative.total_yuan) as total_yuan,
        case
            when pivoted.total_yuan is not null then 'table'
            when narrative.total_yuan is not null then 'narrative'
        end as total_source,
        {% for figure, column in figure_columns if column not in ('total_yuan', 'basic_yuan', 'project_yuan') %}
        pivoted.{{ column }},
        {% endfor %}
        -- both from the tables, or (where they print neither) both from the narrative
        case
            when pivoted.basic_yuan is null and pivoted.project_yuan is null
                then narrative_split_pinned.basic_yuan
            else pivoted.basic_yuan
        end as basic_yuan,
        case
            when pivoted.basic_yuan is null and pivoted.project_yuan is null
                then narrative_split_pinned.project_yuan
            else pivoted.project_yuan
        end as project_yuan,
        case
            when pivoted.basic_yuan is not null or pivoted.project_yuan is not null then 'table'
            when narrative_split_pinned.doc_id is not null then 'narrative'
        end as split_source,
        {% for figure, column in three_public_columns %}
        case three_public_state.three_public_source
            when 'table_empty_with_note' then 0
            when 'table' then coalesce(pivoted.{{ column }}, 0)
            when 'table_partly_placed' then pivoted.{{ column }}
            when 'narrative' then narrative.{{ column }}
        end as {{ column }},
        {% endfor %}
        three_public_state.three_public_source,
        coalesce(pivoted.operating_cost, narrative.operating_cost_narrative_yuan) as operating_cost_yuan,
        case
            when pivoted.operating_cost is not null then 'table'
            when narrative.operating_cost_narrative_yuan is not null then 'narrative'
        end as operating_cost_source,
        narrative.procurement_yuan,
        narrative.staff_authorized,
        narrative.staff_actual,
        cast(round(pivoted.basic_yuan / nullif(pivoted.basic_yuan + pivoted.project_yuan, 0), 6) as decimal(9, 6))
            as basic_share,
        -- Per head of staff: exact, to the 分 (macros/money.sql).
        cast(
            {{ yuan_per(
                "case three_public_state.three_public_source when 'table_empty_with_note' then 0 "
                ~ "when 'table' then coalesce(pivoted.three_public_yuan, 0) "
                ~ "when 'table_partly_placed' then pivoted.three_public_yuan "
                ~ "when 'narrative' then narrative.three_public_yuan end",
                'narrative.staff_actual'
            ) }} as decimal(24, 2)
        ) as three_public_per_staff_yuan,
        cast({{ yuan_per('pivoted.personnel_yuan', 'narrative.staff_actual') }} as decimal(24, 2))
            as personnel_per_staff_yuan,
        missing.unavailable_reasons
    from documents
    left join pivoted
        on documents.doc_id = pivoted.doc_id
    left join three_public_state
        on documents.doc_id = three_public_state.doc_id
    left join narrative
        on documents.doc_id = narrative.doc_id
    left join narrative_split_pinned
        on documents.doc_id = narrative_split_pinned.doc_id
    left join missing
        on documents.doc_id = missing.doc_id

)

select * from final
