with

source as (

    select * from {{ landed('ingest_documents') }}

),

department_keys as (

    select * from {{ ref('stg_ingest__department_keys') }}

),

renamed as (

    select
        source.doc_id,
        source.source_file,
        source.content_sha256,
        source.encoding,
        source.line_count,
        source.department_name,
        department_keys.department_key,
        department_keys.department_name_key,
        source.province,
        source.city,
        source.county,
        source.fiscal_year,
        source.stage,
        source.doc_level,
        cast(source.publication_date as date) as publication_date,
        source.template_family,
        source.page_count
    from source
    left join department_keys
        on source.doc_id = department_keys.doc_id

)

select * from renamed
