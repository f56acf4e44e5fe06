-- R22: the general-budget expenditure table's 基本支出 total equals the basic-expenditure table's
-- 合计 (T5 ↔ T6).
with

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

general_budget_total as (

    select *
    from table_rows
    where table_kind = 'general_budget_expenditure' and row_kind = 'total'
    qualify row_number() over (partition by doc_id order by table_seq, source_line) = 1

),

basic_total as (

    select *
    from table_rows
    where table_kind = 'general_budget_basic' and row_kind = 'total'
    qualify row_number() over (partition by doc_id order by table_seq, source_line) = 1

),

evaluations as (

    select
        documents.doc_id,
        'R22' as rule_id,
        'general_budget_basic' as table_kind,
        null as subject_code,
        '基本支出合计' as subject_label,
        basic_total.source_line,
        general_budget_total.basic_yuan as expected_yuan,
        basic_total.total_yuan as actual_yuan,
        {{ tolerance(['general_budget_total.basic_step_yuan', 'basic_total.total_step_yuan']) }} as tolerance_yuan,
        concat_ws('|', general_budget_total.basic_placement, basic_total.total_placement) as placements,
        null as outcome_override,
        {{ table_zh("'general_budget_expenditure'") }} || ' 第'
        || coalesce(general_budget_total.source_line::varchar, '?') || '行 基本支出 '
        || {{ yuan_text('general_budget_total.basic_yuan') }} || '；' || {{ table_zh("'general_budget_basic'") }} || ' 第'
        || coalesce(basic_total.source_line::varchar, '?') || '行 合计 ' || {{ yuan_text('basic_total.total_yuan') }}
            as detail
    from documents
    left join general_budget_total
        on documents.doc_id = general_budget_total.doc_id
    left join basic_total
        on documents.doc_id = basic_total.doc_id

)

select * from evaluations
