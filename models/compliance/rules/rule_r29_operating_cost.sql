-- R29: 机关运行经费 (warn). The narrative amount is at most the 公用经费 total of the basic
-- expenditure table: 机关运行经费 is the 公用经费 of administrative units (and units managed as
-- such), so it equals that total for a purely administrative department and is smaller where
-- institutions are included. The warehouse does not know a unit's type, so it checks ≤ (within
-- the rounding envelope) and says so. Where the document also prints a 机关运行经费 table (e.g.
-- Gansu's 表九), the narrative equals that table's total.
with

linked as (

    select * from {{ ref('int_narrative_facts__linked') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

narrative as (

    select *
    from linked
    where fact_kind = 'operating_cost' and subject = 'total' and attribute = 'amount' and amount_yuan is not null
    qualify row_number() over (partition by doc_id order by fact_seq) = 1

),

public_funds as (

    select *
    from figures
    where figure = 'public'

),

against_public as (

    select
        narrative.doc_id,
        'R29' as rule_id,
        public_funds.table_kind,
        'public' as subject_code,
        '机关运行经费 ≤ 公用经费' as subject_label,
        narrative.source_line,
        public_funds.amount_yuan as expected_yuan,
        narrative.amount_yuan as actual_yuan,
        {{ tolerance(['narrative.step_yuan', 'public_funds.step_yuan']) }} as tolerance_yuan,
        public_funds.placement as placements,
        {{ at_most_outcome(
            'narrative.amount_yuan', 'public_funds.amount_yuan',
            tolerance(['narrative.step_yuan', 'public_funds.step_yuan'])
        ) }} as outcome_override,
        '说明第' || narrative.source_line || '行：机关运行经费 ' || narrative.value_raw || coalesce(narrative.unit, '')
        || ' = ' || {{ yuan_text('narrative.amount_yuan') }} || '；'
        || coalesce({{ table_zh('public_funds.table_kind') }}, '基本支出表')
        || coalesce(' 第' || public_funds.source_line || '行', '') || ' 公用经费 '
        || {{ yuan_text('public_funds.amount_yuan') }}
        || '（机关运行经费为行政单位的公用经费：纯行政单位应相等，含事业单位时应不超过）' as detail
    from narrative
    left join public_funds
        on narrative.doc_id = public_funds.doc_id

),

against_table as (

    select
        doc_id,
        'R29' as rule_id,
        table_kind,
        'operating_cost' as subject_code,
        '机关运行经费（说明 = 表）' as subject_label,
        source_line,
        table_amount_yuan as expected_yuan,
        amount_yuan as actual_yuan,
        {{ tolerance(['step_yuan', 'table_step_yuan']) }} as tolerance_yuan,
        null as placements,
        null as outcome_override,
        '说明第' || source_line || '行：机关运行经费 ' || value_raw || coalesce(unit, '') || ' = '
        || {{ yuan_text('amount_yuan') }} || '；' || {{ table_zh('table_kind') }} || ' 第' || table_source_line || '行 合计 '
        || {{ yuan_text('table_amount_yuan') }} as detail
    from narrative
    where linked_to = 'operating_cost' and table_amount_yuan is not null

)

select * from against_public
union all
select * from against_table
