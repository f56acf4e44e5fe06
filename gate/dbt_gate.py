"""Run the dbt gate test (`dbt test --select tag:gate`) and read what it decided.

dbt exits 1 both when a test fails and when a node errors, so the exit code alone cannot tell
"the gate found errors" from "the gate could not run". The outcome is read from dbt's JSON log
events instead (`--log-format json` on stdout): every `LogTestResult` event carries the test's
status (pass / fail / warn / error / skipped) and its number of failing rows.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the dbt project (dbt_project.yml)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class DbtOutcome:
    """What `dbt test --select tag:gate` decided.

    status: "pass" (the gate tests returned no rows), "fail" (they returned `failures` rows: the
    unwaived error findings) or "error" (dbt could not decide: a node errored, no gate test ran,
    dbt crashed or could not start).
    """

    status: str
    returncode: int | None
    failures: int = 0
    tests: list[dict] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    command: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def dbt_executable(explicit: str | None = None) -> str | None:
    """--dbt if given, else the dbt beside this Python (the venv's), else dbt on PATH."""
    if explicit:
        return explicit
    beside = Path(sys.executable).parent / "dbt"
    if beside.exists():
        return str(beside)
    return shutil.which("dbt")


def gate_command(dbt: str, work_dir: Path) -> list[str]:
    """The dbt invocation; artifacts and logs go to work_dir, never the project's target/."""
    return [dbt, "test", "--select", "tag:gate", "--project-dir", str(ROOT),
            "--target-path", str(work_dir / "target"), "--log-path", str(work_dir / "logs"),
            "--log-format", "json", "--log-format-file", "text", "--no-use-colors"]


def gate_env(warehouse: Path, doc: str | None = None) -> dict:
    """The document to gate travels as BUDGET_GATE_DOC, not --vars: a changed var makes dbt
    parse the whole project again, a changed env var only the gate test that reads it."""
    env = dict(os.environ)
    env["BUDGET_WAREHOUSE"] = str(warehouse)
    env["BUDGET_GATE_DOC"] = doc or ""
    env.setdefault("DBT_PROFILES_DIR", str(ROOT))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    return env


class GateTestRun:
    """The gate test running in the background, so the gate can import Great Expectations
    meanwhile (the two fixed costs of gating one document, each a few seconds). dbt's output
    goes to files in work_dir, not pipes: a full pipe would stall dbt until the gate reads it."""

    def __init__(self, warehouse: Path, doc: str | None, work_dir: Path, dbt: str | None = None):
        self.outcome: DbtOutcome | None = None
        self.proc = None
        exe = dbt_executable(dbt)
        if exe is None:
            self.outcome = DbtOutcome("error", None,
                                      messages=["dbt not found (install requirements.txt, or pass --no-dbt)"])
            return
        work_dir.mkdir(parents=True, exist_ok=True)
        self.cmd = gate_command(exe, work_dir)
        self.stdout_path, self.stderr_path = work_dir / "stdout.jsonl", work_dir / "stderr.txt"
        self.started = time.perf_counter()
        try:
            with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
                self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=gate_env(warehouse, doc),
                                             stdout=out, stderr=err)
        except OSError as exc:
            self.outcome = DbtOutcome("error", None, messages=[f"cannot run {exe}: {exc}"], command=self.cmd)

    def wait(self) -> DbtOutcome:
        """What dbt decided, once it has exited (it holds DuckDB's write lock until then)."""
        if self.outcome is None:
            returncode = self.proc.wait()
            read = lambda p: p.read_text(encoding="utf-8", errors="replace")  # noqa: E731
            self.outcome = parse_gate_output(read(self.stdout_path), returncode, read(self.stderr_path))
            self.outcome.command = self.cmd
            self.outcome.seconds = round(time.perf_counter() - self.started, 2)
        return self.outcome


def parse_gate_output(stdout: str, returncode: int, stderr: str = "") -> DbtOutcome:
    """Decide pass / fail / error from dbt's JSON log lines and exit code."""
    tests: list[dict] = []
    messages: list[str] = []
    for line in stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            event = json.loads(line)
        except ValueError:
            messages.append(ANSI.sub("", line))  # not a log event: a traceback or a plain print
            continue
        info, data = event.get("info", {}), event.get("data", {})
        if info.get("name") == "LogTestResult":
            tests.append({"name": data.get("name"), "status": data.get("status"),
                          "failures": int(data.get("num_failures") or 0)})
        elif info.get("level") == "error":
            messages.append(ANSI.sub("", info.get("msg", "")).strip())
    messages += [ANSI.sub("", l) for l in stderr.splitlines()[-20:] if l.strip()]
    return decide_tests(tests, returncode, [m for m in messages if m])


def outcome_of_invocation(result) -> DbtOutcome:
    """The same decision from an in-process `dbtRunner().invoke(["test", "--select", "tag:gate"])`
    (a warm dbt, check/worker.py): its results instead of the JSON log lines."""
    tests, messages = [], []
    if result.exception is not None:
        messages.append(str(result.exception))
    for r in getattr(result.result, "results", None) or []:
        status = str(getattr(r.status, "value", r.status))
        tests.append({"name": r.node.name, "status": status, "failures": int(r.failures or 0)})
        if status == "error" and r.message:
            messages.append(str(r.message))
    returncode = 0 if result.success else (2 if result.exception is not None else 1)
    return decide_tests(tests, returncode, messages)


def decide_tests(tests: list[dict], returncode: int | None, messages: list[str]) -> DbtOutcome:
    failures = sum(t["failures"] for t in tests if t["status"] in ("fail", "warn"))
    statuses = {t["status"] for t in tests}

    def error(why: str) -> DbtOutcome:
        return DbtOutcome("error", returncode, failures, tests, [why, *messages])

    if not tests and any("could not set lock" in m.lower() for m in messages):
        return error("the warehouse is locked by another process (DuckDB allows one writer): close "
                     "it and run the gate again")
    if not tests:
        return error("no test tagged `gate` ran (is tests/gate/ tagged and the project parseable?)")
    if statuses - {"pass", "fail", "warn"}:
        bad = ", ".join(f"{t['name']}: {t['status']}" for t in tests if t["status"] not in ("pass", "fail", "warn"))
        return error(f"a gate test did not run to a result ({bad})")
    if returncode not in (0, 1):
        return error(f"dbt exited {returncode}")
    if "fail" in statuses and returncode != 1:
        return error(f"dbt reported a failing test but exited {returncode}")
    if failures:
        return DbtOutcome("fail", returncode, failures, tests, messages)
    if returncode != 0:
        return error(f"dbt exited {returncode} although every gate test passed")
    return DbtOutcome("pass", returncode, 0, tests, messages)
