"""Command line: ingest disclosure text extractions and land CSV seeds.

    python -m ingest [PATH ...] [--out seeds/landed] [--format auto|csv|parquet] [--shard I/N]
                     [--jobs N] [--reread] [--quiet] [--scheduler tcp://HOST:PORT]

PATH is a file or a folder (walked recursively); default $BUDGET_DOCS or data/raw.
--format: CSV seeds, or Parquet files with the same rows and the seeds' column types; auto (the
default) lands Parquet from PARQUET_FROM files on. --shard I/N reads only the files whose name
falls in shard I of N (a hash of the name, so every machine agrees); `python -m ingest.merge`
makes the shards' outputs one landed set. --scheduler (or $BUDGET_DASK_SCHEDULER) reads the files
as tasks on an existing Dask cluster instead of local processes, landing the same set
(ingest/distributed.py).
A file whose name and bytes are unchanged since the previous run into the same --out is not read
again (ingest/cache.py: the same code, rows kept beside the landed set); --reread reads every file.
Exit codes: EXIT_CODES below (`--help` lists them).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from . import cli
from .cache import Cache, cache_dir
from .land import FileOutcome, Found, discover, in_shard, relate, run, safe_label, save_part, write_seeds

# Above this many files the landed set is Parquet: `dbt seed` parses CSV in Python (a minute and
# 5 GB at 10⁴ documents), DuckDB reads the same rows from Parquet in seconds.
PARQUET_FROM = 5000

EXIT_CODES = {
    0: "every file landed (or was a duplicate of one that did)",
    1: "the seeds (or a shard's part) could not be written; the previous seeds are left as they were",
    2: f"nothing to ingest (no such path, no files under it), or {cli.USAGE}",
    3: "some file was quarantined or landed partially, or a path was skipped: the seeds are still "
       "written and the manifest says why",
    4: "nothing landed (every file quarantined or skipped): the seeds hold only the manifest, and "
       "`python -m warehouse.build --seeds` refuses to replace the warehouse with them",
}


def _shard(text: str) -> tuple[int, int]:
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give the shard as I/N, e.g. 1/4") from None
    if not 1 <= i <= n:
        raise argparse.ArgumentTypeError(f"{text!r}: I must be between 1 and N")
    return i, n


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m ingest", __doc__.split("\n\n")[0], EXIT_CODES)
    ap.add_argument("paths", nargs="*", help="files or folders (default: $BUDGET_DOCS or data/raw)")
    ap.add_argument("--out", default="seeds/landed", help="folder for the landed CSV seeds")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    ap.add_argument("--format", choices=("auto", "csv", "parquet"), default="auto",
                    help=f"landed files: CSV seeds or Parquet (auto: Parquet from {PARQUET_FROM} files)")
    ap.add_argument("--shard", type=_shard, default=(1, 1), metavar="I/N",
                    help="read only shard I of N of the files (default 1/1: all)")
    ap.add_argument("--scheduler", default=os.environ.get("BUDGET_DASK_SCHEDULER") or None, metavar="ADDRESS",
                    help="read the files as tasks on this Dask cluster (tcp://HOST:PORT; default "
                    "$BUDGET_DASK_SCHEDULER): its workers must see the documents and --out's folder "
                    "at the same paths (ingest/distributed.py)")
    ap.add_argument("--reread", action="store_true",
                    help="read every file, even those unchanged since the previous run (a shard always "
                    "does); what is read is still kept for the next run")
    args = ap.parse_args(argv)
    roots = args.paths or [os.environ.get("BUDGET_DOCS") or "data/raw"]
    try:
        found = discover(roots)
    except FileNotFoundError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    if not found:
        print(f"ingest: no files under {', '.join(map(str, roots))}", file=sys.stderr)
        return 2
    found = [f for f in found if in_shard(_label(f), *args.shard)]
    files = [f for f in found if not f.status]
    labels = [_label(f) for f in files]
    recorded = [FileOutcome(_label(f), f.size_bytes, status=f.status, reason=f.reason)
                for f in found if f.status]
    fmt = args.format if args.format != "auto" else ("parquet" if len(found) >= PARQUET_FROM else "csv")
    out = Path(args.out)
    sharded = args.shard != (1, 1)
    # A shard's spool is its part (moved whole to `out` at the end); otherwise a scratch folder.
    spool = out.with_name(f".{out.name}.{'writing' if sharded else 'spool'}-{os.getpid()}")
    # Files unchanged since the previous run into `out` are not read again (a shard's part is
    # moved whole to the merging machine, so a shard reads all its files).
    cache = None if sharded else Cache(cache_dir(out), reuse=not args.reread)
    reused, to_read = cache.split(files, labels) if cache else ({}, list(range(len(files))))
    if cache and not reused and not args.quiet:
        print(f"ingest: reading every file (nothing kept to reuse: "
              f"{cache.why_not or 'no file has the name and bytes of one the previous run read'})")

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=args.quiet or not console.is_terminal) as bar:
        task = bar.add_task("ingest", total=len(to_read))

        def tick(outcome) -> None:
            bar.advance(task)
            if outcome.status == "quarantined":
                console.print(f"[red]quarantined[/] {outcome.source_file}: {outcome.reason}")

        try:
            shutil.rmtree(spool, ignore_errors=True)
            read = run([files[k].path for k in to_read], [labels[k] for k in to_read], jobs=max(1, args.jobs),
                       progress=tick, spool=spool, relate_documents=False, scheduler=args.scheduler)
        except OSError as exc:
            shutil.rmtree(spool, ignore_errors=True)
            if cache:
                cache.close()
            print(f"ingest: cannot write the spool {spool}: {exc.strerror or exc}; the previous "
                  "seeds are left as they were", file=sys.stderr)
            return 1
    by_index = {**reused, **dict(zip(to_read, read))}
    outcomes = [by_index[k] for k in range(len(files))]
    if cache:
        # Kept before the relations between files are made: those are made again next time.
        problem = cache.save(outcomes, spool)
        cache.close()
        if problem:
            print(f"ingest: {problem}; the next run reads every file", file=sys.stderr)
    if not sharded:
        relate(outcomes)
    for o in recorded:
        console.print(f"[red]{o.status}[/] {o.source_file}: {o.reason}")
    outcomes += recorded
    if sharded:
        return _save_part(outcomes, spool, out, args.shard)
    try:
        return land(outcomes, out, fmt, console, args.quiet, unchanged=len(reused))
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def _save_part(outcomes: list[FileOutcome], spool: Path, out: Path, shard: tuple[int, int]) -> int:
    try:
        save_part(outcomes, spool, shard)
        if out.exists():
            shutil.rmtree(out)
        os.rename(spool, out)
    except OSError as exc:
        shutil.rmtree(spool, ignore_errors=True)
        print(f"ingest: cannot write the part to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    read = sum(1 for o in outcomes if o.info is not None)
    print(f"ingest: shard {shard[0]}/{shard[1]}: {len(outcomes)} files, {read} read → {out} (a part: "
          "`python -m ingest.merge` makes the parts of every shard one landed set)")
    return 0


def land(outcomes: list[FileOutcome], out: Path, fmt: str, console, quiet: bool, unchanged: int = 0) -> int:
    """Write the landed set and say what happened; the exit code of the module docstring."""
    try:
        counts = write_seeds(outcomes, out, fmt)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"ingest: cannot write seeds to {out}{where}: {exc.strerror or exc}; the previous "
              "seeds are left as they were", file=sys.stderr)
        return 1
    status = {s: sum(1 for o in outcomes if o.status == s)
              for s in ("landed", "partial", "duplicate", "quarantined", "skipped")}
    for o in outcomes:
        if o.status in ("partial", "duplicate") and not quiet:
            console.print(f"[yellow]{o.status}[/] {o.source_file}: {o.reason}")
    print(f"ingest: {len(outcomes)} files: {status['landed']} landed, {status['partial']} partial, "
          f"{status['duplicate']} duplicate, {status['quarantined']} quarantined, "
          f"{status['skipped']} skipped; "
          f"{counts['ingest_cells']} cells, {counts['ingest_facts']} facts, "
          f"{counts['ingest_findings']} findings → {out} ({fmt})"
          + (f"; {unchanged} files unchanged since the previous run were not read again" if unchanged else ""))
    if not status["landed"] + status["partial"] + status["duplicate"]:
        print(f"ingest: nothing landed: every one of the {len(outcomes)} files was quarantined or "
              f"skipped (see the manifest in {out}); a build from these seeds refuses to "
              "replace the warehouse", file=sys.stderr)
        return 4
    return 3 if status["partial"] or status["quarantined"] or status["skipped"] else 0


def _label(f: Found) -> str:
    """The file name as given, relative to the folder it was found in (stable across machines)."""
    label = str(f.path.relative_to(f.root)) if f.root is not None else f.path.name
    return safe_label(label)


if __name__ == "__main__":
    sys.exit(main())
