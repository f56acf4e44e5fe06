with

source as (

    select * from {{ landed('ingest_documents') }}

),

renamed as (

    select
        doc_id,
        source_file,
        content_sha256,
        encoding,
        line_count,
        department_name,
        province,
        city,
        county,
        fiscal_year,
        stage,
        doc_level,
        cast(publication_date as date) as publication_date,
        template_family,
        page_count
    from source

)

select * from renamed
