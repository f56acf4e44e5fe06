-- R25: each 三公 item is at least what the basic expenditure table (T6) spends on its economic
-- code — part ≤ whole, never equality: the 三公 table covers 财政拨款 基本 and 项目 spending,
-- T6 only 基本支出 (classification.md B.5). T6[30212] ≤ 因公出国（境）, T6[30217] ≤ 公务接待,
-- T6[30231] ≤ 公务用车运行, T6[30913 + 31013] ≤ 公务用车购置 (and 会议费 30215 / 培训费 30216
-- where the 三公 table prints those columns). The codes come from ref_economic_codes
-- (three_public_item). An item the 三公 table leaves blank is 0 when the table is printed empty
-- with a note saying so, or when the items it prints add up to its 合计; otherwise (no 三公
-- table, or items the ingest may have missed) the comparison is unevaluable.
with

basic_rows as (

    select * from {{ ref('int_basic_expenditure__by_economic') }}

),

economic_codes as (

    select * from {{ ref('ref_economic_codes') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

items as (

    select * from {{ ref('int_three_public__items') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

item_names (item, item_zh) as (

    values
    ('abroad', '因公出国（境）费'),
    ('reception', '公务接待费'),
    ('vehicle_operation', '公务用车运行维护费'),
    ('vehicle_purchase', '公务用车购置费'),
    ('meeting', '会议费'),
    ('training', '培训费')

),

-- T6 rows on a 三公 economic code, summed per item (购置 has two codes).
economic_parts as (

    select
        basic_rows.doc_id,
        economic_codes.three_public_item as item,
        string_agg(basic_rows.economic_code, '+' order by basic_rows.economic_code) as economic_codes,
        min(basic_rows.source_line) as source_line,
        cast(sum(basic_rows.total_yuan) as decimal(24, 4)) as amount_yuan,
        cast(sum({{ half_step('basic_rows.step_yuan') }}) as decimal(24, 4)) as half_steps,
        string_agg(distinct basic_rows.total_placement, '|' order by basic_rows.total_placement) as placements
    from basic_rows
    inner join documents
        on basic_rows.doc_id = documents.doc_id
    inner join economic_codes
        on
            basic_rows.economic_code = economic_codes.economic_code
            and {{ code_valid_in('documents.fiscal_year', 'economic_codes') }}
    where economic_codes.three_public_item is not null and basic_rows.total_yuan is not null
    group by basic_rows.doc_id, economic_codes.three_public_item

),

three_public_tables as (

    select
        doc_id,
        min(title_line) as title_line,
        bool_or(status in ('present', 'partial')) as has_figures,
        -- Printed empty with a note that says there is nothing ("本表为空表", "无…经费"): every
        -- item is 0. An empty table without such a note may be figures the ingest did not read.
        bool_or(status = 'empty_with_note' and regexp_matches(note_text, '空表|无|没有|未安排')) as printed_empty,
        list_sort(list_distinct(flatten(list(measures order by title_line)))) as measures
    from tables
    where table_kind = 'three_public'
    group by doc_id

),

-- Whether the items the ingest read account for the table's 合计 (出国 + 接待 + 公务用车 = 合计
-- within rounding): then an item it did not read is a blank, i.e. 0; otherwise it may be a
-- figure the ingest missed.
items_complete as (

    select
        doc_id,
        abs(
            max(amount_yuan) filter (where item = 'total')
            - coalesce(max(amount_yuan) filter (where item = 'abroad'), 0)
            - coalesce(max(amount_yuan) filter (where item = 'reception'), 0)
            - coalesce(
                max(amount_yuan) filter (where item = 'vehicle_total'),
                coalesce(max(amount_yuan) filter (where item = 'vehicle_purchase'), 0)
                + coalesce(max(amount_yuan) filter (where item = 'vehicle_operation'), 0)
            )
        ) <= 4 * max({{ half_step('step_yuan') }}) as accounts_for_total
    from items
    where funding_source = 'all'
    group by doc_id

),

three_public_amounts as (

    select
        doc_id,
        item,
        min(source_line) as source_line,
        max(amount_yuan) as amount_yuan,
        max(step_yuan) as step_yuan,
        string_agg(distinct placement, '|' order by placement) as placements
    from items
    where funding_source = 'all'
    group by doc_id, item

),

compared as (

    select
        economic_parts.*,
        item_names.item_zh,
        three_public_tables.title_line,
        three_public_amounts.source_line as item_line,
        three_public_amounts.step_yuan as item_step,
        three_public_amounts.placements as item_placements,
        case
            when three_public_amounts.amount_yuan is not null then three_public_amounts.amount_yuan
            -- A table printed empty (and none printed with figures): 0.
            when three_public_tables.printed_empty and not three_public_tables.has_figures then 0
            -- A blank 出国 / 接待 / 车 item where the items read add up to the 合计: 0.
            when
                economic_parts.item not in ('meeting', 'training')
                and coalesce(items_complete.accounts_for_total, false)
                then 0
        end as whole_yuan,
        three_public_tables.doc_id is null as no_table,
        -- 会议费 / 培训费 are 三公-table items only where the table prints them.
        economic_parts.item not in ('meeting', 'training')
        or three_public_amounts.amount_yuan is not null
        or list_contains(three_public_tables.measures, economic_parts.item) as item_in_scope
    from economic_parts
    inner join item_names
        on economic_parts.item = item_names.item
    left join three_public_tables
        on economic_parts.doc_id = three_public_tables.doc_id
    left join three_public_amounts
        on
            economic_parts.doc_id = three_public_amounts.doc_id
            and economic_parts.item = three_public_amounts.item
    left join items_complete
        on economic_parts.doc_id = items_complete.doc_id

),

evaluations as (

    select
        doc_id,
        'R25' as rule_id,
        'general_budget_basic' as table_kind,
        economic_codes as subject_code,
        item_zh as subject_label,
        source_line,
        whole_yuan as expected_yuan,
        amount_yuan as actual_yuan,
        cast(half_steps + {{ half_step('item_step') }} as decimal(24, 4)) as tolerance_yuan,
        concat_ws('|', placements, item_placements) as placements,
        case
            when no_table or whole_yuan is null then 'unevaluable'
            else {{ at_most_outcome('amount_yuan', 'whole_yuan', 'half_steps + ' ~ half_step('item_step')) }}
        end as outcome_override,
        {{ table_zh("'general_budget_basic'") }} || ' 第' || source_line || '行 ' || economic_codes || ' ' || item_zh
        || ' '
        || {{ yuan_text('amount_yuan') }} || '（仅基本支出）应不超过' || {{ table_zh("'three_public'") }}
        || case
            when no_table then ' 表（本文档未列“三公”经费表）'
            when item_line is not null then ' 第' || item_line || '行 ' || {{ yuan_text('whole_yuan') }}
            when whole_yuan is null then ' 第' || title_line || '行起 ' || item_zh || ' 未读到，且已读各项不足以说明合计，无法核对'
            else ' 第' || title_line || '行起 ' || item_zh || ' 空白（按 0.00 元）'
        end as detail
    from compared
    where item_in_scope

)

select * from evaluations
