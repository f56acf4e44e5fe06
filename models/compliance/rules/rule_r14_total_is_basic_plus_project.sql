-- R14: on every row of an expenditure table, 合计 = 基本支出 + 项目支出. A blank part counts as
-- 0. A table that prints 基本支出 as its parts (人员经费 | 公用经费 columns, no 基本支出 column)
-- has their sum as its 基本支出. A row with a number the ingest could not place, or a table whose
-- column the text extraction lost (ingest finding ING_COLUMN_LOST), cannot be judged. A table
-- whose header prints no 项目支出 column or no 基本支出 (nor its parts) states no parts: nothing to
-- check (江苏's 一般公共预算支出预算表 prints one 金额 column).
with

pivoted as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

table_rows as (

    select
        pivoted.*,
        case
            when pivoted.basic_yuan is not null then pivoted.basic_yuan
            when pivoted.personnel_yuan is not null or pivoted.public_yuan is not null
                then cast(coalesce(pivoted.personnel_yuan, 0) + coalesce(pivoted.public_yuan, 0) as decimal(24, 4))
        end as basic_part_yuan
    from pivoted

),

lost_columns as (

    select * from {{ ref('int_tables__lost_columns') }}

),

evaluations as (

    select
        table_rows.doc_id,
        'R14' as rule_id,
        table_rows.table_kind,
        table_rows.code as subject_code,
        coalesce(table_rows.row_label, table_rows.code) as subject_label,
        table_rows.source_line,
        table_rows.total_yuan as expected_yuan,
        cast(coalesce(table_rows.basic_part_yuan, 0) + coalesce(table_rows.project_yuan, 0) as decimal(24, 4))
            as actual_yuan,
        {{ tolerance(['table_rows.total_step_yuan', 'table_rows.basic_step_yuan', 'table_rows.personnel_step_yuan',
                      'table_rows.public_step_yuan', 'table_rows.project_step_yuan']) }}
            as tolerance_yuan,
        concat_ws(
            '|',
            table_rows.total_placement,
            table_rows.basic_placement,
            table_rows.personnel_placement,
            table_rows.public_placement,
            table_rows.project_placement
        ) as placements,
        case
            when lost_columns.doc_id is not null or table_rows.unplaced_cells > 0 then 'unevaluable'
        end as outcome_override,
        {{ table_zh('table_rows.table_kind') }} || ' 第' || table_rows.source_line || '行 '
        || coalesce(table_rows.row_label, '')
        || coalesce(' (' || table_rows.code || ')', '') || '：合计 ' || {{ yuan_text('table_rows.total_yuan') }}
        || '，基本支出 ' || {{ yuan_text('table_rows.basic_part_yuan') }} || ' + 项目支出 '
        || {{ yuan_text('table_rows.project_yuan') }} as detail
    from table_rows
    left join lost_columns
        on
            table_rows.doc_id = lost_columns.doc_id
            and table_rows.table_kind = lost_columns.table_kind
    where
        table_rows.table_kind in (
            'expenditure_summary', 'general_budget_expenditure', 'gov_fund_expenditure', 'state_capital_expenditure'
        )
        and table_rows.total_yuan is not null
        and list_contains(table_rows.table_measures, 'project')
        and list_has_any(table_rows.table_measures, ['basic', 'personnel', 'public'])

)

select * from evaluations
