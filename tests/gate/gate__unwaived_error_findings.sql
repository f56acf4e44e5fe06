{{ config(tags=['gate'], severity='error') }}
-- The compliance gate: fails (and `make gate` exits non-zero) exactly when an unwaived
-- error-severity finding exists. BUDGET_GATE_DOC=<doc_id or source_file> gates one document,
-- as a reviewer checking a draft does (an env var: changing it re-parses this file only).
{%- set gate_doc = env_var('BUDGET_GATE_DOC', '') or none %}
{%- set gate_doc_literal = "'" ~ (gate_doc or '') | replace("'", "''") ~ "'" %}
select
    doc_id,
    source_file,
    rule_id,
    message,
    source_line
from {{ ref('fct_compliance_findings') }}
where
    severity = 'error'
    and not is_waived
    and (
        {{ 'true' if gate_doc is none else 'false' }}
        or doc_id = {{ gate_doc_literal }}
        or source_file = {{ gate_doc_literal }}
    )
