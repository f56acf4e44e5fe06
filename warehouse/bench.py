"""Benchmark: the whole pipeline at growing sizes, with peak memory and growth exponents.

    python -m warehouse.bench [--sizes 1000,10000] [--pdf-sizes 1000,10000] [--skip-dbt] [--skip-pdf]
    BENCH_FULL=1 python -m warehouse.bench           # adds 100000

For each N the bundled documents are replicated to N files, each copy a distinct department
(its name numbered: "…政务服务一二三中心"), so no copy is a duplicate or another's version, as in a
real collection; and measured as a user runs them: `python -m ingest` (one process, then all
cores; Parquet from 5,000 files on, as `make ingest` chooses), the build (`warehouse.build` with
`dbt seed` + `dbt build`, as `make build` runs it) and the gate (whole warehouse, then one
document, `DOC=`). Then 1 % more documents are added and the set is ingested again, the files
already read taken from ingest's cache (ingest/cache.py; the measured full ingests `--reread`), and
the build is incremental (from the previous warehouse): their times beside the full ones'. At
N = 1,000 the dashboard's four pages are loaded in chromium over the full build
(dashboard/bench_pages.py; `--skip-pages` leaves them out). Beside them, floors measured in the same run: reading and decoding the files,
and DuckDB scanning the landed rows. The PDF route (--pdf-sizes: 10³ and 10⁴, with BENCH_FULL=1
10⁵ too) makes N copies of the vendored corpus PDFs, each printing another department's name in
its text layer (warehouse/pdf_copies.py; no copy lands as a duplicate or as another's version),
and times poppler's `pdftotext -layout` on them (the floor), `python -m ingest` on one process
(up to 10³) and on every core, the build and the gate. Each step runs as its own process tree; peak
RSS is the largest sum over the tree, sampled every 0.1 s. Figures are appended to BENCHMARKS.md
with the machine and date; nothing here is asserted by a test.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from ingest import cli
from ingest.__main__ import PARQUET_FROM

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

EXIT_CODES = {0: "measured; the figures are appended to --report (nothing is asserted)",
              1: "a measured command exited with a code it should not (it is named on stderr)",
              2: cli.USAGE}


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total


def measure(command: list[str], env: dict | None = None, ok: tuple[int, ...] = (0,),
            cwd: Path = ROOT) -> tuple[float, int]:
    """Wall seconds and peak tree RSS (bytes) of one command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in ok:
        raise SystemExit(f"bench: {' '.join(command)} exited {proc.returncode}")
    return elapsed, peak


CN_DIGITS = "〇一二三四五六七八九"
PAGES_AT = 1000         # the size at which the dashboard's pages are timed (dashboard/bench_pages.py)


def replicate(source: Path, folder: Path, n: int, start: int = 0) -> float:
    """Copies start … n-1 of the bundled documents, each a distinct department; their size in MB.
    The department names are the bundled documents' own (their committed landed rows)."""
    if start == 0:
        shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "seeds" / "landed" / "ingest_documents.csv", encoding="utf-8") as fh:
        departments = {r["source_file"]: r["department_name"] for r in csv.DictReader(fh)}
    names = sorted(p.name for p in source.glob("*.txt"))
    texts = [(source / name).read_text(encoding="utf-8") for name in names]
    size = 0
    for k in range(start, n):
        name, text, department = names[k % len(names)], texts[k % len(names)], departments[names[k % len(names)]]
        number = "".join(CN_DIGITS[int(c)] for c in str(k))
        data = text.replace(department, department[:-2] + number + department[-2:]).encode()
        (folder / f"{k:06d}_{name}").write_bytes(data)
        size += len(data)
    return size / 1e6


def read_floor(folder: Path) -> float:
    t0 = time.perf_counter()
    for p in sorted(folder.iterdir()):
        p.read_bytes().decode("utf-8")
    return time.perf_counter() - t0


def scan_floor(landed: Path) -> float:
    """DuckDB reading every landed row (Parquet, or the CSV seeds)."""
    con = duckdb.connect()
    t0 = time.perf_counter()
    for f in sorted(landed.iterdir()):
        rows = con.read_parquet(str(f)) if f.suffix == ".parquet" else con.read_csv(str(f))
        rows.aggregate("count(*), max(length(cast(columns(*) as varchar)))").fetchall()
    return time.perf_counter() - t0


def make_project(work: Path) -> tuple[Path, Path, dict]:
    """A copy of the project under work/project, to build as `make build` runs it on its own
    seeds/landed: (project, its warehouse path, the environment for dbt)."""
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for part in ("dbt_project.yml", "profiles.yml", "requirements.txt", "models", "macros", "tests", "seeds",
                 "ingest", "gate", "warehouse"):
        src = ROOT / part
        (shutil.copytree(src, project / part, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb", ".*"))
         if src.is_dir() else shutil.copy(src, project / part))
    warehouse = project / "bench.duckdb"
    return project, warehouse, dict(os.environ, DBT_PROFILES_DIR=str(project), BUDGET_WAREHOUSE=str(warehouse))


def build_warehouse(n: int, work: Path) -> tuple[Path, dict]:
    """n distinct documents replicated, ingested on all cores and built as `make build` builds:
    the warehouse's path and the steps' (seconds, peak RSS)."""
    docs, landed = work / "docs", work / "landed"
    replicate(ROOT / "data" / "raw", docs, n)
    steps = {"ingest": measure([str(BIN / "python"), "-m", "ingest", str(docs), "--out", str(landed),
                                "--jobs", str(os.cpu_count() or 1), "--quiet"])}
    print(f"bench {n}: ingest {steps['ingest'][0]:.1f} s", flush=True)
    project, warehouse, env = make_project(work)
    steps["build"] = build(project, landed, warehouse, env, incremental=False)
    print(f"bench {n}: seed + build {steps['build'][0]:.1f} s", flush=True)
    shutil.rmtree(docs, ignore_errors=True)
    return warehouse, steps


def bench_size(n: int, work: Path, skip_dbt: bool, one_process_up_to: int,
               page_sizes: frozenset[int] = frozenset()) -> dict:
    cores = os.cpu_count() or 1
    docs = work / "docs"
    mb = replicate(ROOT / "data" / "raw", docs, n)
    row = {"n": n, "mb": mb, "read_s": read_floor(docs), "ingest": {}}
    landed = work / "landed"
    for jobs in sorted({1, cores}):
        if jobs == 1 and n > one_process_up_to and cores > 1:
            continue                    # linear at this size; 10⁵ documents on one core is 40 minutes
        row["ingest"][jobs] = measure([str(BIN / "python"), "-m", "ingest", str(docs), "--out", str(landed),
                                       "--jobs", str(jobs), "--quiet", "--reread"])
        print(f"bench {n}: ingest jobs={jobs}: {row['ingest'][jobs][0]:.1f} s", flush=True)
    row["format"] = "parquet" if n >= PARQUET_FROM else "csv"
    row["scan_s"] = scan_floor(landed)
    if skip_dbt:
        return row
    project, warehouse, env = make_project(work)
    row["build"] = build(project, landed, warehouse, env, incremental=False)
    print(f"bench {n}: seed + build: {row['build'][0]:.1f} s", flush=True)
    if n in page_sizes:
        # The dashboard's four pages in chromium over this warehouse (before the 1 % are added).
        from dashboard.bench_pages import DEFAULT_SCREENSHOTS, bench_pages
        try:
            row["pages"] = bench_pages(warehouse, runs=3, screenshots=DEFAULT_SCREENSHOTS)
        except Exception as exc:        # noqa: BLE001 — a page that did not draw is reported, not fatal
            print(f"bench {n}: dashboard pages not measured: {exc}", flush=True)
    gate = gate_command(warehouse, work)
    # Replicated documents carry the bundled documents' known findings: exit 1 is the expected verdict.
    row["gate"] = measure(gate, env, ok=(0, 1))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        one = con.execute("select doc_id from main.dim_document order by doc_id limit 1").fetchone()[0]
    row["gate_doc"] = measure(gate + [f"--doc={one}"], env, ok=(0, 1))
    print(f"bench {n}: gate {row['gate'][0]:.1f} s, one document {row['gate_doc'][0]:.1f} s", flush=True)
    # 1 % more documents: ingested again (only the new files are read), the build incremental.
    added = max(1, n // 100)
    replicate(ROOT / "data" / "raw", docs, n + added, start=n)
    row["added"] = added
    row["ingest_added"] = measure([str(BIN / "python"), "-m", "ingest", str(docs), "--out", str(landed),
                                   "--jobs", str(cores), "--quiet"])
    row["build_added"] = build(project, landed, warehouse, env, incremental=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        row["rebuilt"] = con.execute("select count(*) filter (where is_pending) from staging.stg_ingest__pending"
                                     ).fetchone()[0]
    print(f"bench {n}: +{added} documents: incremental build {row['build_added'][0]:.1f} s, "
          f"{row['rebuilt']} documents rebuilt", flush=True)
    return row


def build(project: Path, landed: Path, warehouse: Path, env: dict, incremental: bool) -> tuple[float, int]:
    """`make build`: warehouse.build with `dbt seed` and `dbt build` on the project's copy of landed."""
    shutil.rmtree(project / "seeds" / "landed")
    shutil.copytree(landed, project / "seeds" / "landed")
    command = [str(BIN / "python"), "-m", "warehouse.build", str(warehouse), "--seeds", "seeds/landed"]
    return measure(command + (["--incremental"] if incremental else []), {**env, "PYTHONPATH": str(project)},
                   cwd=project)


PDF_ONE_PROCESS_UP_TO = 1000    # one-process PDF ingest is measured up to this N (linear beyond)


def pdf_templates(n: int, made: list | None = None) -> tuple[list, dict]:
    """The vendored corpus PDFs that can each give their share of n distinct copies
    (warehouse/pdf_copies.py), made again with more varied names when a larger n needs it."""
    from warehouse import pdf_copies
    files = sorted((ROOT / "data" / "pdf" / "corpus").rglob("*.pdf"))
    # Twice as many names as copies: templates of one region and year often vary to the same names.
    need = 1 + -(-n * 2 // max(1, len(made) if made else len(files) // 2))
    if made and all(t.variants() >= need for t in made):
        return made, {}
    while True:
        made, rejected = pdf_copies.templates(files if not made else [t.source for t in made], need,
                                              say=lambda m: print(m, flush=True))
        print(f"pdf templates: {len(made)} of {len(files)} PDFs give {need:,} copies each", flush=True)
        if not made or need > -(-n * 2 // len(made)):
            return made, rejected
        need = 1 + -(-n * 2 // len(made))


def write_pdf_copies(made: list, folder: Path, n: int) -> tuple[int, float]:
    """Copies taken from the templates in turn, each with its template's next name that is no other copy's department-year
    (two templates may print one name: '民政局' and '财政局' both vary to '一政局'; a narrative and
    its tables file name one department), never the original's own name; (pages, MB)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    pages = size = 0
    given: set[tuple] = set()
    following = [1] * len(made)
    active = list(range(len(made)))           # templates with names left
    k = 0
    while k < n:
        if not active:
            raise SystemExit(f"bench: the corpus PDFs give only {k:,} distinct copies, {n:,} asked")
        i = active[k % len(active)]
        t = made[i]
        while following[i] < t.variants() and t.department_of(following[i]) in given:
            following[i] += 1
        if following[i] >= t.variants():
            active.remove(i)
            continue
        given.add(t.department_of(following[i]))
        data = t.copy(following[i])
        following[i] += 1
        (folder / f"{k:06d}.pdf").write_bytes(data)
        k += 1
        pages, size = pages + t.pages, size + len(data)
    return pages, size / 1e6


def landed_counts(landed: Path) -> dict:
    """What the copies landed as: documents, distinct departments (region, name key, year, stage),
    and the manifest's duplicates."""
    con = duckdb.connect()

    def rows(name: str):
        f = next(landed.glob(f"{name}.*"))
        return con.read_parquet(str(f)) if f.suffix == ".parquet" else con.read_csv(str(f), all_varchar=True)
    docs = rows("ingest_documents")
    documents, departments = docs.aggregate(
        "count(*), count(distinct (province, city, county, department_name_key, fiscal_year, stage))").fetchall()[0]
    manifest = rows("ingest_manifest")
    statuses = dict(manifest.aggregate("status, count(*)").fetchall())
    return {"documents": documents, "departments": departments, "statuses": statuses}


def bench_dask(folder: Path, landed: Path, out: Path, workers: int) -> tuple[float, int, bool]:
    """`python -m ingest --scheduler` on a local Dask cluster (one single-threaded worker process
    per core, over TCP): (seconds, peak RSS of the ingest command's own tree, the workers not
    counted; whether it landed the same bytes as the local run)."""
    from distributed import LocalCluster
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        seconds, rss = measure([str(BIN / "python"), "-m", "ingest", str(folder), "--out", str(out), "--quiet",
                                "--reread", "--scheduler", cluster.scheduler_address], ok=(0, 3))
    same = sorted(p.name for p in landed.iterdir()) == sorted(p.name for p in out.iterdir()) and all(
        (landed / p.name).read_bytes() == p.read_bytes() for p in out.iterdir() if p.is_file())
    return seconds, rss, same


def bench_pdf_size(n: int, work: Path, made: list, skip_dbt: bool, dask: bool = False) -> dict:
    """The PDF route at n documents: pdftotext on the copies (the floor), `python -m ingest` on one
    process (up to PDF_ONE_PROCESS_UP_TO) and on every core, then the build and the gate."""
    cores = os.cpu_count() or 1
    folder, landed = work / "pdf_docs", work / "pdf_landed"
    need = n * sum(len(t.data) for t in made) / len(made)
    work.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(work).free
    if need * 1.2 + 5e9 > free:
        return {"n": n, "skipped": f"the copies need about {need / 1e9:.0f} GB of disk; {free / 1e9:.0f} GB is free"}
    pages, mb = write_pdf_copies(made, folder, n)
    row = {"n": n, "files": n, "pages": pages, "mb": mb, "templates": len(made), "ingest": {}}
    if shutil.which("pdftotext"):
        row["pdftotext"] = measure(["sh", "-c", 'for f in "$0"/*.pdf; do pdftotext -q -layout "$f" -; done',
                                    str(folder)])
        print(f"bench pdf {n}: pdftotext {row['pdftotext'][0]:.1f} s", flush=True)
    for jobs in sorted({1, cores}):
        if jobs == 1 and n > PDF_ONE_PROCESS_UP_TO and cores > 1:
            continue
        row["ingest"][jobs] = measure([str(BIN / "python"), "-m", "ingest", str(folder), "--out", str(landed),
                                       "--jobs", str(jobs), "--quiet", "--reread"], ok=(0, 3))
        print(f"bench pdf {n}: ingest jobs={jobs}: {row['ingest'][jobs][0]:.1f} s", flush=True)
    row.update(landed_counts(landed))
    if dask:
        row["dask"] = bench_dask(folder, landed, work / "pdf_landed_dask", cores)
        print(f"bench pdf {n}: ingest on a Dask cluster of {cores} workers: {row['dask'][0]:.1f} s", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    if skip_dbt:
        return row
    project, warehouse, env = make_project(work)
    row["build"] = build(project, landed, warehouse, env, incremental=False)
    row["gate"] = measure(gate_command(warehouse, work), env, ok=(0, 1))
    print(f"bench pdf {n}: build {row['build'][0]:.1f} s, gate {row['gate'][0]:.1f} s", flush=True)
    return row


def gate_command(warehouse: Path, work: Path) -> list[str]:
    return [str(BIN / "python"), "-m", "gate", f"--warehouse={warehouse}", f"--out={work / 'gate'}"]


def exponent(a: tuple[int, float], b: tuple[int, float]) -> float:
    return math.log(b[1] / a[1]) / math.log(b[0] / a[0])


def report(path: Path, rows: list[dict], pdf: list[dict] | None) -> str:
    cores = os.cpu_count() or 1
    gib = 2**30
    machine = (f"{platform.system()} {platform.machine()}, {cores} cores, "
               f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / gib:.0f} GiB, "
               f"Python {platform.python_version()}, DuckDB {duckdb.__version__}")
    lines = [f"\n## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} — `make bench`, {machine}\n",
             "| N | MB | landed as | read + decode (floor) | ingest, 1 process | ingest, "
             f"{cores} processes | DuckDB scan of the landed rows (floor) | seed + build | gate | gate, one document |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    if not rows:                     # --skip-text
        lines = lines[:1]

    def cell(v):
        return f"{v[0]:.1f} s, {v[1] / gib:.2f} GB" if v else "–"

    for r in rows:
        one, many = r["ingest"].get(1), r["ingest"].get(cores)

        def rate(v):
            return f" ({r['n'] / v[0]:.0f} docs/s)" if v else ""

        lines.append(f"| {r['n']:,} | {r['mb']:.0f} | {r['format']} | {r['read_s']:.2f} s | {cell(one)}{rate(one)} "
                     f"| {cell(many)}{rate(many)} | "
                     f"{r['scan_s']:.2f} s | {cell(r.get('build'))} | {cell(r.get('gate'))} | "
                     f"{cell(r.get('gate_doc'))} |")
    added = [r for r in rows if "build_added" in r]
    if added:
        lines.append("\nAdding 1 % more documents: the set ingested again (the files already read taken from "
                     "ingest's cache), the build incremental (from the previous warehouse):\n")
        lines.append("| N | added | ingest again | share of the full ingest | incremental build | documents rebuilt "
                     "| share of the full build |")
        lines.append("|---|---|---|---|---|---|---|")
        for r in added:
            full = r["ingest"][cores][0]
            lines.append(f"| {r['n']:,} | {r['added']:,} | {cell(r['ingest_added'])} | "
                         f"{r['ingest_added'][0] / full:.1%} | {cell(r['build_added'])} | "
                         f"{r['rebuilt']:,} | {r['build_added'][0] / r['build'][0]:.1%} |")
    for r in rows:
        if "pages" in r:
            from dashboard.bench_pages import table
            lines.append(f"\nThe dashboard in chromium over the {r['n']:,}-document warehouse (`python -m "
                         "dashboard.bench_pages`: navigation until the run is over and every chart and grid drawn):\n")
            lines.append(table(r["pages"]))
    if len(rows) > 1:
        lines.append("\nGrowth exponent of the wall time (1.0 = linear in N):\n")
        lines.append("| between | ingest, 1 process | ingest, all cores | seed + build | gate |")
        lines.append("|---|---|---|---|---|")
        for a, b in zip(rows, rows[1:]):
            parts = [exponent((a["n"], a["ingest"][j][0]), (b["n"], b["ingest"][j][0]))
                     if j in a["ingest"] and j in b["ingest"] else None for j in (1, cores)]
            for k in ("build", "gate"):
                parts.append(exponent((a["n"], a[k][0]), (b["n"], b[k][0])) if k in a and k in b else None)
            lines.append(f"| {a['n']:,} → {b['n']:,} | " +
                         " | ".join(f"{p:.2f}" if p is not None else "–" for p in parts) + " |")
    if pdf:
        lines.append(pdf_report(pdf, cell))
    text = "\n".join(lines) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
    return text


def pdf_report(rows: list[dict], cell) -> str:
    """The PDF route's table: each step's time and peak RSS, pages/s, and its time per page against
    pdftotext's on the same files; then what the copies landed as, and the growth exponents."""
    cores = os.cpu_count() or 1
    done = [r for r in rows if "skipped" not in r]
    out = [f"\nPDF route: copies of the vendored corpus PDFs, each printing another department's name "
           f"(warehouse/pdf_copies.py; {done[0]['templates'] if done else 0} PDFs give copies):\n",
           "| N | pages | MB | `pdftotext -layout`, a process per file (floor) | ingest, 1 process | "
           f"ingest, {cores} processes | 1 process ÷ pdftotext, per page | seed + build | gate | "
           "ingest + build + gate |", "|---|---|---|---|---|---|---|---|---|---|"]

    def pages(v, r):
        return f"{cell(v)} ({r['pages'] / v[0]:.0f} pages/s)" if v else "–"
    for r in rows:
        if "skipped" in r:
            out.append(f"| {r['n']:,} | not measured: {r['skipped']} |" + " |" * 8)
            continue
        one, many, floor = r["ingest"].get(1), r["ingest"].get(cores), r.get("pdftotext")
        total = sum(r[k][0] for k in ("build", "gate") if k in r) + (many[0] if many else 0)
        out.append(f"| {r['n']:,} | {r['pages']:,} | {r['mb']:,.0f} | {pages(floor, r)} | {pages(one, r)} | "
                   f"{pages(many, r)} | {f'{one[0] / floor[0]:.2f}×' if one and floor else '–'} | "
                   f"{cell(r.get('build'))} | {cell(r.get('gate'))} | {total:.1f} s |")
    for r in done:
        if "dask" in r:
            seconds, rss, same = r["dask"]
            many = r["ingest"].get(cores)
            out.append(f"\nAt {r['n']:,} documents, `python -m ingest --scheduler` on a local Dask cluster of {cores} "
                       f"single-threaded worker processes (distributed.LocalCluster, TCP): {seconds:.1f} s "
                       f"({r['pages'] / seconds:.0f} pages/s; the local pool of {cores} processes: "
                       f"{many[0]:.1f} s), the parent's tree {rss / 2**30:.2f} GB; landed set "
                       f"{'byte for byte the same as the local run' if same else 'DIFFERENT from the local run'}.")
    out.append("\nWhat the copies landed as (each must be its own department, not a duplicate):\n")
    out.append("| N | documents landed | distinct departments (region, name, year, stage) | manifest |")
    out.append("|---|---|---|---|")
    for r in done:
        statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(r["statuses"].items()))
        out.append(f"| {r['n']:,} | {r['documents']:,} | {r['departments']:,} | {statuses} |")
    if len(done) > 1:
        out.append("\nGrowth exponent of the PDF route's wall time:\n")
        out.append("| between | pdftotext | ingest, all cores | seed + build | gate |")
        out.append("|---|---|---|---|---|")
        for a, b in zip(done, done[1:]):
            parts = []
            for va, vb in ((a.get("pdftotext"), b.get("pdftotext")), (a["ingest"].get(cores), b["ingest"].get(cores)),
                           (a.get("build"), b.get("build")), (a.get("gate"), b.get("gate"))):
                parts.append(f"{exponent((a['n'], va[0]), (b['n'], vb[0])):.2f}" if va and vb else "–")
            out.append(f"| {a['n']:,} → {b['n']:,} | " + " | ".join(parts) + " |")
    return "\n".join(out)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give numbers of documents, e.g. 1000,10000") from None
    if min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: every size must be at least 1")
    return sizes


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m warehouse.bench", __doc__.split("\n\n")[0], EXIT_CODES)
    full = os.environ.get("BENCH_FULL") == "1"
    ap.add_argument("--sizes", type=_sizes, default="1000,10000,100000" if full else "1000,10000",
                    help="numbers of documents, comma-separated (default %(default)s)")
    ap.add_argument("--work", default="build/bench")
    ap.add_argument("--skip-dbt", action="store_true")
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-text", action="store_true", help="measure only the PDF route")
    ap.add_argument("--skip-pages", action="store_true",
                    help=f"do not measure the dashboard's page loads in chromium (done at N = {PAGES_AT:,})")
    ap.add_argument("--pdf-sizes", type=_sizes, default="1000,10000,100000" if full else "1000,10000",
                    help="numbers of PDF documents for the PDF route (default %(default)s)")
    ap.add_argument("--one-process-up-to", type=int, default=10000,
                    help="measure one-process ingest only up to this N (all cores at every N)")
    ap.add_argument("--report", default="BENCHMARKS.md")
    args = ap.parse_args(argv)
    work = (ROOT / args.work).resolve()
    rows = []
    for n in [] if args.skip_text else args.sizes:
        rows.append(bench_size(n, work / str(n), args.skip_dbt, args.one_process_up_to,
                               frozenset() if args.skip_pages else frozenset({PAGES_AT})))
        shutil.rmtree(work / str(n) / "docs", ignore_errors=True)
    pdf = None
    if not args.skip_pdf:
        # The templates for the largest size whose copies fit on the disk serve every size (a size
        # that does not fit is reported by bench_pdf_size, and must not shrink the others' pool).
        work.mkdir(parents=True, exist_ok=True)
        corpus = list((ROOT / "data" / "pdf" / "corpus").rglob("*.pdf"))
        mean = sum(p.stat().st_size for p in corpus) / max(1, len(corpus))
        fits = [n for n in args.pdf_sizes if n * mean * 1.6 * 1.2 + 5e9 <= shutil.disk_usage(work).free]
        largest = max(fits or [min(args.pdf_sizes)])
        made, rejected = pdf_templates(largest)
        if not made:
            raise SystemExit(f"bench: no corpus PDF can give {largest:,} distinct copies: {rejected}")
        pdf = []
        for n in args.pdf_sizes:
            # The Dask route is timed at the smallest size, beside the local pool.
            pdf.append(bench_pdf_size(n, work / f"pdf{n}", made, args.skip_dbt, dask=n == min(args.pdf_sizes)))
            print(f"bench pdf {n}: {pdf[-1]}", flush=True)      # the figures, should a later size fail
    print(report(ROOT / args.report, rows, pdf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
