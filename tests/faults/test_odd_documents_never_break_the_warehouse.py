"""One odd document never breaks the warehouse, and every number is accounted for.

A folder holds the four bundled documents beside one file per oddity real collections bring (a
table in %, an amount no budget has, figures that read as no amount, a row that breaks its
table's layout, a figure glued to its name, two disclosures in one file) and paths that are not
documents (symlink loops, a symlink out of the folder, a socket nobody can read). The build must
succeed; the four good documents keep their hand-read totals; every path has a manifest row;
every odd token lands as a cell or is named by a finding; and no compliance finding accuses a row
whose figures ingest could not read.
"""
from __future__ import annotations

import os
import socket
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import ROOT, build, copy_project, ingest

RAW = ROOT / "data" / "raw"
EXPECTED = ROOT / "ingest" / "tests" / "expected"


def space_doc(department: str, unit: str, rows: list[str]) -> str:
    return (f"{department}\n2024 年部门预算公开\n\n部门支出总体情况表\n单位：{unit}\n"
            "科目编码 科目名称 合计 基本支出 项目支出\n" + "\n".join(rows) + "\n")


ODD = {
    "percent_table.txt": space_doc("甲测试局", "%", [
        "合计 100.00 60.00 40.00", "201 一般公共服务支出 100.00 60.00 40.00"]),
    "huge_amount.txt": space_doc("乙测试局", "万元", [
        "合计 12345678901234567.89 10.00 5.00", "201 一般公共服务支出 15.00 10.00 5.00"]),
    "not_amounts.txt": space_doc("丙测试局", "万元", [
        "合计 1e30 10.00 5.00", "201 一般公共服务支出 2,3,64 10.00 5.00"]),
    "glued_figure.txt": space_doc("丁测试局", "万元", [
        "合计 15.00 10.00 5.00", "201 一般公共服务支出15.00 10.00 5.00"]),
    "spaced_row_in_tab_table.txt": (
        "戊测试局\n2024 年部门预算公开\n\n部门支出总体情况表\n单位：万元\n"
        "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
        "\t合计\t15.00\t10.00\t5.00\n"
        "201\t一般公共服务支出 15.00 10.00 5.00\n"),
}
# token → the file it is printed in: each must land as a cell or be named by a finding.
ODD_TOKENS = {
    "100.00": "percent_table.txt", "60.00": "percent_table.txt",
    "12345678901234567.89": "huge_amount.txt",
    "1e30": "not_amounts.txt", "2,3,64": "not_amounts.txt",
    "15.00": "glued_figure.txt",
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    work = copy_project(tmp_path_factory.mktemp("faults") / "project")
    docs = work.parent / "docs"
    docs.mkdir()
    for path in sorted(RAW.glob("*.txt")):
        (docs / path.name).write_bytes(path.read_bytes())
    (docs / "changsha.pdf").write_bytes((ROOT / "data" / "pdf" / "cs-xfj-2026-dept.pdf").read_bytes())
    for name, text in ODD.items():
        (docs / name).write_text(text, encoding="utf-8")
    two = RAW / "003_efef946b7b5e825f.txt", RAW / "004_34e44ed35e487193.txt"
    (docs / "two_documents.txt").write_bytes(two[0].read_bytes() + b"\n" + two[1].read_bytes())
    sub = docs / "sub"
    sub.mkdir()
    os.symlink("self_loop", sub / "self_loop")              # a symlink to itself
    os.symlink("..", sub / "up")                             # a folder link back up: a loop
    os.symlink("/etc/hostname", sub / "outside.txt")         # out of the folder
    os.symlink("missing.txt", sub / "broken.txt")
    sock = socket.socket(socket.AF_UNIX)                     # no one, root included, can open it
    sock.bind(str(sub / "socket.txt"))
    sock.close()
    done = ingest(work, docs)
    assert done.returncode == 3, done.stdout + done.stderr
    warehouse = work / "warehouse.duckdb"
    built = build(work, warehouse)
    assert built.returncode == 0, built.stdout + built.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    yield docs, con
    con.close()


def test_the_good_documents_keep_their_hand_read_totals(mixed):
    _, con = mixed
    for path in sorted(EXPECTED.glob("*.yaml")):
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))
        total = Decimal(expected["income_expenditure_summary"]["income_grand_total"]) * 10000
        got = con.execute("""
            select s.total_yuan from main.fct_department_summary s join main.dim_document d using (doc_id)
            where d.source_file = ?""", [expected["source_file"]]).fetchall()
        assert got == [(total,)], expected["source_file"]


def test_a_published_pdf_builds_beside_them_with_its_hand_read_total(mixed):
    _, con = mixed
    # data/pdf/README.md: 收支总计 1,935.36 万元, page 12.
    got = con.execute("""
        select d.department_name, s.total_yuan from main.fct_department_summary s
        join main.dim_document d using (doc_id) where d.source_file = 'changsha.pdf'""").fetchall()
    assert got == [("长沙市信访局", Decimal("19353600.0000"))]
    # Each cell, fact and finding leads to its page: the 收支总表 is page 12 of 32.
    pages = con.execute("""
        select distinct d.page_count, c.page from main.fct_table_cells c join main.dim_document d using (doc_id)
        where d.source_file = 'changsha.pdf' and c.table_kind = 'income_expenditure_summary'""").fetchall()
    assert pages == [(32, 12)]
    # Text documents without form feeds have no pages: NULL, never a guess.
    assert con.execute("""
        select count(*) from main.fct_table_cells c join main.dim_document d using (doc_id)
        where d.source_file != 'changsha.pdf' and c.page is not null""").fetchone() == (0,)


def test_every_path_has_a_manifest_row_with_its_reason(mixed):
    docs, con = mixed
    paths = {str(p.relative_to(docs)) for p in docs.rglob("*") if p.is_symlink() or not p.is_dir()}
    manifest = {row[0]: row[1:] for row in con.execute(
        "select source_file, status, reason, size_bytes from main.ingest_manifest").fetchall()}
    assert set(manifest) == paths
    assert manifest["sub/self_loop"][:1] == ("skipped",) and "symlink loop" in manifest["sub/self_loop"][1]
    assert manifest["sub/up"][0] == "skipped" and "loop" in manifest["sub/up"][1]
    assert manifest["sub/outside.txt"][0] == "skipped" and "outside the folder" in manifest["sub/outside.txt"][1]
    assert manifest["sub/broken.txt"][0] == "skipped" and "broken symlink" in manifest["sub/broken.txt"][1]
    assert manifest["sub/socket.txt"][0] == "skipped" and "socket" in manifest["sub/socket.txt"][1]
    # size_bytes is the link's own (lstat): the length of the target name, never the target's size.
    assert manifest["sub/outside.txt"][2] == len("/etc/hostname")
    assert manifest["two_documents.txt"][0] == "partial"
    assert "ING_MULTIPLE_DOCUMENTS" in manifest["two_documents.txt"][1]
    assert "永登县政务服务中心" in manifest["two_documents.txt"][1]


def test_every_odd_token_is_a_cell_or_a_finding(mixed):
    _, con = mixed
    for token, name in ODD_TOKENS.items():
        cells = con.execute("""
            select c.amount_yuan, c.placement, c.unit from main.fct_table_cells c
            join main.dim_document d using (doc_id) where d.source_file = ? and c.amount_raw = ?""",
                            [name, token]).fetchall()
        findings = con.execute("""
            select message from staging.stg_ingest__findings where source_file = ? and contains(message, ?)""",
                               [name, token]).fetchall()
        assert cells or findings, (name, token)
    # The non-money table: its figures land in %, never as 元.
    percent = con.execute("""
        select distinct c.unit, c.placement, c.amount_yuan is null from main.fct_table_cells c
        join main.dim_document d using (doc_id) where d.source_file = 'percent_table.txt'""").fetchall()
    assert percent == [("%", "non_money", True)]
    # The amounts no warehouse column can hold, and tokens that read as no amount: kept with their
    # raw text, an empty amount, unplaced, each with an error finding naming its line.
    for name, token, code in (("huge_amount.txt", "12345678901234567.89", "ING_IMPLAUSIBLE_AMOUNT"),
                              ("not_amounts.txt", "1e30", "ING_UNREADABLE_NUMBER"),
                              ("not_amounts.txt", "2,3,64", "ING_UNREADABLE_NUMBER")):
        (line, placement, amount), = con.execute("""
            select c.source_line, c.placement, c.amount_yuan from main.fct_table_cells c
            join main.dim_document d using (doc_id) where d.source_file = ? and c.amount_raw = ?""",
                                                [name, token]).fetchall()
        assert placement == "unplaced" and amount is None
        assert con.execute("""select count(*) from staging.stg_ingest__findings
            where source_file = ? and finding_code = ? and source_line = ?""", [name, code, line]).fetchone()[0] == 1
    # A space-separated row in a tab table, and a figure glued to a name: read, reported, unplaced.
    for name, code in (("spaced_row_in_tab_table.txt", "ING_LAYOUT_BREAK"), ("glued_figure.txt", "ING_GLUED_NUMBER")):
        rows = con.execute("""
            select c.amount_raw, c.placement from main.fct_table_cells c join main.dim_document d using (doc_id)
            where d.source_file = ? and c.code = '201' order by c.cell_seq""", [name]).fetchall()
        assert rows == [("15.00", "unplaced"), ("10.00", "unplaced"), ("5.00", "unplaced")], name
        assert con.execute("select count(*) from staging.stg_ingest__findings where source_file = ? and finding_code = ?",
                           [name, code]).fetchone()[0] == 1


def test_no_compliance_finding_rests_on_a_figure_ingest_could_not_read(mixed):
    _, con = mixed
    accused = con.execute("""
        select f.source_file, f.rule_id, f.source_line, f.message
        from main.fct_compliance_findings f
        where f.source_file in ('huge_amount.txt', 'not_amounts.txt', 'glued_figure.txt', 'spaced_row_in_tab_table.txt')
          and exists (select 1 from main.fct_table_cells c where c.doc_id = f.doc_id
                      and c.source_line = f.source_line and c.placement = 'unplaced')""").fetchall()
    assert accused == []
