-- R22C: the economic classes a 收支总表 lists under its 基本支出 line (int_summary__economic_lines:
-- only groups the identity pins) against the same classes of the basic-expenditure table
-- (一般公共预算基本支出表 by economic class). The 收支总表 counts all funds, the basic table
-- 一般公共预算 only: where the two 基本支出 totals agree, every class must agree too (each
-- all-funds class is at least its general-budget part, and the parts add up to the same total);
-- otherwise the table's class is part of the summary's (≤). A class the table prints no row for
-- is not compared (its row may be one we did not read).
with

summary_lines as (

    select * from {{ ref('int_summary__economic_lines') }}
    where parent_item = 'basic'

),

basic_classes as (

    select * from {{ ref('int_basic_expenditure__by_economic') }}
    where economic_level = '类'

),

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

basic_total as (

    select doc_id, total_yuan, total_step_yuan
    from table_rows
    where table_kind = 'general_budget_basic' and row_kind = 'total'
    qualify row_number() over (partition by doc_id order by table_seq, source_line) = 1

),

summary_basic as (

    select distinct doc_id, table_seq, parent_line, parent_yuan, parent_step_yuan
    from {{ ref('int_summary__economic_lines') }}
    where parent_item = 'basic'

),

-- the first pinned 基本支出 group of each document
first_group as (

    select
        summary_basic.*,
        basic_total.total_yuan as table_basic_yuan,
        abs(summary_basic.parent_yuan - basic_total.total_yuan)
        <= {{ tolerance(['summary_basic.parent_step_yuan', 'basic_total.total_step_yuan']) }} as totals_agree
    from summary_basic
    left join basic_total
        on summary_basic.doc_id = basic_total.doc_id
    qualify
        row_number() over (
            partition by summary_basic.doc_id order by summary_basic.table_seq, summary_basic.parent_line
        ) = 1

),

evaluations as (

    select
        summary_lines.doc_id,
        'R22C' as rule_id,
        'general_budget_basic' as table_kind,
        summary_lines.economic_code as subject_code,
        summary_lines.economic_name as subject_label,
        basic_classes.source_line,
        summary_lines.amount_yuan as expected_yuan,
        basic_classes.total_yuan as actual_yuan,
        {{ tolerance(['summary_lines.step_yuan', 'basic_classes.step_yuan']) }} as tolerance_yuan,
        concat_ws('|', summary_lines.placement, basic_classes.total_placement) as placements,
        case
            when basic_classes.total_yuan is null or first_group.table_basic_yuan is null then 'unevaluable'
            when not first_group.totals_agree
                then {{ at_most_outcome(
                    'basic_classes.total_yuan', 'summary_lines.amount_yuan',
                    tolerance(['summary_lines.step_yuan', 'basic_classes.step_yuan'])) }}
        end as outcome_override,
        {{ table_zh("'income_expenditure_summary'") }} || ' 第' || summary_lines.source_line || '行 基本支出之'
        || summary_lines.economic_name || ' ' || {{ yuan_text('summary_lines.amount_yuan') }} || '；'
        || {{ table_zh("'general_budget_basic'") }} || ' 第' || coalesce(basic_classes.source_line::varchar, '?')
        || '行 ' || summary_lines.economic_code || ' ' || {{ yuan_text('basic_classes.total_yuan') }}
        || case
            when first_group.totals_agree then '（两表基本支出合计相同，应相等）'
            else '（收支总表含全部资金，基本支出表仅一般公共预算，后者应不大于前者）'
        end as detail
    from summary_lines
    inner join first_group
        on
            summary_lines.doc_id = first_group.doc_id
            and summary_lines.table_seq = first_group.table_seq
            and summary_lines.parent_line = first_group.parent_line
    left join basic_classes
        on
            summary_lines.doc_id = basic_classes.doc_id
            and summary_lines.economic_code = basic_classes.economic_code

)

select * from evaluations
