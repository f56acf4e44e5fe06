"""The reviewer's page in a real browser (Debian's chromium, driven by Playwright): upload a
disclosure, wait for the verdict, see a finding's page with its box drawn where the figure is
printed (read from the pixels chromium shows), download the annotated PDF and read its notes back;
then each hostile file, one by one, refused with its reason while the app keeps answering.
Screenshots land in build/screenshots/check*.png."""
from __future__ import annotations

import io
import json
import re
import os
import sys
import urllib.request
from pathlib import Path

import pytest

from dashboard.serve import CHROMIUM, CHROMIUM_ARGS, ServeError, serve
from dashboard.serve import screenshot as full_page_screenshot

HERE = Path(__file__).parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import hostile  # noqa: E402

HUZHOU = REPO / "data/pdf/corpus/unlabeled/湖州/2026年湖州市交通运输局部门预算.pdf"
SCREENSHOTS = REPO / "build" / "screenshots"
CHECK_MS = 600_000


@pytest.fixture(scope="module")
def check_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("checks")


@pytest.fixture(scope="module")
def server(check_root, tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps`")
    saved = os.environ.get("CHECK_ROOT")
    os.environ["CHECK_ROOT"] = str(check_root)          # the app checks into this test's folder
    # decisions saved on the page go to this test's file, not the project's ref_waivers.csv
    os.environ["CHECK_DECISIONS_FILE"] = str(check_root / "decisions.csv")
    try:
        with serve(tmp_path_factory.mktemp("published") / "warehouse.duckdb",
                   tmp_path_factory.mktemp("streamlit") / "streamlit.log") as srv:
            yield srv.url
    except ServeError as exc:
        pytest.fail(str(exc))
    finally:
        os.environ.pop("CHECK_DECISIONS_FILE", None)
        if saved is None:
            os.environ.pop("CHECK_ROOT", None)
        else:
            os.environ["CHECK_ROOT"] = saved


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN",
                                      accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        yield pg
        context.close()
        browser.close()


def _upload(page, server: str, name: str, data: bytes) -> None:
    page.goto(f"{server}/?page=check")
    page.get_by_role("heading", name="审阅 Check").wait_for()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": data})
    page.get_by_role("button", name="开始检查").click()


def _healthy(server: str) -> bool:
    with urllib.request.urlopen(server + "/_stcore/health", timeout=10) as r:
        return r.read().strip() == b"ok"


def test_upload_shows_each_finding_on_its_page_and_hands_on_the_annotated_pdf(page, server, check_root, tmp_path):
    from PIL import Image
    from playwright.sync_api import expect

    _upload(page, server, "湖州市交通运输局2026年部门预算.pdf", HUZHOU.read_bytes())
    expect(page.get_by_text("结论：未通过").first).to_be_visible(timeout=CHECK_MS)
    (folder,) = [p for p in check_root.iterdir() if re.fullmatch(r"[0-9a-f]{16}", p.name)]
    findings = json.loads((folder / "findings.json").read_text(encoding="utf-8"))["findings"]
    (r26,) = [f for f in findings if f["rule_id"] == "R26"]
    # the R26 finding's block: its text and its page image, the narrative's figure boxed
    block = page.locator("xpath=//strong[contains(., '[R26]')]/ancestor::div[@data-testid='stVerticalBlock'][1]")
    expect(block.get_by_text("192207.76", exact=False).first).to_be_visible()
    image = block.locator("img").first
    image.scroll_into_view_if_needed()
    expect(image).to_be_visible()
    natural = page.evaluate("(img) => [img.naturalWidth, img.naturalHeight]", image.element_handle())
    shown = Image.open(io.BytesIO(image.screenshot())).convert("RGB")
    ratio = shown.size[0] / natural[0]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(folder / "input" / "document.pdf"))
    left, _, _, top = doc[r26["page"] - 1].get_cropbox()
    doc.close()
    (mark,) = r26["marks"]
    x0 = ((mark["box"][0] - left) * 1.5 - 3) * ratio
    x1 = ((mark["box"][2] - left) * 1.5 + 3) * ratio
    y_top = ((top - mark["box"][3]) * 1.5 - 3) * ratio
    y_bottom = ((top - mark["box"][1]) * 1.5 + 3) * ratio
    red = [shown.getpixel((int(x), int(y))) for x in (x0 + 2, (x0 + x1) / 2, x1 - 2)
           for y in (y_top, y_top + 1, y_bottom, y_bottom - 1)]
    assert sum(1 for p in red if p[0] > 150 and p[1] < 110 and p[2] < 110) >= 3, red
    full_page_screenshot(page, SCREENSHOTS / "check.png")

    with page.expect_download() as info:
        page.get_by_role("button", name="下载批注 PDF").click()
    saved = tmp_path / "annotated.pdf"
    info.value.save_as(saved)
    from pypdf import PdfReader

    notes = [str(a.get_object().get("/Contents")) for p in PdfReader(str(saved)).pages
             for a in (p.get("/Annots") or [])]
    assert any(n.startswith("[R26] 错误") and "192207.76" in n for n in notes)
    assert sum(1 for n in notes if n.startswith("[")) >= len(findings)
    with page.expect_download() as info:
        page.get_by_role("button", name="下载问题清单 .xlsx").click()
    sheet = tmp_path / "findings.xlsx"
    info.value.save_as(sheet)
    from openpyxl import load_workbook

    assert load_workbook(sheet)["问题清单"].max_row == len(findings) + 1

    # a decision on the R30 warning, kept as data with who and why
    block = page.locator("xpath=//strong[contains(., '[R30]')]/ancestor::div[@data-testid='stVerticalBlock'][1]")
    block.get_by_text("审阅决定").click()
    block.get_by_text("本项目读取错误（误报）").click()
    block.get_by_label("理由").fill("绩效目标在另册公开")
    block.get_by_label("决定人").fill("王审阅")
    block.get_by_role("button", name="保存决定").click()
    expect(block.get_by_text("已记录").first).to_be_visible()
    import csv

    (row,) = list(csv.DictReader((check_root / "decisions.csv").open(encoding="utf-8")))
    (r30,) = [f for f in findings if f["rule_id"] == "R30"]
    assert (row["doc_id"], row["rule_id"], row["decision"], row["reason"], row["decided_by"]) == \
        (r30["doc_id"], "R30", "false_finding", "绩效目标在另册公开", "王审阅")


@pytest.mark.parametrize("name, make, said", hostile.HOSTILE, ids=[h[0][:12] for h in hostile.HOSTILE])
def test_a_hostile_upload_is_refused_and_the_app_keeps_answering(page, server, name, make, said):
    from playwright.sync_api import expect

    data = make()
    # a file a browser can pick has a name of at most a few hundred characters (the 3,000-character
    # one is the library's and the command's test); the page must still show it cut
    if len(name) > 300:
        name = name[:296] + ".pdf"
    _upload(page, server, name, data)
    expect(page.get_by_text("结论：未检查").first).to_be_visible(timeout=CHECK_MS)
    expect(page.get_by_text(said, exact=False).first).to_be_visible()
    assert _healthy(server)
    # the app still serves its other pages
    page.goto(f"{server}/?page=check")
    page.get_by_role("heading", name="审阅 Check").wait_for()
