{{ config(tags=['gate'], severity='error') }}
-- The compliance gate: fails (and `make gate` exits non-zero) exactly when an unwaived
-- error-severity finding exists. `--vars '{gate_doc: <doc_id or source_file>}'` gates one
-- document, as a reviewer checking a draft does.
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
    {%- if var('gate_doc', none) %}
    and (doc_id = '{{ var("gate_doc") }}' or source_file = '{{ var("gate_doc") }}')
    {%- endif %}
