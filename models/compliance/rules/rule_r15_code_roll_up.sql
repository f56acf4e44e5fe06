-- R15: in every table keyed by classification code, each printed parent equals the sum of its
-- nearest printed children (类 = Σ 款, 款 = Σ 项, or 类 = Σ 项 where no 款 is printed), and the
-- 合计 row equals the sum of the top-level rows; per measure (合计, 基本, 项目, 人员, 公用).
-- Also the duplicated-subtotal case: a child equal to its parent while the parent has two or
-- more non-zero children (the subtotal was copied down into a child row).
-- A table that repeats a code (one block per unit or fund) has no single hierarchy, and one whose
-- rows carry codes of both classifications (西安's 基本支出表 by function and economic class side
-- by side) has two, and one whose column the extraction may have lost (ING_COLUMN_LOST) has
-- blanks that are not known to be blank: unevaluable. A parent whose block holds a row the ingest read without its code
-- (a name wrapped around the code) or a number it could not place is unevaluable: a child may be
-- missing from the sum.
{%- set measures = ['total', 'basic', 'project', 'personnel', 'public'] %}

with

table_rows as (

    select *
    from {{ ref('int_table_rows__pivoted') }}
    where table_kind in (
        'expenditure_summary', 'general_budget_expenditure', 'general_budget_basic',
        'gov_fund_expenditure', 'state_capital_expenditure'
    )

),

lost_columns as (

    select * from {{ ref('int_tables__lost_columns') }}

),

coded_tables as (

    select
        table_rows.doc_id,
        table_rows.table_seq,
        any_value(table_rows.table_kind) as table_kind,
        min(table_rows.source_line) as source_line,
        count(table_rows.code) > count(distinct table_rows.code) as repeats_codes,
        count(distinct table_rows.code_system) filter (where table_rows.code_system in ('function', 'economic')) > 1
            as mixes_systems,
        bool_or(lost_columns.doc_id is not null) as lost_column
    from table_rows
    left join lost_columns
        on
            table_rows.doc_id = lost_columns.doc_id
            and table_rows.table_kind = lost_columns.table_kind
    where table_rows.code is not null
    group by table_rows.doc_id, table_rows.table_seq

),

rows_in_scope as (

    select table_rows.*
    from table_rows
    inner join coded_tables
        on
            table_rows.doc_id = coded_tables.doc_id
            and table_rows.table_seq = coded_tables.table_seq
    where
        not coded_tables.repeats_codes
        and not coded_tables.mixes_systems
        and not coded_tables.lost_column
        and (table_rows.code is not null or table_rows.row_kind = 'total')

),

-- The nearest printed ancestor of each coded row; the total row is the parent of rows with none.
edges as (

    select
        child.doc_id,
        child.table_seq,
        child.row_seq as child_row_seq,
        coalesce(
            arg_max(parent.row_seq, length(parent.code)),
            any_value(total_row.row_seq)
        ) as parent_row_seq
    from rows_in_scope as child
    left join rows_in_scope as parent
        on
            child.doc_id = parent.doc_id
            and child.table_seq = parent.table_seq
            and parent.code is not null
            and length(parent.code) < length(child.code)
            and starts_with(child.code, parent.code)
    left join rows_in_scope as total_row
        on
            child.doc_id = total_row.doc_id
            and child.table_seq = total_row.table_seq
            and total_row.row_kind = 'total'
    where child.code is not null
    group by child.doc_id, child.table_seq, child.row_seq

),

-- Rows that are no evidence: read without a code (but not the total), or with an unplaced number.
doubtful_rows as (

    select
        doc_id,
        table_seq,
        row_seq,
        source_line
    from table_rows
    where (code is null and row_kind is distinct from 'total') or unplaced_cells > 0

),

-- Each parent's block: the rows after it up to the next row at its level or above.
blocks as (

    select
        parent.doc_id,
        parent.table_seq,
        parent.row_seq,
        coalesce(min(next_row.row_seq), 2147483647) as block_end
    from rows_in_scope as parent
    left join rows_in_scope as next_row
        on
            parent.doc_id = next_row.doc_id
            and parent.table_seq = next_row.table_seq
            and next_row.row_seq > parent.row_seq
            and parent.code is not null
            and next_row.code is not null
            and length(next_row.code) <= length(parent.code)
    group by parent.doc_id, parent.table_seq, parent.row_seq

),

doubtful_blocks as (

    select
        blocks.doc_id,
        blocks.table_seq,
        blocks.row_seq,
        min(doubtful_rows.source_line) as doubtful_line
    from blocks
    inner join doubtful_rows
        on
            blocks.doc_id = doubtful_rows.doc_id
            and blocks.table_seq = doubtful_rows.table_seq
            and doubtful_rows.row_seq > blocks.row_seq
            and doubtful_rows.row_seq < blocks.block_end
    group by blocks.doc_id, blocks.table_seq, blocks.row_seq

),

long as (
    {%- for measure in measures %}
    select
        doc_id,
        table_seq,
        table_kind,
        row_seq,
        code,
        row_label,
        source_line,
        '{{ measure }}' as measure,
        {{ measure }}_yuan as amount_yuan,
        {{ measure }}_step_yuan as step_yuan,
        {{ measure }}_placement as placement
    from rows_in_scope
    where {{ measure }}_yuan is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

roll_ups as (

    select
        parent.doc_id,
        parent.table_seq,
        parent.table_kind,
        parent.code,
        parent.row_label,
        parent.source_line,
        parent.measure,
        parent.amount_yuan,
        parent.step_yuan,
        parent.placement,
        any_value(doubtful_blocks.doubtful_line) as doubtful_line,
        cast(coalesce(sum(child.amount_yuan), 0) as decimal(24, 4)) as children_yuan,
        cast(sum({{ half_step('child.step_yuan') }}) as decimal(24, 4)) as children_half_steps,
        count(child.amount_yuan) as children_printed,
        count(child.amount_yuan) filter (where child.amount_yuan != 0) as children_non_zero,
        string_agg(distinct child.placement, '|' order by child.placement) as children_placements,
        string_agg(child.code, '+' order by child.code) as children_codes
    from long as parent
    inner join edges
        on
            parent.doc_id = edges.doc_id
            and parent.table_seq = edges.table_seq
            and parent.row_seq = edges.parent_row_seq
    left join long as child
        on
            edges.doc_id = child.doc_id
            and edges.table_seq = child.table_seq
            and edges.child_row_seq = child.row_seq
            and parent.measure = child.measure
    left join doubtful_blocks
        on
            parent.doc_id = doubtful_blocks.doc_id
            and parent.table_seq = doubtful_blocks.table_seq
            and parent.row_seq = doubtful_blocks.row_seq
    group by all

),

sums as (

    select
        doc_id,
        'R15' as rule_id,
        table_kind,
        code as subject_code,
        coalesce(row_label, code) as subject_label,
        source_line,
        amount_yuan as expected_yuan,
        children_yuan as actual_yuan,
        cast({{ half_step('step_yuan') }} + coalesce(children_half_steps, 0) as decimal(24, 4)) as tolerance_yuan,
        concat_ws('|', placement, children_placements) as placements,
        case when doubtful_line is not null then 'unevaluable' end as outcome_override,
        {{ table_zh('table_kind') }} || ' 第' || source_line || '行 ' || coalesce(row_label, '')
        || coalesce(' (' || code || ')', '')
        || '［' || {{ measure_name_zh('measure') }} || '］：' || {{ yuan_text('amount_yuan') }} || '，下级 '
        || coalesce(children_codes, '无')
        || ' 之和 ' || {{ yuan_text('children_yuan') }}
        || coalesce('（第' || doubtful_line || '行未读出编码或有未定位的数，下级可能不全，无法核对）', '') as detail
    from roll_ups

),

duplicated_subtotals as (

    select
        parent.doc_id,
        'R15' as rule_id,
        parent.table_kind,
        child.code as subject_code,
        coalesce(child.row_label, child.code) as subject_label,
        child.source_line,
        parent.amount_yuan as expected_yuan,
        child.amount_yuan as actual_yuan,
        cast(0 as decimal(24, 4)) as tolerance_yuan,
        concat_ws('|', parent.placement, child.placement) as placements,
        'fail' as outcome_override,
        {{ table_zh('parent.table_kind') }} || ' 第' || child.source_line || '行 ' || coalesce(child.row_label, '')
        || ' ('
        || child.code || ')［' || {{ measure_name_zh('parent.measure') }} || '］：与上级 ' || coalesce(parent.code, '合计')
        || ' 同为 '
        || {{ yuan_text('child.amount_yuan') }} || '，而上级有 ' || roll_ups.children_non_zero
        || ' 个非零下级——疑为小计重复填入下级行' as detail
    from roll_ups
    inner join long as parent
        on
            roll_ups.doc_id = parent.doc_id
            and roll_ups.table_seq = parent.table_seq
            and roll_ups.source_line = parent.source_line
            and roll_ups.measure = parent.measure
    inner join edges
        on
            parent.doc_id = edges.doc_id
            and parent.table_seq = edges.table_seq
            and parent.row_seq = edges.parent_row_seq
    inner join long as child
        on
            edges.doc_id = child.doc_id
            and edges.table_seq = child.table_seq
            and edges.child_row_seq = child.row_seq
            and parent.measure = child.measure
    where
        roll_ups.children_non_zero >= 2
        and child.amount_yuan = parent.amount_yuan
        and parent.amount_yuan != 0

),

repeated_codes as (

    select
        doc_id,
        'R15' as rule_id,
        table_kind,
        null as subject_code,
        '整表' as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        'unevaluable' as outcome_override,
        {{ table_zh('table_kind') }} || ' 第' || source_line || '行起：'
        || case
            when repeats_codes then '同一编码出现多次（按单位或资金分块）'
            when mixes_systems then '功能分类与经济分类编码并列'
            else '表头的金额列多于任何一行印出的数字（可能丢了一列）'
        end || '，无法核对层级汇总' as detail
    from coded_tables
    where repeats_codes or mixes_systems or lost_column

)

select * from sums
union all
select * from duplicated_subtotals
union all
select * from repeated_codes
