with

source as (

    select * from {{ landed('ingest_manifest') }}

),

renamed as (

    select
        source_file,
        doc_id,
        status,
        reason,
        encoding,
        size_bytes,
        tables_found,
        cells_landed,
        facts_landed,
        duplicate_of
    from source

)

select * from renamed
