"""Bad input never crashes a run or loses a document (issue 5).

Each bad case is made here from the bundled documents (re-encoded, cut, edited, renamed), so the
fixtures stay small and readable. Every case asserts its manifest status and reason; the mixed
corpus at the end puts all of them beside the four good documents and checks that those land
exactly as they land alone.
"""
from __future__ import annotations

import ast
import codecs
import csv
import functools
import io
import os
import random
import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest import land
from ingest.__main__ import main as ingest_main
from ingest.amounts import looks_numeric, read_amount
from warehouse.build import build_aside
from ingest.land import discover, run
from ingest.pipeline import NotADisclosure, ingest_text
from ingest.reader import UnreadableInput, split_lines
from ingest.safe_export import safe_csv_text, spreadsheet_safe, write_safe_csv
from ingest.parse.cells import _attach_units, _trailing_numbers

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
DOC1, DOC2, DOC3, DOC4 = (RAW / n for n in ("001_40f9bb7e09049ed6.txt", "002_7c0bf2efb0e5d549.txt",
                                            "003_efef946b7b5e825f.txt", "004_34e44ed35e487193.txt"))


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_seeds(out: Path) -> dict[str, list[dict[str, str]]]:
    seeds = {}
    for p in sorted(out.glob("*.csv")):
        with open(p, encoding="utf-8", newline="") as fh:
            seeds[p.stem] = list(csv.DictReader(fh))
    return seeds


def land_folder(folder: Path, out: Path, jobs: int = 1) -> dict[str, list[dict[str, str]]]:
    """Ingest a folder as the CLI does and read every landed seed back."""
    code = ingest_main([str(folder), "--out", str(out), "--jobs", str(jobs), "--quiet"])
    assert code in (0, 3, 4)
    return read_seeds(out)


def land_files(tmp_path: Path, files: dict[str, bytes]) -> dict[str, list[dict[str, str]]]:
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    for name, data in files.items():
        (docs / name).write_bytes(data)
    return land_folder(docs, tmp_path / "out")


def manifest_of(seeds) -> dict[str, dict[str, str]]:
    return {r["source_file"]: r for r in seeds["ingest_manifest"]}


def rows_of(seeds, seed: str, doc_id: str) -> list[dict[str, str]]:
    return [r for r in seeds[seed] if r["doc_id"] == doc_id]


@functools.cache
def cells_alone(path: Path) -> tuple:
    """The cells a bundled document lands when it is ingested on its own."""
    result = ingest_text(text_of(path), path.name)
    return tuple((c.table_seq, c.row_seq, c.source_line, c.code, c.measure, c.amount, c.placement)
                 for c in result.cells)


def assert_lands_as_alone(seeds, path: Path) -> None:
    row = manifest_of(seeds)[path.name]
    assert row["status"] == "landed"
    landed = tuple((int(c["table_seq"]), int(c["row_seq"]), int(c["source_line"]), c["code"] or None,
                    c["measure"] or None, Decimal(c["amount"]), c["placement"])
                   for c in rows_of(seeds, "ingest_cells", row["doc_id"]))
    assert landed == cells_alone(path)


# ---- fixtures: each bad case as bytes, made from the bundled documents ----

TRUNCATED_LINE = 254      # 003: '301\t08\t机关事业单位基本养老保险缴费\t47.27\t47.27\t', in 一般公共预算基本支出情况表


def truncated_mid_table() -> bytes:
    """003 cut four characters before the end of line 254, inside the basic-expenditure table."""
    lines = text_of(DOC3).split("\n")
    return ("\n".join(lines[:TRUNCATED_LINE - 1]) + "\n" + lines[TRUNCATED_LINE - 1][:-4]).encode()


def unmapped_header() -> bytes:
    """003 with the 部门支出总体情况表 header words replaced by words no alias knows."""
    text = text_of(DOC3)
    at = text.index("部门支出总体情况表\n\n编制")
    table = text[at:].replace("合计\t基本支出\t项目支出", "甲栏\t乙栏\t丙栏", 1).replace("支出预算", "栏目", 1)
    return (text[:at] + table).encode()


SPLIT_ROW = "201 一般公共服务支出 412.33 143.01 269.32\n"      # 002 line 221, 部门支出总体情况表


def split_figure(rest_on_next_line: bool = True) -> bytes:
    """002 with '269.32' printed over two lines ('269.' / '32'), or with its second piece lost."""
    cut = "201 一般公共服务支出 412.33 143.01 269.\n" + ("32\n" if rest_on_next_line else "")
    return text_of(DOC2).replace(SPLIT_ROW, cut, 1).encode()


def revised_version() -> bytes:
    """002 re-published with one figure changed: another version of the same department-year."""
    return text_of(DOC2).replace("总计 430.10 160.78 269.32", "总计 430.20 160.88 269.32", 1).encode()


def one_line() -> bytes:
    return text_of(DOC1).replace("\n", " ").encode()


def enormous_line() -> bytes:
    return (text_of(DOC4) + "\n" + "附" * 2_000_000 + "\n").encode()


def very_long() -> bytes:
    appendix = "".join(f"附注 {n}：本段为说明文字的附录，不含表格。\n" for n in range(50_000))
    return (text_of(DOC4) + "\n附件\n" + appendix).encode()


BIG5 = ("若羌縣人民政府辦公室\n2024 年部門預算公開\n\n部門支出總體情況表\n單位：萬元\n"
        "科目編碼 科目名稱 合計 基本支出 項目支出\n201 一般公共服務支出 683.70 434.62 249.08\n")

NOTICE = "关于召开2024年全市安全生产工作会议的通知\n\n各单位：\n定于3月5日召开会议，请准时参加。\n"
REPORT = ("关于2023年全县预算执行情况和2024年预算草案的报告\n\n各位代表：\n"
          "2023年全县一般公共预算收入完成12,345万元，增长5.2%。\n2024年预算安排如下。\n")

AMOUNT_FORMS = """测试局
2024 年部门预算公开

部门支出总体情况表

编制部门：测试局

单位：万元

科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t1,234.56\t1,111.11\t123.45
20101\t人大事务\t１２３．４５\t—\t１２３．４５
2010101\t行政运行\t－\t\t-
2010102\t一般行政管理事务\t(12.00)\t-12.00\t
2010104\t人大会议\t1,111.11万元\t1,111.11\t
\t合计\t1,234.56\t1,111.11\t123.45

备注：金额写法测试。
"""
# (code or row label, measure) → (amount, decimals, unit) as the table above prints them.
AMOUNT_FORMS_EXPECTED = {
    ("201", "total"): ("1234.56", "2", "万元"), ("201", "basic"): ("1111.11", "2", "万元"),
    ("201", "project"): ("123.45", "2", "万元"),
    ("20101", "total"): ("123.45", "2", "万元"), ("20101", "basic"): ("0", "0", "万元"),
    ("20101", "project"): ("123.45", "2", "万元"),
    ("2010101", "total"): ("0", "0", "万元"), ("2010101", "project"): ("0", "0", "万元"),
    ("2010102", "total"): ("-12.00", "2", "万元"), ("2010102", "basic"): ("-12.00", "2", "万元"),
    ("2010104", "total"): ("1111.11", "2", "万元"), ("2010104", "basic"): ("1111.11", "2", "万元"),
    ("合计", "total"): ("1234.56", "2", "万元"), ("合计", "basic"): ("1111.11", "2", "万元"),
    ("合计", "project"): ("123.45", "2", "万元"),
}


# ---- encodings ----

@pytest.mark.parametrize("encode, encoding", [
    (lambda t: t.encode("utf-8"), "utf-8"),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    (lambda t: t.encode("gb18030"), "gb18030"),
    (lambda t: t.encode("gbk"), "gb18030"),                 # GBK is a subset of GB18030
    (lambda t: t.encode("utf-16"), "utf-16"),               # Python writes the BOM
    (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
    (lambda t: t.encode("utf-32"), "utf-32"),
], ids=["utf-8", "utf-8 BOM", "gb18030", "gbk", "utf-16 LE BOM", "utf-16 BE BOM", "utf-32 BOM"])
def test_each_accepted_encoding_lands_the_same_cells(tmp_path, encode, encoding):
    alone = land_files(tmp_path / "ref", {"doc.txt": text_of(DOC3).encode("utf-8")})
    seeds = land_files(tmp_path / "enc", {"doc.txt": encode(text_of(DOC3))})
    row = manifest_of(seeds)["doc.txt"]
    assert (row["status"], row["reason"], row["encoding"]) == ("landed", "", encoding)
    assert seeds["ingest_cells"] == alone["ingest_cells"]


@pytest.mark.parametrize("data, looks_like", [
    (BIG5.encode("big5"), "big5"),
    (("日本語の予算書です。会計年度の部門予算について説明します。" * 20).encode("shift_jis"), "cp932"),
    (("Rapport budgétaire détaillé, crédits élevés. " * 40).encode("cp1252"), ""),
])
def test_a_file_in_no_accepted_encoding_is_quarantined_saying_so(tmp_path, data, looks_like):
    seeds = land_files(tmp_path, {"other encoding.txt": data})
    row = manifest_of(seeds)["other encoding.txt"]
    assert row["status"] == "quarantined" and row["doc_id"] == ""
    assert row["reason"].startswith("unreadable: not UTF-8 (with or without BOM), UTF-16")
    assert "save it as UTF-8" in row["reason"] and looks_like in row["reason"]


def test_a_utf8_file_with_one_corrupt_byte_is_quarantined_naming_the_line(tmp_path):
    data = DOC3.read_bytes().replace("行政运行".encode(), b"\xff\xfe", 1)
    line = data.count(b"\n", 0, data.index(b"\xff")) + 1
    seeds = land_files(tmp_path, {"corrupt.txt": data})
    reason = manifest_of(seeds)["corrupt.txt"]["reason"]
    assert reason.startswith("unreadable: not UTF-8")
    assert f"the first byte that is not UTF-8 is on line {line};" in reason


# ---- files that are not disclosures ----

@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "unreadable: empty file"),
    ("blank.txt", b" \n\r\n\t\n", "unreadable: empty file"),
    ("garbage.txt", random.Random(5).randbytes(8000), "unreadable: binary content (NUL bytes)"),
    ("garbage no NUL.txt", bytes(b for b in random.Random(6).randbytes(9000) if b)[:8000],
     "unreadable: not UTF-8"),
    ("notice 通知.txt", NOTICE.encode(), "not a budget disclosure: no budget table"),
    ("report 报告.txt", REPORT.encode(), "not a budget disclosure: no budget table"),
    ("scan.pdf", b"%PDF-1.4\n%binary", "PDF cannot be opened"),
    ("one line 单行.txt", one_line(), "not a budget disclosure: line 1 is 15,835 characters long"),
])
def test_a_file_that_is_not_a_readable_disclosure_is_quarantined(tmp_path, name, data, reason):
    seeds = land_files(tmp_path, {name: data, DOC4.name: DOC4.read_bytes()})
    manifest = manifest_of(seeds)
    assert manifest[name]["status"] == "quarantined"
    assert manifest[name]["reason"].startswith(reason), manifest[name]["reason"]
    assert manifest[name]["cells_landed"] == "0"
    finding = [f for f in seeds["ingest_findings"] if f["source_file"] == name]
    assert [(f["severity"], f["code"]) for f in finding] == [("error", "ING_QUARANTINED")]
    assert_lands_as_alone(seeds, DOC4)


def test_a_file_larger_than_any_disclosure_is_quarantined_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(land, "MAX_FILE_BYTES", 1000)
    (tmp_path / "big.txt").write_bytes(b"x" * 1001)
    [outcome] = run([tmp_path / "big.txt"], ["big.txt"], jobs=1)
    assert outcome.status == "quarantined"
    assert outcome.reason.startswith("1,001 bytes is larger than any disclosure text (limit 1,000)")


# ---- truncation ----

def test_a_document_cut_mid_table_lands_its_complete_rows_and_marks_the_table_partial(tmp_path):
    seeds = land_files(tmp_path, {"cut.txt": truncated_mid_table(), DOC3.name: DOC3.read_bytes()})
    manifest = manifest_of(seeds)
    cut, full = manifest["cut.txt"], manifest[DOC3.name]
    assert cut["status"] == "partial"
    assert cut["reason"].startswith(f"ING_TRUNCATED at line {TRUNCATED_LINE}: the text stops mid-line "
                                    f"at line {TRUNCATED_LINE}, inside 一般公共预算基本支出情况表")
    assert "(47.27, 47) may be incomplete and are not landed" in cut["reason"]
    assert "another version" in full["reason"]
    assert_lands_as_alone(seeds, DOC3)

    tables = {t["table_kind"]: t for t in rows_of(seeds, "ingest_tables", cut["doc_id"])}
    assert tables["general_budget_basic"]["status"] == "partial"
    assert all(t["status"] != "partial" for k, t in tables.items() if k != "general_budget_basic")
    [finding] = [f for f in seeds["ingest_findings"] if f["code"] == "ING_TRUNCATED"]
    assert (finding["source_file"], finding["severity"], finding["source_line"]) == \
        ("cut.txt", "error", str(TRUNCATED_LINE))

    # What landed is exactly the full document's cells before the cut line.
    def key(c):
        return tuple(c[k] for k in ("table_seq", "row_seq", "cell_seq", "source_line", "code",
                                    "measure", "amount", "placement"))
    landed = [key(c) for c in rows_of(seeds, "ingest_cells", cut["doc_id"])]
    expected = [key(c) for c in rows_of(seeds, "ingest_cells", full["doc_id"])
                if int(c["source_line"]) < TRUNCATED_LINE]
    assert landed == expected and len(landed) == 120


def test_a_document_cut_at_a_line_end_keeps_the_last_complete_row(tmp_path):
    lines = text_of(DOC3).split("\n")
    seeds = land_files(tmp_path, {"cut.txt": ("\n".join(lines[:TRUNCATED_LINE]) + "\n").encode()})
    row = manifest_of(seeds)["cut.txt"]
    assert row["status"] == "partial"
    assert row["reason"].startswith(f"ING_TRUNCATED at line {TRUNCATED_LINE}: the text stops at line "
                                    f"{TRUNCATED_LINE}, inside 一般公共预算基本支出情况表 (title at line "
                                    "241), before its total row")
    last = [c for c in seeds["ingest_cells"] if c["source_line"] == str(TRUNCATED_LINE)]
    assert [(c["measure"], c["amount"]) for c in last] == [("total", "47.27"), ("personnel", "47.27")]


def test_a_text_ending_on_a_complete_total_row_without_a_line_end_is_not_truncated(tmp_path):
    text = text_of(DOC3)
    total = "\t\t合 计\t592.99\t554.30\t38.69"          # the last row of 一般公共预算基本支出情况表
    seeds = land_files(tmp_path, {"ends on total.txt": text[:text.index(total) + len(total)].encode()})
    row = manifest_of(seeds)["ends on total.txt"]
    assert (row["status"], row["reason"]) == ("landed", "")
    assert [c["amount"] for c in seeds["ingest_cells"] if c["row_kind"] == "total"
            and c["table_kind"] == "general_budget_basic"] == ["592.99", "554.30", "38.69"]


def test_a_file_cut_inside_a_character_is_read_up_to_the_cut(tmp_path):
    for encoding in ("utf-8", "gb18030"):
        data = text_of(DOC3).encode(encoding)
        cut_at = data.index("住房公积金".encode(encoding)) + 1      # one byte into a character
        seeds = land_files(tmp_path / encoding, {"cut.txt": data[:cut_at]})
        row = manifest_of(seeds)["cut.txt"]
        assert (row["status"], row["encoding"]) == ("partial", encoding)
        assert row["reason"].startswith("ING_TRUNCATED at line 161: the text stops mid-line at line 161, "
                                        "inside 部门支出总体情况表")


def test_a_complete_document_is_never_reported_truncated():
    for path in sorted(RAW.glob("*.txt")) + sorted((ROOT / "data" / "corpus").glob("*/*.txt")):
        for text in (text_of(path), text_of(path).rstrip("\n")):     # with and without a final line end
            try:
                result = ingest_text(text, path.name)
            except NotADisclosure:
                continue
            assert not [f for f in result.findings if f.code == "ING_TRUNCATED"], path.name


# ---- duplicates and versions ----

def test_the_same_document_under_two_names_lands_once_naming_its_twin(tmp_path):
    seeds = land_files(tmp_path, {DOC1.name: DOC1.read_bytes(), "副本 it's.txt": DOC1.read_bytes(),
                                  "副本 gbk.txt": text_of(DOC1).encode("gbk")})
    manifest = manifest_of(seeds)
    # The first name in sort order lands; each other name is a duplicate naming it.
    assert (manifest[DOC1.name]["status"], manifest[DOC1.name]["reason"]) == ("landed", "")
    for twin, encoding in (("副本 it's.txt", "utf-8"), ("副本 gbk.txt", "gb18030")):
        assert (manifest[twin]["status"], manifest[twin]["duplicate_of"], manifest[twin]["encoding"]) == \
            ("duplicate", DOC1.name, encoding)
        assert manifest[twin]["reason"] == f"same content as {DOC1.name}"
        assert manifest[twin]["cells_landed"] == "0"
    assert [d["source_file"] for d in seeds["ingest_documents"]] == [DOC1.name]


def test_two_versions_of_one_department_year_both_land_flagged(tmp_path):
    seeds = land_files(tmp_path, {DOC2.name: DOC2.read_bytes(), "002 修订版.txt": revised_version()})
    manifest = manifest_of(seeds)
    assert_lands_as_alone(seeds, DOC2)
    for name, other in ((DOC2.name, "002 修订版.txt"), ("002 修订版.txt", DOC2.name)):
        assert manifest[name]["status"] == "landed"
        assert manifest[name]["reason"] == f"another version of the same department-year also landed: {other}"
    flags = [f for f in seeds["ingest_findings"] if f["code"] == "ING_SAME_DEPARTMENT_YEAR"]
    assert sorted(f["source_file"] for f in flags) == sorted([DOC2.name, "002 修订版.txt"])
    assert len(seeds["ingest_documents"]) == 2


# ---- line shapes and names ----

def test_an_enormous_line_and_a_very_long_file_land_their_document(tmp_path):
    alone = land_files(tmp_path / "alone", {DOC4.name: DOC4.read_bytes()})
    seeds = land_files(tmp_path / "odd", {"enormous line.txt": enormous_line(), "very long.txt": very_long()})
    manifest = manifest_of(seeds)
    ref = [{k: v for k, v in c.items() if k != "doc_id"} for c in alone["ingest_cells"]]
    for name in ("enormous line.txt", "very long.txt"):
        assert manifest[name]["status"] == "landed"
        cells = [{k: v for k, v in c.items() if k != "doc_id"}
                 for c in rows_of(seeds, "ingest_cells", manifest[name]["doc_id"])]
        assert cells == ref
    [long_line] = [f for f in seeds["ingest_findings"] if f["code"] == "ING_LONG_LINE"]
    assert long_line["source_file"] == "enormous line.txt"
    assert long_line["message"].startswith(f"line {len(text_of(DOC4).split(chr(10))) + 1} is 2,000,000 "
                                           "characters long")


@pytest.mark.parametrize("name", ['若羌 "县" 预算.txt', "it's a 'quote'.txt", "comma, and  spaces .txt",
                                  "sub folder/深层 文件.txt"])
def test_file_names_with_spaces_quotes_and_chinese_are_kept_as_given(tmp_path, name):
    docs = tmp_path / "docs"
    (docs / name).parent.mkdir(parents=True)
    (docs / name).write_bytes(DOC3.read_bytes())
    seeds = land_folder(docs, tmp_path / "out")
    assert [(r["source_file"], r["status"]) for r in seeds["ingest_manifest"]] == [(name, "landed")]
    assert [d["source_file"] for d in seeds["ingest_documents"]] == [name]


def test_a_file_name_that_is_not_utf8_is_shown_escaped_not_fatal(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / os.fsdecode(b"bad \xff name.txt")).write_bytes(DOC3.read_bytes())
    seeds = land_folder(docs, tmp_path / "out")
    assert [(r["source_file"], r["status"]) for r in seeds["ingest_manifest"]] == \
        [("bad \\xff name.txt", "landed")]


def test_hidden_files_and_folders_are_not_inputs(tmp_path):
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "ab").write_bytes(b"x")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "doc.txt").write_bytes(DOC3.read_bytes())
    assert [f.path.name for f in discover([tmp_path])] == ["doc.txt"]


# ---- amounts in tables ----

def test_every_printed_amount_form_lands_its_value(tmp_path):
    seeds = land_files(tmp_path, {"amount forms.txt": AMOUNT_FORMS.encode()})
    assert manifest_of(seeds)["amount forms.txt"]["status"] == "landed"
    got = {(c["code"] or c["row_label"], c["measure"]): (c["amount"], c["decimals"], c["unit"])
           for c in seeds["ingest_cells"]}
    assert got == AMOUNT_FORMS_EXPECTED      # the blank 行政运行/基本支出 cell lands no cell
    assert {c["placement"] for c in seeds["ingest_cells"]} == {"position"}


def test_a_figure_printed_over_two_lines_is_joined_and_reported(tmp_path):
    seeds = land_files(tmp_path, {"split.txt": split_figure(), DOC2.name: DOC2.read_bytes()})
    manifest = manifest_of(seeds)
    assert manifest["split.txt"]["status"] == "landed"
    assert_lands_as_alone(seeds, DOC2)
    [joined] = [f for f in seeds["ingest_findings"] if f["code"] == "ING_FIGURE_JOINED"]
    assert joined["message"] == ("部门支出总体情况表: '269.' (line 221) and '32' (line 222) are one figure "
                                 "printed over two lines, read as 269.32")

    def key(c):
        return tuple(c[k] for k in ("table_seq", "row_seq", "code", "measure", "amount", "placement"))
    split = rows_of(seeds, "ingest_cells", manifest["split.txt"]["doc_id"])
    assert sorted(map(key, split)) == sorted(map(key, rows_of(seeds, "ingest_cells",
                                                                manifest[DOC2.name]["doc_id"])))
    row = [c for c in split if c["source_line"] == "221"]
    assert [(c["amount"], c["measure"], c["source_line_end"]) for c in row] == \
        [("412.33", "total", "222"), ("143.01", "basic", "222"), ("269.32", "project", "222")]


def test_a_cut_figure_that_cannot_be_joined_is_reported_not_guessed(tmp_path):
    seeds = land_files(tmp_path, {"split.txt": split_figure(rest_on_next_line=False)})
    row = manifest_of(seeds)["split.txt"]
    assert row["status"] == "partial"
    assert row["reason"].startswith("ING_SPLIT_FIGURE at line 221: 部门支出总体情况表 line 221: '269.' is "
                                    "part of a figure cut over lines")
    cells = [c for c in seeds["ingest_cells"] if c["source_line"] == "221"]
    assert [(c["amount"], c["measure"], c["placement"]) for c in cells] == \
        [("412.33", "", "unplaced"), ("143.01", "", "unplaced")]


def test_a_table_whose_header_cannot_be_mapped_keeps_its_rows_unplaced(tmp_path):
    seeds = land_files(tmp_path, {"unmapped.txt": unmapped_header(), DOC3.name: DOC3.read_bytes()})
    manifest = manifest_of(seeds)
    assert_lands_as_alone(seeds, DOC3)
    row = manifest["unmapped.txt"]
    assert row["status"] == "partial"
    assert row["reason"].startswith("ING_HEADER_UNMAPPED at line 133: 部门支出总体情况表 (line 133): no column "
                                    "of the header '科目 栏目 功能分类科目编码 功能分类科目名称 甲栏 乙栏 丙栏")
    assert "its 45 numbers are landed unplaced" in row["reason"]

    def table_cells(doc_id):
        return [c for c in rows_of(seeds, "ingest_cells", doc_id) if c["table_kind"] == "expenditure_summary"]
    bad, good = table_cells(row["doc_id"]), table_cells(manifest[DOC3.name]["doc_id"])
    assert [(c["row_seq"], c["code"], c["amount"]) for c in bad] == \
        [(c["row_seq"], c["code"], c["amount"]) for c in good] and len(bad) == 45
    assert {(c["measure"], c["placement"]) for c in bad} == {("", "unplaced")}


# ---- the mixed corpus ----

MIXED_EXPECTED = {
    # file name: (status, the reason starts with, encoding)
    DOC1.name: ("landed", "", "utf-8"),
    DOC2.name: ("landed", "another version of the same department-year also landed: 002 revised 修订版.txt, "
                          "002 split figure 跨行.txt", "utf-8"),
    DOC3.name: ("landed", "another version of the same department-year also landed: 003 truncated 截断.txt, "
                          "003 unmapped header 表头.txt", "utf-8"),
    DOC4.name: ("landed", "another version of the same department-year also landed: "
                          "004 enormous line 超长行.txt, 004 very long 很长.txt", "utf-8"),
    '副本 001 "quoted" it\'s.txt': ("duplicate", f"same content as {DOC1.name}", "utf-8"),
    "副本 002 GBK.txt": ("duplicate", f"same content as {DOC2.name}", "gb18030"),
    "副本 003 UTF-16 BOM.txt": ("duplicate", f"same content as {DOC3.name}", "utf-16"),
    "副本 004 UTF-8 BOM.txt": ("duplicate", f"same content as {DOC4.name}", "utf-8-sig"),
    "big5 繁體.txt": ("quarantined", "unreadable: not UTF-8", ""),
    "empty.txt": ("quarantined", "unreadable: empty file", ""),
    "garbage.txt": ("quarantined", "unreadable: binary content", ""),
    "notice 通知.txt": ("quarantined", "not a budget disclosure", ""),
    "report 报告.txt": ("quarantined", "not a budget disclosure", ""),
    "001 one line 单行.txt": ("quarantined", "not a budget disclosure: line 1 is", ""),
    "scan.pdf": ("quarantined", "PDF cannot be opened", ""),
    "003 truncated 截断.txt": ("partial", f"ING_TRUNCATED at line {TRUNCATED_LINE}:", "utf-8"),
    "003 unmapped header 表头.txt": ("partial", "ING_HEADER_UNMAPPED at line 133:", "utf-8"),
    "002 revised 修订版.txt": ("landed", "another version of the same department-year also landed: "
                                       f"002 split figure 跨行.txt, {DOC2.name}", "utf-8"),
    "002 split figure 跨行.txt": ("landed", "another version of the same department-year also landed: "
                                          f"002 revised 修订版.txt, {DOC2.name}", "utf-8"),
    "004 enormous line 超长行.txt": ("landed", "another version of the same department-year also "
                                             f"landed: 004 very long 很长.txt, {DOC4.name}", "utf-8"),
    "004 very long 很长.txt": ("landed", "another version of the same department-year also landed: "
                                       f"004 enormous line 超长行.txt, {DOC4.name}", "utf-8"),
    "amount forms 金额写法.txt": ("landed", "", "utf-8"),
}


def mixed_corpus(folder: Path) -> None:
    folder.mkdir()
    files = {
        DOC1.name: DOC1.read_bytes(), DOC2.name: DOC2.read_bytes(),
        DOC3.name: DOC3.read_bytes(), DOC4.name: DOC4.read_bytes(),
        '副本 001 "quoted" it\'s.txt': DOC1.read_bytes(),
        "副本 002 GBK.txt": text_of(DOC2).encode("gbk"),
        "副本 003 UTF-16 BOM.txt": text_of(DOC3).encode("utf-16"),
        "副本 004 UTF-8 BOM.txt": codecs.BOM_UTF8 + DOC4.read_bytes(),
        "big5 繁體.txt": BIG5.encode("big5"),
        "empty.txt": b"",
        "garbage.txt": random.Random(5).randbytes(8000),
        "notice 通知.txt": NOTICE.encode(),
        "report 报告.txt": REPORT.encode(),
        "001 one line 单行.txt": one_line(),
        "scan.pdf": b"%PDF-1.4\n%binary",
        "003 truncated 截断.txt": truncated_mid_table(),
        "003 unmapped header 表头.txt": unmapped_header(),
        "002 revised 修订版.txt": revised_version(),
        "002 split figure 跨行.txt": split_figure(),
        "004 enormous line 超长行.txt": enormous_line(),
        "004 very long 很长.txt": very_long(),
        "amount forms 金额写法.txt": AMOUNT_FORMS.encode(),
    }
    assert set(files) == set(MIXED_EXPECTED)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def test_mixed_corpus_accounts_for_every_file_and_lands_the_good_ones_unchanged(tmp_path, capsys):
    mixed_corpus(tmp_path / "mixed")
    code = ingest_main([str(tmp_path / "mixed"), "--out", str(tmp_path / "out"), "--jobs", "2"])
    summary = capsys.readouterr().out
    assert code == 3
    assert "ingest: 22 files: 9 landed, 2 partial, 4 duplicate, 7 quarantined, 0 skipped;" in summary
    seeds = read_seeds(tmp_path / "out")

    # Exactly one manifest row per input file, with the expected status, reason and encoding.
    names = [r["source_file"] for r in seeds["ingest_manifest"]]
    assert sorted(names) == sorted(MIXED_EXPECTED) and len(names) == len(set(names))
    for row in seeds["ingest_manifest"]:
        status, reason, encoding = MIXED_EXPECTED[row["source_file"]]
        assert (row["status"], row["encoding"]) == (status, encoding), row
        assert row["reason"].startswith(reason) and (reason or row["reason"] == ""), row
        assert (row["doc_id"] != "") == (status != "quarantined")
        if status in ("landed", "partial"):
            assert int(row["cells_landed"]) > 0
    # Every landed or partial document, and only those, has a documents row.
    landed = {r["source_file"] for r in seeds["ingest_manifest"] if r["status"] in ("landed", "partial")}
    assert {d["source_file"] for d in seeds["ingest_documents"]} == landed

    # The four good documents land exactly what they land alone.
    alone = land_folder(RAW, tmp_path / "alone")
    good = {d["doc_id"] for d in alone["ingest_documents"]}
    for seed in ("ingest_documents", "ingest_tables", "ingest_cells", "ingest_facts"):
        assert [r for r in seeds[seed] if r["doc_id"] in good] == alone[seed], seed


def test_mixed_corpus_seeds_are_byte_identical_across_runs(tmp_path):
    mixed_corpus(tmp_path / "mixed")
    land_folder(tmp_path / "mixed", tmp_path / "a", jobs=1)
    land_folder(tmp_path / "mixed", tmp_path / "b", jobs=3)
    for a in sorted((tmp_path / "a").glob("*.csv")):
        assert a.read_bytes() == (tmp_path / "b" / a.name).read_bytes(), a.name
    assert not list((tmp_path / "a").glob(".*"))          # no temporary file left behind


# ---- exit codes and summary ----

def test_exit_codes_and_summary(tmp_path, capsys):
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_bytes(DOC3.read_bytes())
    (good / "a copy.txt").write_bytes(DOC3.read_bytes())
    assert ingest_main([str(good), "--out", str(tmp_path / "o1")]) == 0
    assert "ingest: 2 files: 1 landed, 0 partial, 1 duplicate, 0 quarantined, 0 skipped;" in capsys.readouterr().out

    (good / "empty.txt").write_bytes(b"")
    assert ingest_main([str(good), "--out", str(tmp_path / "o2")]) == 3
    assert "ingest: 3 files: 1 landed, 0 partial, 1 duplicate, 1 quarantined, 0 skipped;" in capsys.readouterr().out

    (tmp_path / "nothing").mkdir()
    assert ingest_main([str(tmp_path / "nothing"), "--out", str(tmp_path / "o3")]) == 2
    assert ingest_main([str(tmp_path / "missing"), "--out", str(tmp_path / "o3")]) == 2

    (tmp_path / "not a folder").write_text("x")
    assert ingest_main([str(good), "--out", str(tmp_path / "not a folder")]) == 1
    assert "cannot write seeds" in capsys.readouterr().err


# ---- build aside, then swap ----

def _make_warehouse(path: Path, value: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("create table t as select ? as x", [value])
    con.close()


def _read(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select x from t").fetchone()[0]
    finally:
        con.close()


def _step(code: str) -> list[str]:
    """A build step: Python writing to the warehouse dbt would build (BUDGET_WAREHOUSE)."""
    return [sys.executable, "-c", "import duckdb, os, sys\n"
            "con = duckdb.connect(os.environ['BUDGET_WAREHOUSE'])\n" + code]


def test_a_failed_build_leaves_the_previous_warehouse_untouched_and_readable(tmp_path):
    wh = tmp_path / "warehouse.duckdb"
    _make_warehouse(wh, 1)
    before = wh.read_bytes()
    messages = []
    code = build_aside(wh, [_step("con.execute('create table t as select 2 as x')\ncon.close()"),
                            _step("con.close()\nsys.exit(4)")], log=messages.append)
    assert code == 4
    assert wh.read_bytes() == before and _read(wh) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb", "warehouse.duckdb.lock"]
    assert "failed (exit 4); the partial build was removed and" in messages[0]
    assert messages[0].endswith("warehouse.duckdb is unchanged")


def test_a_build_step_that_cannot_run_leaves_the_warehouse(tmp_path):
    wh = tmp_path / "warehouse.duckdb"
    _make_warehouse(wh, 1)
    assert build_aside(wh, [[str(tmp_path / "no-such-dbt"), "build"]], log=lambda m: None) == 1
    assert _read(wh) == 1 and not (tmp_path / "warehouse.duckdb.building").exists()


def test_a_successful_build_is_swapped_in_whole_with_its_log_merged(tmp_path):
    wh = tmp_path / "warehouse.duckdb"
    _make_warehouse(wh, 1)
    (tmp_path / "warehouse.duckdb.building").write_bytes(b"stale partial build")
    # The step dies without closing, so its last write is only in the write-ahead log.
    code = build_aside(wh, [_step("con.execute('create table t as select 2 as x')\n"
                                  "con.execute('checkpoint')\n"
                                  "con.execute('update t set x = 3')\nos._exit(0)")], log=lambda m: None)
    assert code == 0
    assert _read(wh) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse.duckdb", "warehouse.duckdb.lock"]


def test_the_first_build_creates_the_warehouse(tmp_path):
    wh = tmp_path / "new" / "warehouse.duckdb"
    assert build_aside(wh, [_step("con.execute('create table t as select 5 as x')\ncon.close()")],
                       log=lambda m: None) == 0
    assert _read(wh) == 5


# ---- text never becomes code ----

SQL_CALLS = frozenset({"sql", "execute", "executemany", "query"})


def _python_files() -> list[Path]:
    """The product's Python (tests build their own fixtures and are not scanned)."""
    skip = {".venv", "build", "target", "logs", "dbt_packages", "node_modules", "tests"}
    return [p for p in ROOT.rglob("*.py") if not skip & set(p.relative_to(ROOT).parts)]


def test_no_sql_is_built_by_interpolating_text_and_nothing_is_evaluated():
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("eval", "exec"):
                offenders.append(f"{path.name}:{node.lineno} {func.id}()")
            if isinstance(func, ast.Attribute) and func.attr in SQL_CALLS and node.args:
                query = node.args[0]
                built = isinstance(query, (ast.JoinedStr, ast.BinOp)) or (
                    isinstance(query, ast.Call) and isinstance(query.func, ast.Attribute)
                    and query.func.attr == "format")
                if built:
                    offenders.append(f"{path.name}:{node.lineno} .{func.attr}() of a built string")
    assert not offenders, "SQL must be a constant with parameters: " + "; ".join(offenders)
    assert len(_python_files()) > 10


def test_document_text_lands_as_data_even_when_it_looks_like_sql_or_a_formula(tmp_path):
    label = "'); drop table t; -- =HYPERLINK(\"x\")"
    text = text_of(DOC3).replace("行政运行", label, 1)
    seeds = land_files(tmp_path, {"x'; drop.txt": text.encode()})
    assert manifest_of(seeds)["x'; drop.txt"]["status"] == "landed"
    assert {c["row_label"] for c in seeds["ingest_cells"] if "drop" in c["row_label"]} == {label}


# ---- CSV downloads are safe in spreadsheets ----

@pytest.mark.parametrize("value, shown", [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+86 10 1234", "'+86 10 1234"), ("@cmd", "'@cmd"),
    ("-1+1", "'-1+1"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-", "'-"), ("-1,234.56", "'-1,234.56"),
    ("-12.00", "-12.00"), ("+5", "+5"), ("12.00", "12.00"), ("行政运行", "行政运行"), ("", ""),
    (None, ""), (Decimal("-12.50"), "-12.50"), (Decimal("-0.00"), "0.00"), (7, "7"),
])
def test_spreadsheet_safe(value, shown):
    assert spreadsheet_safe(value) == shown


def test_write_safe_csv_file_and_text(tmp_path):
    rows = [["=1+2", Decimal("-3.00"), "关于"], ["@x", None, 'a "quoted", cell']]
    write_safe_csv(rows, tmp_path / "out.csv", header=["label", "amount_yuan", "name"])
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    back = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert back == [["label", "amount_yuan", "name"], ["'=1+2", "-3.00", "关于"],
                    ["'@x", "", 'a "quoted", cell']]
    assert safe_csv_text(rows) == data.decode("utf-8-sig").split("\r\n", 1)[1]


@given(st.text())
def test_no_safe_cell_starts_a_formula(text):
    safe = spreadsheet_safe(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r")) or re.fullmatch(r"[+-][0-9]+(\.[0-9]+)?", safe)
    assert safe.removeprefix("'") == text or safe == text


# ---- properties of the amount parser and the row tokenizer ----

UNITS = ("%", "亿元", "万元", "千元", "元")


def denoted(text: str) -> tuple[Decimal, int, str] | None:
    """What a printed amount means, worked out independently of the parser's regex."""
    s = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    if s in ("-", "--", "—", "——", "–", "––", "―"):
        return Decimal(0), 0, ""
    unit = next((u for u in UNITS if s.endswith(u)), "")
    s = s.removesuffix(unit).rstrip(" ") if unit else s
    negative = s.startswith(("-", "("))
    digits = s.strip("()").lstrip("+-").replace(",", "")
    value = Decimal(digits)
    return (-value if negative else value), len(digits.partition(".")[2]), unit


AMOUNTISH = st.from_regex(r"\A[(（]?[-+−]?[0-9０-９]{1,3}([,，][0-9]{3}){0,3}([.．][0-9０-９]{1,6})?[)）]?"
                          r"( ?(%|万元|元))?\Z")


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), AMOUNTISH,
                 st.sampled_from(["-", "—", "－", "−", "–", "", " ", "(", "()", "1,23", "(-1)"])))
def test_amount_parser_never_raises_and_reads_what_the_text_denotes(text):
    amount = read_amount(text)
    if amount is not None:
        assert (amount.value, amount.decimals, amount.unit) == denoted(text)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2,
                   min_value=Decimal("-1e12"), max_value=Decimal("1e12")),
       st.sampled_from(["plain", "commas", "fullwidth", "brackets", "minus_sign", "percent", "unit"]))
def test_every_printed_form_of_a_value_reads_back_as_that_value(value, form):
    plain = format(abs(value), "f")
    commas = f"{abs(value):,.2f}"
    sign = "-" if value < 0 else ""
    text = {
        "plain": sign + plain,
        "commas": sign + commas,
        "fullwidth": (sign + commas).translate(str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")),
        "brackets": f"({commas})" if value < 0 else commas,
        "minus_sign": ("\u2212" if value < 0 else "") + plain,
        "percent": sign + plain + "%",
        "unit": sign + commas + " 万元",
    }[form]
    amount = read_amount(text)
    assert amount is not None and amount.value == value and amount.decimals == 2
    assert amount.unit == {"percent": "%", "unit": "万元"}.get(form, "")


TOKENS = st.one_of(AMOUNTISH, st.sampled_from(["201", "03", "50", "2010301", "[30201]办公费", "合计", "%",
                                               "万元", "行政运行", "—", "-", "1,234.", ".56", "2024"]),
                   st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8))


@settings(max_examples=300)
@given(st.lists(TOKENS, max_size=12))
def test_row_tokenizer_splits_a_line_into_its_label_and_numbers(tokens):
    line = " ".join(tokens)
    split = line.split()
    head, numbers = _trailing_numbers(split)
    assert " ".join(head + [n.raw for n in numbers]) == " ".join(_attach_units(split))
    for n in numbers:
        amount = read_amount(n.raw)
        if amount is None:      # looks like a figure, reads as none: kept to be reported, no value
            assert looks_numeric(n.raw) and n.value is None
            continue
        assert (n.value, n.decimals, n.unit) == (amount.value, amount.decimals, amount.unit)
    # Nothing that looks like a figure is left at the end of the name.
    assert not head or not looks_numeric(head[-1])


TABLE_HEAD = "测试局\n2024 年部门预算公开\n\n部门支出总体情况表\n单位：万元\n科目编码 科目名称 合计 基本支出 项目支出\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(TOKENS, max_size=8).map(" ".join), max_size=12),
       st.sampled_from([" ", "\t"]), st.booleans())
# A name fragment (':') before a code line: the row spans both lines (it once ended on the first).
@example(rows=["0．0 \r:", "201 0．0"], sep=" ", final_newline=False)
@example(rows=["0．0 \r:", "201 0．0"], sep=" ", final_newline=True)
def test_arbitrary_table_rows_never_raise_and_every_cell_is_its_printed_text(rows, sep, final_newline):
    text = TABLE_HEAD.replace(" ", sep) + "\n".join(r.replace(" ", sep) for r in rows) + \
        ("\n" if final_newline else "")
    try:
        result = ingest_text(text, "fuzz.txt")
    except (NotADisclosure, UnreadableInput):
        return
    lines = split_lines(text)
    for c in result.cells:
        amount = read_amount(c.amount_raw)
        if c.amount is None:    # unreadable or beyond what the warehouse holds: reported, unplaced
            assert c.placement == "unplaced" and any(
                f.source_line == c.source_line and c.amount_raw in f.message for f in result.findings)
        else:
            assert amount is not None and amount.value == c.amount
        printed = "".join(lines[c.source_line - 1:c.source_line_end]).replace(" ", "").replace("\t", "")
        assert c.amount_raw.replace(" ", "") in printed


# ---- every path in the manifest; seeds as a set ----

def test_an_unreadable_folder_is_a_manifest_row_naming_it(tmp_path, monkeypatch):
    # Root reads any folder whatever its mode, so the refusal the OS gives others is simulated.
    (tmp_path / "docs" / "locked").mkdir(parents=True)
    (tmp_path / "docs" / "a.txt").write_bytes(DOC3.read_bytes())
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    seeds = land_folder(tmp_path / "docs", tmp_path / "out")
    rows = {r["source_file"]: r for r in seeds["ingest_manifest"]}
    assert rows["locked"]["status"] == "quarantined"
    assert rows["locked"]["reason"] == "cannot read folder: Permission denied"
    assert rows["a.txt"]["status"] == "landed"


def test_a_full_disk_leaves_the_previous_seeds_whole_and_no_partial_files(tmp_path, monkeypatch, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_bytes(DOC3.read_bytes())
    out = tmp_path / "seeds"
    assert ingest_main([str(docs), "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (docs / "b.txt").write_bytes(RAW.joinpath("004_34e44ed35e487193.txt").read_bytes())
    real_fsync = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:            # the third seed file hits a full disk
            raise OSError(28, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert ingest_main([str(docs), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0] and str(out) in err[0]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".seeds.ingest-cache", "docs", "seeds"]
