-- One row per rule violation: what the reviewer reads. The message names the rule, the table, the
-- row and both figures. A finding a reviewer decided on (ref_waivers: accepted as an exception, or
-- marked as our reading error) stays here, marked, with the decision, its reason, who and when.
with

evaluations as (

    select * from {{ of_pending_documents(ref('int_compliance__evaluations')) }}

),

rules as (

    select * from {{ ref('ref_rules') }}

),

waivers as (

    select * from {{ ref('ref_waivers') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

failures as (

    select
        evaluations.*,
        rules.description_zh
    from evaluations
    inner join rules
        on evaluations.rule_id = rules.rule_id
    where evaluations.outcome = 'fail'

),

final as (

    select
        failures.doc_id,
        documents.source_file,
        failures.rule_id,
        failures.severity,
        '[' || failures.rule_id || '] ' || failures.description_zh || '。' || failures.detail as message,
        failures.detail,
        failures.table_kind,
        failures.subject_code,
        failures.expected_yuan,
        failures.actual_yuan,
        cast(failures.actual_yuan - failures.expected_yuan as decimal(24, 4)) as difference_yuan,
        failures.tolerance_yuan,
        failures.source_line,
        {{ page_of('failures.doc_id', 'failures.source_line') }} as page,
        waivers.rule_id is not null as is_waived,
        waivers.reason as waiver_reason,
        case when waivers.rule_id is not null then coalesce(waivers.decision, 'waive') end as decision,
        waivers.decided_by,
        waivers.decided_at
    from failures
    inner join documents
        on failures.doc_id = documents.doc_id
    -- A waiver names a document and rule, and a subject code or '*' for all of the rule's subjects.
    left join waivers
        on
            failures.doc_id = waivers.doc_id
            and failures.rule_id = waivers.rule_id
            and (waivers.subject_code = '*' or failures.subject_code is not distinct from waivers.subject_code)

)

select * from final
