with

source as (

    select * from {{ landed('ingest_facts') }}

),

renamed as (

    select
        doc_id,
        fact_seq,
        fact_kind,
        subject,
        attribute,
        value_raw,
        {{ printed_number('value') }} as value_number,
        {{ printed_decimals('value') }} as decimals,
        unit,
        {{ unit_kind('unit') }} as unit_kind,
        {{ to_yuan('value', 'unit') }} as amount_yuan,
        {{ step_yuan(printed_decimals('value'), 'unit') }} as step_yuan,
        source_line,
        text_value,
        context
    from source

)

select * from renamed
