with

source as (

    select * from {{ landed('ingest_pages') }}

),

renamed as (

    select
        doc_id,
        page,
        first_line,
        last_line
    from source

)

select * from renamed
