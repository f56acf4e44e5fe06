"""`python -m gate` on fixture warehouses: the exit code, summary.md / summary.json, stdout, and the
agreement check with the dbt gate test (a fake dbt stands in for it: these tests never run dbt)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from gate.__main__ import decide, main
from gate.dbt_gate import DbtOutcome, parse_gate_output
from gate.tests.conftest import WAIVER_REASON


def run(capsys, *args):
    code = main([*map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def no_gx(monkeypatch):
    """Skip the GX suites (covered elsewhere) where a test is only about the decision."""
    monkeypatch.setattr("gate.expectations.run_suites", lambda con, doc_ids=None, **_: [])


def read_summary(out):
    return (out / "summary.md").read_text(encoding="utf-8"), json.loads((out / "summary.json").read_text(encoding="utf-8"))


# --- the decision -------------------------------------------------------------------------------

def test_unwaived_error_fails_the_whole_warehouse(capsys, warehouse, tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = run(capsys, "--warehouse", warehouse, "--out", out, "--no-dbt")
    assert code == 1
    md, js = read_summary(out)
    assert js["decision"] == "fail" and js["exit_code"] == 1 and js["dbt"] is None
    verdicts = {d["source_file"]: (d["gate"], d["unwaived_errors"]) for d in js["documents"]}
    assert verdicts == {"a.txt": ("pass", 0), "b.txt": ("fail", 1), "c.txt": ("pass", 0)}
    # summary.md: department, scorecard, each finding with its line and waiver, the files not
    # landed, then GX in one line when all passed
    for text in ("乙县政务服务中心", "`b.txt`", "| R26 | error |", "| 89.05 | 137.05 | 48.00 | 2 | 99 | no |", f"yes: {WAIVER_REASON}",
                 "| error | 3 | 2 | 1 | 0 | 0 | 1 | 1 |", "d.txt", "quarantined",
                 "## Great Expectations", "passed (each is listed in summary.json)"):
        assert text in md, text
    assert md.index("乙县政务服务中心") < md.index("## Great Expectations")
    # stdout: one line per document, the unwaived error with its line
    assert "FAIL  b.txt" in stdout and "R26 (line 99)" in stdout and "ok    a.txt" in stdout
    assert "1 waived" in stdout  # c.txt
    assert js["gx"]["success"] and "warning" not in stderr


def test_amounts_stay_exact_in_json(capsys, no_gx, warehouse, tmp_path):
    run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--no-dbt", "--doc", "b.txt")
    _, js = read_summary(tmp_path)
    finding = next(f for f in js["documents"][0]["findings"] if f["rule_id"] == "R26")
    assert finding["actual_yuan"] == "1370500.0000" and finding["source_line"] == 99


@pytest.mark.parametrize("doc, expected", [
    ("b.txt", 1),   # an unwaived error
    ("dB", 1),      # the same document by doc_id
    ("a.txt", 0),   # warnings only
    ("c.txt", 0),   # its only error is waived
])
def test_one_document(capsys, no_gx, warehouse, tmp_path, doc, expected):
    code, stdout, _ = run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--no-dbt", "--doc", doc)
    assert code == expected
    md, js = read_summary(tmp_path)
    assert len(js["documents"]) == 1 and js["doc"] == doc
    assert js["not_landed"] == []  # other files are not this gate's business
    if doc == "c.txt":
        assert WAIVER_REASON in md and "R14" in stdout


def test_only_waived_errors_and_warnings_pass(capsys, no_gx, make_warehouse, base_rows, tmp_path):
    base_rows["main.fct_compliance_findings"] = [f for f in base_rows["main.fct_compliance_findings"]
                                                  if f["rule_id"] != "R26"]
    code, stdout, _ = run(capsys, "--warehouse", make_warehouse(base_rows), "--out", tmp_path, "--no-dbt")
    assert code == 0
    assert "gate: PASS" in stdout
    _, js = read_summary(tmp_path)
    assert js["decision"] == "pass" and all(d["gate"] == "pass" for d in js["documents"])


UNREAD = "R11：本文件中未读出收支总表；R14：无可核对的数据（相关表或数字未读出）"


def _undecided(base_rows, doc_id="dA"):
    verdict = next(v for v in base_rows["main.fct_compliance_verdict"] if v["doc_id"] == doc_id)
    verdict.update(verdict="undecided", key_rules_evaluated=2, key_rules_not_evaluated=UNREAD)
    return base_rows


def test_a_document_whose_key_rules_were_not_evaluated_is_undecided_not_passed(capsys, no_gx, make_warehouse,
                                                                               base_rows, tmp_path):
    warehouse = make_warehouse(_undecided(base_rows))
    code, stdout, _ = run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--no-dbt", "--doc", "a.txt")
    assert code == 2
    md, js = read_summary(tmp_path)
    assert js["decision"] == "undecided" and js["documents"][0]["gate"] == "undecided"
    assert UNREAD in js["reason"] and f"无法判定：以下关键规则未能核对 — {UNREAD}" in md
    assert "??    a.txt" in stdout and "gate: **UNDECIDED**" in md
    # the whole warehouse: b.txt's error still fails it
    code, stdout, _ = run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--no-dbt")
    assert code == 1 and "1 undecided" in stdout


def test_a_collection_without_errors_but_with_an_undecided_document_exits_3(capsys, no_gx, make_warehouse,
                                                                          base_rows, tmp_path):
    base_rows = _undecided(base_rows)
    base_rows["main.fct_compliance_findings"] = [f for f in base_rows["main.fct_compliance_findings"]
                                                  if f["rule_id"] != "R26"]
    code, _, _ = run(capsys, "--warehouse", make_warehouse(base_rows), "--out", tmp_path, "--no-dbt")
    assert code == 3
    _, js = read_summary(tmp_path)
    assert js["decision"] == "undecided" and "1 document(s) undecided" in js["reason"]
    assert {d["source_file"]: d["gate"] for d in js["documents"]} == \
        {"a.txt": "undecided", "b.txt": "pass", "c.txt": "pass"}


def test_summary_names_an_unknown_department_and_region_in_chinese(capsys, no_gx, make_warehouse, base_rows,
                                                                   tmp_path):
    document = next(d for d in base_rows["main.dim_document"] if d["doc_id"] == "dB")
    document.update(department_name=None, province=None, city=None, county=None)
    run(capsys, "--warehouse", make_warehouse(base_rows), "--out", tmp_path, "--no-dbt")
    md, _ = read_summary(tmp_path)
    assert "## （未识别部门） — `b.txt`" in md and "（地区未识别） · 2024 年决算" in md
    assert "None" not in md


def test_the_printed_summary_fits_100_columns(capsys, no_gx, make_warehouse, base_rows, tmp_path):
    from warehouse.summary import width
    finding = next(f for f in base_rows["main.fct_compliance_findings"] if f["rule_id"] == "R26")
    finding["detail"] = "说明第99行「" + "基本支出" * 40 + "」：与表不一致"
    document = next(d for d in base_rows["main.dim_document"] if d["doc_id"] == "dB")
    document["department_name"] = "某某省某某市某某区" * 8 + "政务服务中心"
    code, stdout, _ = run(capsys, "--warehouse", make_warehouse(base_rows), "--out", tmp_path, "--no-dbt")
    assert code == 1
    lines = stdout.splitlines()
    assert max(width(line) for line in lines) <= 100, max(lines, key=width)
    # the finding itself, not the rule's text; the quoted sentence cut so what is wrong stays in view
    shown = next(line for line in lines if "R26 (line 99)" in line)
    assert shown.strip() == "R26 (line 99): 说明第99行「基本支出基本支出基本…」：与表不一致"
    assert next(line for line in lines if "b.txt" in line).endswith("…")   # the long department


def test_gx_failures_warn_but_do_not_change_the_exit_code(capsys, make_warehouse, base_rows, tmp_path):
    base_rows["main.dim_document"][0]["stage"] = "draft"
    base_rows["main.fct_expenditure_by_function"][2]["function_code"] = "20103011"
    path = make_warehouse(base_rows)
    code, _, stderr = run(capsys, "--warehouse", path, "--out", tmp_path / "all", "--no-dbt")
    assert code == 1  # still exactly the R26 error
    assert "warning: GX" in stderr and "stage" in stderr and "20103011" in stderr
    md, js = read_summary(tmp_path / "all")
    assert not js["gx"]["success"] and f"of {js['gx']['evaluated']} failed**" in md
    # only the failed expectations in the summary (the reviewer's part stands alone); all in the JSON
    gx_part = md[md.index("## Great Expectations"):]
    failed = sum(1 for r in js["gx"]["results"] if not r["success"])
    assert "20103011" in gx_part and sum(1 for line in gx_part.splitlines() if line.startswith("| ")) == failed + 1 and len(js["gx"]["results"]) > 100
    code, _, stderr = run(capsys, "--warehouse", path, "--out", tmp_path / "a", "--no-dbt", "--doc", "a.txt")
    assert code == 0 and "warning: GX" in stderr


@pytest.mark.parametrize("doc, message", [
    ("d.txt", "not landed as a document (ingest status quarantined"),
    ("nope.txt", "no document 'nope.txt'"),
    ("it's.txt", "without quotes"),
])
def test_a_document_that_cannot_be_gated_exits_2(capsys, no_gx, warehouse, tmp_path, doc, message):
    code, _, stderr = run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--no-dbt", "--doc", doc)
    assert code == 2 and message in stderr


def test_a_crash_of_the_gate_itself_exits_2_not_1(warehouse, tmp_path):
    # --out below a file: writing the summary raises inside the gate. Exit 1 would blame the publisher.
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "gate", "--warehouse", str(warehouse), "--out",
                           str(blocker / "gate"), "--no-dbt"], capture_output=True, text=True,
                          env={**os.environ, "GX_ANALYTICS_ENABLED": "false"})
    assert done.returncode == 2, done.stderr[-2000:]
    assert "cannot decide: the gate itself failed" in done.stderr


def test_missing_warehouse_exits_2(capsys, tmp_path):
    code, _, stderr = run(capsys, "--warehouse", tmp_path / "none.duckdb", "--out", tmp_path, "--no-dbt")
    assert code == 2 and "no warehouse" in stderr
    assert not (tmp_path / "none.duckdb").exists()


def test_warehouse_without_compliance_marts_exits_2(capsys, no_gx, make_warehouse, base_rows, tmp_path):
    del base_rows["main.fct_compliance_findings"]
    code, _, stderr = run(capsys, "--warehouse", make_warehouse(base_rows), "--out", tmp_path, "--no-dbt")
    assert code == 2 and "fct_compliance_findings does not exist" in stderr


def test_a_warehouse_of_no_documents_is_nothing_to_gate(capsys, no_gx, make_warehouse, base_rows, tmp_path):
    """0 documents gated is never a PASS: it is 'nothing to gate', exit 2."""
    for table, rows in base_rows.items():
        if table.startswith("main.") and table != "main.ingest_manifest":
            rows.clear()
    code, stdout, stderr = run(capsys, "--warehouse", make_warehouse(base_rows), "--out", tmp_path, "--no-dbt")
    assert code == 2 and "nothing to gate" in stderr
    assert "PASS" not in stdout and not (tmp_path / "summary.json").exists()


# --- agreement with the dbt gate test ------------------------------------------------------------

def test_decide():
    fail = lambda n: DbtOutcome("fail", 1, failures=n)  # noqa: E731
    assert decide(0, None)[0] == 0
    assert decide(2, None)[0] == 1
    assert decide(0, DbtOutcome("pass", 0))[0] == 0
    assert decide(3, fail(3))[0] == 1
    assert decide(1, DbtOutcome("pass", 0))[0] == 2   # dbt saw nothing, the findings say error
    assert decide(0, fail(1))[0] == 2                 # dbt failed, the findings are clean
    assert decide(2, fail(3))[0] == 2                 # different counts
    assert decide(0, DbtOutcome("error", 1, messages=["Runtime Error"]))[0] == 2


def _event(event, level="info", msg="", **data):
    return json.dumps({"info": {"name": event, "level": level, "msg": msg}, "data": data})


def _test_result(status, failures):
    return _event("LogTestResult", "error" if status != "pass" else "info",
                  f"1 of 1 {status.upper()} gate__unwaived_error_findings",
                  name="gate__unwaived_error_findings", status=status, num_failures=failures)


def test_parse_gate_output():
    assert parse_gate_output(_test_result("pass", 0), 0).status == "pass"
    failed = parse_gate_output("\n".join([_event("MainReportVersion", msg="Running with dbt=1.11"),
                                          _test_result("fail", 5)]), 1)
    assert (failed.status, failed.failures) == ("fail", 5)
    errored = parse_gate_output("\n".join([_test_result("error", 0),
                                           _event("RunResultError", "error", "Catalog Error: no table")]), 1)
    assert errored.status == "error" and any("Catalog Error" in m for m in errored.messages)
    nothing = parse_gate_output(_event("NoNodesForSelectionCriteria", "warn", "nothing"), 0)
    assert nothing.status == "error" and "no test tagged `gate`" in nothing.messages[0]
    crashed = parse_gate_output("Traceback (most recent call last):", 2, "boom")
    assert crashed.status == "error"


@pytest.fixture
def fake_dbt(tmp_path):
    """A stand-in dbt: prints the given JSON events, exits with the given code, records its call."""
    def make(stdout_lines, code):
        record = tmp_path / "dbt_call.json"
        script = tmp_path / "fake_dbt"
        script.write_text(textwrap.dedent(f"""\
            #!{sys.executable}
            import json, os, sys
            json.dump({{"argv": sys.argv[1:], "warehouse": os.environ.get("BUDGET_WAREHOUSE"),
                       "gate_doc": os.environ.get("BUDGET_GATE_DOC"),
                       "cwd": os.getcwd()}}, open({str(record)!r}, "w"))
            print({chr(10).join(stdout_lines)!r})
            sys.exit({code})
            """), encoding="utf-8")
        script.chmod(0o755)
        return script, record
    return make


def test_dbt_agreeing_with_the_findings(capsys, no_gx, warehouse, tmp_path, fake_dbt):
    script, record = fake_dbt([_test_result("fail", 1)], 1)
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "--warehouse", warehouse, "--out", out, "--dbt", script, "--doc", "b.txt")
    assert code == 1 and "dbt gate test: FAIL 1" in stdout
    call = json.loads(record.read_text())
    assert call["argv"][:3] == ["test", "--select", "tag:gate"]
    assert call["gate_doc"] == "b.txt" and "--vars" not in call["argv"]
    assert call["warehouse"] == str(warehouse.resolve())
    # dbt's artifacts go under --out, not the project's target/
    assert call["argv"][call["argv"].index("--target-path") + 1] == str(out / "dbt" / "target")
    _, js = read_summary(out)
    assert js["dbt"]["status"] == "fail" and js["dbt"]["failures"] == 1


def test_dbt_disagreeing_with_the_findings_exits_2(capsys, no_gx, warehouse, tmp_path, fake_dbt):
    script, _ = fake_dbt([_test_result("pass", 0)], 0)
    code, _, stderr = run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--dbt", script)
    assert code == 2 and "disagrees" in stderr
    _, js = read_summary(tmp_path)  # the summary is still written, saying why
    assert js["decision"] == "undecided"


def test_dbt_error_exits_2(capsys, no_gx, warehouse, tmp_path, fake_dbt):
    script, _ = fake_dbt([_test_result("error", 0), _event("RunResultError", "error", "IO Error: lock")], 1)
    code, _, stderr = run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--dbt", script, "--doc", "a.txt")
    assert code == 2 and "dbt could not run the gate test" in stderr
    md, _ = read_summary(tmp_path)
    assert "IO Error: lock" in md


def test_dbt_missing_exits_2(capsys, no_gx, warehouse, tmp_path):
    code, _, stderr = run(capsys, "--warehouse", warehouse, "--out", tmp_path, "--dbt", tmp_path / "no-dbt-here")
    assert code == 2 and "cannot run" in stderr
