"""The reviewer's check, timed: upload to verdict for a 40-page PDF, N times on a warm worker (the
dashboard's service keeps one), plus once from a cold `python -m check`. Each run is a distinct
file (the PDF with a comment appended), so nothing is served from a previous run. The check never
reads the shared warehouse, so its size (10⁴ documents or none) does not enter these figures.

    python -m check.bench [--runs 7] [--report BENCHMARKS.md]
"""
from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PDF = PROJECT / "data/pdf/corpus/unlabeled/湖州/2026年湖州市交通运输局部门预算.pdf"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m check.bench", description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--report", default="BENCHMARKS.md")
    args = ap.parse_args(argv)
    from check.pipeline import check_file
    from check.worker import Worker

    data = PDF.read_bytes()
    work = Path(tempfile.mkdtemp(prefix="check-bench-"))
    try:
        started = time.monotonic()
        worker = Worker(work)
        warm = time.monotonic() - started
        runs = []
        for k in range(args.runs):
            started = time.monotonic()
            result = check_file(data + f"\n%bench {k}\n".encode(), PDF.name, root=work, worker=worker)
            runs.append((time.monotonic() - started, result.seconds, result.verdict, result.pages))
            print(f"check {k + 1}/{args.runs}: {runs[-1][0]:.1f} s ({result.verdict})", flush=True)
        cold_file = work / "cold.pdf"
        cold_file.write_bytes(data + b"\n%bench cold\n")
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "check", str(cold_file), "--root", str(work / "cold")], cwd=PROJECT,
                       capture_output=True, check=False)
        cold = time.monotonic() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    totals = [r[0] for r in runs]
    stages = {stage: statistics.median(r[1].get(stage, 0) for r in runs) for stage in runs[0][1]}
    section = "\n".join([
        f"## {datetime.now():%Y-%m-%d %H:%M} — issue 26: the reviewer's check, upload to verdict, "
        f"{platform.system()} {platform.machine()}, 2 cores, Python {platform.python_version()}",
        "",
        f"`python -m check.bench --runs {args.runs}`: {PDF.name} ({runs[0][3]} pages, {len(data) / 1e6:.1f} MB), "
        f"verdict {runs[0][2]}; each run a distinct file. The check builds a scratch warehouse of its own, "
        "so the shared warehouse's size does not enter.",
        "",
        "| | seconds |",
        "|---|---:|",
        f"| warm worker, median of {len(totals)} | **{statistics.median(totals):.1f}** |",
        f"| warm worker, fastest / slowest | {min(totals):.1f} / {max(totals):.1f} |",
        *[f"| — stage `{stage}` (median) | {seconds:.2f} |" for stage, seconds in stages.items()],
        f"| worker warm-up, once (dbt parse, reference seeds, GX import) | {warm:.1f} |",
        f"| cold `python -m check` (warm-up included) | {cold:.1f} |",
        "",
    ])
    print(section)
    report = Path(args.report)
    if report.exists():
        report.write_text(report.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + section, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
