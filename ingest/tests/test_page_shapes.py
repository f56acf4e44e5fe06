"""Pages and titles as real PDFs print them (江苏's 2017–2019 公开表, vendored in data/pdf/corpus/years):
a PDF page turned by /Rotate is read as it is shown; text whose tables still come out as lone
characters (a rotated table in a text extraction) is reported, not read as nothing; a title wrapped
onto a short tail line is one title, a tail that is a title is its own."""
from __future__ import annotations

from pathlib import Path

from ingest.readers.pdf import PAGE_BREAK, sideways_pages
from ingest.segment import find_regions

# The first lines of 江苏省委办公厅2018年度部门预算公开表.pdf's rotated contents page, as read.
ROTATED = ["表", "报 厅", "度 公", "开 办 制", "年 公 委 印", "8 省 厅", "1 算 苏 政", "0", "2 预 江 财",
           "省 共 省", "苏 门 中 苏", "部 : 江"]
UPRIGHT = ["一、部门预算收支总体情况", "2018年本部门收入预算24,458.43万元，支出预算24,458.43万元。"] * 6


def test_a_page_of_lone_characters_is_sideways_and_an_upright_one_is_not():
    text = "\n".join(UPRIGHT) + "\n" + PAGE_BREAK + "\n".join(ROTATED) + "\n"
    assert sideways_pages(text) == [2]


def test_a_title_wrapped_onto_a_short_tail_is_one_title():
    lines = ["30312 提租补贴 1,018.01", "财政拨款政府性基金支出预算", "表",
             "部门： 江苏省人大常委会办公厅 单位：万元", "功能科目代码 功能科目名称 金额", "合计",
             "(无政府性基金支出）"]
    regions = find_regions(lines)
    assert [(r.kind.kind, r.title_raw, r.title_line) for r in regions] == \
        [("gov_fund_expenditure", "财政拨款政府性基金支出预算表", 2)]


def test_a_tail_that_is_a_title_of_its_own_is_not_joined_to_the_line_above():
    lines = ["收入合", "13,649.07 支出合计 13,649.07", "计", "收入预算总表",
             "部门： 江苏省人大常委会办公厅 单位：万元", "项目名称 金额", "合计 13,649.07"]
    regions = find_regions(lines)
    assert [(r.kind.kind, r.title_raw) for r in regions] == [("income_summary", "收入预算总表")]


def test_a_numbered_title_completed_by_a_tail_that_is_a_title_alone_is_one_title():
    # 江苏省人民检察院 2018 公开09表 (read from page 25): the tail '支出预算表' would be a 支出 title
    # on its own, but it ends the numbered line above it — the 三公 table, not a second 支出表.
    lines = ["30309 奖励金 1.04", "公开 09 表：一般公共预算“三公”经费、会议费、培训费", "支出预算表",
             "部门： 江苏省人民检察院 单位：万元", "“三公”经费", "合计 小计 因公出国（境）费 公务接待费",
             "1,384.74 484.30 100.00 267.80 267.80 116.50 200.44 700.00"]
    regions = find_regions(lines)
    assert [(r.kind.kind, r.title_line) for r in regions] == [("three_public", 2)]
    assert regions[0].title_raw.endswith("培训费支出预算表")


def test_a_page_turned_by_rotate_is_read_as_it_is_shown():
    # 江苏省委办公厅2018年度部门预算公开表.pdf: portrait pages with /Rotate 90 whose text is drawn turned,
    # so the page shows landscape tables (pdftotext reads them so). Read in the page's own space they
    # were columns of single characters ('报 厅', '度 公').
    from ingest.readers import read
    pdf = Path(__file__).resolve().parents[2] / "data/pdf/corpus/years/江苏/江苏省委办公厅/江苏省委办公厅2018年度部门预算公开表.pdf"
    part = read(pdf.read_bytes())
    lines = part.text.split("\n")
    assert lines[:3] == ["江苏省2018年度", "省级部门预算公开报表", "部 门:中共江苏省委办公厅"]
    assert "部门：中共江苏省委办公厅 单位：万元" in [ln.replace("  ", " ") for ln in lines]
    assert not [n for n in part.notes if n.code == "ING_PAGE_SIDEWAYS"]
