-- R28 / R28T: a change the narrative states ("比上年增加 X 万元，增长 Y%，主要原因是…")
-- reads one way.
-- - R28 (error): the direction words agree with each other and with the figures: the statement's
--   first direction word against the change amount and the change percentage (the ingest signs
--   each number by the word printed next to it, so this compares the words: "增加 5 万元，下降
--   3%" fails), against amount − prior where the prior is printed, and "持平" only with a zero
--   change. "增加 0 万元" is an empty change, not a wrong one.
-- - R28T (warn): the reason's own conclusion agrees with the change: a reason ending in "…未有增加"
--   or "…持平" for a non-zero change, or in "…减少" for an increase, contradicts it. Read from the
--   reason text's last direction phrase, so it warns rather than blocks.
-- Not checked here: whether a change is explained at all. The ingest links a reason only when it
-- follows in the same clause; a reason in the next sentence is not linked, so its absence cannot
-- be established.
-- Directions are not money: expected_yuan / actual_yuan stay NULL; the words and figures are in
-- the detail.
with

statements as (

    select * from {{ ref('int_narrative_facts__statements') }}

),

changes as (

    select
        direction.doc_id,
        direction.fact_kind,
        direction.subject,
        direction.fact_seq,
        direction.source_line,
        direction.context,
        direction.value_raw as word_raw,
        direction.text_value as word,
        {{ direction_sign('direction.text_value') }} as word_sign,
        direction.statement_amount_raw as amount_raw,
        direction.statement_amount_unit as amount_unit,
        direction.statement_amount_yuan as amount_yuan,
        change.value_raw as change_raw,
        change.unit as change_unit,
        change.value_number as change_value,
        pct.value_raw as pct_raw,
        pct.value_number as pct_value,
        prior_fact.value_raw as prior_raw,
        prior_fact.amount_yuan as prior_yuan,
        direction.statement_amount_yuan - prior_fact.amount_yuan as amount_less_prior_yuan,
        reason.text_value as reason_text,
        reason.source_line as reason_line
    from statements as direction
    {{ statement_part('change', 'change_amount', 'direction') }}
    {{ statement_part('pct', 'change_pct', 'direction') }}
    {{ statement_part('prior_fact', 'prior_amount', 'direction') }}
    {{ statement_part('reason', 'reason', 'direction') }}
    where direction.attribute = 'direction'

),

judged as (

    select
        *,
        {{ direction_outcome('word_sign', 'change_value') }} as amount_agrees,
        {{ direction_outcome('word_sign', 'pct_value') }} as pct_agrees,
        {{ direction_outcome('word_sign', 'amount_less_prior_yuan') }} as prior_agrees,
        {{ reason_direction('reason_text') }} as reason_sign,
        coalesce(change_value, pct_value) as change_signed
    from changes

),

{% set statement_text %}
    '说明第' || source_line || '行「' || left(context, 60) || '」：' || {{ subject_zh('fact_kind', 'subject') }} || ' '
    || coalesce(amount_raw || coalesce(amount_unit, '') || '，', '') || word_raw
    || coalesce(' ' || change_raw || coalesce(change_unit, ''), '') || coalesce('，' || pct_raw || '%', '')
    || coalesce('（上年 ' || prior_raw || '）', '')
{% endset %}

directions as (

    select
        doc_id,
        'R28' as rule_id,
        null as table_kind,
        fact_kind || '.' || subject as subject_code,
        {{ subject_zh('fact_kind', 'subject') }} || ' 增减方向' as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when 'fail' in (amount_agrees, pct_agrees, prior_agrees) then 'fail'
            when 'pass' in (amount_agrees, pct_agrees, prior_agrees) then 'pass'
            else 'unevaluable'
        end as outcome_override,
        {{ statement_text }}
        || case
            when 'fail' in (amount_agrees, pct_agrees, prior_agrees)
                then
                    '——方向词「' || word_raw || '」与所列'
                    || concat_ws(
                        '、',
                        case when amount_agrees = 'fail' then '增减额的方向' end,
                        case when pct_agrees = 'fail' then '增减率的方向' end,
                        case when prior_agrees = 'fail' then '本年数与上年数之差' end
                    )
                    || '不一致'
            when 'pass' in (amount_agrees, pct_agrees, prior_agrees) then '——方向一致'
            else '——未列增减额或增减率，无法核对方向'
        end as detail
    from judged

),

reason_conclusions as (

    select
        doc_id,
        'R28T' as rule_id,
        null as table_kind,
        fact_kind || '.' || subject as subject_code,
        {{ subject_zh('fact_kind', 'subject') }} || ' 增减原因' as subject_label,
        coalesce(reason_line, source_line) as source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        coalesce({{ direction_outcome('reason_sign', 'change_signed') }}, 'unevaluable') as outcome_override,
        {{ statement_text }}
        || '；原因「' || left(reason_text, 80) || '」的结论是'
        || case reason_sign when 1 then '增加' when -1 then '减少' else '未变动' end
        || case
            when {{ direction_outcome('reason_sign', 'change_signed') }} = 'fail' then '，与所列变动相反'
            else '，与所列变动一致'
        end as detail
    from judged
    where reason_sign is not null

)

select * from directions
union all
select * from reason_conclusions
