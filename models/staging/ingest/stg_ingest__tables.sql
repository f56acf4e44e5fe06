with

source as (

    select * from {{ landed('ingest_tables') }}

),

renamed as (

    select
        doc_id,
        table_seq,
        table_kind,
        title_raw,
        title_line,
        end_line,
        unit_raw,
        unit,
        status,
        note_text,
        note_line,
        layout,
        string_split(measures, '|') as measures,
        row_count
    from source

)

select * from renamed
