-- Every narrative fact, its amount in 元 where it is one, beside the table value it should equal
-- (where one exists) and the difference. The gate's narrative rules read this; analysts can see
-- what each document says in words.
with

facts as (

    select * from {{ ref('int_narrative_facts__linked') }}

),

final as (

    select
        doc_id,
        fact_seq,
        fact_kind,
        subject,
        attribute,
        value_raw,
        value_number,
        unit,
        amount_yuan,
        step_yuan,
        text_value,
        source_line,
        {{ page_of('facts.doc_id', 'facts.source_line') }} as page,
        context,
        linked_to,
        function_code,
        table_kind,
        table_source_line,
        table_amount_yuan,
        table_step_yuan,
        cast(amount_yuan - table_amount_yuan as decimal(24, 4)) as difference_yuan
    from facts

)

select * from final
