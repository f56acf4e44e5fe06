-- One row per printed table row (per side of a two-sided table), its amounts in 元 side by side.
-- Only cells whose column the ingest placed take part; an unplaced number stays in fct_table_cells
-- and is counted here (unplaced_cells), so a NULL amount is never mistaken for "not printed".
-- Each amount keeps its printed step (for tolerances) and how it was placed (a number placed
-- from a subtotal must not later count as evidence for that subtotal). table_measures: the amount
-- columns the table's header names, so a rule can tell "not printed by this table" (no such
-- column: nothing to check) from "printed blank".
{%- set measures = [
    'total', 'basic', 'project', 'personnel', 'public',
    'econ_301', 'econ_302', 'econ_303', 'econ_307', 'econ_309', 'econ_310',
    'econ_311', 'econ_312', 'econ_313', 'econ_399',
] %}

with

cells as (

    select * from {{ ref('stg_ingest__cells') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

pivoted as (

    select
        doc_id,
        table_seq,
        table_kind,
        row_seq,
        side,
        min(source_line) as source_line,
        any_value(row_label) as row_label,
        any_value(code) as code,
        any_value(code_level) as code_level,
        any_value(code_system) as code_system,
        any_value(row_item) as row_item,
        any_value(row_kind) as row_kind,
        any_value(project_name) as project_name,
        any_value(unit) as unit,
        {% for measure in measures %}
        max(amount_yuan) filter (where measure = '{{ measure }}') as {{ measure }}_yuan,
        max(step_yuan) filter (where measure = '{{ measure }}') as {{ measure }}_step_yuan,
        any_value(placement) filter (where measure = '{{ measure }}') as {{ measure }}_placement,
        {% endfor %}
        count(*) filter (where placement = 'unplaced') as unplaced_cells
    from cells
    group by doc_id, table_seq, table_kind, row_seq, side

)

select
    pivoted.*,
    tables.measures as table_measures
from pivoted
left join tables
    on
        pivoted.doc_id = tables.doc_id
        and pivoted.table_seq = tables.table_seq
