-- Figures that two tables both print, side by side, for R20 / R21 / R23 (表间勾稽); each rule's
-- model selects its own comparisons (rule_r20_summary_links, rule_r21_fiscal_links,
-- rule_r23_fiscal_income).
-- - R20: 部门收支总表 (T1) ↔ 部门支出总表 (T3) and 部门收入总表 (T2): T1 本年支出合计 = T3 合计
--   (T1's 支出总计 where it prints no 本年支出 row); T1 expenditure by 类 = T3's 类 rows; T1
--   income by source = T2's figure for that source (its total row's column, or its row where T2
--   lists sources as rows).
-- - R21: 财政拨款收支总表 (T4) ↔ 一般公共预算支出表 (T5): T4's 一般公共预算 column by 类 and in
--   total = T5's 类 rows and total (T4's only column where it prints just one and the
--   department has no 政府性基金 / 国有资本经营 money); T4's 政府性基金 / 国有资本经营 totals =
--   the totals of their own expenditure tables, where either side prints a non-zero figure.
-- - R23: T4 财政拨款 income (本年) = the income by source in T1 and the fiscal subtotal of T2.
-- A 类 a table does not print as a row is the sum of its nearest printed level (Gansu prints only
-- 项 rows); T1 and T4 rows carry a 类 code or a 类 name ("（七）文化旅游体育与传媒支出", old
-- names included), matched through ref_function_codes. Income rows below a 上年结转结余 row are
-- carry-over, not income by source. A blank is 0 only where that is certain: a 类 in a table
-- that lists 类, a source column a T2 header names (macro link_blank_is_zero); a side whose table
-- is missing, repeats codes, lost a column in extraction (ING_COLUMN_LOST) or holds a number the
-- ingest could not place makes a blank unevaluable; a row a template simply does not print (a
-- total, a source T1 / T4 list differently) is not compared.
with

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

all_cells as (

    select * from {{ ref('stg_ingest__cells') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

function_codes as (

    select * from {{ ref('ref_function_codes') }}

),

lost_columns as (

    select * from {{ ref('int_tables__lost_columns') }}

),

-- 类 names of every year, so a row printing an old name still finds its 类.
class_names as (

    select distinct
        function_code as class_code,
        {{ name_key('name_zh') }} as name_key
    from function_codes
    where function_level = '类'

),

-- Rows of the two-sided summary tables (T1, T4) and of T2, with their 类 where they are 类 rows.
summary_rows as (

    select
        cells.doc_id,
        cells.table_kind,
        cells.table_seq,
        cells.row_seq,
        cells.side,
        min(cells.source_line) as source_line,
        any_value(cells.row_label) as row_label,
        any_value(cells.row_item) as row_item,
        any_value(cells.row_kind) as row_kind,
        coalesce(
            any_value(case when length(cells.code) = 3 then cells.code end),
            any_value(class_names.class_code)
        ) as class_code
    from all_cells as cells
    left join class_names
        on
            cells.code is null
            and {{ name_key(strip_ordinal('cells.row_label')) }} = class_names.name_key
    where cells.table_kind in ('income_expenditure_summary', 'fiscal_summary', 'income_summary')
    group by all

),

-- Income rows below the first 上年结转结余 row belong to the carry-over section ("上年结转结余 /
-- 一、一般公共预算拨款"): they are not this year's income by source.
summary_sections as (

    select
        *,
        side = 'income' and source_line > min(
            case
                when row_item in (
                    'carryover_total', 'carryover_prior', 'carryover_fiscal', 'carryover_nonfiscal', 'surplus_prior'
                ) then source_line
            end
        ) over (partition by doc_id, table_seq, side) as in_carryover
    from summary_rows

),

summary_cells as (

    select
        summary_rows.*,
        cells.measure,
        cells.amount_yuan,
        {{ half_step('cells.step_yuan') }} as half_yuan,
        cells.placement
    from summary_sections as summary_rows
    inner join all_cells as cells
        on
            summary_rows.doc_id = cells.doc_id
            and summary_rows.table_seq = cells.table_seq
            and summary_rows.row_seq = cells.row_seq
            and summary_rows.side is not distinct from cells.side
    where cells.placement != 'unplaced' and cells.amount_yuan is not null

),

-- The first printing of each table kind per document.
first_tables as (

    select
        doc_id,
        table_kind,
        table_seq,
        measures,
        status
    from tables
    where status in ('present', 'partial', 'empty', 'empty_with_note')
    qualify row_number() over (partition by doc_id, table_kind order by table_seq) = 1

),

-- Which column of T4 carries general-budget spending: 一般公共预算 where the header has it, else
-- its single amount column, but only when the department has no fund / state-capital income.
fiscal_other_income as (

    select
        doc_id,
        bool_or(amount_yuan != 0) as has_other_fiscal
    from summary_cells
    where
        table_kind = 'fiscal_summary'
        and side = 'income'
        and (row_item in ('gov_fund', 'state_capital') or measure in ('gov_fund', 'state_capital'))
    group by doc_id

),

fiscal_measure as (

    select
        first_tables.doc_id,
        case
            when list_contains(first_tables.measures, 'general_budget') then 'general_budget'
            when not coalesce(fiscal_other_income.has_other_fiscal, false) then 'total'
        end as general_budget_measure
    from first_tables
    left join fiscal_other_income
        on first_tables.doc_id = fiscal_other_income.doc_id
    where first_tables.table_kind = 'fiscal_summary'

),

-- 类 amounts of T3 / T5 / T8 / T9: the printed 类 row, else the sum of the nearest printed level.
function_rows as (

    select *
    from table_rows
    where
        table_kind in (
            'expenditure_summary', 'general_budget_expenditure', 'gov_fund_expenditure', 'state_capital_expenditure'
        )
    qualify
        table_seq = min(table_seq) over (partition by doc_id, table_kind)
        -- A table that repeats a code (one block per unit) has no single figure per 类.
        and count(code) over (partition by doc_id, table_kind) = count(distinct code) over (
            partition by doc_id, table_kind
        )

),

class_levels as (

    select
        doc_id,
        table_kind,
        left(code, 3) as class_code,
        min(length(code)) as top_length
    from function_rows
    where code_system = 'function'
    group by all

),

figure_sets as (

    -- T3 / T5 classes.
    select
        class_rows.doc_id,
        class_rows.table_kind,
        'class:' || class_levels.class_code as figure_key,
        min(class_rows.source_line) as source_line,
        cast(sum(class_rows.total_yuan) as decimal(24, 4)) as amount_yuan,
        cast(sum({{ half_step('class_rows.total_step_yuan') }}) as decimal(24, 4)) as half_yuan,
        string_agg(distinct class_rows.total_placement, '|' order by class_rows.total_placement) as placements
    from function_rows as class_rows
    inner join class_levels
        on
            class_rows.doc_id = class_levels.doc_id
            and class_rows.table_kind = class_levels.table_kind
            and left(class_rows.code, 3) = class_levels.class_code
            and length(class_rows.code) = class_levels.top_length
    where class_rows.total_yuan is not null
    group by all

    union all

    -- T3 / T5 / T8 / T9 total rows.
    select
        doc_id,
        table_kind,
        'total' as figure_key,
        min(source_line) as source_line,
        any_value(total_yuan) as amount_yuan,
        any_value({{ half_step('total_step_yuan') }}) as half_yuan,
        any_value(total_placement) as placements
    from function_rows
    where row_kind = 'total' and total_yuan is not null
    group by doc_id, table_kind

    union all

    -- T1 expenditure side: 类 rows, 本年支出合计, 支出总计; income side by source.
    select
        doc_id,
        'income_expenditure_summary' as table_kind,
        case
            when side = 'expenditure' and class_code is not null then 'class:' || class_code
            when row_item is not null then side || ':' || row_item
        end as figure_key,
        min(source_line) as source_line,
        -- A key printed twice (本年 and 上年结转 sections both list 一般公共预算): the first.
        arg_min(amount_yuan, source_line) as amount_yuan,
        arg_min(half_yuan, source_line) as half_yuan,
        arg_min(placement, source_line) as placements
    from summary_cells
    where
        table_kind = 'income_expenditure_summary' and measure = 'total'
        and not (coalesce(in_carryover, false) and row_item != 'income_grand_total')
    group by all
    having figure_key is not null

    union all

    -- T4: expenditure 类 rows and totals in its general-budget column; the fund and
    -- state-capital columns' totals; income rows by source.
    select
        summary_cells.doc_id,
        'fiscal_summary' as table_kind,
        case
            when
                summary_cells.side = 'expenditure'
                and summary_cells.class_code is not null
                and summary_cells.measure = fiscal_measure.general_budget_measure
                then 'class:' || summary_cells.class_code
            when
                summary_cells.side = 'expenditure'
                and summary_cells.row_item in ('expenditure_current_total', 'expenditure_grand_total')
                and summary_cells.measure = fiscal_measure.general_budget_measure
                then 'general_budget:' || summary_cells.row_item
            when
                summary_cells.side = 'expenditure'
                and summary_cells.row_item in ('expenditure_current_total', 'expenditure_grand_total')
                and summary_cells.measure in ('gov_fund', 'state_capital')
                then summary_cells.measure || ':' || summary_cells.row_item
            when
                summary_cells.side = 'income' and summary_cells.row_item is not null and summary_cells.measure = 'total'
                then 'income:' || summary_cells.row_item
        end as figure_key,
        min(summary_cells.source_line) as source_line,
        arg_min(summary_cells.amount_yuan, summary_cells.source_line) as amount_yuan,
        arg_min(summary_cells.half_yuan, summary_cells.source_line) as half_yuan,
        arg_min(summary_cells.placement, summary_cells.source_line) as placements
    from summary_cells
    left join fiscal_measure
        on summary_cells.doc_id = fiscal_measure.doc_id
    where
        summary_cells.table_kind = 'fiscal_summary'
        and not (coalesce(summary_cells.in_carryover, false) and summary_cells.row_item != 'income_grand_total')
    group by all
    having figure_key is not null

    union all

    -- T2: a source's figure is its column on the total row, or its row where sources are rows.
    -- The total row's 合计 is 收入总计 where the header has carry-over columns, else 本年收入合计.
    select
        summary_cells.doc_id,
        'income_summary' as table_kind,
        'income:' || case
            when summary_cells.row_kind = 'total' and summary_cells.measure != 'total' then summary_cells.measure
            when summary_cells.row_item is not null and summary_cells.measure = 'total' then summary_cells.row_item
            when summary_cells.row_kind = 'total' and summary_cells.measure = 'total' then
                case
                    when list_has_any(first_tables.measures, ['carryover', 'fiscal_carryover', 'nonfiscal_carryover'])
                        then 'income_grand_total'
                    else 'income_current_total'
                end
        end as figure_key,
        min(summary_cells.source_line) as source_line,
        arg_min(summary_cells.amount_yuan, summary_cells.source_line) as amount_yuan,
        arg_min(summary_cells.half_yuan, summary_cells.source_line) as half_yuan,
        arg_min(summary_cells.placement, summary_cells.source_line) as placements
    from summary_cells
    inner join first_tables
        on
            summary_cells.doc_id = first_tables.doc_id
            and summary_cells.table_seq = first_tables.table_seq
    where summary_cells.table_kind = 'income_summary'
    group by all
    having figure_key is not null

),

-- The comparisons (seed ref_table_links): rule, left table and key, right table and key, and
-- when a blank means 0: 'zero' for 类 rows in a table that lists expenditure by 类 (a 类 it does
-- not print with an amount has none); 'source' for an income source, 0 only in a T2 whose header
-- has that column (T1 / T4 list sources differently by template, and their blank rows are not
-- landed); 'none' for totals (a template may simply not print that row).
links as (

    select * from {{ ref('ref_table_links') }}

),

-- A T1 / T4 without a 本年支出 row: its 支出总计 stands in (nothing carried forward is printed).
figures as (

    select * from figure_sets
    union all
    select
        grand.doc_id,
        grand.table_kind,
        replace(grand.figure_key, 'expenditure_grand_total', 'expenditure_current_total') as figure_key,
        grand.source_line,
        grand.amount_yuan,
        grand.half_yuan,
        grand.placements
    from figure_sets as grand
    anti join figure_sets as current_total
        on
            grand.doc_id = current_total.doc_id
            and grand.table_kind = current_total.table_kind
            and current_total.figure_key
            = replace(grand.figure_key, 'expenditure_grand_total', 'expenditure_current_total')
    anti join summary_rows as carried
        on
            grand.doc_id = carried.doc_id
            and grand.table_kind = carried.table_kind
            and carried.row_item = 'carry_forward'
    where grand.figure_key like '%:expenditure_grand_total'
    union all
    -- T4 without a 财政拨款 subtotal row: its 本年收入 is all fiscal income.
    select
        current_total.doc_id,
        current_total.table_kind,
        'income:fiscal_income' as figure_key,
        current_total.source_line,
        current_total.amount_yuan,
        current_total.half_yuan,
        current_total.placements
    from figure_sets as current_total
    anti join figure_sets as fiscal_income
        on
            current_total.doc_id = fiscal_income.doc_id
            and current_total.table_kind = fiscal_income.table_kind
            and fiscal_income.figure_key = 'income:fiscal_income'
    where current_total.table_kind = 'fiscal_summary' and current_total.figure_key = 'income:income_current_total'

),

-- Per printed table: numbers the ingest could not place, and codes printed more than once (one
-- block per unit or fund).
table_checks as (

    select
        doc_id,
        table_seq,
        count(*) filter (where placement = 'unplaced') as unplaced_cells,
        count(distinct case when code is not null then row_seq end) > count(distinct code) as repeats_codes
    from all_cells
    group by doc_id, table_seq

),

-- Tables that list expenditure by 类 (at least one 类 figure read).
class_tables as (

    select distinct
        doc_id,
        table_kind
    from figure_sets
    where figure_key like 'class:%'

),

-- An expenditure line named like a 类 ("五、资源勘探工业信息等支出") that no 类 name matched:
-- a 类 the table seems not to print may be that line, so its blank is not known to be 0.
unmatched_class_lines as (

    select distinct
        doc_id,
        table_kind
    from summary_rows
    where
        side = 'expenditure' and class_code is null and row_item is null
        and row_kind != 'total' and row_label like '%支出'

),

-- Where a side can be read: its table is printed, lost no column, placed every number and
-- repeats no code; only then is a blank known to be 0.
side_status as (

    select
        first_tables.doc_id,
        first_tables.table_kind,
        first_tables.status,
        first_tables.measures,
        lost_columns.doc_id is not null
        or coalesce(table_checks.unplaced_cells, 0) > 0
        or coalesce(table_checks.repeats_codes, false) as unreadable,
        class_tables.doc_id is not null and unmatched_class_lines.doc_id is null as lists_classes
    from first_tables
    left join lost_columns
        on
            first_tables.doc_id = lost_columns.doc_id
            and first_tables.table_kind = lost_columns.table_kind
    left join table_checks
        on
            first_tables.doc_id = table_checks.doc_id
            and first_tables.table_seq = table_checks.table_seq
    left join class_tables
        on
            first_tables.doc_id = class_tables.doc_id
            and first_tables.table_kind = class_tables.table_kind
    left join unmatched_class_lines
        on
            first_tables.doc_id = unmatched_class_lines.doc_id
            and first_tables.table_kind = unmatched_class_lines.table_kind

),

pairs as (

    -- Fixed keys.
    select
        links.rule_id,
        documents.doc_id,
        links.left_kind,
        links.left_key as figure_key,
        links.right_kind,
        links.right_key,
        links.blank_rule,
        links.label_zh
    from links
    cross join documents
    where links.left_key != 'class:*'

    union all

    -- Every 类 either side prints.
    select distinct
        links.rule_id,
        figures.doc_id,
        links.left_kind,
        figures.figure_key,
        links.right_kind,
        figures.figure_key as right_key,
        links.blank_rule,
        links.label_zh
    from links
    inner join figures
        on
            figures.table_kind in (links.left_kind, links.right_kind)
            and figures.figure_key like 'class:%'
    where links.left_key = 'class:*'

),

compared as (

    select
        pairs.*,
        left_figure.source_line as left_line,
        right_figure.source_line as right_line,
        left_figure.amount_yuan as left_printed_yuan,
        right_figure.amount_yuan as right_printed_yuan,
        -- A blank is 0 where the link says so and the table is readable.
        case
            when left_figure.doc_id is not null then left_figure.amount_yuan
            when {{ link_blank_is_zero('left_status', 'pairs.left_kind', 'pairs.figure_key') }} then 0
        end as left_yuan,
        case
            when right_figure.doc_id is not null then right_figure.amount_yuan
            when {{ link_blank_is_zero('right_status', 'pairs.right_kind', 'pairs.right_key') }} then 0
        end as right_yuan,
        cast(coalesce(left_figure.half_yuan, 0) + coalesce(right_figure.half_yuan, 0) as decimal(24, 4))
            as tolerance_yuan,
        nullif(concat_ws('|', left_figure.placements, right_figure.placements), '') as placements,
        left_status.status is null as left_missing,
        right_status.status is null as right_missing,
        -- A readable table that simply does not print this row or column: nothing to compare.
        (
            left_figure.doc_id is null
            and left_status.status is not null
            and not left_status.unreadable
            and not {{ link_blank_is_zero('left_status', 'pairs.left_kind', 'pairs.figure_key') }}
        )
        or (
            right_figure.doc_id is null
            and right_status.status is not null
            and not right_status.unreadable
            and not {{ link_blank_is_zero('right_status', 'pairs.right_kind', 'pairs.right_key') }}
        ) as not_printed,
        coalesce(left_status.unreadable, false) as left_unreadable,
        coalesce(right_status.unreadable, false) as right_unreadable
    from pairs
    left join figures as left_figure
        on
            pairs.doc_id = left_figure.doc_id
            and pairs.left_kind = left_figure.table_kind
            and pairs.figure_key = left_figure.figure_key
    left join figures as right_figure
        on
            pairs.doc_id = right_figure.doc_id
            and pairs.right_kind = right_figure.table_kind
            and pairs.right_key = right_figure.figure_key
    left join side_status as left_status
        on
            pairs.doc_id = left_status.doc_id
            and pairs.left_kind = left_status.table_kind
    left join side_status as right_status
        on
            pairs.doc_id = right_status.doc_id
            and pairs.right_kind = right_status.table_kind
    -- Judge what at least one side prints as a non-zero figure.
    where coalesce(left_figure.amount_yuan, 0) != 0 or coalesce(right_figure.amount_yuan, 0) != 0

),

evaluations as (

    select
        doc_id,
        rule_id,
        right_kind as table_kind,
        case
            when figure_key like 'class:%' then replace(figure_key, 'class:', '')
            else figure_key
        end as subject_code,
        label_zh || case when figure_key like 'class:%' then ' ' || replace(figure_key, 'class:', '') else '' end
            as subject_label,
        coalesce(right_line, left_line) as source_line,
        left_yuan as expected_yuan,
        right_yuan as actual_yuan,
        tolerance_yuan,
        placements,
        case
            when left_yuan is null or right_yuan is null then 'unevaluable'
        end as outcome_override,
        {{ table_zh('left_kind') }} || coalesce(' 第' || left_line || '行', '') || ' ' || label_zh
        || case when figure_key like 'class:%' then ' ' || replace(figure_key, 'class:', '') else '' end || ' '
        || case
            when left_printed_yuan is not null then {{ yuan_text('left_printed_yuan') }}
            when left_missing then '（未列此表）'
            when left_yuan = 0 then '空白（按 0.00 元）'
            when left_unreadable then '空白（该表有列缺失、数字未能定列或编码重复，空白不能按 0 计）'
            else '空白'
        end
        || '；' || {{ table_zh('right_kind') }} || coalesce(' 第' || right_line || '行', '') || ' '
        || case
            when right_printed_yuan is not null then {{ yuan_text('right_printed_yuan') }}
            when right_missing then '（未列此表）'
            when right_yuan = 0 then '空白（按 0.00 元）'
            when right_unreadable then '空白（该表有列缺失、数字未能定列或编码重复，空白不能按 0 计）'
            else '空白'
        end as detail
    from compared
    where not not_printed

)

select * from evaluations
