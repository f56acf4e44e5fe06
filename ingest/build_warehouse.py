"""Build the warehouse aside, then swap it in: a failed or interrupted build never touches the
previous warehouse, which stays readable until the new one is complete.

    python -m ingest.build_warehouse WAREHOUSE --step "dbt seed --full-refresh" --step "dbt build"

Each step runs with BUDGET_WAREHOUSE set to WAREHOUSE.building (profiles.yml reads that variable).
When every step succeeds, the new file is checkpointed (its write-ahead log merged, so the file
stands alone), checked to open read-only, and renamed over WAREHOUSE (same folder, so the rename
is atomic). When a step fails, the partial build is removed and WAREHOUSE is left as it was.
Exit code: 0 swapped in; otherwise the failing step's code (1 when it had none).
"""
from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _remove(db: Path) -> None:
    for p in (db, _wal(db)):
        p.unlink(missing_ok=True)


def _checkpoint(db: Path) -> None:
    """Merge a left-over write-ahead log into the file, so the file alone holds everything."""
    con = duckdb.connect(str(db))
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build_aside(warehouse: str | Path, steps: list[list[str]], log=print) -> int:
    warehouse = Path(warehouse)
    building = warehouse.with_name(warehouse.name + ".building")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    _remove(building)                     # a stale build from an interrupted run
    env = dict(os.environ, BUDGET_WAREHOUSE=str(building))
    for step in steps:
        try:
            code = subprocess.run(step, env=env).returncode
        except OSError as exc:
            log(f"build: cannot run {shlex.join(step)}: {exc}")
            code = 1
        except KeyboardInterrupt:
            _remove(building)
            log(f"build: interrupted; the partial build was removed and {warehouse} is unchanged")
            return 130
        if code != 0:
            _remove(building)
            log(f"build: '{shlex.join(step)}' failed (exit {code}); the partial build was removed "
                f"and {warehouse} is unchanged" + ("" if warehouse.exists() else " (none exists yet)"))
            return code or 1
    if not building.exists():
        log(f"build: the steps wrote nothing to {building}; {warehouse} is unchanged")
        return 1
    try:
        _checkpoint(building)
        duckdb.connect(str(building), read_only=True).close()
        if _wal(warehouse).exists():
            _checkpoint(warehouse)        # the old file's log must not outlive it beside the new one
    except duckdb.Error as exc:
        log(f"build: the new warehouse is kept at {building} but not swapped in: {exc}")
        return 1
    os.replace(building, warehouse)
    log(f"build: {warehouse} replaced by the new build")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.build_warehouse",
                                 description=__doc__.split("\n\n")[0])
    ap.add_argument("warehouse", help="path of the warehouse to replace")
    ap.add_argument("--step", action="append", required=True,
                    help="a command to run against the new warehouse (repeatable, run in order)")
    args = ap.parse_args(argv)
    return build_aside(args.warehouse, [shlex.split(s) for s in args.step])


if __name__ == "__main__":
    sys.exit(main())
