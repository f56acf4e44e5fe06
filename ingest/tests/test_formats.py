"""Every format a bureau publishes, through one reader seam (ingest/readers/).

The corpus has no real workbook, web page or Word disclosure, so the bundled documents are saved
in each format by ingest/export_formats.py (a script kept in the repo, as a bureau's export would
lay them out: a table per sheet with its title merged across, merged header cells, numbers stored
as numbers) and must land the same figures and facts as the text they were saved from.
"""
from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from ingest.export_formats import WRITERS, write_xlsx
from ingest.land import ingest_one
from ingest.reader import UnreadableInput, decode_bytes
from ingest.readers import read, sniff

ROOT = Path(__file__).resolve().parents[2]
# The bundled documents whose tables are tab-separated cells (the fourth prints none).
TABULAR = ["001_40f9bb7e09049ed6", "003_efef946b7b5e825f", "004_34e44ed35e487193"]


def _figures(result):
    return Counter((c.table_kind, c.code, c.row_label, c.measure, c.amount, c.unit) for c in result.cells)


def _facts(result):
    return Counter((f.fact_kind, f.subject, f.attribute, f.value, f.unit) for f in result.facts)


@pytest.fixture(scope="module")
def texts():
    return {d: ingest_one(ROOT / "data/raw" / f"{d}.txt", f"{d}.txt").result for d in TABULAR}


@pytest.mark.parametrize("suffix", sorted(WRITERS))
@pytest.mark.parametrize("document", TABULAR)
def test_the_same_document_in_each_format_lands_the_same_figures_and_facts(tmp_path, texts, document, suffix):
    text = decode_bytes((ROOT / "data/raw" / f"{document}.txt").read_bytes()).text
    path = tmp_path / f"{document}{suffix}"
    WRITERS[suffix](text, path)
    outcome = ingest_one(path, path.name)
    assert outcome.result is not None, outcome.reason
    expected = texts[document]
    assert outcome.result.info.encoding == suffix[1:]
    assert len(expected.cells) >= 90 and sum(1 for c in expected.cells if c.measure) >= 60
    assert _figures(outcome.result) == _figures(expected)
    assert _facts(outcome.result) == _facts(expected)
    assert (outcome.result.info.department_name, outcome.result.info.fiscal_year) == \
        (expected.info.department_name, expected.info.fiscal_year)


def test_several_tables_on_one_sheet_land_as_they_do_one_per_sheet(tmp_path, texts):
    document = TABULAR[0]
    path = tmp_path / "one-sheet.xlsx"
    write_xlsx(decode_bytes((ROOT / "data/raw" / f"{document}.txt").read_bytes()).text, path, one_sheet=True)
    outcome = ingest_one(path, path.name)
    assert _figures(outcome.result) == _figures(texts[document])


def test_a_merged_header_spans_the_columns_it_heads(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    rows = [["一般公共预算支出情况表"], ["单位：万元"], ["科目编码", "科目名称", "一般公共预算支出"],
            [None, None, "合计", "基本支出", "项目支出"], ["201", "一般公共服务支出", 30.5, 20.25, 10.25],
            ["208", "社会保障和就业支出", 7, 6.5, 0.5], [None, "合计", 37.5, 26.75, 10.75]]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("C3:E3")          # the heading over its three measures
    sheet.merge_cells("A3:A4")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    part = read(path.read_bytes())
    header = next(ws for ws, line in zip(part.words, part.text.split("\n")) if line.startswith("科目编码"))
    spanned = next(w for w in header if w[0] == "一般公共预算支出")
    leaves = [w for ws in part.words for w in ws if w[0] in ("合计", "基本支出", "项目支出")][:3]
    assert spanned[1] <= leaves[0][1] and leaves[-1][2] <= spanned[2]    # over all three
    cells = ingest_one(path, path.name).result.cells
    placed = {(c.code, c.measure): c.amount for c in cells if c.measure}
    # Read by hand from the rows above. A fraction takes its column's decimals ('6.5' under
    # '20.25' is 6.50); a whole number stays whole ('7').
    assert placed[("201", "basic")] == 20.25 and placed[("201", "project")] == 10.25
    assert str(placed[("208", "basic")]) == "6.50" and str(placed[("208", "total")]) == "7"


def test_a_web_page_cell_spanning_rows_keeps_its_column_in_the_rows_below():
    page = ("<html><body><p>三公经费支出表</p><p>单位：万元</p><table>"
            "<tr><td rowspan=2>合计</td><td colspan=2>公务用车购置及运行费</td><td rowspan=2>公务接待费</td></tr>"
            "<tr><td>购置费</td><td>运行费</td></tr><tr><td>9.3</td><td>0</td><td>3.5</td><td>5.8</td></tr>"
            "</table><script>var x = '<p>不是正文</p>';</script></body></html>").encode("utf-8")
    part = read(page)
    lines = part.text.split("\n")
    assert lines[:2] == ["三公经费支出表", "单位:万元"]
    assert lines[3] == "\t购置费\t运行费" + "\t"          # under the heading, not under 合计
    assert lines[4] == "9.3\t0\t3.5\t5.8"
    assert "不是正文" not in part.text


def test_the_format_is_told_by_the_content_not_the_name(tmp_path):
    html = tmp_path / "公开表.xls"           # a web page saved with a workbook's name, as bureaus do
    html.write_bytes("<html><body><p>x</p><table><tr><td>a</td></tr></table></body></html>".encode("gb18030"))
    assert sniff(html.read_bytes()) == "html"
    pdf = (ROOT / "data/pdf/corpus/unlabeled/湖州/2026年湖州市财政局部门预算.pdf").read_bytes()
    assert sniff(pdf) == "pdf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100) == "xls"
    assert sniff("部门预算".encode("utf-8")) == "text"
    odd = io.BytesIO()
    with zipfile.ZipFile(odd, "w") as z:
        z.writestr("readme.txt", "x")
    for data, said in ((odd.getvalue(), "neither an .xlsx workbook nor a .docx"), (b"Rar!\x1a\x07\x00", "RAR")):
        with pytest.raises(UnreadableInput, match=said):
            sniff(data)


def test_a_damaged_workbook_or_word_file_is_quarantined_naming_what_it_is(tmp_path):
    workbook = tmp_path / "表.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    workbook.write_bytes(buffer.getvalue())
    word = tmp_path / "说明.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    word.write_bytes(buffer.getvalue())
    for path, said in ((workbook, "damaged workbook"), (word, "damaged .docx")):
        outcome = ingest_one(path, path.name)
        assert outcome.status == "quarantined" and said in outcome.reason, outcome.reason
