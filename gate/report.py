"""What the gate read from the warehouse, and how it is written: summary.md, summary.json, stdout.

Amounts are kept exact: in summary.json a DECIMAL amount is a string ("890500.0000"), never a
float.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from dashboard.format import wan  # one formatting of money in 万元, shared with the dashboard
from dashboard.shape import STAGE_ZH
from warehouse.summary import shorten

SEVERITY_ORDER = {"error": 0, "warn": 1, "info": 2}

DOCUMENT_COLUMNS = ["doc_id", "source_file", "department_name", "province", "city", "county",
                    "fiscal_year", "stage", "doc_level"]
FINDING_COLUMNS = ["doc_id", "source_file", "rule_id", "severity", "message", "detail", "table_kind",
                   "subject_code", "expected_yuan", "actual_yuan", "difference_yuan",
                   "tolerance_yuan", "source_line", "page", "is_waived", "waiver_reason"]
SCORECARD_COLUMNS = ["doc_id", "severity", "rules_evaluated", "rules_passed", "rules_failed",
                     "rules_unevaluable", "checks_unevaluable", "findings", "unwaived_findings"]


class GateError(Exception):
    """The gate cannot decide (exit 2)."""


def _relations(con) -> set[str]:
    return {f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}


def _records(con, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def resolve_documents(con, doc: str | None) -> list[str] | None:
    """The doc_ids --doc names (by doc_id or source_file); None = every document."""
    if doc is None:
        return None
    ids = [r[0] for r in con.execute(
        "select doc_id from main.dim_document where doc_id = ? or source_file = ? order by doc_id",
        [doc, doc]).fetchall()]
    if ids:
        return ids
    why = f"no document {doc!r} in main.dim_document (give a doc_id or a source_file)"
    if "main.ingest_manifest" in _relations(con):
        rows = con.execute(
            "select source_file, status, reason from main.ingest_manifest where source_file = ? or doc_id = ?",
            [doc, doc]).fetchall()
        if rows:
            source_file, status, reason = rows[0]
            why = (f"{source_file} was not landed as a document (ingest status {status}"
                   f"{': ' + reason if reason else ''}); there is nothing to gate")
    raise GateError(why)


def read_warehouse(con, doc_ids: list[str] | None) -> dict:
    """Documents, findings, scorecard and files not landed (all documents, or doc_ids)."""
    relations = _relations(con)
    for needed in ("main.dim_document", "main.fct_compliance_findings", "main.fct_compliance_scorecard"):
        if needed not in relations:
            raise GateError(f"{needed} does not exist: build the warehouse first (make build / make test-dbt)")
    where = "" if doc_ids is None else "where list_contains(?, doc_id)"
    params = [] if doc_ids is None else [list(doc_ids)]
    documents = _records(con, f"select {', '.join(DOCUMENT_COLUMNS)} from main.dim_document {where} "
                              "order by source_file", params)
    finding_cols = ", ".join(f"cast({c} as varchar) as {c}" if c == "waiver_reason" else c
                             for c in FINDING_COLUMNS)
    findings = _records(con, f"select {finding_cols} from main.fct_compliance_findings {where}", params)
    findings.sort(key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), bool(f["is_waived"]),
                                 f["rule_id"] or "", f["source_line"] is None, f["source_line"] or 0,
                                 f["message"] or ""))
    scorecard = _records(con, f"select {', '.join(SCORECARD_COLUMNS)} from main.fct_compliance_scorecard "
                              f"{where}", params)
    scorecard.sort(key=lambda s: SEVERITY_ORDER.get(s["severity"], 9))
    verdicts: dict[str, dict] = {}
    if "main.fct_compliance_verdict" in relations:     # an older warehouse, or a fixture, has none
        verdicts = {v["doc_id"]: v for v in _records(
            con, f"select doc_id, verdict, key_rules, key_rules_evaluated, key_rules_not_evaluated "
                 f"from main.fct_compliance_verdict {where}", params)}
    not_landed: list[dict] = []
    if doc_ids is None and "main.ingest_manifest" in relations:
        not_landed = _records(con, "select source_file, status, reason from main.ingest_manifest "
                                   "where status not in ('landed', 'partial') order by source_file", [])
    return {"documents": documents, "findings": findings, "scorecard": scorecard, "not_landed": not_landed,
            "verdicts": verdicts}


UNSEEN_CODE_COLUMNS = ["code", "code_system", "code_level", "name_zh", "fiscal_year", "documents", "seen_in"]


def codes_not_in_reference(con, doc_ids: list[str] | None) -> list[dict]:
    """Well-formed codes the classification reference has not seen for the year (R09U), one row
    per code, name and year with the documents that print it: what the reference should grow by
    (`python -m warehouse.grow_reference`)."""
    if "main.fct_compliance_evaluations" not in _relations(con):
        return []          # a warehouse of findings only (older, or a test fixture): nothing to list
    where = "" if doc_ids is None else "and list_contains(?, e.doc_id)"
    params = [] if doc_ids is None else [list(doc_ids)]
    return _records(con, f"""
        select
            e.subject_code as code,
            case left(e.subject_code, 1) when '2' then 'function' else 'economic' end as code_system,
            case length(e.subject_code) when 3 then '类' when 5 then '款' else '项' end as code_level,
            e.subject_label as name_zh,
            d.fiscal_year,
            count(distinct e.doc_id) as documents,
            string_agg(distinct d.source_file, ' | ' order by d.source_file) as seen_in
        from main.fct_compliance_evaluations as e
        inner join main.dim_document as d on e.doc_id = d.doc_id
        where e.rule_id = 'R09U' and e.outcome = 'fail' and e.subject_label != e.subject_code {where}
        group by all
        order by code, fiscal_year, name_zh""", params)


def write_unseen_codes(path: Path, rows: list[dict]) -> None:
    import csv
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=UNSEEN_CODE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def unwaived_errors(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["severity"] == "error" and not f["is_waived"]]


def per_document(data: dict) -> list[dict]:
    """Each document with its scorecard rows, findings and verdict: findings and scorecard rows are
    grouped by document once (linear in their number, not documents × findings)."""
    findings_of: dict[str, list[dict]] = {}
    for f in data["findings"]:
        findings_of.setdefault(f["doc_id"], []).append(f)
    scorecard_of: dict[str, list[dict]] = {}
    for s in data["scorecard"]:
        scorecard_of.setdefault(s["doc_id"], []).append(s)
    out = []
    for doc in data["documents"]:
        findings = findings_of.get(doc["doc_id"], [])
        errors = unwaived_errors(findings)
        # The warehouse's verdict (fct_compliance_verdict) where it has one: 'undecided' when a
        # key rule could not be evaluated. An unwaived error is a fail whatever it says.
        verdict = data.get("verdicts", {}).get(doc["doc_id"], {})
        out.append({
            **doc,
            "gate": "fail" if errors else ("undecided" if verdict.get("verdict") == "undecided" else "pass"),
            "key_rules_not_evaluated": verdict.get("key_rules_not_evaluated"),
            "unwaived_errors": len(errors),
            "counts": {sev: {"findings": sum(f["severity"] == sev for f in findings),
                             "unwaived": sum(f["severity"] == sev and not f["is_waived"] for f in findings)}
                       for sev in SEVERITY_ORDER},
            "scorecard": scorecard_of.get(doc["doc_id"], []),
            "findings": findings,
        })
    return out


# --- writing -----------------------------------------------------------------------------------

def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def write_json(path: Path, report: dict) -> None:
    """Streamed to the file: at 10⁵ documents the text is about 1 GB, never held whole."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2, default=_json_default)
        fh.write("\n")


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def _region(doc: dict) -> str:
    return " ".join(p for p in (doc.get("province"), doc.get("city"), doc.get("county")) if p)


def markdown_lines(report: dict) -> Iterator[str]:
    """summary.md line by line: at 10⁵ documents it is about 400 MB, never held whole."""
    docs = report["documents"]
    yield f"# Compliance gate — {report['decision'].upper()}"
    yield ""
    yield f"- warehouse: `{report['warehouse']}`"
    yield f"- documents gated: {len(docs)}" + (f" (selected by `--doc {report['doc']}`)" if report["doc"] else "")
    yield f"- decision: **{report['decision']}** (exit {report['exit_code']}) — {report['reason']}"
    dbt = report["dbt"]
    if dbt is None:
        yield "- dbt gate test: not run (`--no-dbt`)"
    else:
        yield (f"- dbt gate test: {dbt['status']}"
               + (f", {dbt['failures']} row(s)" if dbt["status"] == "fail" else "")
               + f" (exit {dbt['returncode']}, {dbt['seconds']} s)")
        if dbt["status"] == "error":
            yield from ["", "```", *dbt["messages"][:40], "```"]
    gx = report["gx"]
    yield (f"- Great Expectations: {gx['passed']} of {gx['evaluated']} expectations passed"
           + ("" if gx["success"] else " — **warehouse problems, see the end** (they do not change the exit code)"))
    unseen = report.get("codes_not_in_reference")
    if unseen:
        yield (f"- codes not in the classification reference (R09U, warn): {unseen['codes']}, listed in "
               f"`{unseen['file']}` (add them with `python -m warehouse.grow_reference`)")
    yield ""

    for doc in docs:
        verdict = {"fail": "FAIL", "undecided": "UNDECIDED"}.get(doc["gate"], "pass")
        yield from [f"## {doc['department_name'] or '（未识别部门）'} — `{doc['source_file']}`", "",
                    f"doc_id `{doc['doc_id']}` · {_region(doc) or '（地区未识别）'} · {doc['fiscal_year'] or '?'} 年"
                    f"{STAGE_ZH.get(doc['stage'], doc['stage'] or '?')} · {doc['doc_level'] or ''} · gate: **{verdict}** "
                    f"({doc['unwaived_errors']} unwaived error finding(s))", ""]
        if doc["gate"] == "undecided":
            yield from [f"无法判定：以下关键规则未能核对 — {doc['key_rules_not_evaluated']}", ""]
        yield from _table(["severity", "rules evaluated", "passed", "failed", "unevaluable", "unevaluable checks",
                           "findings", "unwaived"],
                          [[s["severity"], s["rules_evaluated"], s["rules_passed"], s["rules_failed"],
                            s["rules_unevaluable"], s["checks_unevaluable"], s["findings"], s["unwaived_findings"]]
                           for s in doc["scorecard"]])
        yield ""
        if doc["findings"]:
            # Amounts in 万元 with separators, as the tables print them; exact figures in summary.json.
            yield from _table(["rule", "severity", "message", "应为（万元）", "实为（万元）", "差额（万元）", "page",
                               "source line", "waived"],
                              [[f["rule_id"], f["severity"], f["message"], wan(f["expected_yuan"]),
                                wan(f["actual_yuan"]), wan(f["difference_yuan"]), f["page"], f["source_line"],
                                f"yes: {f['waiver_reason']}" if f["is_waived"] else "no"]
                               for f in doc["findings"]])
        else:
            yield "No findings."
        yield ""

    if report["not_landed"]:
        yield from ["## Input files not in the warehouse", "",
                    "Not gated (ingest quarantined them or found them duplicates; see `ingest_manifest`).", ""]
        yield from _table(["file", "status", "reason"],
                          [[n["source_file"], n["status"], n["reason"]] for n in report["not_landed"]])
        yield ""

    yield from ["## Great Expectations: the warehouse's own checks", "",
                "These describe the warehouse (parser and model output), not the disclosure: a failure is reported "
                "as a warning and does not change the gate's exit code.", ""]
    if gx.get("error"):
        yield from [f"GX could not run: {gx['error']}", ""]
    # The reviewer's part above stands alone; here only what failed (every expectation, passed or
    # not, is in summary.json: ~200 rows of passes buried the findings).
    failed = [r for r in gx["results"] if not r["success"]]
    if not failed:
        yield from [f"All {gx['evaluated']} passed (each is listed in summary.json).", ""]
        return
    yield from [f"**{len(failed)} of {gx['evaluated']} failed** (every expectation is listed in summary.json):", ""]
    yield from _table(["suite", "expectation", "column", "condition", "unexpected", "examples / observed"],
                      [[r["suite"], r["expectation"], r["column"], r["condition"], r["unexpected_count"],
                        r["error"] or (", ".join(json.dumps(v, ensure_ascii=False, default=str)
                                                 for v in r["unexpected_values"])
                                       or (json.dumps(r["observed"], ensure_ascii=False, default=str)
                                           if r["observed"] is not None else None))]
                       for r in failed])
    yield ""


def write_markdown(path: Path, report: dict) -> None:
    """The lines joined by newlines, written as they are made."""
    with open(path, "w", encoding="utf-8") as fh:
        for n, line in enumerate(markdown_lines(report)):
            fh.write(f"\n{line}" if n else line)


COLUMNS = 100  # a terminal line, in display columns (a 中文 character takes two)


def _line(text: str) -> str:
    return shorten(text, COLUMNS)


QUOTE = re.compile(r"行「([^」]{10})[^」]{2,}」")  # a sentence quoted from line N, not a table's name


def _finding_line(detail: str) -> str:
    """The finding on one line: the document's quoted sentence cut to its start, so what is wrong
    (after the quote) stays in view."""
    return QUOTE.sub(r"行「\1…」", detail)


def print_summary(report: dict, stream=None) -> None:
    stream = stream or sys.stdout
    err = sys.stderr if stream is sys.stdout else stream
    docs = report["documents"]
    failing = [d for d in docs if d["gate"] == "fail"]
    n_errors = sum(d["unwaived_errors"] for d in docs)
    dbt = report["dbt"]
    dbt_text = "not run (--no-dbt)" if dbt is None else (
        f"{dbt['status'].upper()}" + (f" {dbt['failures']}" if dbt["status"] == "fail" else ""))
    limit = 50 if report["doc"] else 5  # unwaived errors listed per document
    undecided = sum(d["gate"] == "undecided" for d in docs)
    print(_line(f"gate: {report['decision'].upper()}: {len(failing)} of {len(docs)} documents with unwaived "
                f"errors ({n_errors} findings)" + (f", {undecided} undecided" if undecided else "")
                + f"; dbt gate test: {dbt_text}"), file=stream)
    for doc in docs:
        counts = doc["counts"]
        rules = {}
        for f in unwaived_errors(doc["findings"]):
            rules[f["rule_id"]] = rules.get(f["rule_id"], 0) + 1
        rule_text = ", ".join(f"{r}×{n}" if n > 1 else r for r, n in rules.items())
        waived = counts["error"]["findings"] - counts["error"]["unwaived"]
        mark = {"fail": "FAIL", "undecided": "??  "}.get(doc["gate"], "ok  ")
        print(_line(f"  {mark}  {doc['source_file']}  "
                    f"{doc['department_name'] or ''}: {doc['unwaived_errors']} unwaived error(s)"
                    f"{' (' + rule_text + ')' if rule_text else ''}"
                    f"{f', {waived} waived' if waived else ''}, {counts['warn']['findings']} warn, "
                    f"{counts['info']['findings']} info"), file=stream)
        if doc["gate"] == "undecided":
            print(_line(f"        undecided: key rules not evaluated: {doc['key_rules_not_evaluated']}"), file=stream)
        shown = unwaived_errors(doc["findings"])
        for f in shown[:limit]:
            line = f"line {f['source_line']}" if f["source_line"] is not None else "no line"
            # the finding itself; the rule's text is in summary.md
            print(_line(f"        {f['rule_id']} ({line}): {_finding_line(f['detail'] or f['message'] or '')}"), file=stream)
        if len(shown) > limit:
            print(f"        … and {len(shown) - limit} more in {report['summary_md']}", file=stream)
        for f in [f for f in doc["findings"] if f["severity"] == "error" and f["is_waived"]][:limit]:
            line = f"line {f['source_line']}" if f["source_line"] is not None else "no line"
            print(_line(f"        {f['rule_id']} ({line}) waived: {f['waiver_reason'] or ''}"), file=stream)
    for n in report["not_landed"]:
        print(f"  --    {n['source_file']}: not gated, ingest {n['status']}", file=stream)
    stream.flush()  # keep stdout before the warnings on stderr
    gx = report["gx"]
    if gx.get("error"):
        print(f"warning: Great Expectations could not run: {gx['error']} (exit code unaffected)", file=err)
    elif gx["success"]:
        print(f"GX: {gx['passed']} of {gx['evaluated']} warehouse expectations passed", file=stream)
    else:
        print(f"warning: GX: {gx['evaluated'] - gx['passed']} of {gx['evaluated']} warehouse expectations "
              "failed (they describe the warehouse, not the disclosure; exit code unaffected):", file=err)
        for r in gx["results"]:
            if not r["success"]:
                detail = r["error"] or (f"{r['unexpected_count']} unexpected, e.g. "
                                        + ", ".join(map(str, r["unexpected_values"]))
                                        if r["unexpected_count"] else f"observed {r['observed']}")
                print(f"  {r['suite']}: {r['expectation']}({r['column'] or ''})"
                      f"{' where ' + r['condition'] if r['condition'] else ''}: {shorten(detail, 160)}", file=err)
    if report["exit_code"] == 2:
        print(f"gate: cannot decide: {report['reason']}", file=err)
    print(f"summary: {report['summary_md']}", file=stream)
