"""Form tables (绩效目标表): a project's funds and name read from labelled fields.

Expected values are read by hand from the bundled documents (data/raw), line numbers given.
"""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.forms import parse_forms  # noqa: E402
from ingest.pipeline import ingest_path  # noqa: E402

RAW = ROOT / "data" / "raw"


def _forms(stem: str):
    lines = (RAW / f"{stem}.txt").read_text(encoding="utf-8").split("\n")
    return parse_forms(lines, "d", f"{stem}.txt")


def _fields(table) -> dict[str, Decimal]:
    return {r.row_item: r.numbers[0].value for r in table.rows}


def test_project_forms_of_a_tab_document():
    # 001 lines 577-633: three 项目支出绩效目标表, '年度预算总额：| 131.44 | 其中：财政拨款 | 131.44 | 其他资金 | 0.00'
    forms = [t for t in _forms("001_40f9bb7e09049ed6") if t.kind == "performance_project"]
    assert [(t.rows[0].project_name, _fields(t)["perf_funds_total"]) for t in forms] == [
        ("日常专项业务项目", Decimal("131.44")), ("人员补助项目", Decimal("16.61")), ("单位运转项目", Decimal("64.28"))]
    assert _fields(forms[0])["perf_funds_fiscal"] == Decimal("131.44")
    assert all(t.unit == "万元" for t in forms)           # '项目资金（万元）'


def test_department_form_by_source():
    # 001 lines 559-572: 部门整体绩效目标表, funds by source under '资金总额（万元）'
    overall = [t for t in _forms("001_40f9bb7e09049ed6") if t.kind == "performance_overall"]
    assert len(overall) == 1
    assert _fields(overall[0]) == {"perf_funds_upper": Decimal("0.00"), "perf_funds_own": Decimal("415.89"),
                                   "perf_funds_other": Decimal("0.00")}


def test_forms_in_plain_text_with_wrapped_unit():
    # 002 line 1019 on: '项目名称 2024年全国文明城市创建复验及市级精神文明示范窗口建设项目 项目负责人 汪亮',
    # '项目资金(万' / '元)' wrapped, '年度预算总额 20.15'; line 1295 on: 2024年政务服务运行维护费 249.17
    forms = [t for t in _forms("002_7c0bf2efb0e5d549") if t.kind == "performance_project"]
    assert [(t.rows[0].project_name, _fields(t)["perf_funds_total"]) for t in forms] == [
        ("2024年全国文明城市创建复验及市级精神文明示范窗口建设项目", Decimal("20.15")),
        ("2024年政务服务运行维护费", Decimal("249.17"))]
    assert [t.unit for t in forms] == ["万元", "万元"]


def test_indicator_values_and_headings_are_not_funds():
    # 004: line 252-253 names the forms in a heading, line 45 in the contents: no form there.
    # Its forms (lines 503-614) print indicator values ('≥90%', '33 个部门') that are not funds.
    forms = _forms("004_34e44ed35e487193")
    assert [t.region.title_line for t in forms] == [503, 529, 550, 573, 596]
    assert [_fields(t)["perf_funds_total"] for t in forms[1:]] == [Decimal(15), Decimal(20), Decimal(3), Decimal(10)]
    assert all(len(r.numbers) == 1 and r.row_item.startswith("perf_") for t in forms for r in t.rows)


def test_a_department_form_that_contradicts_itself_lands_as_printed():
    # 004 lines 509-514: 人员经费 82.42, 公用经费 6.63, 项目支出 48 (= 137.05), yet '当年财政拨款 89.05',
    # '收入预算合计 48', '支出预算合计 48': landed as printed, for R30 to compare with the 支出合计.
    overall = _forms("004_34e44ed35e487193")[0]
    assert overall.kind == "performance_overall"
    assert _fields(overall) == {"perf_personnel": Decimal("82.42"), "perf_public": Decimal("6.63"),
                                "perf_project": Decimal("48"), "perf_funds_fiscal": Decimal("89.05"),
                                "perf_income_total": Decimal("48"), "perf_expenditure_total": Decimal("48")}


def test_forms_land_as_tables_with_their_placement():
    result = ingest_path(RAW / "004_34e44ed35e487193.txt")
    forms = [t for t in result.tables if t.table_kind == "performance_project"]
    assert len(forms) == 4 and all(t.status == "present" for t in forms)
    cells = [c for c in result.cells if c.table_kind == "performance_project" and c.row_item == "perf_funds_total"]
    assert [(c.project_name, c.amount, c.placement, c.measure, c.unit) for c in cells][2] == \
        ("政务大厅云桌面租用经费", Decimal(3), "form_label", "total", "万元")
