with

source as (

    select * from {{ ref('ingest_facts') }}

),

renamed as (

    select
        doc_id,
        fact_seq,
        fact_kind,
        subject,
        attribute,
        value_raw,
        {{ printed_decimal('value') }} as value_number,
        -- the printed precision, from the decimal text the ingest landed
        length(split_part(value, '.', 2)) as decimals,
        unit,
        {{ to_yuan('value', 'unit') }} as amount_yuan,
        {{ to_yuan(printed_step("length(split_part(value, '.', 2))"), 'unit') }} as step_yuan,
        source_line,
        text_value,
        context
    from source

)

select * from renamed
