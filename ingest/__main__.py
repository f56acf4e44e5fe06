"""Command line: ingest disclosure text extractions and land CSV seeds.

    python -m ingest [PATH ...] [--out seeds/landed] [--jobs N] [--quiet]

PATH is a file or a folder (walked recursively); default $BUDGET_DOCS or data/raw.
Exit codes: 0 every file landed (or was a duplicate); 3 some file was quarantined or landed
partially, or a path was skipped (seeds are still written, the manifest says why); 2 nothing
to ingest or bad usage; 4 nothing landed (every file quarantined or skipped: the seeds hold
only the manifest, and `python -m warehouse.build` refuses to replace the warehouse
with them); 1 the seeds could not be written (the previous seeds are left as they were).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .land import FileOutcome, Found, discover, run, safe_label, write_seeds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="files or folders (default: $BUDGET_DOCS or data/raw)")
    ap.add_argument("--out", default="seeds/landed", help="folder for the landed CSV seeds")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--quiet", action="store_true", help="print only problems and the summary")
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
    files = [f for f in found if not f.status]
    labels = [_label(f) for f in files]
    recorded = [FileOutcome(_label(f), f.size_bytes, status=f.status, reason=f.reason)
                for f in found if f.status]

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=args.quiet or not console.is_terminal) as bar:
        task = bar.add_task("ingest", total=len(files))

        def tick(outcome) -> None:
            bar.advance(task)
            if outcome.status == "quarantined":
                console.print(f"[red]quarantined[/] {outcome.source_file}: {outcome.reason}")

        outcomes = run([f.path for f in files], labels, jobs=max(1, args.jobs), progress=tick)
    for o in recorded:
        console.print(f"[red]{o.status}[/] {o.source_file}: {o.reason}")
    outcomes += recorded
    try:
        counts = write_seeds(outcomes, Path(args.out))
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"ingest: cannot write seeds to {args.out}{where}: {exc.strerror or exc}; the previous "
              "seeds are left as they were", file=sys.stderr)
        return 1
    status = {s: sum(1 for o in outcomes if o.status == s)
              for s in ("landed", "partial", "duplicate", "quarantined", "skipped")}
    for o in outcomes:
        if o.status in ("partial", "duplicate") and not args.quiet:
            console.print(f"[yellow]{o.status}[/] {o.source_file}: {o.reason}")
    print(f"ingest: {len(outcomes)} files: {status['landed']} landed, {status['partial']} partial, "
          f"{status['duplicate']} duplicate, {status['quarantined']} quarantined, "
          f"{status['skipped']} skipped; "
          f"{counts['ingest_cells']} cells, {counts['ingest_facts']} facts, "
          f"{counts['ingest_findings']} findings → {args.out}")
    if not status["landed"] + status["partial"] + status["duplicate"]:
        print(f"ingest: nothing landed: every one of the {len(outcomes)} files was quarantined or "
              f"skipped (see the manifest in {args.out}); a build from these seeds refuses to "
              "replace the warehouse", file=sys.stderr)
        return 4
    return 3 if status["partial"] or status["quarantined"] or status["skipped"] else 0


def _label(f: Found) -> str:
    """The file name as given, relative to the folder it was found in (stable across machines)."""
    label = str(f.path.relative_to(f.root)) if f.root is not None else f.path.name
    return safe_label(label)


if __name__ == "__main__":
    sys.exit(main())
