-- The 三公 items per document × item × funding source, in 元, as the 三公 table prints them
-- (会议费 / 培训费 where the table has them). funding_source 'all' is the 合计 over sources.
with

items as (

    select * from {{ ref('int_three_public__items') }}

),

final as (

    select
        doc_id,
        item,
        funding_source,
        amount_yuan,
        step_yuan,
        layout,
        placement,
        source_line
    from items

)

select * from final
