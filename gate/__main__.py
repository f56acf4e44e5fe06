"""The compliance gate: does a disclosure (or every disclosure in the warehouse) pass?

    python -m gate [--warehouse PATH] [--doc DOC_ID_OR_SOURCE_FILE] [--out build/gate] [--no-dbt]

Steps, in this order:

1. `dbt test --select tag:gate` against the warehouse (BUDGET_WAREHOUSE=PATH; with
   BUDGET_GATE_DOC=DOC when --doc is given). It needs DuckDB's write lock for a moment, so it
   runs before the gate opens the warehouse itself (the gate imports Great Expectations
   meanwhile). Its artifacts, logs and output go to OUT/dbt/, not the project's target/.
   With --doc it runs after step 2 instead, while step 3 validates the document's rows already
   read: gating one document costs the larger of dbt's start and GX's, not their sum.
2. The warehouse is opened read-only: `main.fct_compliance_findings` and
   `main.fct_compliance_scorecard` (the same rule implementations the dbt test reads), for the
   selected document or all of them.
3. The Great Expectations suites of gate/expectations.py run on the marts (pandas frames).
4. OUT/summary.md and OUT/summary.json are written and a short per-document summary is printed;
   OUT/codes_not_in_reference.csv lists the well-formed codes the classification reference has not
   seen for their year (R09U), for `python -m warehouse.grow_reference` to add.

How it decides (exit code):

- 1: an unwaived error-severity finding exists (in the selected document, with --doc). Waived
  findings (seeds/reference/ref_waivers.csv, each with its reason) and warn/info findings never
  fail the gate; they are listed in the summary.
- 0: no unwaived error-severity finding, and every document decided: each key rule
  (seeds/reference/ref_key_rules.csv: the required tables and the identities every 部门预算 is
  subject to) was evaluated at least once on it (fct_compliance_verdict).
- 3: no unwaived error-severity finding, but some documents are undecided: a key rule could not
  be evaluated on them (what ingest could not read is never called free of errors). With --doc,
  an undecided document is 2 (cannot decide).
- 2: the gate cannot decide: the warehouse is missing or unreadable or lacks the compliance marts;
  --doc names no landed document (a quarantined file says so); dbt could not run the gate test
  (a node error, no test tagged `gate`, dbt missing); or the dbt gate test and the findings query
  disagree (different numbers of unwaived error rows). Both read the same mart, so a disagreement
  means the gate itself is broken, and it is not resolved in either direction.

Great Expectations failures describe the warehouse (a value outside its set, a malformed code, a
duplicated document row …), i.e. the parser and the models, not the disclosure. They are reported
in the summary and printed as warnings on stderr, and never change the exit code; `make test`
asserts they pass on the bundled documents.

--no-dbt skips step 1 (the decision then rests on the findings query alone); for unit tests and
for reading a warehouse someone else holds open.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
import traceback
from pathlib import Path
from types import SimpleNamespace

from gate.dbt_gate import DbtOutcome, GateTestRun
from ingest import cli
from gate.report import (GateError, codes_not_in_reference, per_document, print_summary, read_warehouse,
                         resolve_documents, unwaived_errors, write_json, write_markdown, write_unseen_codes)

UNSEEN_CODES = "codes_not_in_reference.csv"

# How it decides: the module docstring. Great Expectations failures never change the code.
UNDECIDED = 3      # a collection with no error whose documents are not all decided

EXIT_CODES = {
    0: "pass: no unwaived error-severity finding (in the selected document, with --doc)",
    1: "fail: an unwaived error-severity finding exists (waived, warn and info findings never fail)",
    2: "cannot decide: the warehouse is missing, locked, unreadable, holds no document or lacks the "
       "compliance marts; --doc names no landed document (or holds a quote); dbt could not run the "
       f"gate test; the dbt gate test and the findings query disagree; the gate itself crashed; or "
       f"{cli.USAGE}; with --doc, also a document whose key rules (ref_key_rules) were not all evaluated",
    3: "no unwaived error-severity finding, but some documents are undecided: a key rule (ref_key_rules) "
       "could not be evaluated on them (fct_compliance_verdict lists which and why)",
}


def decide(n_unwaived_errors: int, dbt: DbtOutcome | None, undecided: list[str] = (),
           one_document: bool = False) -> tuple[int, str]:
    """Exit code and reason from the findings query, (unless --no-dbt) the dbt gate test, and the
    documents whose key rules could not all be evaluated (fct_compliance_verdict)."""
    if dbt is not None:
        if dbt.status == "error":
            first = dbt.messages[0] if dbt.messages else "no detail"
            return 2, f"dbt could not run the gate test: {first}"
        if dbt.failures != n_unwaived_errors:
            return 2, (f"the dbt gate test returned {dbt.failures} row(s) but fct_compliance_findings has "
                       f"{n_unwaived_errors} unwaived error finding(s); the gate disagrees with itself")
    if n_unwaived_errors:
        return 1, f"{n_unwaived_errors} unwaived error-severity finding(s)"
    if undecided:
        if one_document:
            return 2, f"cannot decide: key rules not evaluated: {undecided[0]}"
        return UNDECIDED, (f"no unwaived error-severity finding, but {len(undecided)} document(s) undecided: "
                           "a key rule could not be evaluated on them")
    return 0, "no unwaived error-severity finding"


def _validate(run) -> tuple[list[dict], str | None]:
    """The GX rows, or none and why: GX is advisory, its crash must not hide the verdict."""
    try:
        return [r.as_dict() for r in run()], None
    except Exception as exc:  # noqa: BLE001
        return [], f"{type(exc).__name__}: {exc}"


def lock_holder(warehouse: Path) -> str | None:
    """Who holds the warehouse, when another process does ('PID 1234'), else None. The gate's
    dbt test needs DuckDB's write lock, which any other open connection denies."""
    import duckdb
    try:
        duckdb.connect(str(warehouse)).close()
    except duckdb.Error as exc:
        text = str(exc)
        if "lock" not in text.lower():
            return None          # not a lock: the steps below report it in their own words
        pid = re.search(r"PID (\d+)", text)
        return f"PID {pid.group(1)}" if pid else "a conflicting lock"
    return None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = cli.parser("python -m gate", __doc__.split("\n\n")[0], EXIT_CODES)
    parser.add_argument("--warehouse", default=os.environ.get("BUDGET_WAREHOUSE", "warehouse.duckdb"),
                        help="DuckDB warehouse (default: $BUDGET_WAREHOUSE or warehouse.duckdb)")
    parser.add_argument("--doc", help="gate one document, by doc_id or source file name")
    parser.add_argument("--out", default="build/gate", help="folder for summary.md / summary.json (default build/gate)")
    parser.add_argument("--no-dbt", action="store_true", help="skip `dbt test --select tag:gate`")
    parser.add_argument("--dbt", help="dbt executable (default: the one beside this Python, else PATH)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="processes validating the Great Expectations batches (default: the cores, "
                        "%(default)s); one batch is 2,000 documents, so a smaller warehouse uses one")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, dbt_outcome: DbtOutcome | None = None) -> int:
    """dbt_outcome: the gate test's outcome when the caller ran it already (a warm dbt in the
    reviewer's check, check/worker.py); the gate then runs no dbt of its own."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
        sys.stderr.reconfigure(errors="replace")
    args = parse_args(argv)
    started = time.perf_counter()
    warehouse = Path(args.warehouse).resolve()
    out = Path(args.out).resolve()

    for stale in ("summary.md", "summary.json", UNSEEN_CODES):  # never leave a previous run's verdict behind
        (out / stale).unlink(missing_ok=True)
    if not warehouse.is_file():
        print(f"gate: no warehouse at {warehouse} (build one: make build, or make test-dbt for "
              "build/test_warehouse.duckdb)", file=sys.stderr)
        return 2
    if args.doc is not None and ("'" in args.doc or not args.doc.strip()):
        # The dbt gate test splices gate_doc into a SQL string literal.
        print(f"gate: --doc {args.doc!r}: give a doc_id or a file name without quotes", file=sys.stderr)
        return 2

    import duckdb

    locked = lock_holder(warehouse)
    if locked:
        print(f"gate: {warehouse} is locked by another process ({locked}); close it (a DuckDB "
              "shell, a notebook, a build still running) and run the gate again", file=sys.stderr)
        return 2

    from gate.expectations import import_great_expectations, load_frames, run_suites, validate_frames

    def start_dbt():
        if dbt_outcome is not None:
            return SimpleNamespace(wait=lambda: dbt_outcome)
        return None if args.no_dbt else GateTestRun(warehouse, args.doc, out / "dbt", args.dbt)

    one_document = args.doc is not None
    dbt_run = None
    if not one_document:
        dbt_run = start_dbt()
        import_great_expectations()         # while dbt runs: the warehouse is dbt's until it exits
        if dbt_run:
            dbt_run.wait()

    timings = {}
    frames = None
    try:
        # Capped: DuckDB's default is 80 % of the machine, and it keeps what the GX batches scan
        # of every mart; the gate's Python (findings, GX frames) needs the rest of the 6 GB goal.
        con = duckdb.connect(str(warehouse), read_only=True,
                             config={"memory_limit": os.environ.get("BUDGET_GATE_MEMORY_LIMIT", "2GB")})
    except duckdb.Error as exc:
        print(f"gate: cannot open {warehouse} read-only: {exc}", file=sys.stderr)
        return 2
    try:
        doc_ids = resolve_documents(con, args.doc)
        data = read_warehouse(con, doc_ids)
        if not data["documents"]:
            raise GateError("nothing to gate: the warehouse holds no document (every input was "
                            "quarantined or skipped; see main.ingest_manifest)")
        unseen_codes = codes_not_in_reference(con, doc_ids)
        gx_started = time.perf_counter()
        if one_document:
            # One document's rows are small: read before dbt takes the warehouse, validated while
            # dbt runs (the two fixed costs of gating a document overlap).
            frames = load_frames(con, doc_ids)
        else:
            gx_rows, gx_error = _validate(lambda: run_suites(con, doc_ids, jobs=max(1, args.jobs),
                                                             warehouse=str(warehouse)))
    except GateError as exc:
        print(f"gate: {exc}", file=sys.stderr)
        return 2
    except duckdb.Error as exc:
        print(f"gate: reading {warehouse} failed: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    if one_document:
        dbt_run = start_dbt()
        gx_rows, gx_error = _validate(lambda: validate_frames(frames))
    timings["gx_seconds"] = round(time.perf_counter() - gx_started, 2)
    dbt = dbt_run.wait() if dbt_run else None
    timings = {"dbt_seconds": dbt.seconds if dbt else None, **timings}

    documents = per_document(data)
    undecided = [f"{d['source_file']}: {d['key_rules_not_evaluated']}" for d in documents if d["gate"] == "undecided"]
    code, reason = decide(len(unwaived_errors(data["findings"])), dbt, undecided, one_document)
    out.mkdir(parents=True, exist_ok=True)
    report = {
        "decision": {0: "pass", 1: "fail", 2: "undecided", UNDECIDED: "undecided"}[code],
        "exit_code": code,
        "reason": reason,
        "warehouse": str(warehouse),
        "doc": args.doc,
        "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "dbt": dbt.as_dict() if dbt else None,
        "documents": documents,
        "not_landed": data["not_landed"],
        "gx": {
            "success": gx_error is None and all(r["success"] for r in gx_rows),
            "evaluated": len(gx_rows),
            "passed": sum(r["success"] for r in gx_rows),
            "error": gx_error,
            "results": gx_rows,
        },
        "timings": timings,
        "summary_md": str(out / "summary.md"),
    }
    report["codes_not_in_reference"] = {"codes": len(unseen_codes), "file": str(out / UNSEEN_CODES)}
    write_unseen_codes(out / UNSEEN_CODES, unseen_codes)
    write_markdown(out / "summary.md", report)
    # Taken once everything but the JSON itself is done: the per-document report and the summary.
    timings["total_seconds"] = round(time.perf_counter() - started, 2)
    write_json(out / "summary.json", report)
    print_summary(report)
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # the gate's own crash is "cannot decide", never the publisher's "fail" (1)
        traceback.print_exc()
        print("gate: cannot decide: the gate itself failed (traceback above)", file=sys.stderr)
        sys.exit(2)
