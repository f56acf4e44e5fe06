"""The compliance gate: `python -m gate` (see gate/__main__.py).

- gate.dbt_gate: runs `dbt test --select tag:gate` and reads its outcome;
- gate.expectations: Great Expectations suites on the marts (warehouse health, warnings only);
- gate.report: summary.md / summary.json and the printed per-document summary.
"""
