"""A warm builder for checks: dbt parsed once and Great Expectations imported once, so a check
spends its seconds on the document, not on starting tools (a cold `dbt seed` + `dbt run` +
`dbt test` + gate took ~30 s for one document; most of it was dbt starting and parsing, and
loading the reference seeds).

dbt bakes env_var() into its parsed manifest, so the warehouse and the landed Parquet live at
fixed paths under <check root>/worker/: each check copies the base warehouse (the reference seeds,
loaded once per version of the code) and its landed files there, runs the models and the gate
test in this process, then moves the warehouse into its own folder. One check at a time per
worker (a lock); the reader of the untrusted file never runs here (check/sandbox.py)."""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from warehouse.build import code_fingerprint

PROJECT = Path(__file__).resolve().parent.parent


class BuildFailed(Exception):
    """dbt could not build the document's warehouse; the message holds dbt's reason."""


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


@contextmanager
def _output_to(log: Path):
    """dbt's and the gate's console output go to the check's log, not the caller's stdout (the
    check prints its own progress; the dashboard's service speaks JSON on its stdout)."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log, "ab") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


class _Beside(threading.Thread):
    """A function run in a thread; join() re-raises what it raised."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.error = work, None
        if work is not None:
            self.start()

    def run(self) -> None:
        try:
            self.work()
        except BaseException as exc:      # re-raised in the caller's thread
            self.error = exc

    def join(self, timeout=None) -> None:
        if self.work is not None:
            super().join(timeout)
        if self.error is not None:
            raise self.error


class Worker:
    def __init__(self, root: Path):
        self.home = (root / "worker").resolve()
        self.home.mkdir(parents=True, exist_ok=True)
        self.warehouse = self.home / "warehouse.duckdb"
        self.landed = self.home / "landed"
        self.landed.mkdir(exist_ok=True)
        self.lock = threading.Lock()
        os.environ.update(BUDGET_WAREHOUSE=str(self.warehouse), BUDGET_LANDED_PARQUET=str(self.landed),
                          DBT_PROFILES_DIR=str(PROJECT), DBT_TARGET_PATH=str(self.home / "target"),
                          DBT_LOG_PATH=str(self.home / "logs"), GX_ANALYTICS_ENABLED="false",
                          DO_NOT_TRACK="1", DBT_SEND_ANONYMOUS_USAGE_STATS="false")
        os.environ.pop("BUDGET_GATE_DOC", None)        # one document per warehouse: the gate test takes all
        started = time.monotonic()
        from dbt.cli.main import dbtRunner

        with _output_to(self.home / "warm.log"):
            parsed = dbtRunner().invoke(["parse", "--quiet", "--project-dir", str(PROJECT)])
        if not parsed.success:
            raise BuildFailed(f"dbt could not parse the project: {parsed.exception}")
        self.runner = dbtRunner(manifest=parsed.result)
        self.base = self.home / "base.duckdb"
        fingerprint = code_fingerprint(PROJECT, "parquet")
        stamp = self.home / "base.fingerprint"
        if not self.base.exists() or not stamp.exists() or stamp.read_text() != fingerprint:
            with _output_to(self.home / "warm.log"):
                self._make_base()
            stamp.write_text(fingerprint)
        self.decisions = self._decisions_stamp()
        from gate.expectations import import_great_expectations

        import_great_expectations()
        self.warm_seconds = round(time.monotonic() - started, 2)

    @staticmethod
    def _decisions_stamp() -> tuple:
        from .decide import SEED

        stat = SEED.stat()
        return stat.st_size, stat.st_mtime_ns

    def _reload_decisions(self) -> None:
        """A reviewer decided on a finding since the base was loaded (check/decide.py): reload
        ref_waivers into the base, so this check counts the decision."""
        _remove(self.warehouse)
        shutil.copy(self.base, self.warehouse)
        seeded = self._invoke("seed", "--full-refresh", "--select", "ref_waivers")
        if not seeded.success:
            raise BuildFailed(f"dbt could not load the reviewers' decisions: {seeded.exception or seeded.result}")
        shutil.move(self.warehouse, self.base)

    def _invoke(self, *args: str):
        try:
            return self.runner.invoke([*args, "--quiet", "--project-dir", str(PROJECT)])
        finally:
            self._close()

    @staticmethod
    def _close() -> None:
        """dbt-duckdb keeps its DuckDB connection for the process: close it, so the file can be
        moved and the next check opens its own."""
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager

        with DuckDBConnectionManager._LOCK:
            if DuckDBConnectionManager._ENV is not None:
                try:
                    DuckDBConnectionManager._ENV.close()
                finally:
                    DuckDBConnectionManager._ENV = None

    def _make_base(self) -> None:
        _remove(self.warehouse)
        seeded = self._invoke("seed", "--full-refresh", "--exclude", "path:seeds/landed")
        if not seeded.success:
            raise BuildFailed(f"dbt could not load the reference seeds: {seeded.exception or seeded.result}")
        shutil.move(self.warehouse, self.base)

    def build_and_gate(self, landed: Path, doc_id: str, folder: Path, judging=lambda: None,
                       alongside=None) -> int:
        """The document's warehouse in folder/warehouse.duckdb, gated: the gate's exit code.
        alongside(warehouse) → a function to run in a thread while the gate validates (the
        report's drawing: PDF work, no DuckDB), or None."""
        from gate.__main__ import main as gate_main
        from gate.dbt_gate import outcome_of_invocation

        log = folder / "build.log"
        with self.lock:
            with _output_to(log):
                if self._decisions_stamp() != self.decisions:
                    self._reload_decisions()
                    self.decisions = self._decisions_stamp()
                for old in self.landed.iterdir():
                    old.unlink()
                for part in landed.glob("*.parquet"):
                    shutil.copy(part, self.landed / part.name)
                _remove(self.warehouse)
                shutil.copy(self.base, self.warehouse)
                built = self._invoke("run")
            if not built.success:
                reasons = [str(r.message) for r in getattr(built.result, "results", None) or []
                           if str(getattr(r.status, "value", r.status)) == "error"]
                raise BuildFailed("; ".join(reasons) or str(built.exception))
            judging()
            with _output_to(log):
                outcome = outcome_of_invocation(self._invoke("test", "--select", "tag:gate"))
                target = folder / "warehouse.duckdb"
                _remove(target)
                shutil.move(self.warehouse, target)
                beside = _Beside(alongside(target) if alongside else None)
                code = gate_main(["--warehouse", str(target), "--doc", doc_id, "--out", str(folder / "gate")],
                                 dbt_outcome=outcome)
                beside.join()
                return code
