-- R24: the department's expenditure table (部门支出总表, T3) and the general-budget expenditure
-- table (一般公共预算支出表, T5), code by code and on their total rows, for 合计 / 基本支出 /
-- 项目支出. When all of the department's income is general-budget money (收支总表: 收入总计 =
-- 一般公共预算拨款收入, within rounding) the two tables print the same figures; otherwise T5 is
-- part of T3 (T5 ≤ T3). A blank amount counts as 0 on a row whose numbers were all placed, in a
-- table whose header has that column; a row with an unplaced number, or a blank in a table that
-- lost a column in extraction (ING_COLUMN_LOST) or whose header lacks the column, cannot be
-- judged. A number the ingest placed by copying the twin
-- table's column (placement 'twin_table', ref_rules.circular_placements) is no evidence.
-- A document whose 部门支出总表 gives no placed total is checked on its totals all the same: its
-- 基本 / 项目 figure as the 收支总表 prints it (all funds) against T5's total row.
{%- set measures = [('total', '合计'), ('basic', '基本支出'), ('project', '项目支出')] %}

with

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

rules as (

    select * from {{ ref('ref_rules') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

-- A table whose column the text extraction lost (ING_COLUMN_LOST): its blanks are not zeros.
lost_columns as (

    select * from {{ ref('int_tables__lost_columns') }}

),

-- The first printing of each table; a row is a code row or the total row.
printed as (

    select *
    from table_rows
    where
        table_kind in ('expenditure_summary', 'general_budget_expenditure')
        and (code is not null or row_kind = 'total')
    qualify table_seq = min(table_seq) over (partition by doc_id, table_kind)

),

keyed as (

    select
        printed.*,
        coalesce(printed.code, '合计') as row_key,
        tables.measures as table_measures
    from printed
    inner join tables
        on
            printed.doc_id = tables.doc_id
            and printed.table_seq = tables.table_seq
    -- A table that repeats a code (one block per unit) has no single row per code.
    qualify count(*) over (partition by printed.doc_id, printed.table_kind, coalesce(printed.code, '合计')) = 1

),

-- Only general-budget income: 收入总计 = 一般公共预算拨款收入 within both half-steps.
income_scope as (

    select
        total_income.doc_id,
        total_income.amount_yuan as income_total_yuan,
        general_budget.amount_yuan as general_budget_yuan,
        abs(total_income.amount_yuan - general_budget.amount_yuan)
        <= {{ tolerance(['total_income.step_yuan', 'general_budget.step_yuan']) }} as only_general_budget
    from figures as total_income
    inner join figures as general_budget
        on
            total_income.doc_id = general_budget.doc_id
            and general_budget.figure = 'general_budget_income'
    where total_income.figure = 'income_grand_total'

),

pairs as (

    select
        whole.doc_id,
        whole.row_key,
        whole.code,
        coalesce(whole.row_label, part.row_label) as row_label,
        whole.source_line as whole_line,
        part.source_line as part_line,
        whole.unplaced_cells + part.unplaced_cells as unplaced_cells,
        whole_lost.doc_id is not null as whole_lost_column,
        part_lost.doc_id is not null as part_lost_column,
        coalesce(income_scope.only_general_budget, false) as must_equal,
        income_scope.doc_id is null as scope_unknown,
        {%- for measure, _ in measures %}
        whole.{{ measure }}_yuan as whole_{{ measure }}_yuan,
        part.{{ measure }}_yuan as part_{{ measure }}_yuan,
        {{ tolerance(['whole.' ~ measure ~ '_step_yuan', 'part.' ~ measure ~ '_step_yuan']) }}
            as {{ measure }}_tolerance_yuan,
        concat_ws('|', whole.{{ measure }}_placement, part.{{ measure }}_placement) as {{ measure }}_placements,
        list_contains(whole.table_measures, '{{ measure }}') as whole_has_{{ measure }},
        list_contains(part.table_measures, '{{ measure }}') as part_has_{{ measure }},
        {%- endfor %}
        whole.total_yuan is not null or part.total_yuan is not null as has_figures
    from keyed as whole
    inner join keyed as part
        on
            whole.doc_id = part.doc_id
            and whole.row_key = part.row_key
            and part.table_kind = 'general_budget_expenditure'
    left join income_scope
        on whole.doc_id = income_scope.doc_id
    left join lost_columns as whole_lost
        on
            whole.doc_id = whole_lost.doc_id
            and whole_lost.table_kind = 'expenditure_summary'
    left join lost_columns as part_lost
        on
            part.doc_id = part_lost.doc_id
            and part_lost.table_kind = 'general_budget_expenditure'
    where whole.table_kind = 'expenditure_summary'

),

-- The 收支总表's all-funds 基本/项目 figure where T3 has no total row to compare.
summary_totals as (
    {%- for measure, measure_zh in measures if measure != 'total' %}
    select
        part.doc_id,
        part.row_key,
        part.code,
        '收支总表' as row_label,
        whole.source_line as whole_line,
        part.source_line as part_line,
        part.unplaced_cells,
        coalesce(income_scope.only_general_budget, false) as must_equal,
        income_scope.doc_id is null as scope_unknown,
        false as whole_lost_column,
        part_lost.doc_id is not null as part_lost_column,
        '{{ measure_zh }}' as measure_zh,
        whole.amount_yuan as whole_yuan,
        case
            when part.unplaced_cells = 0
                then coalesce(
                    part.{{ measure }}_yuan,
                    case
                        when part_lost.doc_id is null and list_contains(part.table_measures, '{{ measure }}') then 0
                    end
                )
        end as part_yuan,
        {{ tolerance(['whole.step_yuan', 'part.' ~ measure ~ '_step_yuan']) }} as tolerance_yuan,
        concat_ws('|', whole.placement, part.{{ measure }}_placement) as placements,
        'income_expenditure_summary' as whole_table
    from keyed as part
    inner join figures as whole
        on
            part.doc_id = whole.doc_id
            and whole.figure = '{{ measure }}'
            and whole.table_kind = 'income_expenditure_summary'
    left join income_scope
        on part.doc_id = income_scope.doc_id
    left join lost_columns as part_lost
        on
            part.doc_id = part_lost.doc_id
            and part_lost.table_kind = 'general_budget_expenditure'
    where
        part.table_kind = 'general_budget_expenditure'
        and part.row_key = '合计'
        and not exists (
            select 1 as printed_total
            from keyed as t3
            where
                t3.doc_id = part.doc_id and t3.table_kind = 'expenditure_summary' and t3.row_key = '合计'
                and t3.unplaced_cells = 0 and t3.{{ measure }}_yuan is not null
        )
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

long as (
    {%- for measure, measure_zh in measures %}
    select
        doc_id,
        row_key,
        code,
        row_label,
        whole_line,
        part_line,
        unplaced_cells,
        must_equal,
        scope_unknown,
        whole_lost_column,
        part_lost_column,
        '{{ measure_zh }}' as measure_zh,
        -- Blank is 0 where the row's numbers were all placed and its table lost no column.
        case
            when unplaced_cells = 0
                then coalesce(
                    whole_{{ measure }}_yuan, case when not whole_lost_column and whole_has_{{ measure }} then 0 end
                )
        end as whole_yuan,
        case
            when unplaced_cells = 0
                then coalesce(
                    part_{{ measure }}_yuan, case when not part_lost_column and part_has_{{ measure }} then 0 end
                )
        end as part_yuan,
        {{ measure }}_tolerance_yuan as tolerance_yuan,
        {{ measure }}_placements as placements,
        'expenditure_summary' as whole_table
    from pairs
    where has_figures and (whole_{{ measure }}_yuan is not null or part_{{ measure }}_yuan is not null)
    union all
    {%- endfor %}
    select * from summary_totals
),

evaluations as (

    select
        long.doc_id,
        'R24' as rule_id,
        'general_budget_expenditure' as table_kind,
        long.code as subject_code,
        coalesce(long.row_label, long.row_key) || ' ' || long.measure_zh as subject_label,
        long.part_line as source_line,
        long.whole_yuan as expected_yuan,
        long.part_yuan as actual_yuan,
        long.tolerance_yuan,
        nullif(long.placements, '') as placements,
        case
            when long.unplaced_cells > 0 or long.whole_yuan is null or long.part_yuan is null then 'unevaluable'
            when long.must_equal then null
            when list_has_any(
                string_split(coalesce(long.placements, ''), '|'),
                string_split(coalesce(rules.circular_placements, ''), '|')
            ) then 'unevaluable'
            else {{ at_most_outcome('long.part_yuan', 'long.whole_yuan', 'long.tolerance_yuan') }}
        end as outcome_override,
        {{ table_zh('long.whole_table') }} || ' 第' || long.whole_line || '行 ' || long.row_key || ' '
        || long.measure_zh || ' '
        || {{ yuan_text('long.whole_yuan') }} || '；' || {{ table_zh("'general_budget_expenditure'") }} || ' 第'
        || long.part_line || '行 '
        || {{ yuan_text('long.part_yuan') }}
        || case
            when long.whole_yuan is null or long.part_yuan is null
                then '（该表表头无此列，或有列在文本提取中缺失（ING_COLUMN_LOST），空白不能按 0 计）'
            when long.must_equal then '（收入全部为一般公共预算拨款，两表应相等）'
            when long.scope_unknown then '（收入构成不明，按一般公共预算 ≤ 部门支出核对）'
            else '（有一般公共预算以外的收入，一般公共预算 ≤ 部门支出）'
        end as detail
    from long
    inner join rules
        on rules.rule_id = 'R24'

)

select * from evaluations
