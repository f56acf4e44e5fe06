{{ config(materialized='table', pre_hook=[]) }}
-- One row per department: every document that names one, across years and stages, under one
-- key (stg_ingest__department_keys: region / level / name key, renames by ref_department_links).
-- Rebuilt whole on every build (a department spans documents, so it is not built by document).
-- A year and stage with two documents is ambiguous: listed in ambiguous_years, and the panel
-- (fct_department_year) takes neither. Documents that name no department are not here:
-- dim_document's department_key is NULL for them.
with

documents as (

    select * from {{ ref('dim_document') }}
    where department_key is not null

),

year_stages as (

    select
        department_key,
        fiscal_year,
        stage,
        count(*) as documents
    from documents
    group by department_key, fiscal_year, stage

),

ambiguous as (

    select
        department_key,
        string_agg(fiscal_year || ' ' || stage || ' ×' || documents, ', ' order by fiscal_year, stage)
            as ambiguous_years
    from year_stages
    where documents > 1
    group by department_key

),

final as (

    select
        documents.department_key,
        arg_max(documents.department_name, documents.fiscal_year) as department_name,
        any_value(documents.department_name_key) as department_name_key,
        any_value(documents.province) as province,
        any_value(documents.city) as city,
        any_value(documents.county) as county,
        any_value(documents.doc_level) as doc_level,
        string_agg(distinct documents.department_name, ' | ' order by documents.department_name)
            as names_printed,
        min(documents.fiscal_year) as first_fiscal_year,
        max(documents.fiscal_year) as last_fiscal_year,
        count(distinct documents.fiscal_year) as fiscal_years,
        count(*) filter (where documents.stage = 'budget') as budget_documents,
        count(*) filter (where documents.stage = 'final') as final_documents,
        any_value(ambiguous.ambiguous_years) as ambiguous_years
    from documents
    left join ambiguous
        on documents.department_key = ambiguous.department_key
    group by documents.department_key

)

select * from final
