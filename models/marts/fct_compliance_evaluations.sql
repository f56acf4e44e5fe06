-- Every rule evaluated on every document, with its outcome: pass, fail, or unevaluable (the
-- figures it needs are absent or not placed) — so insufficient data is visible, never a silent
-- pass.
with

evaluations as (

    select * from {{ of_pending_documents(ref('int_compliance__evaluations')) }}

),

final as (

    select
        doc_id,
        rule_id,
        severity,
        outcome,
        table_kind,
        subject_code,
        subject_label,
        source_line,
        expected_yuan,
        actual_yuan,
        cast(actual_yuan - expected_yuan as decimal(24, 4)) as difference_yuan,
        tolerance_yuan,
        detail
    from evaluations

)

select * from final
