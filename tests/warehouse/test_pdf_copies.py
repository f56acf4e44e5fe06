"""The PDF bench's copies (warehouse/pdf_copies.py): a copy of a published PDF reads as the original
with only the department's name changed, lands as that other department with every table figure
the original lands, and a copy that would change anything else is refused."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import ingest_pdf
from ingest.readers.pdf import read_pdf
from warehouse import pdf_copies

ROOT = Path(__file__).resolve().parents[2]
# 广州市人民政府办公厅 2026年部门预算 (data/pdf/corpus/labeled: its cover and tables name it so).
GUANGZHOU = ROOT / "data" / "pdf" / "corpus" / "labeled" / "gz-zfbgt-2026-dept" / "gz-zfbgt-2026-dept.pdf"


@pytest.fixture(scope="module")
def template():
    made, rejected = pdf_copies.templates([GUANGZHOU], copies=200)
    assert not rejected, rejected
    (t,) = made
    return t


def _figures(result, name: str = "", printed: str = "") -> list[tuple]:
    """Every landed figure; a row named after the department (a unit's own row) read with the
    original's name."""
    return sorted((c.table_kind, c.row_label.replace(printed, name) if printed else c.row_label, c.measure or "",
                   str(c.amount)) for c in result.cells)


def test_a_copy_is_another_department_with_the_same_figures(template):
    assert (template.region, template.name) == ("广州市", "人民政府办公厅")
    assert template.variants() >= 200
    original = ingest_pdf(GUANGZHOU.read_bytes(), "original.pdf")
    assert original.info.department_name == "广州市人民政府办公厅"
    names = set()
    for k in (1, 2, template.changing_all(), 199):
        copy = ingest_pdf(template.copy(k), f"copy{k}.pdf")
        new = template.name_of(k)
        assert new != template.name and len(new) == len(template.name)
        assert copy.info.department_name == "广州市" + new
        assert (copy.info.city, copy.info.fiscal_year, copy.info.stage) == ("广州市", 2026, "budget")
        assert copy.info.department_name_key != original.info.department_name_key
        assert _figures(copy, template.name, new) == _figures(original)
        names.add(new)
    assert len(names) == 4


def test_the_copy_text_differs_only_in_the_name(template):
    k = template.changing_all()
    original, copy = read_pdf(GUANGZHOU.read_bytes()).text, read_pdf(template.copy(k)).text
    assert pdf_copies.verify(template, k, original, copy) is None
    assert copy.count("广州市" + template.name_of(k)) == original.count("广州市人民政府办公厅") > 0


def test_verify_refuses_a_copy_that_changed_more_than_the_name(template):
    k = template.changing_all()
    new = template.name_of(k)
    original = f"{template.name}2026年部门预算\n合计 100.00\n{template.name}的职责"
    assert pdf_copies.verify(template, k, original, original.replace(template.name, new)) is None
    changed = original.replace(template.name, new).replace("100.00", "900.00")
    assert pdf_copies.verify(template, k, original, changed) == "its text layer changed beyond the name"
    half = original.replace(template.name, new, 1)
    assert pdf_copies.verify(template, k, original, half) == "some of its name's mentions stayed as they were"
    assert pdf_copies.verify(template, k, original, original + "x") == "its text layer changed length"


def test_a_file_without_a_text_layer_gives_no_template(tmp_path):
    from pypdf import PdfWriter
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(blank, "wb") as fh:
        writer.write(fh)
    made, rejected = pdf_copies.templates([blank], copies=10)
    assert made == [] and set(rejected) == {blank}
