with

source as (

    select * from {{ landed('ingest_findings') }}

),

renamed as (

    select
        source_file,
        doc_id,
        severity,
        code as finding_code,
        message,
        table_kind,
        source_line
    from source

)

select * from renamed
