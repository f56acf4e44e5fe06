"""Scanned pages, read by OCR (ingest/readers/ocr.py), and never trusted alone (ingest/ocr_verify.py).

The corpus's three image-only PDFs are not disclosures (test_corpus_pdfs reads their titles by
OCR). So a scanned disclosure is made the way a scanner makes one: pages of a vendored PDF
rasterised to 200 dpi grayscale images, with no text layer. Its key figures are the hand-read
ones (data/handread/figures.csv, read from the pages of the original).
"""
from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.corpus_report import candidates
from ingest.land import ingest_one
from ingest.pipeline import ingest_text
from ingest.reader import decode_bytes

ROOT = Path(__file__).resolve().parents[2]
HUZHOU = "unlabeled/湖州/2026年湖州市财政局部门预算.pdf"
# The cover, the 收支总表, the 支出总表 and the 三公 table.
PAGES = [1, 18, 20, 28]


def _scanned(source: Path, pages: list[int], target: Path, dpi: int = 200) -> Path:
    doc = pdfium.PdfDocument(str(source))
    images = [doc[p - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for p in pages]
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def _subset(source: Path, pages: list[int], target: Path) -> Path:
    doc, out = pdfium.PdfDocument(str(source)), pdfium.PdfDocument.new()
    out.import_pages(doc, [p - 1 for p in pages])
    out.save(str(target))
    return target


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    source = ROOT / "data/pdf/corpus" / HUZHOU
    path = _scanned(source, PAGES, folder / "scanned.pdf")
    printed = _subset(source, PAGES, folder / "printed.pdf")
    return ingest_one(path, path.name), ingest_one(printed, printed.name)


def test_the_scanned_pages_have_no_text_layer_and_are_read_by_ocr(scanned):
    outcome, _ = scanned
    assert outcome.status in ("landed", "partial"), outcome.reason
    codes = {f.code for f in outcome.result.findings}
    assert "ING_PAGE_OCR" in codes
    info = outcome.result.info
    assert (info.department_name, info.fiscal_year, info.stage) == ("湖州市财政局", 2026, "budget")


def _hand_read(figures: set[str]) -> dict[str, Decimal]:
    with open(ROOT / "data/handread/figures.csv", encoding="utf-8") as fh:
        return {r["figure"]: Decimal(r["amount"]) for r in csv.DictReader(fh)
                if r["document"] == HUZHOU and r["source"] == "table" and r["amount"]
                and int(r["page"]) in PAGES and r["figure"] in figures}


def test_the_hand_read_key_figures_land_from_the_scanned_pages(scanned):
    outcome, _ = scanned
    found = candidates(outcome.result)
    truth = _hand_read({"grand_total", "project", "three_public_total"})
    assert set(truth) == {"grand_total", "project", "three_public_total"}
    for figure, amount in truth.items():        # 万元 on these pages
        assert {amount * 10000} == found[figure], (figure, amount, found[figure])
    # The 三公 items of the 合计 row (page 28), each in its own column and confirmed by the sum.
    items = {c.measure: c.amount for c in outcome.result.cells
             if c.table_kind == "three_public" and c.row_kind == "total" and c.measure}
    truth = _hand_read({"three_public_reception", "three_public_vehicle_operation"})
    assert items["reception"] == truth["three_public_reception"] == Decimal("5.80")
    assert items["vehicle_operation"] == truth["three_public_vehicle_operation"] == Decimal("3.50")


def test_no_figure_lands_as_verified_that_the_printed_pages_do_not_print(scanned):
    """The same four pages read through their text layer are the reference: every figure OCR
    lands as confirmed is printed there (same table, code and amount), and every figure the text
    layer places lands from the scan in the same column. (The scan places two more, the 三公
    table's 运行费 and 接待费, that the text layer leaves unplaced: right by the hand-read page.)"""
    outcome, printed = scanned
    on_page = {(c.table_kind, c.amount) for c in printed.result.cells}
    verified = [(c.table_kind, c.amount) for c in outcome.result.cells if c.measure]
    assert len(verified) >= 50
    assert [v for v in verified if v not in on_page] == []
    # Every code landed from the scan is one the page prints in that table. (The 支出总表's last
    # 类, 221, whose 款 and 项 rows are on page 21, outside these four pages, lands as text only.)
    codes = {(c.table_kind, c.code) for c in printed.result.cells if c.code}
    assert {(c.table_kind, c.code) for c in outcome.result.cells if c.code} <= codes
    by_text = Counter((c.table_kind, c.row_label, c.measure, c.amount) for c in printed.result.cells if c.measure)
    by_scan = Counter((c.table_kind, c.row_label, c.measure, c.amount) for c in outcome.result.cells if c.measure)
    assert by_text - by_scan == Counter()


def _tampered_run(tamper: bool):
    text = decode_bytes((ROOT / "data/raw/003_efef946b7b5e825f.txt").read_bytes()).text
    line = "201\t03\t50\t事业运行\t169.08\t169.08\t"
    assert text.count(line) == 2        # in the 支出总表 and again in the 一般公共预算支出表
    if tamper:      # a 0 misread as 6 in the 合计 of one 项 row, in the first of the two
        text = text.replace(line, "201\t03\t50\t事业运行\t169.68\t169.08\t", 1)
    # As if every page had been OCR'd (the text is one page: a form feed closes it).
    return ingest_text(text + "\f", "ocr.txt", ocr_pages={1})


def test_an_ocr_figure_no_sum_confirms_is_landed_unverified_and_used_by_no_rule():
    honest, tampered = _tampered_run(False), _tampered_run(True)
    row = lambda res, amount: [c for c in res.cells if c.code == "2010350" and c.amount == Decimal(amount)]
    # The honest figure closes its row (合计 = 基本) and its column (款 = Σ项): confirmed.
    assert {c.placement for c in row(honest, "169.08")} != {"ocr_unverified"}
    assert all(c.measure for c in row(honest, "169.08"))
    # Misread, it closes neither: landed with its column, but no measure, and reported.
    misread = row(tampered, "169.68")
    assert misread and all(c.placement == "ocr_unverified" and c.measure is None for c in misread)
    assert {c.column_measure for c in misread} == {"total"}
    assert any(f.code == "ING_OCR_UNVERIFIED" and f.table_kind == misread[0].table_kind
               and f"lines {misread[0].source_line}" in f.message for f in tampered.findings)
    # Its parent still closes its own row (668.70 = 434.62 + 234.08): one misread costs one figure.
    assert all(c.measure for c in tampered.cells if c.code == "20103" and c.amount == Decimal("668.70"))


def test_an_ocr_narrative_figure_lands_only_when_a_table_or_its_parts_printed_beside_it_confirm_it():
    from ingest.model import Fact
    from ingest.ocr_verify import confirm_facts

    # 湖州市财政局 p10, as read by hand: '一般公共预算基本支出5571.66万元，其中：人员经费4944.99万元，
    # 主要包括…；公用经费626.67万元'; the table (p20) confirms 4944.99 and 626.67, prints no 5571.66.
    sentence = "一般公共预算基本支出5571.66万元，其中：人员经费4944.99万元，公用经费626.67万元"

    def fact(subject, value, line=7, context=sentence):
        return Fact("d", "expenditure_type", subject, "amount", value, Decimal(value), "万元", line,
                    context=context)

    confirmed = {Decimal("49449900.00"), Decimal("6266700.00")}
    honest = [fact("basic", "5571.66"), fact("personnel", "4944.99"), fact("public", "626.67"),
              fact("project", "1266.75", line=9, context="项目支出1266.75万元")]
    kept, dropped = confirm_facts(honest, {7, 9}, confirmed)
    assert [f.subject for f in kept] == ["basic", "personnel", "public"]    # in document order
    assert [f.subject for f in dropped] == ["project"]                      # nothing confirms it
    # As the page prints it: the parts in the lines below, the second in another sentence.
    wrapped = [fact("basic", "5571.66"), fact("personnel", "4944.99", line=9),
               fact("public", "626.67", line=15, context="公用经费626.67万元")]
    assert confirm_facts(wrapped, {7, 9, 15}, confirmed) == (wrapped, [])
    # Parts printed far from it (another section) confirm nothing.
    far = [fact("basic", "5571.66"), fact("personnel", "4944.99", line=40), fact("public", "626.67", line=41)]
    assert confirm_facts(far, {7, 40, 41}, confirmed)[1] == far[:1]
    misread = [fact("basic", "5577.66"), fact("personnel", "4944.99"), fact("public", "626.67")]
    kept, dropped = confirm_facts(misread, {7}, confirmed)
    assert [f.value for f in dropped] == [Decimal("5577.66")]
    # Off an OCR'd page, a figure is the text layer's and needs no second reading.
    assert confirm_facts(misread, set(), set()) == (misread, [])


def test_an_ocr_code_its_table_does_not_bear_out_is_landed_as_text_only():
    text = decode_bytes((ROOT / "data/raw/003_efef946b7b5e825f.txt").read_bytes()).text
    # 事业运行's 款 '03' misread as '08': 20108 is printed as no row of the table.
    line = "201\t03\t50\t事业运行\t169.08\t169.08\t"
    misread = text.replace(line, "201\t08\t50\t事业运行\t169.08\t169.08\t", 1)
    honest = ingest_text(text + "\f", "ocr.txt", ocr_pages={1})
    result = ingest_text(misread + "\f", "ocr.txt", ocr_pages={1})
    first = lambda res: min((c for c in res.cells if c.row_label == "事业运行"), key=lambda c: c.source_line)
    assert first(honest).code == "2010350"
    assert first(result).code is None and first(result).code_raw.split() == ["201", "08", "50"]
    assert any(f.code == "ING_OCR_UNVERIFIED" and "201 08 50" in f.message for f in result.findings)
    # Off an OCR'd page the same line is the text layer's: its code stands as printed.
    assert first(ingest_text(misread, "text.txt")).code == "2010850"
