-- Every narrative fact with the statement it belongs to: the fact_seq of the last amount and the
-- last direction stated for the same subject up to it (amount_seq, change_seq), so a rule can
-- read "N 万元，比上年增加 M 万元，增长 X%" as one statement. Rules that pair an amount with its
-- change or share (R28, R28N, R32, R33) also require the same sentence (context) where the pair
-- must be certain.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

)

select
    facts.*,
    max(case when facts.attribute = 'amount' then facts.fact_seq end) over (
        partition by facts.doc_id, facts.fact_kind, facts.subject
        order by facts.fact_seq
        rows between unbounded preceding and current row
    ) as amount_seq,
    max(case when facts.attribute = 'direction' then facts.fact_seq end) over (
        partition by facts.doc_id, facts.fact_kind, facts.subject
        order by facts.fact_seq
        rows between unbounded preceding and current row
    ) as change_seq
from facts
