-- One row per document: the gate's verdict. 'fail' where an unwaived error-severity finding
-- exists; otherwise 'pass' only when every key rule (ref_key_rules: the required tables and the
-- identities every 部门预算 is subject to) was evaluated at least once on the document, and
-- 'undecided' when one was not: all its checks unevaluable (a table or figure ingest could not
-- read), or none possible. What was not read is never called free of errors; the rules not
-- evaluated are listed with the first reason given.
with

documents as (

    select doc_id from {{ ref('stg_ingest__documents') }}

),

evaluations as (

    select * from {{ of_pending_documents(ref('int_compliance__evaluations')) }}

),

findings as (

    select * from {{ of_pending_documents(ref('fct_compliance_findings')) }}

),

key_rules as (

    select * from {{ ref('ref_key_rules') }}

),

key_outcomes as (

    select
        documents.doc_id,
        key_rules.rule_id,
        count(evaluations.outcome) filter (where evaluations.outcome in ('pass', 'fail')) as checks_evaluated,
        arg_min(evaluations.detail, coalesce(evaluations.source_line, 0)) filter (
            where evaluations.outcome = 'unevaluable' and evaluations.detail is not null
        ) as first_reason
    from documents
    cross join key_rules
    left join evaluations
        on
            documents.doc_id = evaluations.doc_id
            and key_rules.rule_id = evaluations.rule_id
    group by documents.doc_id, key_rules.rule_id

),

errors as (

    select
        doc_id,
        count(*) filter (where severity = 'error' and not is_waived) as unwaived_errors
    from findings
    group by doc_id

),

final as (

    select
        key_outcomes.doc_id,
        case
            when coalesce(any_value(errors.unwaived_errors), 0) > 0 then 'fail'
            when bool_or(key_outcomes.checks_evaluated = 0) then 'undecided'
            else 'pass'
        end as verdict,
        cast(coalesce(any_value(errors.unwaived_errors), 0) as bigint) as unwaived_errors,
        cast(count(*) as bigint) as key_rules,
        cast(count(*) filter (where key_outcomes.checks_evaluated > 0) as bigint) as key_rules_evaluated,
        string_agg(
            key_outcomes.rule_id || '：' || coalesce(key_outcomes.first_reason, '无可核对的数据（相关表或数字未读出）'),
            '；' order by key_outcomes.rule_id
        ) filter (where key_outcomes.checks_evaluated = 0) as key_rules_not_evaluated
    from key_outcomes
    left join errors
        on key_outcomes.doc_id = errors.doc_id
    group by key_outcomes.doc_id

)

select * from final
