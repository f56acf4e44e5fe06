-- R27 (completeness): the 三公 narrative states each of the four items — 因公出国（境）,
-- 公务用车购置, 公务用车运行维护, 公务接待 — with an amount (0 counts; a 决算's 决算数 or 预算数
-- counts). A merged "购置及运行" amount does not disclose 购置 or 运行 separately, unless it is 0. A document
-- with no narrative read (a file of tables whose narrative is another file) is unevaluable.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

required_items (item, item_zh) as (

    values
    ('abroad', '因公出国（境）费'),
    ('vehicle_purchase', '公务用车购置费'),
    ('vehicle_operation', '公务用车运行维护费'),
    ('reception', '公务接待费')

),

stated_rows as (

    select
        doc_id,
        subject as item,
        min(source_line) as source_line
    from facts
    where fact_kind = 'three_public' and attribute in ('amount', 'actual_amount', 'budget_amount')
    group by doc_id, subject
    union all
    -- "公务用车购置及运行维护费支出决算为0.00万元": nothing merged is nothing of either part.
    select
        facts.doc_id,
        parts.item,
        min(facts.source_line) as source_line
    from facts
    cross join (values ('vehicle_purchase'), ('vehicle_operation')) as parts (item)
    where
        facts.fact_kind = 'three_public'
        and facts.subject = 'vehicle_total'
        and facts.attribute in ('amount', 'actual_amount')
        and facts.amount_yuan = 0
    group by facts.doc_id, parts.item

),

stated as (

    select
        doc_id,
        item,
        min(source_line) as source_line
    from stated_rows
    group by doc_id, item

),

narrated as (

    select distinct doc_id
    from facts

),

three_public_section as (

    select
        doc_id,
        min(source_line) as source_line
    from facts
    where fact_kind = 'three_public'
    group by doc_id

),

evaluations as (

    select
        documents.doc_id,
        'R27' as rule_id,
        null as table_kind,
        required_items.item as subject_code,
        required_items.item_zh as subject_label,
        coalesce(stated.source_line, three_public_section.source_line) as source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when stated.item is not null then 'pass'
            when narrated.doc_id is null then 'unevaluable'
            else 'fail'
        end as outcome_override,
        '说明' || coalesce('第' || three_public_section.source_line || '行起的“三公”部分', '')
        || case
            when stated.item is not null then '列示了' || required_items.item_zh || '金额'
            when narrated.doc_id is null then '本文件中未读出说明（说明可能另文公开），无法判断是否列示' || required_items.item_zh
            else '未单独列示' || required_items.item_zh || '的金额'
        end as detail
    from documents
    cross join required_items
    left join stated
        on
            documents.doc_id = stated.doc_id
            and required_items.item = stated.item
    left join three_public_section
        on documents.doc_id = three_public_section.doc_id
    left join narrated
        on documents.doc_id = narrated.doc_id

)

select * from evaluations
