-- R28Y: a change the narrative states for a 三公 item on last year ("较2025年减少 2.48 万元",
-- "上年 X 万元", "与2025持平") agrees with the 三公 table's own two years, where the table prints
-- last year's figures beside this year's under the same heading words ('2025年预算数 |
-- 2026年预算数': the ingest lands the other year's as placement other_year).
-- expected = this year − last year as the table prints them; actual = the change the narrative
-- states (or its amount − the prior it states; 0 for 持平). Compared within the half-steps of
-- every figure involved. A statement about last year's 执行数 or 决算 is about another figure
-- than the table's 预算数: not compared. Items the table prints once per year only: last year's
-- 合计 is the larger of its two 'total' columns (合计 ⊇ 小计, amounts are never negative); the
-- 公务用车 小计 of last year, printed as the other 'total', is not read.
with

statements as (

    select * from {{ ref('int_narrative_facts__statements') }}

),

documents as (

    select doc_id, fiscal_year from {{ ref('stg_ingest__documents') }}

),

items as (

    select * from {{ ref('int_three_public__items') }}
    where funding_source = 'all'

),

prior_cells as (

    select cells.*
    from {{ ref('stg_ingest__cells') }} as cells
    inner join documents
        on cells.doc_id = documents.doc_id
    where
        cells.table_kind = 'three_public'
        and cells.placement = 'other_year'
        and cells.column_year = documents.fiscal_year - 1
        and cells.amount_yuan is not null

),

prior_items as (

    select
        doc_id,
        column_measure as item,
        any_value(amount_yuan) as prior_yuan,
        any_value(step_yuan) as prior_step_yuan
    from prior_cells
    where column_measure in ('abroad', 'reception', 'vehicle_purchase', 'vehicle_operation', 'vehicle_total')
    group by doc_id, column_measure
    having count(*) = 1
    union all
    select
        doc_id,
        'total' as item,
        max(amount_yuan) as prior_yuan,
        any_value(step_yuan) as prior_step_yuan
    from prior_cells
    where column_measure = 'total'
    group by doc_id

),

-- Each stated change of a 三公 item: its direction word with the change amount or prior of the
-- same statement.
changes as (

    select
        direction.doc_id,
        direction.subject as item,
        direction.source_line,
        direction.context,
        direction.value_raw as word_raw,
        direction.text_value as word,
        direction.statement_amount_yuan as amount_yuan,
        change.value_raw as change_raw,
        change.unit as change_unit,
        change.amount_yuan as change_yuan,
        change.step_yuan as change_step_yuan,
        prior_fact.value_raw as prior_raw,
        prior_fact.amount_yuan as stated_prior_yuan,
        prior_fact.step_yuan as stated_prior_step_yuan,
        direction.statement_amount_step_yuan as amount_step_yuan
    from statements as direction
    {{ statement_part('change', 'change_amount', 'direction') }}
    {{ statement_part('prior_fact', 'prior_amount', 'direction') }}
    where
        direction.attribute = 'direction'
        and direction.fact_kind = 'three_public'
        and direction.subject in (
            'total', 'abroad', 'reception', 'vehicle_purchase', 'vehicle_operation', 'vehicle_total'
        )
        and not regexp_matches(direction.context, '执行|决算')

),

compared as (

    select
        changes.*,
        items.amount_yuan as table_yuan,
        items.step_yuan as table_step_yuan,
        items.source_line as table_line,
        items.placement as table_placement,
        prior_items.prior_yuan,
        prior_items.prior_step_yuan,
        case
            when changes.change_yuan is not null then changes.change_yuan
            when changes.stated_prior_yuan is not null then changes.amount_yuan - changes.stated_prior_yuan
            when changes.word = '持平' then 0
        end as stated_change_yuan,
        case
            when changes.change_yuan is not null then {{ half_step('changes.change_step_yuan') }}
            when changes.stated_prior_yuan is not null
                then {{ half_step('changes.amount_step_yuan') }} + {{ half_step('changes.stated_prior_step_yuan') }}
            else 0
        end as stated_half_yuan
    from changes
    inner join prior_items
        on changes.doc_id = prior_items.doc_id and changes.item = prior_items.item
    left join items
        on changes.doc_id = items.doc_id and changes.item = items.item

)

select
    doc_id,
    'R28Y' as rule_id,
    'three_public' as table_kind,
    'three_public.' || item || '.change' as subject_code,
    {{ subject_zh("'three_public'", 'item') }} || ' 较上年增减' as subject_label,
    source_line,
    table_yuan - prior_yuan as expected_yuan,
    stated_change_yuan as actual_yuan,
    stated_half_yuan + {{ half_step('table_step_yuan') }} + {{ half_step('prior_step_yuan') }} as tolerance_yuan,
    table_placement as placements,
    null as outcome_override,
    '说明第' || source_line || '行「' || left(context, 60) || '」：' || {{ subject_zh("'three_public'", 'item') }}
    || ' ' || word_raw
    || coalesce(' ' || change_raw || coalesce(change_unit, ''), '')
    || coalesce('（上年 ' || prior_raw || '）', '')
    || '；“三公”经费表 本年 ' || {{ yuan_text('table_yuan') }}
    || coalesce('（第' || table_line || '行）', '')
    || '，上年 ' || {{ yuan_text('prior_yuan') }}
    || '，表中增减为 ' || coalesce({{ yuan_text('table_yuan - prior_yuan') }}, '—') as detail
from compared
