with

source as (

    select * from {{ landed('ingest_sentences') }}

),

renamed as (

    select
        doc_id,
        sentence_seq,
        source_line,
        text as sentence_text
    from source

)

select * from renamed
