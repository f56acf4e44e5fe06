-- R26 / R27 (amounts) / R31: a figure the narrative states equals the table figure it names:
-- - R26: 收支总额, 财政拨款, 一般公共预算, 基本支出, 项目支出 totals;
-- - R27: the 三公 items;
-- - R31: amounts by function code (类 / 款 / 项), matched by code, never by a 项 name alone.
-- Tolerance: the half-steps of both figures (a 万元 narrative against a 元 table included).
with

facts as (

    select * from {{ ref('int_narrative_facts__linked') }}

),

evaluations as (

    select
        doc_id,
        case
            when linked_to like 'three_public_%' then 'R27'
            when linked_to = 'function' then 'R31'
            else 'R26'
        end as rule_id,
        table_kind,
        coalesce(function_code, linked_to) as subject_code,
        subject as subject_label,
        source_line,
        table_amount_yuan as expected_yuan,
        amount_yuan as actual_yuan,
        {{ tolerance(['table_step_yuan', 'step_yuan']) }} as tolerance_yuan,
        null as placements,
        null as outcome_override,
        '说明第' || source_line || '行「' || left(context, 60) || '」：' || subject || ' ' || value_raw
        || coalesce(unit, '') || ' = ' || {{ yuan_text('amount_yuan') }} || '；表 ' || coalesce(table_kind, '（无）')
        || coalesce(' 第' || table_source_line || '行', '') || ' ' || {{ yuan_text('table_amount_yuan') }} as detail
    from facts
    where
        attribute = 'amount'
        and amount_yuan is not null
        and (
            linked_to in (
                'income_grand_total', 'expenditure_grand_total', 'fiscal_income_grand_total',
                'general_budget_expenditure_total', 'general_budget_income', 'basic', 'project'
            )
            or linked_to like 'three_public_%'
            or linked_to = 'function'
        )

)

select * from evaluations
