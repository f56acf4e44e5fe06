"""A publication printed as several files (情况说明 and 公开表 apart, as 北京 and 江苏 publish):
when the covers name the same department, year and stage and one file holds the tables, it lands
once, read as one document, with every file in the manifest pointing to it."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from ingest.land import discover, run, write_seeds

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
WHOLE = RAW / "002_7c0bf2efb0e5d549.txt"       # 乌鲁木齐市政务服务中心: its tables are lines 28–583
COVER = "乌鲁木齐市政务服务中心2024年单位预算公开"


def _land(folder: Path, out: Path) -> dict[str, list[dict[str, str]]]:
    files = [f.path for f in discover([folder])]
    write_seeds(run(files, [f.name for f in files]), out)
    return {p.stem: list(csv.DictReader(open(p, encoding="utf-8"))) for p in out.glob("*.csv")}


def _split(folder: Path, cover_a: str = COVER, cover_b: str = COVER) -> None:
    lines = WHOLE.read_text(encoding="utf-8").split("\n")
    folder.mkdir()
    (folder / "a_情况说明.txt").write_text("\n".join([cover_a] + lines[:27] + lines[583:]), encoding="utf-8")
    (folder / "b_公开表.txt").write_text("\n".join([cover_b] + lines[27:583]), encoding="utf-8")


def _figures(seeds) -> Counter:
    return Counter((c["table_kind"], c["row_label"], c["measure"], c["amount"]) for c in seeds["ingest_cells"])


def test_a_publication_in_two_files_lands_once_with_both_in_the_manifest(tmp_path):
    _split(tmp_path / "split")
    split = _land(tmp_path / "split", tmp_path / "out")
    whole_folder = tmp_path / "whole"
    whole_folder.mkdir()
    (whole_folder / WHOLE.name).write_bytes(WHOLE.read_bytes())
    whole = _land(whole_folder, tmp_path / "out_whole")

    assert len(split["ingest_documents"]) == 1
    manifest = {m["source_file"]: m for m in split["ingest_manifest"]}
    doc_id = split["ingest_documents"][0]["doc_id"]
    assert {m["doc_id"] for m in manifest.values()} == {doc_id}
    assert manifest["b_公开表.txt"]["reason"] == "part of the publication landed as a_情况说明.txt"
    assert "one publication with b_公开表.txt" in manifest["a_情况说明.txt"]["reason"]
    # Read as one document: the same figures and facts as the publication printed in one file.
    assert _figures(split) == _figures(whole)
    assert Counter((f["fact_kind"], f["subject"], f["attribute"], f["value"]) for f in split["ingest_facts"]) == \
        Counter((f["fact_kind"], f["subject"], f["attribute"], f["value"]) for f in whole["ingest_facts"])
    # The tables part starts on a page of its own.
    assert [int(p["page"]) for p in split["ingest_pages"]] == [1, 2]


def test_parts_of_different_departments_stay_apart(tmp_path):
    _split(tmp_path / "split", cover_b="乌鲁木齐市政务服务中心2023年单位预算公开")
    seeds = _land(tmp_path / "split", tmp_path / "out")
    # The tables' own year (2024, from their titles) or the cover's (2023): either way not the
    # narrative's cover, so nothing joins them.
    assert len({m["doc_id"] for m in seeds["ingest_manifest"]}) == 2


PDF = RAW.parents[0] / "pdf" / "cs-xfj-2026-dept.pdf"                 # 长沙市信访局 2026 部门预算
EXTRACTIONS = RAW.parents[0] / "corpus" / "cs-xfj-2026-dept"          # its pdftotext -layout and raw text


def test_a_pdf_and_its_text_extractions_land_once_as_the_pdf(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / PDF.name).write_bytes(PDF.read_bytes())
    for text in sorted(EXTRACTIONS.glob("*.txt")):
        (folder / text.name).write_bytes(text.read_bytes())
    seeds = _land(folder, tmp_path / "out")

    assert [d["source_file"] for d in seeds["ingest_documents"]] == [PDF.name]
    doc_id = seeds["ingest_documents"][0]["doc_id"]
    manifest = {m["source_file"]: m for m in seeds["ingest_manifest"]}
    extractions = [name for name in manifest if name != PDF.name]
    assert len(extractions) == 2
    for name in extractions:
        assert manifest[name]["status"] == "duplicate"
        assert manifest[name]["duplicate_of"] == PDF.name and manifest[name]["doc_id"] == doc_id
        assert manifest[name]["reason"].startswith(f"a text extraction of {PDF.name}")
    assert not [f for f in seeds["ingest_findings"] if f["code"] == "ING_SAME_DEPARTMENT_YEAR"]
    assert {c["doc_id"] for c in seeds["ingest_cells"]} == {doc_id}


def test_a_second_disclosure_without_a_cover_is_found_by_its_part_one_heading(tmp_path):
    # 002 prints no cover: it begins "第一部分 2024 年乌鲁木齐市政务服务中心单位概况". Pasted after
    # 003 (578 lines), that heading is line 579, with 003's tables before it.
    folder = tmp_path / "docs"
    folder.mkdir()
    first = (RAW / "003_efef946b7b5e825f.txt").read_text(encoding="utf-8")
    (folder / "two.txt").write_text(first + "\n" + WHOLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / WHOLE.name).write_bytes(WHOLE.read_bytes())
    seeds = _land(folder, tmp_path / "out")
    manifest = {m["source_file"]: m for m in seeds["ingest_manifest"]}
    assert manifest["two.txt"]["status"] == "partial"
    assert "ING_MULTIPLE_DOCUMENTS at line 579" in manifest["two.txt"]["reason"]
    assert "'第一部分2024年乌鲁木齐市政务服务中心单位概况' (from line 579)" in manifest["two.txt"]["reason"]
    # Alone, its one 第一部分 and the 第三部分 heading after its tables are one disclosure.
    assert manifest[WHOLE.name]["status"] == "landed"
    assert not [f for f in seeds["ingest_findings"]
                if f["code"] == "ING_MULTIPLE_DOCUMENTS" and f["source_file"] == WHOLE.name]


def _outcome(name: str, statement_cells: int):
    from ingest.land import FileOutcome
    from ingest.model import DocumentInfo
    info = DocumentInfo(f"d_{name}", name, "0" * 64, "utf-8", 10, department_name="某某局",
                        department_name_key="某某局", fiscal_year=2026, stage="budget")
    return FileOutcome(name, 1, info=info, statement_cells=statement_cells, status="partial",
                       encoding="pdf" if name.endswith(".pdf") else "utf-8")


def test_a_text_extraction_that_reads_no_more_than_its_pdf_is_linked_one_that_reads_more_lands():
    from ingest.land import _mark_versions
    # a narrative PDF (no tables) and its extraction: one document, the PDF's
    narrative = [_outcome("a.pdf", 0), _outcome("a.layout.txt", 0)]
    _mark_versions(narrative)
    assert [(o.source_file, o.status, o.duplicate_of) for o in narrative] == [
        ("a.pdf", "partial", ""), ("a.layout.txt", "duplicate", "a.pdf")]
    # a PDF whose tables could not be read beside a text that reads them: both land, flagged
    unread = [_outcome("b.pdf", 0), _outcome("b.layout.txt", 120)]
    _mark_versions(unread)
    assert [o.status for o in unread] == ["partial", "partial"]
    assert all("another version" in o.reason for o in unread)


def test_a_text_extraction_that_reads_a_few_more_figures_is_still_its_pdf_s(tmp_path):
    """西安市住房和城乡建设局 2022: its pdftotext -layout text reads a few more table figures than the
    PDF (and misreads its two-year 三公 table); it is a second reading of the same file, named as
    the PDF, not a second document to gate. Only a text that reads more than twice the PDF's table
    figures (a PDF whose tables could not be read) lands beside it."""
    pdf = RAW.parents[0] / "pdf" / "corpus" / "labeled" / "xa-zjj-2022-dept" / "xa-zjj-2022-dept.pdf"
    layout = RAW.parents[0] / "corpus" / "xa-zjj-2022-dept" / "xa-zjj-2022-dept.layout.txt"
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / pdf.name).write_bytes(pdf.read_bytes())
    (folder / layout.name).write_bytes(layout.read_bytes())
    seeds = _land(folder, tmp_path / "out")
    assert [d["source_file"] for d in seeds["ingest_documents"]] == [pdf.name]
    manifest = {m["source_file"]: m for m in seeds["ingest_manifest"]}
    assert manifest[layout.name]["status"] == "duplicate" and manifest[layout.name]["duplicate_of"] == pdf.name
