-- R19: the 政府采购 paragraph adds up (warn): 采购总额 = 货物 + 工程 + 服务; the amount reserved
-- for small and medium enterprises is at most the total, and the part reserved for small and
-- micro enterprises at most the SME amount. The first statement of each figure is the one
-- judged (R33 compares repeats). The SME share printed as "占 X%" is recomputed by R32.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

procurement as (

    select
        doc_id,
        subject,
        source_line,
        value_raw,
        unit,
        amount_yuan,
        step_yuan
    from facts
    where fact_kind = 'procurement' and attribute = 'amount' and amount_yuan is not null
    qualify row_number() over (partition by doc_id, subject order by fact_seq) = 1

),

by_document as (

    select
        doc_id,
        any_value(source_line) filter (where subject = 'total') as total_line,
        any_value(value_raw || coalesce(unit, '')) filter (where subject = 'total') as total_raw,
        any_value(amount_yuan) filter (where subject = 'total') as total_yuan,
        any_value(step_yuan) filter (where subject = 'total') as total_step,
        any_value(amount_yuan) filter (where subject = 'goods') as goods_yuan,
        any_value(step_yuan) filter (where subject = 'goods') as goods_step,
        any_value(amount_yuan) filter (where subject = 'works') as works_yuan,
        any_value(step_yuan) filter (where subject = 'works') as works_step,
        any_value(amount_yuan) filter (where subject = 'services') as services_yuan,
        any_value(step_yuan) filter (where subject = 'services') as services_step,
        any_value(source_line) filter (where subject = 'sme_reserved') as sme_line,
        any_value(amount_yuan) filter (where subject = 'sme_reserved') as sme_yuan,
        any_value(step_yuan) filter (where subject = 'sme_reserved') as sme_step,
        any_value(source_line) filter (where subject = 'small_micro_reserved') as small_micro_line,
        any_value(amount_yuan) filter (where subject = 'small_micro_reserved') as small_micro_yuan,
        any_value(step_yuan) filter (where subject = 'small_micro_reserved') as small_micro_step
    from procurement
    group by doc_id

),

parts as (

    select
        doc_id,
        'R19' as rule_id,
        null as table_kind,
        'procurement.total' as subject_code,
        '政府采购总额 = 货物 + 工程 + 服务' as subject_label,
        total_line as source_line,
        total_yuan as expected_yuan,
        cast(coalesce(goods_yuan, 0) + coalesce(works_yuan, 0) + coalesce(services_yuan, 0) as decimal(24, 4))
            as actual_yuan,
        {{ tolerance(['total_step', 'goods_step', 'works_step', 'services_step']) }} as tolerance_yuan,
        null as placements,
        -- A part the narrative does not state cannot be taken as 0.
        case
            when goods_yuan is null or works_yuan is null or services_yuan is null then 'unevaluable'
        end as outcome_override,
        '说明第' || total_line || '行：政府采购预算总额 ' || {{ yuan_text('total_yuan') }} || '，货物 '
        || {{ yuan_text('goods_yuan') }} || ' + 工程 ' || {{ yuan_text('works_yuan') }} || ' + 服务 '
        || {{ yuan_text('services_yuan') }} as detail
    from by_document
    where total_yuan is not null

),

sme as (

    select
        doc_id,
        'R19' as rule_id,
        null as table_kind,
        'procurement.sme_reserved' as subject_code,
        '面向中小企业预留 ≤ 政府采购总额' as subject_label,
        sme_line as source_line,
        total_yuan as expected_yuan,
        sme_yuan as actual_yuan,
        {{ tolerance(['total_step', 'sme_step']) }} as tolerance_yuan,
        null as placements,
        {{ at_most_outcome('sme_yuan', 'total_yuan', tolerance(['total_step', 'sme_step'])) }} as outcome_override,
        '说明第' || sme_line || '行：面向中小企业预留 ' || {{ yuan_text('sme_yuan') }} || '，应不超过第'
        || coalesce(total_line::varchar, '?') || '行政府采购预算总额 ' || {{ yuan_text('total_yuan') }} as detail
    from by_document
    where sme_yuan is not null

),

small_micro as (

    select
        doc_id,
        'R19' as rule_id,
        null as table_kind,
        'procurement.small_micro_reserved' as subject_code,
        '小微企业预留 ≤ 中小企业预留' as subject_label,
        small_micro_line as source_line,
        sme_yuan as expected_yuan,
        small_micro_yuan as actual_yuan,
        {{ tolerance(['sme_step', 'small_micro_step']) }} as tolerance_yuan,
        null as placements,
        {{ at_most_outcome('small_micro_yuan', 'sme_yuan', tolerance(['sme_step', 'small_micro_step'])) }}
            as outcome_override,
        '说明第' || small_micro_line || '行：小微企业预留 ' || {{ yuan_text('small_micro_yuan') }}
        || '，应不超过面向中小企业预留 ' || {{ yuan_text('sme_yuan') }} as detail
    from by_document
    where small_micro_yuan is not null

)

select * from parts
union all
select * from sme
union all
select * from small_micro
