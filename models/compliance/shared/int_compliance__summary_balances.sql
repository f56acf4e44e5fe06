-- R11 / R16: a summary table balances: 收入总计 = 支出总计, in the 部门收支总表 (R11) and in the
-- 财政拨款收支总表 (R16).
with

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

pairs (rule_id, table_kind, income_figure, expenditure_figure) as (

    values
    ('R11', 'income_expenditure_summary', 'income_grand_total', 'expenditure_grand_total'),
    ('R16', 'fiscal_summary', 'fiscal_income_grand_total', 'fiscal_expenditure_grand_total')

),

evaluations as (

    select
        documents.doc_id,
        pairs.rule_id,
        pairs.table_kind,
        null as subject_code,
        '收入总计 / 支出总计' as subject_label,
        coalesce(expenditure.source_line, income.source_line) as source_line,
        income.amount_yuan as expected_yuan,
        expenditure.amount_yuan as actual_yuan,
        {{ tolerance(['income.step_yuan', 'expenditure.step_yuan']) }} as tolerance_yuan,
        concat_ws('|', income.placement, expenditure.placement) as placements,
        null as outcome_override,
        {{ table_zh('pairs.table_kind') }} || ' 第' || coalesce(expenditure.source_line, income.source_line) || '行：收入总计 '
        || {{ yuan_text('income.amount_yuan') }} || '，支出总计 ' || {{ yuan_text('expenditure.amount_yuan') }}
            as detail
    from documents
    cross join pairs
    left join figures as income
        on
            documents.doc_id = income.doc_id
            and pairs.income_figure = income.figure
    left join figures as expenditure
        on
            documents.doc_id = expenditure.doc_id
            and pairs.expenditure_figure = expenditure.figure

)

select * from evaluations
