"""Command line: ingest disclosure text extractions and land CSV seeds.

    python -m ingest [PATH ...] [--out seeds/landed] [--jobs N] [--quiet]

PATH is a file or a folder (walked recursively); default $BUDGET_DOCS or data/raw.
Exit codes: 0 every file landed (or was a duplicate); 3 some file was quarantined or landed
partially (seeds are still written, the manifest says why); 2 nothing to ingest or bad usage;
1 the seeds could not be written (the previous seeds are left as they were).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .land import discover, run, safe_label, write_seeds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="files or folders (default: $BUDGET_DOCS or data/raw)")
    ap.add_argument("--out", default="seeds/landed", help="folder for the landed CSV seeds")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    args = ap.parse_args(argv)
    roots = args.paths or [os.environ.get("BUDGET_DOCS") or "data/raw"]
    try:
        files = discover(roots)
    except FileNotFoundError as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    if not files:
        print(f"ingest: no files under {', '.join(map(str, roots))}", file=sys.stderr)
        return 2
    labels = _labels(files, roots)

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

        outcomes = run(files, labels, jobs=max(1, args.jobs), progress=tick)
    try:
        counts = write_seeds(outcomes, Path(args.out))
    except OSError as exc:
        print(f"ingest: cannot write seeds to {args.out}: {exc}", file=sys.stderr)
        return 1
    status = {s: sum(1 for o in outcomes if o.status == s)
              for s in ("landed", "partial", "duplicate", "quarantined")}
    for o in outcomes:
        if o.status in ("partial", "duplicate") and not args.quiet:
            console.print(f"[yellow]{o.status}[/] {o.source_file}: {o.reason}")
    print(f"ingest: {len(outcomes)} files: {status['landed']} landed, {status['partial']} partial, "
          f"{status['duplicate']} duplicate, {status['quarantined']} quarantined; "
          f"{counts['ingest_cells']} cells, {counts['ingest_facts']} facts, "
          f"{counts['ingest_findings']} findings → {args.out}")
    return 3 if status["partial"] or status["quarantined"] else 0


def _labels(files: list[Path], roots: list[str]) -> list[str]:
    """The file name as given, relative to the folder it was found in (stable across machines)."""
    out = []
    for f in files:
        label = f.name
        for r in roots:
            rp = Path(r)
            if rp.is_dir():
                try:
                    label = str(f.relative_to(rp))
                    break
                except ValueError:
                    continue
        out.append(safe_label(label))
    return out


if __name__ == "__main__":
    sys.exit(main())
