"""A folder mixing every format a bureau publishes builds one warehouse, every file accounted for.

Text extraction, a text PDF, a scanned PDF (pages of a vendored PDF rasterised, no text layer: read
by OCR), and the bundled documents saved as .xlsx, .xls, .html and .docx by ingest/export_formats.py,
beside a file that is none of them. Expected totals are the hand-read ones (ingest/tests/expected,
data/pdf/README.md, data/handread/figures.csv), never the parser's output.
"""
from __future__ import annotations

from decimal import Decimal

import duckdb
import pypdfium2 as pdfium
import pytest
import yaml
from conftest import ROOT, build, copy_project, ingest

from ingest.export_formats import WRITERS
from ingest.reader import decode_bytes

RAW = ROOT / "data" / "raw"
EXPECTED = ROOT / "ingest" / "tests" / "expected"
HUZHOU = ROOT / "data" / "pdf" / "corpus" / "unlabeled" / "湖州" / "2026年湖州市财政局部门预算.pdf"
# file in the folder → (bundled document it is saved from, format)
SAVED = {"001.xlsx": "001_40f9bb7e09049ed6", "003.xls": "003_efef946b7b5e825f",
         "004.html": "004_34e44ed35e487193", "001.docx": "001_40f9bb7e09049ed6"}


def _scanned(target, pages=(1, 18, 20, 28), dpi=200):
    doc = pdfium.PdfDocument(str(HUZHOU))
    images = [doc[p - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for p in pages]
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    work = copy_project(tmp_path_factory.mktemp("formats") / "project")
    docs = work.parent / "docs"
    docs.mkdir()
    (docs / "002.txt").write_bytes((RAW / "002_7c0bf2efb0e5d549.txt").read_bytes())
    (docs / "changsha.pdf").write_bytes((ROOT / "data" / "pdf" / "cs-xfj-2026-dept.pdf").read_bytes())
    _scanned(docs / "huzhou-scan.pdf")
    for name, source in SAVED.items():
        text = decode_bytes((RAW / f"{source}.txt").read_bytes()).text
        WRITERS["." + name.split(".")[1]](text, docs / name)
    (docs / "attachments.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 64)
    done = ingest(work, docs)
    assert done.returncode == 3, done.stdout + done.stderr        # the archive is quarantined
    warehouse = work / "warehouse.duckdb"
    built = build(work, warehouse)
    assert built.returncode == 0, built.stdout + built.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    yield docs, con
    con.close()


def _hand_read_total(source: str) -> Decimal:
    for path in EXPECTED.glob("*.yaml"):
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))
        if expected["source_file"].startswith(source):
            return Decimal(expected["income_expenditure_summary"]["income_grand_total"]) * 10000
    raise AssertionError(source)


def test_every_file_has_its_manifest_row_and_the_archive_its_reason(formats):
    docs, con = formats
    manifest = dict(con.execute("select source_file, status from main.ingest_manifest").fetchall())
    assert set(manifest) == {p.name for p in docs.iterdir()}
    assert manifest.pop("attachments.rar") == "quarantined"
    assert set(manifest.values()) <= {"landed", "partial"}
    reason = con.execute("select reason from main.ingest_manifest where source_file = 'attachments.rar'").fetchone()
    assert "RAR archive" in reason[0]


def test_each_format_is_read_by_its_own_reader(formats):
    _, con = formats
    encodings = dict(con.execute("select source_file, encoding from main.dim_document").fetchall())
    assert encodings == {"002.txt": "utf-8", "changsha.pdf": "pdf", "huzhou-scan.pdf": "pdf",
                         "001.xlsx": "xlsx", "003.xls": "xls", "004.html": "html", "001.docx": "docx"}


def test_each_saved_document_keeps_its_hand_read_total(formats):
    _, con = formats
    for name, source in SAVED.items():
        got = con.execute("""
            select s.total_yuan from main.fct_department_summary s join main.dim_document d using (doc_id)
            where d.source_file = ?""", [name]).fetchall()
        assert got == [(_hand_read_total(source),)], name


def test_the_scanned_and_the_printed_pdf_keep_their_hand_read_totals(formats):
    _, con = formats
    totals = dict(con.execute("""
        select d.source_file, s.total_yuan from main.fct_department_summary s
        join main.dim_document d using (doc_id) where d.source_file like '%.pdf'""").fetchall())
    # data/pdf/README.md: 长沙市信访局 收支总计 1,935.36 万元; figures.csv: 湖州市财政局 收入总计
    # 6,838.41 万元 (page 18, here read by OCR from the scan).
    assert totals == {"changsha.pdf": Decimal("19353600.0000"), "huzhou-scan.pdf": Decimal("68384100.0000")}
