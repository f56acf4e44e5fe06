-- Every narrative fact with the statement it belongs to: the fact_seq of the last amount and the
-- last direction stated for the same subject up to it (amount_seq, change_seq), and that amount
-- itself (statement_amount_*), so a rule reads "N 万元，比上年增加 M 万元，增长 X%" as one
-- statement without joining the facts again. amount_in_sentence: the amount is printed in the
-- same sentence (context); rules that must be certain of the pair (R28N, R32) require it.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

sequenced as (

    select
        facts.*,
        max(case when facts.attribute = 'amount' then facts.fact_seq end) over (
            partition by facts.doc_id, facts.fact_kind, facts.subject
            order by facts.fact_seq
            rows between unbounded preceding and current row
        ) as amount_seq,
        -- A prior-year figure printed before the change it is the base of ("比上年执行数 120 万元
        -- 增长 25%", "2025 年执行数 120 万元，2026 年预算 150 万元，增长 25%") belongs to the
        -- change of its own sentence.
        case
            when facts.attribute = 'prior_amount'
                then coalesce(
                    max(case when facts.attribute = 'direction' then facts.fact_seq end) over (
                        partition by facts.doc_id, facts.fact_kind, facts.subject, facts.context
                        order by facts.fact_seq
                        rows between unbounded preceding and current row
                    ),
                    min(case when facts.attribute = 'direction' then facts.fact_seq end) over (
                        partition by facts.doc_id, facts.fact_kind, facts.subject, facts.context
                        order by facts.fact_seq
                        rows between current row and unbounded following
                    )
                )
        end as sentence_change_seq,
        max(case when facts.attribute = 'direction' then facts.fact_seq end) over (
            partition by facts.doc_id, facts.fact_kind, facts.subject
            order by facts.fact_seq
            rows between unbounded preceding and current row
        ) as running_change_seq
    from facts

)

select
    sequenced.* exclude (sentence_change_seq, running_change_seq),
    coalesce(sequenced.sentence_change_seq, sequenced.running_change_seq) as change_seq,
    amount.value_raw as statement_amount_raw,
    amount.unit as statement_amount_unit,
    amount.amount_yuan as statement_amount_yuan,
    amount.step_yuan as statement_amount_step_yuan,
    coalesce(amount.context = sequenced.context, false) as amount_in_sentence
from sequenced
left join facts as amount
    on
        sequenced.doc_id = amount.doc_id
        and sequenced.amount_seq = amount.fact_seq
