-- R13: on every row of the income table (部门收入总表, T2), 合计 = Σ income-source columns.
-- The fiscal sources (一般公共预算, 政府性基金, 国有资本经营 and their transfers) may be printed
-- with their subtotal (财政拨款小计): the row sums the fiscal members where any is printed, else
-- the subtotal, plus every other source column; and the subtotal itself equals its members.
-- Which measures are fiscal members is data (measure_groups: fiscal_group). A blank source
-- counts as 0. A table whose header has no source column (income by source printed as rows,
-- e.g. Gansu's 表二) has nothing to add across. A row with a number the ingest could not place,
-- or a table that lost a column in extraction (ING_COLUMN_LOST), cannot be judged.
with

cells as (

    select *
    from {{ ref('stg_ingest__cells') }}
    where table_kind = 'income_summary'

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

measure_groups as (

    select * from {{ ref('measure_groups') }}

),

lost_columns_by_table as (

    select * from {{ ref('int_tables__lost_columns') }}

),

fiscal_members as (

    select member_measure as measure
    from measure_groups
    where group_measure = 'fiscal_group' and member_measure != 'fiscal_subtotal'

),

lost_columns as (

    select doc_id
    from lost_columns_by_table
    where table_kind = 'income_summary'

),

-- Tables whose header names at least one source column besides the total.
source_tables as (

    select
        doc_id,
        table_seq
    from tables
    where
        table_kind = 'income_summary'
        and len(list_filter(measures, lambda m: m not in ('total', 'fiscal_subtotal'))) > 0

),

classified as (

    select
        cells.*,
        case
            when cells.measure = 'total' then 'total'
            when cells.measure = 'fiscal_subtotal' then 'fiscal_subtotal'
            when fiscal_members.measure is not null then 'fiscal_member'
            when cells.measure is not null then 'other_source'
        end as role
    from cells
    inner join source_tables
        on
            cells.doc_id = source_tables.doc_id
            and cells.table_seq = source_tables.table_seq
    left join fiscal_members
        on cells.measure = fiscal_members.measure

),

income_rows as (

    select
        doc_id,
        table_seq,
        row_seq,
        min(source_line) as source_line,
        any_value(row_label) as row_label,
        any_value(code) as code,
        max(amount_yuan) filter (where role = 'total') as total_yuan,
        max(step_yuan) filter (where role = 'total') as total_step,
        any_value(placement) filter (where role = 'total') as total_placement,
        max(amount_yuan) filter (where role = 'fiscal_subtotal') as subtotal_yuan,
        max(step_yuan) filter (where role = 'fiscal_subtotal') as subtotal_step,
        cast(sum(amount_yuan) filter (where role = 'fiscal_member') as decimal(24, 4)) as members_yuan,
        cast(sum({{ half_step('step_yuan') }}) filter (where role = 'fiscal_member') as decimal(24, 4))
            as members_half_steps,
        string_agg({{ measure_name_zh('measure') }}, '+' order by cell_seq) filter (where role = 'fiscal_member')
            as member_measures,
        cast(coalesce(sum(amount_yuan) filter (where role = 'other_source'), 0) as decimal(24, 4)) as others_yuan,
        cast(coalesce(sum({{ half_step('step_yuan') }}) filter (where role = 'other_source'), 0) as decimal(24, 4))
            as others_half_steps,
        string_agg({{ measure_name_zh('measure') }}, '+' order by cell_seq) filter (where role = 'other_source')
            as other_measures,
        string_agg(distinct placement, '|' order by placement) filter (where role is not null) as placements,
        count(*) filter (where placement = 'unplaced') as unplaced_cells
    from classified
    group by doc_id, table_seq, row_seq

),

row_label_text as (

    select
        income_rows.*,
        {{ table_zh("'income_summary'") }} || ' 第' || source_line || '行 ' || coalesce(row_label, '')
        || coalesce(' (' || code || ')', '')
            as row_text,
        case
            when unplaced_cells > 0 or lost_columns.doc_id is not null then 'unevaluable'
        end as override
    from income_rows
    left join lost_columns
        on income_rows.doc_id = lost_columns.doc_id

),

row_sums as (

    select
        doc_id,
        'R13' as rule_id,
        'income_summary' as table_kind,
        code as subject_code,
        coalesce(row_label, code) as subject_label,
        source_line,
        total_yuan as expected_yuan,
        cast(coalesce(members_yuan, subtotal_yuan, 0) + others_yuan as decimal(24, 4)) as actual_yuan,
        cast(
            {{ half_step('total_step') }}
            + case
                when members_yuan is not null then members_half_steps
                else coalesce({{ half_step('subtotal_step') }}, 0)
            end
            + others_half_steps
            as decimal(24, 4)
        ) as tolerance_yuan,
        placements,
        override as outcome_override,
        row_text || '：合计 ' || {{ yuan_text('total_yuan') }} || '，各来源 '
        || coalesce(
            nullif(
                concat_ws(
                    '+',
                    coalesce(
                        member_measures,
                        case when subtotal_yuan is not null then {{ measure_name_zh("'fiscal_subtotal'") }} end
                    ),
                    other_measures
                ),
                ''
            ),
            '（未定列）'
        )
        || ' 之和 ' || {{ yuan_text('cast(coalesce(members_yuan, subtotal_yuan, 0) + others_yuan as decimal(24, 4))') }}
        || case
            when unplaced_cells > 0 then '（该行有 ' || unplaced_cells || ' 个数字未能确定所在列，无法核对）'
            when override is not null then '（该表有列在文本提取中缺失（ING_COLUMN_LOST），无法核对）'
            else ''
        end as detail
    from row_label_text
    where total_yuan is not null

),

subtotals as (

    select
        doc_id,
        'R13' as rule_id,
        'income_summary' as table_kind,
        code as subject_code,
        coalesce(row_label, code) || ' 财政拨款小计' as subject_label,
        source_line,
        subtotal_yuan as expected_yuan,
        members_yuan as actual_yuan,
        cast({{ half_step('subtotal_step') }} + members_half_steps as decimal(24, 4)) as tolerance_yuan,
        placements,
        override as outcome_override,
        row_text || '：财政拨款小计 ' || {{ yuan_text('subtotal_yuan') }} || '，' || member_measures || ' 之和 '
        || {{ yuan_text('members_yuan') }} as detail
    from row_label_text
    where subtotal_yuan is not null and members_yuan is not null

)

select * from row_sums
union all
select * from subtotals
