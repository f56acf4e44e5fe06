-- Per document and severity: how many rules were evaluated, passed, failed, or could not be
-- evaluated (a rule counts once per document: failed if any of its evaluations failed, passed if
-- all that could be evaluated passed, unevaluable if none could). Also the finding counts: all,
-- not decided on (unwaived), and marked by a reviewer as our reading error (false_findings).
with

evaluations as (

    select * from {{ of_pending_documents(ref('int_compliance__evaluations')) }}

),

findings as (

    select * from {{ of_pending_documents(ref('fct_compliance_findings')) }}

),

per_rule as (

    select
        doc_id,
        rule_id,
        any_value(severity) as severity,
        case
            when bool_or(outcome = 'fail') then 'fail'
            when bool_or(outcome = 'pass') then 'pass'
            else 'unevaluable'
        end as rule_outcome,
        count(*) filter (where outcome = 'unevaluable') as unevaluable_checks
    from evaluations
    group by doc_id, rule_id

),

finding_counts as (

    select
        doc_id,
        severity,
        count(*) as findings,
        count(*) filter (where not is_waived) as unwaived_findings,
        count(*) filter (where decision = 'false_finding') as false_findings
    from findings
    group by doc_id, severity

),

final as (

    select
        per_rule.doc_id,
        per_rule.severity,
        count(*) as rules_evaluated,
        count(*) filter (where per_rule.rule_outcome = 'pass') as rules_passed,
        count(*) filter (where per_rule.rule_outcome = 'fail') as rules_failed,
        count(*) filter (where per_rule.rule_outcome = 'unevaluable') as rules_unevaluable,
        cast(sum(per_rule.unevaluable_checks) as bigint) as checks_unevaluable,
        coalesce(any_value(finding_counts.findings), 0) as findings,
        coalesce(any_value(finding_counts.unwaived_findings), 0) as unwaived_findings,
        coalesce(any_value(finding_counts.false_findings), 0) as false_findings
    from per_rule
    left join finding_counts
        on
            per_rule.doc_id = finding_counts.doc_id
            and per_rule.severity = finding_counts.severity
    group by per_rule.doc_id, per_rule.severity

)

select * from final
