"""Benchmark: ingest throughput (documents/s, MB/s; one core and all cores) and dbt build time.

    python -m warehouse.bench [--copies 1000] [--skip-dbt]

Replicates the bundled documents to N files (each copy made distinct by a trailing line, so none
is a duplicate), ingests them, builds the warehouse from the landed seeds, and appends the figures
with the machine and date to BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ingest.land import discover, run, write_seeds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m warehouse.bench")
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--source", default="data/raw")
    ap.add_argument("--work", default="build/bench")
    ap.add_argument("--skip-dbt", action="store_true")
    ap.add_argument("--report", default="BENCHMARKS.md")
    args = ap.parse_args(argv)
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    docs = work / "docs"
    docs.mkdir(parents=True)
    sources = sorted(Path(args.source).glob("*.txt"))
    for n in range(args.copies):
        src = sources[n % len(sources)]
        data = src.read_bytes() + f"\n<!-- bench copy {n} -->\n".encode()
        (docs / f"{n:06d}_{src.name}").write_bytes(data)
    files = [f.path for f in discover([docs])]
    labels = [f.name for f in files]
    mb = sum(f.stat().st_size for f in files) / 1e6
    results = {}
    cores = os.cpu_count() or 1
    for jobs in sorted({1, cores}):
        t0 = time.perf_counter()
        outcomes = run(files, labels, jobs=jobs)
        elapsed = time.perf_counter() - t0
        bad = [o for o in outcomes if o.status not in ("landed",)]
        if bad:
            print(f"bench: {len(bad)} files did not land, e.g. {bad[0].source_file}: {bad[0].reason}")
            return 1
        results[jobs] = elapsed
        print(f"ingest jobs={jobs}: {len(files)} docs in {elapsed:.2f}s = "
              f"{len(files) / elapsed:.0f} docs/s, {mb / elapsed:.1f} MB/s")
    t0 = time.perf_counter()
    counts = write_seeds(outcomes, work / "landed")
    write_s = time.perf_counter() - t0
    dbt_s = None
    if not args.skip_dbt:
        dbt_s = _dbt_build(work)
    _report(Path(args.report), len(files), mb, results, write_s, counts, dbt_s, cores)
    return 0


def _dbt_build(work: Path) -> float:
    """Build a throwaway warehouse from the bench seeds (seeds/landed is swapped in and restored)."""
    env = dict(os.environ, BUDGET_WAREHOUSE=str(work / "bench.duckdb"),
               DBT_PROFILES_DIR=str(Path.cwd()))
    landed = Path("seeds/landed")
    backup = work / "landed_backup"
    if landed.exists():
        shutil.copytree(landed, backup)
        shutil.rmtree(landed)
    shutil.copytree(work / "landed", landed)
    dbt = str(Path(sys.executable).with_name("dbt"))
    try:
        t0 = time.perf_counter()
        subprocess.run([dbt, "seed", "--full-refresh", "--quiet"], check=True, env=env)
        # The gate is not part of a build (make build excludes it): replicated documents fail it.
        subprocess.run([dbt, "build", "--quiet", "--exclude", "tag:gate"], check=True, env=env)
        return time.perf_counter() - t0
    finally:
        shutil.rmtree(landed)
        if backup.exists():
            shutil.copytree(backup, landed)


def _report(path: Path, n: int, mb: float, results: dict[int, float], write_s: float,
            counts: dict[str, int], dbt_s: float | None, cores: int) -> None:
    machine = f"{platform.system()} {platform.machine()}, {cores} cores, Python {platform.python_version()}"
    lines = [f"\n## {dt.date.today().isoformat()} — {n} documents ({mb:.1f} MB), {machine}\n",
             "| step | time | throughput |", "|---|---|---|"]
    for jobs, secs in sorted(results.items()):
        lines.append(f"| ingest, {jobs} process{'es' if jobs > 1 else ''} | {secs:.2f} s | "
                     f"{n / secs:.0f} docs/s ({n / secs / jobs:.0f} per core), {mb / secs:.1f} MB/s |")
    lines.append(f"| write seeds ({counts['ingest_cells']} cells, {counts['ingest_facts']} facts) | "
                 f"{write_s:.2f} s | |")
    if dbt_s is not None:
        lines.append(f"| dbt seed + build (all models and tests but the gate) | {dbt_s:.1f} s | "
                     f"{n / dbt_s:.0f} docs/s |")
    if not path.exists():
        path.write_text("# Benchmarks\n\nMade by `make bench` (`python -m warehouse.bench`): the bundled "
                        "documents replicated to N distinct files.\n", encoding="utf-8")
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
