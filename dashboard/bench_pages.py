"""Page-load benchmark: the dashboard's four pages in chromium over a warehouse of N documents.

    python -m dashboard.bench_pages --docs 1000 [--runs 3] [--screenshots DIR]
    python -m dashboard.bench_pages --warehouse build/test_warehouse.duckdb     # an existing one

Builds a warehouse of N distinct documents as `make bench` does (warehouse.bench: the bundled
documents replicated, ingested on all cores, `dbt seed` + `dbt build`), or takes --warehouse;
publishes it (dashboard.publish), serves it with `streamlit run` (dashboard.serve) and opens each
page in Debian's chromium (Playwright). A page's load is the time from navigation until its
heading is drawn, Streamlit's running indicator ([data-testid="stStatusWidget"]) is gone, every
chart has drawn its marks, every data grid its canvas, and the page's own content is there
(Compliance: the findings grid; Spending: its charts; Compare: the grid and the distribution;
Document: the printed tables). Each run opens every page in a fresh browser context (a new
Streamlit session). The filter change is choosing the first province in the sidebar's filter
on Compare, until the page has run again and redrawn. Medians over the runs are printed as a table, with
the streamlit server's peak RSS (VmHWM); one full-page screenshot per page is saved after the
last run.
Exit code: 0 measured; 1 a page did not draw within the timeout, or streamlit did not start;
2 bad arguments, no such warehouse, or no chromium.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dashboard.publish import PublishError, publish
from dashboard.serve import CHROMIUM, CHROMIUM_ARGS, ServeError, peak_rss, screenshot, serve

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SCREENSHOTS = REPO / "build" / "screenshots" / "bench"
TIMEOUT_MS = 120_000

# page → (heading, selectors that must each match at least once once the page has drawn)
PAGES = {
    "compliance": ("合规 Compliance", ['[data-testid="stDataFrame"]']),
    "spending": ("支出 Spending", ['[data-testid="stVegaLiteChart"]', '[data-testid="stTable"]']),
    "compare": ("比较 Compare", ['[data-testid="stDataFrame"]', '[data-testid="stVegaLiteChart"]']),
    "document": ("文档 Document", ['[data-testid="stTable"]']),
}

# True once the run is over and everything drawn: the heading, no running indicator (it fades out
# in 0.2 s, counted), no element left stale from the previous run, each required selector present,
# each chart with its SVG marks, each data grid with its canvas.
DRAWN = """([heading, required]) => {
    if (!Array.from(document.querySelectorAll('h1, h2, h3')).some(h => h.textContent.trim() === heading)) return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (document.querySelector('[data-testid="stElementContainer"][data-stale="true"]')) return false;
    if (!required.every(s => document.querySelector(s))) return false;
    const charts = Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]'));
    if (!charts.every(c => c.querySelector('svg.marks'))) return false;
    const grids = Array.from(document.querySelectorAll('[data-testid="stDataFrame"]'));
    return grids.every(g => g.querySelector('canvas'));
}"""

# The sidebar's count ("12 / 1000 份文档"): the filter has been applied once the two differ.
FILTERED = """() => {
    const m = (document.querySelector('[data-testid="stSidebar"]') || document.body).innerText
        .match(/(\\d+) \\/ (\\d+) 份文档/);
    return m && m[1] !== m[2] ? m[1] : false;
}"""


class NotDrawn(Exception):
    pass


def _wait_drawn(page, name: str) -> None:
    # The heading's text, not its role: while a sidebar dropdown is open the main block is
    # hidden from the accessibility tree.
    page.wait_for_function(DRAWN, arg=list(PAGES[name]), polling=50)


def load(page, url: str, name: str) -> float:
    """Seconds from navigation to the page drawn."""
    t0 = time.perf_counter()
    page.goto(f"{url}/?page={name}")
    _wait_drawn(page, name)
    return time.perf_counter() - t0


def filter_change(page, province: str) -> float:
    """On a drawn Compare page: choose `province` in the sidebar's first filter; seconds until
    the page has run again and redrawn."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]').first.click()
    option = page.get_by_role("option", name=province, exact=True)
    option.wait_for()
    t0 = time.perf_counter()
    option.click()
    page.wait_for_function(FILTERED, polling=50)
    _wait_drawn(page, "compare")
    elapsed = time.perf_counter() - t0
    page.keyboard.press("Escape")
    return elapsed


def bench_pages(warehouse: str | Path, runs: int = 3, screenshots: str | Path | None = DEFAULT_SCREENSHOTS,
                timeout_ms: int = TIMEOUT_MS) -> dict:
    """Load times (seconds, each run) per page and for the Compare filter change, the server's
    peak RSS in bytes and the screenshots' paths, for the warehouse at `warehouse`.
    Raises NotDrawn, ServeError, PublishError, FileNotFoundError."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from dashboard import data

    times: dict[str, list[float]] = {name: [] for name in PAGES}
    times["compare, filter change"] = []
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="bench_pages_") as tmp:
        published = publish(warehouse, Path(tmp) / "warehouse.duckdb")
        with data.connect(published) as con:
            docs = data.documents(con)
        documents = len(docs)
        province = data.filter_values(docs, "province")[0]         # the first the sidebar offers
        with serve(published, Path(tmp) / "streamlit.log") as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for run in range(runs):
                    for name in PAGES:
                        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
                        page = context.new_page()
                        page.set_default_timeout(timeout_ms)
                        try:
                            times[name].append(load(page, server.url, name))
                            if name == "compare":
                                times["compare, filter change"].append(filter_change(page, province))
                            if screenshots and run == runs - 1:
                                if name == "compare":          # the unfiltered page, as it first draws
                                    page.goto(f"{server.url}/?page=compare")
                                    _wait_drawn(page, name)
                                shots.append(screenshot(page, Path(screenshots) / f"{name}.png"))
                        except PlaywrightError as exc:
                            raise NotDrawn(f"{name} (run {run + 1}): {exc}") from exc
                        finally:
                            context.close()
                        print(f"bench_pages: run {run + 1} {name}: {times[name][-1]:.2f} s", flush=True)
            finally:
                browser.close()
            rss = peak_rss(server.pid)
    return {"documents": documents, "runs": runs, "times": times, "server_rss": rss, "screenshots": shots,
            "province": province}


def table(result: dict) -> str:
    """The medians as a Markdown table."""
    lines = [f"| page ({result['documents']:,} documents) | median of {result['runs']} | runs |", "|---|---|---|"]
    for name, values in result["times"].items():
        label = f"compare, choosing {result['province']} in the sidebar" if name == "compare, filter change" else name
        lines.append(f"| {label} | {statistics.median(values):.2f} s | "
                     + ", ".join(f"{v:.2f}" for v in values) + " |")
    rss = result["server_rss"]
    lines.append(f"\nstreamlit server peak RSS (VmHWM): {rss / 2**20:.0f} MiB" if rss else
                 "\nstreamlit server peak RSS: not readable")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard.bench_pages", description=__doc__.split("\n\n")[0],
                                 epilog="Exit code: 0 measured; 1 a page did not draw within the timeout, or "
                                        "streamlit did not start; 2 bad arguments, no such warehouse, or no "
                                        "chromium.")
    ap.add_argument("--docs", type=int, default=1000, help="documents to build a warehouse of (default %(default)s)")
    ap.add_argument("--warehouse", help="use this built warehouse instead of building one (--docs is then unused)")
    ap.add_argument("--work", default="build/bench_pages",
                    help="where the warehouse is built, in <work>/<docs>/ (default %(default)s)")
    ap.add_argument("--runs", type=int, default=3, help="page loads per page; the median is reported (default 3)")
    ap.add_argument("--screenshots", default=str(DEFAULT_SCREENSHOTS),
                    help="folder for one full-page screenshot per page (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=TIMEOUT_MS / 1000,
                    help="seconds a page may take to draw (default %(default)s)")
    args = ap.parse_args(argv)
    if args.runs < 1 or args.docs < 1:
        ap.error("--runs and --docs must be at least 1")
    if not Path(CHROMIUM).exists():
        print(f"bench_pages: {CHROMIUM} is missing: run `make system-deps`", file=sys.stderr)
        return 2
    if args.warehouse:
        warehouse = Path(args.warehouse)
        if not warehouse.is_file():
            print(f"bench_pages: no warehouse at {warehouse}", file=sys.stderr)
            return 2
    else:
        from warehouse.bench import build_warehouse
        warehouse, _ = build_warehouse(args.docs, (REPO / args.work / str(args.docs)).resolve())
    try:
        result = bench_pages(warehouse, args.runs, args.screenshots, int(args.timeout * 1000))
    except (NotDrawn, ServeError) as exc:
        print(f"bench_pages: {exc}", file=sys.stderr)
        return 1
    except (PublishError, FileNotFoundError) as exc:
        print(f"bench_pages: {exc}", file=sys.stderr)
        return 2
    print(table(result))
    for path in result["screenshots"]:
        print(f"bench_pages: screenshot {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
