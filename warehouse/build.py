"""Build the warehouse aside, then swap it in: a failed or interrupted build never touches the
previous warehouse, which stays readable until the new one is complete.

    python -m warehouse.build WAREHOUSE [--incremental]          # make build's dbt seed + dbt build
    python -m warehouse.build WAREHOUSE --step "dbt seed --full-refresh" --step "dbt build"

Each step runs with BUDGET_WAREHOUSE set to WAREHOUSE.building (profiles.yml reads that variable),
and, when the landed set in --seeds is Parquet, BUDGET_LANDED_PARQUET set to that folder (staging
then reads the Parquet files: macro `landed`).
With --incremental, when WAREHOUSE exists and was built by the same code (models, macros,
reference seeds, dbt_project.yml, pinned requirements: `code_fingerprint`), the new build starts
from a copy of it, and dbt rebuilds only the documents whose landed rows changed, were added or
are gone (stg_ingest__pending); otherwise the build is full. Either way the result is the same
warehouse (tested). --seed-step is the command that loads the seeds: it runs first, except when
the build starts from that copy and the landed rows are Parquet: every seed is then code the
fingerprint found unchanged, already loaded in the copy (at 10³ documents the skipped `dbt seed`
was 5.7 of an incremental build's 14.5 s).
When every step succeeds, the new file is checkpointed (its write-ahead log merged, so the file
stands alone), checked to open read-only, and renamed over WAREHOUSE (same folder, so the rename
is atomic). When a step fails, the partial build is removed and WAREHOUSE is left as it was.
Only one build of a warehouse runs at a time (a lock file beside it); a second one waits
(--wait) or refuses. Exit codes: EXIT_CODES below (`--help` lists them).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from ingest import cli


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


# Analysts open the warehouse with the DuckDB they already have. A file keeps the storage format it
# was created in through every later write, and this one is read by DuckDB 1.5.0 and newer (2.0's
# own format is not: "we can only read versions between 64 and 68").
STORAGE_VERSION = "v1.5.0"


def _create(db: Path) -> None:
    """An empty database file in STORAGE_VERSION, for the steps to fill."""
    duckdb.connect(str(db), config={"storage_compatibility_version": STORAGE_VERSION}).close()


def _holds_tables(db: Path) -> bool:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select count(*) from duckdb_tables() where database_name = current_database()"
                           ).fetchone()[0] > 0
    finally:
        con.close()


# Exit codes beyond a failing step's own.
NOTHING_LANDED = 4
LOCKED = 75                                # EX_TEMPFAIL: try again when the other build is done
INTERRUPTED = 130                          # 128 + SIGINT, as a shell reports Ctrl-C

EXIT_CODES = {
    0: "the new build was swapped in",
    1: "the folder cannot be written, the new file cannot be created or checked, the steps wrote "
       "nothing, or a step cannot be started; the warehouse is left as it was",
    2: cli.USAGE + " (a failing step may exit 2 too: see N)",
    NOTHING_LANDED: "the landed seeds (--seeds) hold no document; the warehouse is left as it was",
    LOCKED: "another build of the same warehouse is running (--wait to wait for it); nothing was "
            "changed",
    INTERRUPTED: "interrupted (Ctrl-C) while a step ran; the partial build was removed",
    "N": "any other code: a step failed with exit N; the partial build was removed and the "
         "warehouse is left as it was",
}


def landed_parquet(seeds: Path) -> bool:
    """Whether the landed set is Parquet (a large collection) rather than CSV seeds."""
    return (seeds / "ingest_documents.parquet").is_file()


def landed_documents(seeds: Path) -> int | None:
    """Documents in the landed set (rows of ingest_documents), None when there is no file."""
    if landed_parquet(seeds):
        con = duckdb.connect()
        try:
            return con.execute("select count(*) from read_parquet(?)",
                               [str(seeds / "ingest_documents.parquet")]).fetchone()[0]
        finally:
            con.close()
    try:
        with open(seeds / "ingest_documents.csv", encoding="utf-8") as fh:
            return max(0, sum(1 for line in fh if line.strip()) - 1)
    except FileNotFoundError:
        return None


# What decides how a document's rows are built, besides its landed rows. An incremental build
# is only right when all of it is unchanged.
CODE_PATHS = ("dbt_project.yml", "requirements.txt", "models", "macros", "seeds", "ingest/data")
LANDED_SEEDS = "seeds/landed"             # the data, not the code: fingerprinted by document


def code_fingerprint(project: Path, landed_format: str) -> str:
    digest = hashlib.sha256(landed_format.encode())
    for name in CODE_PATHS:
        root = project / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            rel = f.relative_to(project).as_posix()
            # hidden files are not code (e.g. seeds/.landed.ingest-cache: ingest's own cache)
            if rel.startswith(LANDED_SEEDS + "/") or any(part.startswith(".") for part in rel.split("/")):
                continue
            digest.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def built_by(warehouse: Path) -> str | None:
    """The code fingerprint WAREHOUSE was built by; None when it has none (or cannot be read)."""
    if not warehouse.exists():
        return None
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select code_fingerprint from build_info.code_fingerprint").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return row[0] if row else None


def _record(building: Path, fingerprint: str) -> None:
    con = duckdb.connect(str(building))
    try:
        # its own schema: `main` holds the marts alone
        con.execute("create schema if not exists build_info")
        con.execute("create or replace table build_info.code_fingerprint "
                    "(code_fingerprint varchar not null)")
        con.execute("insert into build_info.code_fingerprint values (?)", [fingerprint])
    finally:
        con.close()


def _lock(warehouse: Path, wait_seconds: float, log):
    """An exclusive lock beside the warehouse, held while this build runs: a second build of the
    same warehouse waits for it up to wait_seconds, then refuses; it never touches the first
    one's files. Returns the open lock file, or None when refused."""
    path = warehouse.with_name(warehouse.name + ".lock")
    fh = open(path, "a+")
    deadline = time.monotonic() + wait_seconds
    said = False
    while True:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fh.seek(0)
            fh.truncate()
            fh.write(f"{os.getpid()}\n")
            fh.flush()
            return fh
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            if time.monotonic() >= deadline:
                fh.close()
                log(f"build: another build of {warehouse} is running (pid {holder}); nothing was "
                    "changed; run again when it has finished")
                return None
            if not said:
                log(f"build: waiting for the build of {warehouse} by pid {holder} to finish …")
                said = True
            time.sleep(0.5)


def build_aside(warehouse: str | Path, steps: list[list[str]], log=print, seeds: Path | None = None,
                wait_seconds: float = 0, incremental: bool = False,
                project: Path = Path("."), seed_step: list[str] | None = None) -> int:
    warehouse = Path(warehouse)
    building = warehouse.with_name(warehouse.name + ".building")
    try:
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=warehouse.parent, prefix=".write-check-")
        probe.close()
    except OSError as exc:
        log(f"build: cannot write in {warehouse.parent}: {exc.strerror or exc}; nothing was changed")
        return 1
    if seeds is not None and landed_documents(seeds) == 0:
        log(f"build: the landed seeds in {seeds} hold no document (every input was quarantined or "
            f"skipped: see {seeds / 'ingest_manifest.csv'}); {warehouse} is left as it was")
        return NOTHING_LANDED
    lock = _lock(warehouse, wait_seconds, log)
    if lock is None:
        return LOCKED
    env = dict(os.environ, BUDGET_WAREHOUSE=str(building))
    parquet = seeds is not None and landed_parquet(seeds)
    if parquet:
        # dbt's staging reads the Parquet files instead of seeds (macro `landed`).
        env["BUDGET_LANDED_PARQUET"] = str(seeds.resolve())
    else:
        env.pop("BUDGET_LANDED_PARQUET", None)
    fingerprint = code_fingerprint(project, "parquet" if parquet else "csv")
    try:
        return _build_locked(warehouse, building, steps, log, env, fingerprint, incremental,
                             seed_step, parquet)
    finally:
        lock.close()


def _build_locked(warehouse: Path, building: Path, steps: list[list[str]], log, env: dict,
                  fingerprint: str, incremental: bool, seed_step: list[str] | None = None,
                  parquet: bool = False) -> int:
    _remove(building)                     # a stale build from an interrupted run
    from_copy = False
    if incremental:
        previous = built_by(warehouse)
        if previous == fingerprint:
            try:
                if _wal(warehouse).exists():
                    _checkpoint(warehouse)    # the copy must hold everything
                shutil.copyfile(warehouse, building)
                from_copy = True
                log(f"build: incremental, from {warehouse}: only documents whose landed rows "
                    "changed are rebuilt")
            except (duckdb.Error, OSError) as exc:
                _remove(building)
                log(f"build: full, not incremental: cannot copy {warehouse}: {exc}")
        else:
            why = ("none exists yet" if not warehouse.exists() else
                   "it was built by other code (models, macros, reference seeds or requirements)"
                   if previous else "it records no build")
            log(f"build: full, not incremental: {why}")
    if not building.exists():
        try:
            _create(building)
        except duckdb.Error as exc:
            log(f"build: cannot create {building}: {exc}; {warehouse} is unchanged")
            return 1
    if seed_step is not None:
        if from_copy and parquet:
            log("build: seeds unchanged (the same code; the landed rows are Parquet): not reloaded")
        else:
            steps = [seed_step, *steps]
    for step in steps:
        try:
            code = subprocess.run(step, env=env).returncode
        except OSError as exc:
            log(f"build: cannot run {shlex.join(step)}: {exc}")
            code = 1
        except KeyboardInterrupt:
            _remove(building)
            log(f"build: interrupted; the partial build was removed and {warehouse} is unchanged")
            return INTERRUPTED
        if code != 0:
            _remove(building)
            log(f"build: '{shlex.join(step)}' failed (exit {code}); the partial build was removed "
                f"and {warehouse} is unchanged" + ("" if warehouse.exists() else " (none exists yet)"))
            return code or 1
    if not building.exists() or not _holds_tables(building):
        _remove(building)
        log(f"build: the steps wrote nothing to {building}; {warehouse} is unchanged")
        return 1
    try:
        _record(building, fingerprint)
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


# `make build`'s steps, when --step is not given: `dbt build` after `dbt seed`, so the seeds are not
# loaded twice; the gate is its own step (`make gate`); unit tests test our SQL on fixtures, not
# the data, and run in `make test` (test-dbt).
DBT = str(Path(sys.executable).parent / "dbt")
SEED_STEP = [DBT, "seed", "--quiet", "--full-refresh"]
BUILD_STEP = [DBT, "build", "--quiet", "--exclude", "tag:gate", "resource_type:seed", "test_type:unit"]


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m warehouse.build", __doc__.split("\n\n")[0], EXIT_CODES)
    ap.add_argument("warehouse", help="path of the warehouse to replace")
    ap.add_argument("--step", action="append",
                    help="a command to run against the new warehouse (repeatable, run in order); "
                    "without any, `make build`'s: --seed-step (default `dbt seed`) and `dbt build` "
                    "of everything but the gate and the unit tests")
    ap.add_argument("--seed-step", help="the command that loads the seeds, run before the steps; "
                    "skipped by an incremental build whose landed rows are Parquet (the seeds are "
                    "then unchanged code, already in the copied warehouse)")
    ap.add_argument("--seeds", type=Path, help=f"the landed seeds folder: refuse (exit {NOTHING_LANDED}) "
                    "when it holds no document, so a run that landed nothing keeps the old warehouse")
    ap.add_argument("--wait", type=float, default=float(os.environ.get("BUILD_LOCK_WAIT", 0)),
                    help="seconds to wait for another build of the same warehouse (default "
                    f"$BUILD_LOCK_WAIT or 0: refuse at once, exit {LOCKED})")
    ap.add_argument("--incremental", action="store_true",
                    help="start from WAREHOUSE when the same code built it, so only changed "
                    "documents are rebuilt (otherwise, or without this flag, a full build)")
    args = ap.parse_args(argv)
    seed_step = shlex.split(args.seed_step) if args.seed_step else None
    if args.step:
        steps = [shlex.split(s) for s in args.step]
    else:
        steps, seed_step = [BUILD_STEP], seed_step or SEED_STEP
    return build_aside(args.warehouse, steps, seeds=args.seeds, wait_seconds=args.wait,
                       incremental=args.incremental, seed_step=seed_step)


if __name__ == "__main__":
    sys.exit(main())
