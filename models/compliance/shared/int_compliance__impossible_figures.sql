-- Figures that cannot be, whatever the tables say:
-- - R28N (error): a change that implies a negative prior year: "0万元，比上年增加5万元" (prior =
--   amount − signed change < 0). Amount and change must be of the same sentence, and not one
--   that lists parts (其中), where the change may be the whole's.
-- - R32S (error): a share of a whole over 100 % ("占 120%").
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

statements as (

    select * from {{ ref('int_narrative_facts__statements') }}

),

changes as (

    select
        change.doc_id,
        change.fact_kind,
        change.subject,
        change.source_line,
        change.context,
        change.value_raw as change_raw,
        change.unit as change_unit,
        change.amount_yuan as change_yuan,
        change.step_yuan as change_step_yuan,
        change.statement_amount_raw as amount_raw,
        change.statement_amount_unit as amount_unit,
        change.statement_amount_yuan as amount_yuan,
        {{ tolerance(['change.statement_amount_step_yuan', 'change.step_yuan']) }} as rounding_yuan
    from statements as change
    where
        change.attribute = 'change_amount'
        and change.amount_in_sentence
        and change.amount_yuan is not null
        and change.statement_amount_yuan is not null

),

-- Within the rounding of both figures a prior of 0 is possible.
judged_changes as (

    select
        changes.*,
        {{ negative_prior_outcome('amount_yuan', 'change_yuan', 'rounding_yuan') }} as prior_verdict
    from changes

),

priors as (

    select
        doc_id,
        'R28N' as rule_id,
        null as table_kind,
        subject as subject_code,
        {{ subject_zh('fact_kind', 'subject') }} as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        -- After a list ("其中：A…、B…，较上年增加…") the change may be the whole's: no evidence.
        case when contains(context, '其中') then 'unevaluable' else prior_verdict end as outcome_override,
        '说明第' || source_line || '行「' || left(context, 60) || '」：' || {{ subject_zh('fact_kind', 'subject') }}
        || ' ' || amount_raw
        || coalesce(amount_unit, '') || '，增减 ' || change_raw || coalesce(change_unit, '') || '，则上年为 '
        || {{ yuan_text(implied_prior('amount_yuan', 'change_yuan')) }}
        || case when prior_verdict = 'fail' then '，上年数不可能为负' else '' end as detail
    from judged_changes

),

shares as (

    select
        doc_id,
        'R32S' as rule_id,
        null as table_kind,
        subject as subject_code,
        {{ subject_zh('fact_kind', 'subject') }} as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case when {{ share_possible('value_number') }} then 'pass' else 'fail' end as outcome_override,
        '说明第' || source_line || '行「' || left(context, 60) || '」：' || {{ subject_zh('fact_kind', 'subject') }}
        || ' 占 ' || value_raw || '%'
        || case when {{ share_possible('value_number') }} then '' else '，部分占整体不可能超过 100%' end as detail
    from facts
    where attribute = 'share_pct' and value_number is not null

)

select * from priors
union all
select * from shares
