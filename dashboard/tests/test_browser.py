"""The dashboard in a real browser: Debian's chromium driven by Playwright, against the warehouse
built from the bundled documents by `make test-dbt` (build/test_warehouse.duckdb, or
$DASHBOARD_TEST_WAREHOUSE). The warehouse is published to a temporary folder, `streamlit run`
serves it on a free port, and every page is opened, checked for known figures and saved as a
screenshot in build/screenshots/<page>.png (kept as test artifacts).

Playwright's own browser download is never used: `make system-deps` installs chromium and the
CJK fonts (fonts-noto-cjk) this test needs.

When the warehouse has no compliance results, the Compliance page must say so; once the project
defines the gate's findings mart (models/**/fct_compliance_findings.sql), the warehouse must
have it and the real finding on 永登县政务服务中心 (R26: narrative 基本支出 137.05 万元 against the
table's 89.05 万元) must appear.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dashboard import data
from dashboard.publish import PublishError, publish
from dashboard.serve import CHROMIUM, CHROMIUM_ARGS, ServeError, serve
from dashboard.serve import screenshot as _full_page_screenshot

REPO = Path(__file__).resolve().parents[2]
WAREHOUSE = Path(os.environ.get("DASHBOARD_TEST_WAREHOUSE") or REPO / "build" / "test_warehouse.duckdb")
SCREENSHOTS = REPO / "build" / "screenshots"
TIMEOUT_MS = 30_000

RUOQIANG = "若羌县人民政府办公室"
YONGDENG = "永登县政务服务中心"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    if not WAREHOUSE.is_file():
        pytest.fail(f"no warehouse at {WAREHOUSE}: run `make test-dbt` first (it builds the bundled documents)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (installs chromium and fonts-noto-cjk)")
    try:
        return publish(WAREHOUSE, tmp_path_factory.mktemp("published") / "warehouse.duckdb")
    except PublishError as exc:
        pytest.fail(f"{exc}\n(a failed `make test-dbt` leaves a partial warehouse: rerun it)")


@pytest.fixture(scope="module")
def facts(published) -> dict:
    """What the pages must show, read from the warehouse itself (doc ids are content hashes)."""
    with data.connect(published) as con:
        docs = {d["department_name"]: d["doc_id"] for d in data.documents(con)}
        return {"docs": docs, "gate": data.has_compliance(con)}


@pytest.fixture(scope="module")
def server(published, tmp_path_factory):
    try:
        with serve(published, tmp_path_factory.mktemp("streamlit") / "streamlit.log") as srv:
            yield srv.url
    except ServeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    yield pg
    context.close()


def _open(page, url: str, heading: str):
    page.goto(url)
    page.get_by_role("heading", name=heading).wait_for()
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached")   # the run finished


def _see(page, text: str):
    """The text is visible somewhere on the page."""
    from playwright.sync_api import expect
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


def _screenshot(page, name: str) -> Path:
    """The whole page, in build/screenshots/<name>.png."""
    path = _full_page_screenshot(page, SCREENSHOTS / f"{name}.png")
    assert path.stat().st_size > 10_000
    return path


def _assert_chinese_uses_a_cjk_font(page, selector: str = "h2"):
    """The heading's Chinese glyphs are drawn with a CJK font, not boxes (chromium reports the
    platform fonts it used for a node)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    text = page.locator(selector).first.inner_text()
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    cjk = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
    assert han and cjk >= han, f"{text!r} drawn with {fonts}"


# Per chart: each bar's box, each mark point's box and each axis label's box, from the SVG Vega drew.
CHART_GEOMETRY = """() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).map(chart => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
    return {
        svg: Array.from(chart.querySelectorAll('svg.marks')).map(box),
        bars: Array.from(chart.querySelectorAll('g.mark-rect.role-mark path')).map(box),
        points: Array.from(chart.querySelectorAll('g.mark-symbol.role-mark path')).map(box),
        axes: Array.from(chart.querySelectorAll('g.role-axis')).map(axis =>
            Array.from(axis.querySelectorAll('g.role-axis-label text')).filter(t => t.textContent).map(box)),
    };
})"""


def _overlap(a, b) -> bool:
    """Two boxes share more than a pixel each way."""
    return (min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) > 1
            and min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > 1)


def _charts(page, count: int) -> list[dict]:
    """The page's charts once all `count` have drawn their marks; every label readable: no two
    labels of one axis overlap."""
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(count - 1).locator("svg.marks").wait_for()
    page.wait_for_timeout(500)                                   # the last chart's marks settle
    assert charts.count() == count
    geometry = page.evaluate(CHART_GEOMETRY)
    for i, chart in enumerate(geometry):
        for labels in chart["axes"]:
            clashes = [(a, b) for j, a in enumerate(labels) for b in labels[j + 1:] if _overlap(a, b)]
            assert not clashes, f"chart {i}: axis labels overlap: {clashes[:3]}"
    return geometry


def _assert_bars_have_extent(chart: dict, name: str) -> None:
    """Bars a reader can see: each at least 10 px thick, the longest at least 100 px long."""
    assert chart["bars"], f"{name}: no bars drawn"
    thickness = [min(b[2], b[3]) if b[2] > 0 else b[3] for b in chart["bars"]]
    assert min(thickness) >= 10, f"{name}: bars {thickness} px thick"
    assert max(max(b[2], b[3]) for b in chart["bars"]) >= 100, f"{name}: bars {chart['bars']}"


def test_compliance_page(page, server, facts):
    assert facts["gate"], f"{WAREHOUSE} has no compliance results: build it with `make test-dbt`"
    _open(page, f"{server}/?page=compliance&rule=R26", "合规 Compliance")
    _see(page, "R26")
    _see(page, YONGDENG)
    _see_exports(page)
    _assert_chinese_uses_a_cjk_font(page)
    _screenshot(page, "compliance")


def test_spending_page(page, server, facts):
    _open(page, f"{server}/?page=spending&doc={facts['docs'][RUOQIANG]}", "支出 Spending")
    _see(page, "收支总计（万元）")
    _see(page, "842.07")                     # 收支总计
    _see(page, "592.99")                     # 基本支出
    _see(page, "249.08")                     # 项目支出
    _see(page, "683.70")                     # 201 一般公共服务支出
    _see(page, "542.29")                     # 301 工资福利支出
    three_public = page.locator('[data-testid="stTable"]').filter(has_text="公务接待（万元）")
    assert "0.25" in three_public.inner_text()                # 三公: 公务接待 0.25 万元
    # basic vs project (one stacked bar), 4 function classes, 3 economic classes, 三公 items
    basic_project, functions, economics, three_public_items = _charts(page, 4)
    for chart, name in ((functions, "function"), (economics, "economic")):
        _assert_bars_have_extent(chart, name)
    assert len(functions["bars"]) == 4 and len(economics["bars"]) == 3
    assert len(basic_project["bars"]) == 2 and min(b[2] for b in basic_project["bars"]) >= 100
    _assert_bars_have_extent(three_public_items, "三公")     # 公务接待 0.25 万元, the only item it prints
    # 201 (683.70 万元) is drawn ~17.8 times as long as 210 (38.43 万元)
    lengths = sorted(b[2] for b in functions["bars"])
    assert 15 < lengths[-1] / lengths[0] < 21, lengths
    _see_exports(page)
    _screenshot(page, "spending")


def _see_exports(page):
    from playwright.sync_api import expect
    expect(page.get_by_role("button", name=re.compile("下载 CSV")).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("下载 Parquet")).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("下载 Excel")).first).to_be_visible()


def test_compare_page(page, server, facts):
    _open(page, f"{server}/?page=compare", "比较 Compare")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    assert grid.bounding_box()["height"] >= 100
    _see(page, "4 份文档有人均三公经费")                 # every bundled document states its staff
    (distribution,) = _charts(page, 1)
    assert len(distribution["points"]) == 4, distribution["points"]
    assert all(p[2] >= 4 and p[3] >= 4 for p in distribution["points"])
    (groups,) = [labels for labels in distribution["axes"]
                 if labels and max(b[1] for b in labels) - min(b[1] for b in labels) > 10]
    assert len(groups) == 2                                # the group axis: 新疆 (3 documents) and 甘肃
    _see_exports(page)
    _screenshot(page, "compare")


def test_document_page(page, server, facts):
    if facts["gate"]:
        _open(page, f"{server}/?page=document&doc={facts['docs'][YONGDENG]}&line=99", "文档 Document")
        _see(page, "R26 · 第 99 行")
        _see(page, "⟵ 所选行")                            # 表三 row 337, the table side of R26
        from playwright.sync_api import expect
        # The printed tables are the left column; the findings grid on the right can hold the same
        # numbers and may render first, so scope to the left and let expect retry while it draws.
        tables = page.locator('[data-testid="stColumn"]').filter(has_text="表格（按原文）").locator('[data-testid="stTable"]')
        row = tables.locator("tr").filter(has_text="337").filter(has_text="89.05").first
        expect(row.locator("td").first).to_have_css("background-color", "rgb(255, 229, 143)")  # HIGHLIGHT in app.py
        _screenshot(page, "document_finding")
    _open(page, f"{server}/?page=document&doc={facts['docs'][RUOQIANG]}", "文档 Document")
    table = page.locator('[data-testid="stTable"]').filter(has_text="收入总计").first
    row = table.locator("tr", has_text="收入总计").first.inner_text()
    assert "842.07" in row, row
    _see_exports(page)
    _screenshot(page, "document")


def test_department_page(page, server, facts):
    # Each bundled document is its own department's only year: one point per figure, and its row.
    _open(page, f"{server}/?page=department", "部门历年 Department")
    _see(page, "部门键")
    (history,) = _charts(page, 1)
    assert history["points"], history
    _see(page, "收支总计（万元）")
    _screenshot(page, "department")


def test_dbt_docs_open_from_disk(page):
    """`dbt docs generate --static` (test-dbt, `make docs`) is one file that draws a model's page
    opened from disk, with no server (the plain index.html stays at "(loading)" there)."""
    docs = REPO / "target" / "static_index.html"
    if not docs.is_file():
        pytest.fail(f"no {docs}: run `make test-dbt` first (it generates the static docs)")
    page.goto(docs.as_uri() + "#!/model/model.budget_warehouse.fct_department_summary")
    from playwright.sync_api import expect
    expect(page.get_by_text("fct_department_summary").first).to_be_visible()
    expect(page.get_by_text("three_public_yuan").first).to_be_visible()     # a column, from the catalog
    _screenshot(page, "dbt_docs")
