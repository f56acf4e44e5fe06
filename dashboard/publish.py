"""Publish a read-only copy of the warehouse for the dashboard.

    python -m dashboard.publish WAREHOUSE [--to build/published/warehouse.duckdb]

`make build` runs this after a successful build, so the dashboard never opens the warehouse a
build is writing (DuckDB lets one process write a file, and a reader holding it would block the
next build). The copy is made beside its destination under a temporary name, any write-ahead
log of the source merged into it, checked to open read-only with the marts in it, made
read-only on disk, and renamed over the previous copy (same folder, so the rename is atomic:
a reader sees the old copy or the new one, never half of one). A failed publish leaves the
previous copy as it was.
Exit codes: EXIT_CODES below (`--help` lists them).
"""
from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import duckdb

from ingest import cli

from .data import DEFAULT_PUBLISHED

REQUIRED = ("main", "dim_document")
EXIT_CODES = {0: "published",
              1: "the copy could not be made or is not a warehouse; the previous copy is left as it was",
              2: f"no such warehouse, or {cli.USAGE}"}


class PublishError(Exception):
    pass


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def publish(warehouse: str | Path, dest: str | Path = DEFAULT_PUBLISHED) -> Path:
    """Copy warehouse to dest atomically, read-only; returns dest. Raises FileNotFoundError when
    warehouse does not exist and PublishError when the copy is not a usable warehouse."""
    warehouse, dest = Path(warehouse), Path(dest)
    if not warehouse.is_file():
        raise FileNotFoundError(f"publish: no warehouse at {warehouse}; build one first (make build)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(warehouse, tmp)
        if _wal(warehouse).exists():
            # A log the source has not merged yet holds committed data: bring it along and merge.
            shutil.copyfile(_wal(warehouse), _wal(tmp))
            con = duckdb.connect(str(tmp))
            try:
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _wal(tmp).unlink(missing_ok=True)
        try:
            con = duckdb.connect(str(tmp), read_only=True)
            try:
                found = con.execute(
                    "select count(*) from information_schema.tables where table_schema = $s and table_name = $t",
                    {"s": REQUIRED[0], "t": REQUIRED[1]}).fetchone()[0]
            finally:
                con.close()
        except duckdb.Error as exc:
            raise PublishError(f"publish: {warehouse} is not a readable DuckDB warehouse: {exc}") from exc
        if not found:
            raise PublishError(f"publish: {warehouse} has no {'.'.join(REQUIRED)}; is it a built warehouse? "
                               f"{dest} is unchanged")
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
        _wal(tmp).unlink(missing_ok=True)
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m dashboard.publish", __doc__.split("\n\n")[0], EXIT_CODES)
    ap.add_argument("warehouse", help="the warehouse a build just made")
    ap.add_argument("--to", default=str(DEFAULT_PUBLISHED), help="where the dashboard reads it (default %(default)s)")
    args = ap.parse_args(argv)
    try:
        dest = publish(args.warehouse, args.to)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    except (PublishError, OSError, duckdb.Error) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"publish: {args.warehouse} → {dest} (read-only copy for the dashboard)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
