"""What the ingest tells the gate about its own reading, so a rule fails closed instead of blaming
the publisher (issue 12): a table printed under a title no alias knows, an empty table the
document explains elsewhere, figures printed but not read, contents entries that are no titles,
a 行次 column, a unit wrapped in its cell, characters printed twice on themselves."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ingest.readers.pdf import _without_overprint  # noqa: E402
from ingest.pipeline import ingest_text  # noqa: E402

COVER = "某某市审计局\n2026年部门预算\n"
END = "第三部分 名词解释\n一、财政拨款收入：指本级财政当年拨付的资金。\n"
THREE_PUBLIC = ("财政拨款“三公”经费支出情况表\n单位：万元\n"
                "合计 因公出国(境)费 公务接待费 公务用车购置及运行费\n合计 8.00 0.00 3.00 5.00\n")


def kinds(result, status=None):
    return {t.table_kind for t in result.tables if status is None or t.status == status}


def test_a_table_under_an_unknown_title_is_reported_with_the_kinds_it_could_be():
    text = COVER + THREE_PUBLIC + ("部门综合预算专项业务经费支出表\n单位：元\n项目 金额\n"
                                   "信息化建设 1,200,000.00\n审计业务 800,000.00\n" + END)
    result = ingest_text(text, "t.txt")
    found = [(f.table_kind, f.source_line) for f in result.findings if f.code == "ING_UNRECOGNISED_TABLE"]
    assert found == [("project_expenditure", 7)], found


def test_a_table_number_over_a_known_title_is_no_unknown_table():
    text = COVER + "公开09表\n" + THREE_PUBLIC
    result = ingest_text(text, "t.txt")
    assert not [f for f in result.findings if f.code == "ING_UNRECOGNISED_TABLE"]


def test_an_empty_table_explained_in_the_narrative_carries_that_note():
    text = (COVER + "本部门无当年政府性基金预算收支，并已公开空表。\n" + THREE_PUBLIC
            + "政府性基金预算支出情况表\n单位：万元\n项目 合计 基本支出 项目支出\n合计\n" + END)
    result = ingest_text(text, "t.txt")
    table = next(t for t in result.tables if t.table_kind == "gov_fund_expenditure")
    assert table.status == "empty_with_note" and table.note_line == 3, (table.status, table.note_line)


def test_an_empty_table_nothing_explains_stays_empty():
    text = COVER + THREE_PUBLIC + "政府性基金预算支出情况表\n单位：万元\n项目 合计 基本支出 项目支出\n合计\n" + END
    result = ingest_text(text, "t.txt")
    assert "gov_fund_expenditure" in kinds(result, "empty")


def test_contents_entries_are_not_tables():
    text = (COVER + "目录\n表9 部门综合预算政府性基金收支表 是 不涉及\n表10 部门综合预算专项业务经费支出表\n表1\n"
            + THREE_PUBLIC)
    result = ingest_text(text, "t.txt")
    assert "gov_fund_expenditure" not in kinds(result) - kinds(result, "absent")


def test_a_line_number_column_is_no_amount():
    text = (COVER + THREE_PUBLIC + "财政拨款收支总表\n单位：万元\n收入 支出\n项目 行次 金额 项目 行次 合计\n"
            "一、一般公共预算拨款 1 1,935.36 一、一般公共服务支出 33 1,935.36\n")
    result = ingest_text(text, "t.txt")
    cells = [(c.amount_raw, c.placement, c.unit) for c in result.cells if c.table_kind == "fiscal_summary"]
    assert ("1", "non_money", "行次") in cells and ("33", "non_money", "行次") in cells, cells
    assert all(c.measure is None for c in result.cells if c.unit == "行次")


def test_a_unit_wrapped_in_its_cell_is_read():
    text = COVER + "财政拨款“三公”经费支出情况表\n单位:万\n部门名称:某某市审计局 元\n" + THREE_PUBLIC.split("\n", 2)[2]
    result = ingest_text(text, "t.txt")
    assert next(t for t in result.tables if t.table_kind == "three_public").unit == "万元"


def test_a_character_printed_on_itself_is_one_character():
    # (centre, left, right, height, char, bottom, top): '2' drawn three times a fraction apart, then '0'
    line = [(0, 10.0, 16.0, 12, "2", 0, 12), (0, 10.3, 16.3, 12, "2", 0, 12), (0, 10.6, 16.6, 12, "2", 0, 12),
            (0, 16.0, 22.0, 12, "0", 0, 12), (0, 22.0, 28.0, 12, "2", 0, 12), (0, 28.0, 34.0, 12, "2", 0, 12)]
    assert "".join(c[4] for c in _without_overprint(line)) == "2022"
