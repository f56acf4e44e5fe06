"""The published PDF itself, read through its text layer (ingest/readers/pdf.py).

Expected figures are read by hand from the rendered pages (data/pdf/README.md), never from the
parser's output. A figure the PDF route lands must be the hand-read one; one it does not land yet
is listed in the README's corpus figures, not asserted here as present.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium

from ingest.land import ingest_one
from ingest.readers.pdf import read_pdf

PDFS = Path(__file__).resolve().parents[2] / "data" / "pdf"
CHANGSHA = PDFS / "cs-xfj-2026-dept.pdf"


def test_a_published_pdf_lands_as_a_document_with_its_hand_read_totals():
    out = ingest_one(CHANGSHA, CHANGSHA.name)
    assert out.status in ("landed", "partial"), out.reason
    r = out.result
    assert (r.info.department_name, r.info.fiscal_year, r.info.stage, r.info.encoding) == \
        ("长沙市信访局", 2026, "budget", "pdf")
    summary = r.table("income_expenditure_summary")
    assert summary is not None and summary.unit == "万元"
    # Page 12: 收入总计 = 支出总计 = 1,935.36; 基本支出 1,517.95; 项目支出 417.41.
    totals = {c.amount for c in r.cells_of("income_expenditure_summary")
              if c.row_item in ("income_grand_total", "expenditure_grand_total")}
    assert totals == {Decimal("1935.36")}
    assert r.value("income_expenditure_summary", "total", row_item="basic", side="expenditure") == Decimal("1517.95")
    assert r.value("income_expenditure_summary", "total", row_item="project", side="expenditure") == Decimal("417.41")
    # Page 20: the 三公 table prints 8.00 / 3.00 / 5.00 / 5.00 in its rows; every figure landed
    # from it is one of them.
    printed = {c.amount for c in r.cells_of("three_public")}
    assert printed and printed <= {Decimal("8.00"), Decimal("3.00"), Decimal("5.00")}


def test_pdf_lines_follow_the_page_and_pages_are_separated():
    pdf = read_pdf(CHANGSHA.read_bytes())
    assert pdf.pages == 32 and pdf.pages_without_text == []
    pages = pdf.text.split("\f")
    assert len(pages) == 32
    # Page 12 as printed: the income and expenditure cells of one row read left to right.
    assert "一、本级财政拨款收入 1,935.36 一、基本支出 1,517.95" in pages[11].splitlines()


def test_every_figure_and_fact_knows_its_page():
    r = ingest_one(CHANGSHA, CHANGSHA.name).result
    assert r.info.page_count == 32
    # The 收支总表 is printed on page 12, the 三公 table on page 20 (data/pdf/README.md).
    assert {r.page_of(c.source_line) for c in r.cells_of("income_expenditure_summary")} == {12}
    assert {r.page_of(c.source_line) for c in r.cells_of("three_public")} == {20}
    # 机关运行经费 122.98 is stated in the narrative on page 8.
    cost = [f for f in r.facts if f.fact_kind == "operating_cost" and f.value == Decimal("122.98")]
    assert cost and {r.page_of(f.source_line) for f in cost} == {8}
    # Pages cover every line once, in order.
    assert [p for p, _, _ in r.pages] == list(range(1, 33))
    assert r.pages[0][1] == 1 and r.pages[-1][2] == r.info.line_count
    assert all(a[2] + 1 == b[1] for a, b in zip(r.pages, r.pages[1:]))


def test_a_figure_read_by_position_keeps_where_it_is_printed():
    r = ingest_one(CHANGSHA, CHANGSHA.name).result
    width, height = pdfium.PdfDocument(CHANGSHA.read_bytes())[19].get_size()
    # Page 20: the 三公 table's 合计 row prints 8.00 3.00 5.00 5.00 left to right on one line.
    row = [c for c in r.cells_of("three_public") if c.row_label == "合计"]
    assert [str(c.amount) for c in row] == ["8.00", "3.00", "5.00", "5.00"]
    boxes = [c.box for c in row]
    assert all(b is not None and 0 <= b[0] < b[2] <= width and 0 <= b[1] < b[3] <= height for b in boxes)
    assert all(a[2] < b[0] for a, b in zip(boxes, boxes[1:]))              # left to right, apart
    assert max(b[1] for b in boxes) - min(b[1] for b in boxes) < 1.0       # on one baseline


def test_a_pdf_of_blank_pages_is_quarantined_when_ocr_reads_nothing_either(tmp_path):
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    doc.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    doc.save(str(path))
    doc.close()
    out = ingest_one(path, path.name)
    assert out.status == "quarantined"
    assert out.reason == "scanned: no text layer on any of its 2 page(s) and OCR read nothing on them"


def test_a_pdf_that_is_not_a_disclosure_is_quarantined_with_what_it_looks_like():
    path = PDFS / "quanzhou-statistics-bulletin.pdf"
    out = ingest_one(path, path.name)
    assert out.status == "quarantined"
    assert out.reason.startswith("not a budget disclosure")
    assert "2026年1—2月泉州市国民经济主要指标" in out.reason


def test_a_damaged_pdf_is_quarantined_naming_the_problem(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(CHANGSHA.read_bytes()[:5000])
    out = ingest_one(path, path.name)
    assert out.status == "quarantined" and "PDF cannot be opened" in out.reason
