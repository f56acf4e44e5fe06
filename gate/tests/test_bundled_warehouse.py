"""`python -m gate` on the warehouse built from the bundled documents (make test-dbt), with dbt.

The bundled documents contain real violations: 004_34e44ed35e487193.txt says 基本支出 137.05 万元 in
its narrative (line 99) where its expenditure table prints 89.05 万元 (R26). Runs against
$BUDGET_TEST_WAREHOUSE (default build/test_warehouse.duckdb).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE = Path(os.environ.get("BUDGET_TEST_WAREHOUSE", ROOT / "build" / "test_warehouse.duckdb")).resolve()
R26_DOC = "004_34e44ed35e487193.txt"
OTHER_DOC = "002_7c0bf2efb0e5d549.txt"


@pytest.fixture(scope="module")
def warehouse():
    if not WAREHOUSE.exists():
        pytest.fail(f"{WAREHOUSE} does not exist: run `make test-dbt` (dbt build on data/raw) first")
    return WAREHOUSE


def gate(warehouse, out, *args):
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "false", "DBT_PROFILES_DIR": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "gate", "--warehouse", str(warehouse), "--out", str(out), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8")) if (out / "summary.json").exists() else None
    return proc, summary


def unwaived_errors(warehouse, source_file=None):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select count(*) from main.fct_compliance_findings where severity = 'error' "
                           "and not is_waived and (? is null or source_file = ?)",
                           [source_file, source_file]).fetchall()[0][0]
    finally:
        con.close()


def test_gate_fails_the_bundled_documents(warehouse, tmp_path):
    proc, summary = gate(warehouse, tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # dbt ran the gate test and agrees with the findings query
    assert summary["dbt"]["status"] == "fail"
    assert summary["dbt"]["failures"] == unwaived_errors(warehouse) > 0
    # the R26 finding of 004: narrative 137.05 万元 (line 99) vs table 89.05 万元
    doc = next(d for d in summary["documents"] if d["source_file"] == R26_DOC)
    assert doc["gate"] == "fail"
    r26 = [f for f in doc["findings"] if f["rule_id"] == "R26" and not f["is_waived"]]
    assert any(f["source_line"] == 99 and f["actual_yuan"] == "1370500.0000" and f["expected_yuan"] == "890500.0000"
               for f in r26), r26
    md = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "R26" in md and R26_DOC in md and "137.05" in md
    assert f"FAIL  {R26_DOC}" in proc.stdout
    # every GX expectation holds on the bundled warehouse
    failed = [r for r in summary["gx"]["results"] if not r["success"]]
    assert summary["gx"]["evaluated"] > 100 and not summary["gx"]["error"]
    assert failed == [], json.dumps(failed, ensure_ascii=False, indent=1)
    assert "warning" not in proc.stderr


def test_gate_one_document(warehouse, tmp_path):
    proc, summary = gate(warehouse, tmp_path, "--doc", OTHER_DOC)
    expected = 1 if unwaived_errors(warehouse, OTHER_DOC) else 0
    assert proc.returncode == expected, proc.stdout + proc.stderr
    assert [d["source_file"] for d in summary["documents"]] == [OTHER_DOC]
    assert summary["dbt"]["status"] == ("fail" if expected else "pass")
    assert all(r["success"] for r in summary["gx"]["results"])
