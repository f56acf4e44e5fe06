-- One row per ingested document: who, where, when, in what unit and template, and which of the
-- standard tables it prints, prints empty, or lacks.
with

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

table_statuses as (

    select * from {{ ref('int_document_tables__status') }}

),

regions as (

    select * from {{ ref('regions') }}

),

units as (

    -- The unit most of a document's tables declare; 'mixed' when tables disagree.
    select
        doc_id,
        case when count(distinct unit) = 1 then any_value(unit) else 'mixed' end as source_unit
    from tables
    where unit is not null and unit != ''
    group by doc_id

),

table_lists as (

    select
        doc_id,
        string_agg(table_kind, ',' order by table_kind) filter (where status = 'present') as tables_present,
        string_agg(table_kind, ',' order by table_kind) filter (where status = 'partial') as tables_partial,
        string_agg(table_kind, ',' order by table_kind) filter (
            where status in ('empty', 'empty_with_note')
        ) as tables_empty,
        string_agg(table_kind, ',' order by table_kind) filter (where status = 'absent') as tables_absent,
        count(*) filter (where status = 'absent' and is_required) as required_tables_absent
    from table_statuses
    group by doc_id

),

final as (

    select
        documents.doc_id,
        documents.source_file,
        documents.department_name,
        documents.department_key,
        documents.department_name_key,
        documents.province,
        documents.city,
        documents.county,
        coalesce(county_region.division_code, city_region.division_code, province_region.division_code)
            as division_code,
        documents.fiscal_year,
        documents.stage,
        documents.doc_level,
        units.source_unit,
        documents.publication_date,
        documents.template_family,
        documents.page_count,
        table_lists.tables_present,
        table_lists.tables_partial,
        table_lists.tables_empty,
        table_lists.tables_absent,
        coalesce(table_lists.required_tables_absent, 0) as required_tables_absent,
        documents.encoding,
        documents.line_count,
        documents.content_sha256
    from documents
    left join units
        on documents.doc_id = units.doc_id
    left join table_lists
        on documents.doc_id = table_lists.doc_id
    left join regions as province_region
        on
            province_region.level = 'province'
            and documents.province = province_region.region_name
    left join regions as city_region
        on
            city_region.level = 'prefecture'
            and documents.city = city_region.region_name
            and city_region.parent_name = documents.province
    left join regions as county_region
        on
            county_region.level = 'county'
            and documents.county = county_region.region_name
            and county_region.parent_name in (documents.city, documents.province)

)

select * from final
