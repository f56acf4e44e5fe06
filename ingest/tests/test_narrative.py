"""Narrative facts (ingest/narrative/) against figures typed by hand from the documents.

Every expected value below was read off the document text (the line numbers are the source's),
never copied from extractor output. Amounts are exact Decimals in the printed unit.
"""
from __future__ import annotations

import functools
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # so `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(ROOT))

from ingest.model import Fact  # noqa: E402
from ingest.narrative import extract_facts  # noqa: E402
from ingest.reader import decode_bytes, split_lines  # noqa: E402

RAW_DIR = ROOT / "data" / "raw"
CORPUS = ROOT / "data" / "corpus"          # vendored from ../shared/corpus (data/corpus/README.md)

DOC1 = "001_40f9bb7e09049ed6"   # 喀什市政务服务中心: markdown-ish, tab tables, some wrapped sentences
DOC2 = "002_7c0bf2efb0e5d549"   # 乌鲁木齐市政务服务中心: plain pdftotext, sentences wrapped every ~35 chars
DOC3 = "003_efef946b7b5e825f"   # 若羌县人民政府办公室: clean, codes printed as (201类)(03款)(01项)
DOC4 = "004_34e44ed35e487193"   # 永登县政务服务中心: the 甘肃 template


def _read(path: Path) -> list[str]:
    return split_lines(decode_bytes(path.read_bytes()).text)


def _doc_path(stem: str) -> Path:
    if (RAW_DIR / f"{stem}.txt").exists():
        return RAW_DIR / f"{stem}.txt"
    pytest.fail(f"{stem}.txt is not in data/raw")


@functools.lru_cache(maxsize=None)
def facts(stem: str) -> tuple[Fact, ...]:
    return tuple(extract_facts(_read(_doc_path(stem)), stem))


def pick(fs, kind: str, subject: str, attribute: str, line: int | None = None) -> Fact:
    """The one fact with these keys (and source line, when given); fails listing the candidates."""
    hits = [f for f in fs if f.fact_kind == kind and f.subject == subject and f.attribute == attribute
            and (line is None or f.source_line == line)]
    if len(hits) != 1:
        near = [(f.source_line, f.value_raw, f.unit) for f in fs
                if f.fact_kind == kind and f.subject == subject and f.attribute == attribute]
        pytest.fail(f"{kind}/{subject}/{attribute} line={line}: {len(hits)} facts; same keys: {near}")
    return hits[0]


def check(stem: str, rows) -> None:
    """rows: (kind, subject, attribute, line, value, unit); value is a str (exact Decimal) or None."""
    fs = facts(stem)
    for kind, subject, attribute, line, value, unit in rows:
        f = pick(fs, kind, subject, attribute, line)
        expected = None if value is None else Decimal(value)
        assert f.value == expected, (kind, subject, attribute, line, f.value_raw, f.value)
        if expected is not None:
            assert f.value.as_tuple().exponent == expected.as_tuple().exponent, \
                f"{kind}/{subject}/{attribute}: printed precision lost ({f.value_raw})"
        assert f.unit == unit, (kind, subject, attribute, f.unit)


def check_direction(stem: str, kind: str, subject: str, line: int, word: str) -> None:
    f = pick(facts(stem), kind, subject, "direction", line)
    assert f.text_value == word and f.value is None and f.unit is None


# ---------------------------------------------------------------------------------------------
# 001 喀什市政务服务中心

def test_001_staff_counts():
    check(DOC1, [
        ("staff", "authorized", "count", 75, "15", None),       # "编制数 15," — no unit word printed
        ("staff", "actual", "count", 75, "7", "人"),
        ("staff", "in_service", "count", 75, "7", "人"),
        ("staff", "in_service", "change_count", 75, "0", "人"),
        ("staff", "retired", "count", 75, "0", "人"),
        ("staff", "retired", "change_count", 75, "0", "人"),
        ("staff", "retired_early", "count", 75, "0", "人"),
    ])


def test_001_totals():
    check(DOC1, [
        ("total_budget", "budget_total", "amount", 359, "415.89", "万元"),
        ("total_budget", "income_total", "amount", 369, "415.89", "万元"),
        # "…部门 2024 年支" / "出预算 415.89 万元" — the number is on the second line
        ("total_budget", "expenditure_total", "amount", 389, "415.89", "万元"),
        ("total_budget", "fiscal_total", "amount", 399, "415.89", "万元"),
        ("total_budget", "general_budget_total", "amount", 413, "415.89", "万元"),
    ])


def test_001_income_and_expenditure_types():
    check(DOC1, [
        ("income_source", "general_budget", "amount", 371, "415.89", "万元"),
        ("income_source", "general_budget", "share_pct", 371, "100.00", "%"),
        ("income_source", "general_budget", "change_amount", 371, "415.89", "万元"),
        ("income_source", "general_budget", "change_pct", 371, "100.00", "%"),
        ("expenditure_type", "basic", "amount", 391, "203.56", "万元"),
        ("expenditure_type", "basic", "share_pct", 391, "48.95", "%"),
        ("expenditure_type", "basic", "change_amount", 391, "203.56", "万元"),
        ("expenditure_type", "basic", "change_pct", 391, "100.00", "%"),
        ("expenditure_type", "project", "amount", 393, "212.33", "万元"),
        ("expenditure_type", "project", "share_pct", 393, "51.05", "%"),
        ("expenditure_type", "project", "change_amount", 393, "212.33", "万元"),
        ("expenditure_type", "project", "change_pct", 393, "100.00", "%"),
        # 一般公共预算当年拨款: "增长" ends line 415, "100.00 %" starts line 417
        ("expenditure_type", "basic", "amount", 415, "203.56", "万元"),
        ("expenditure_type", "basic", "change_amount", 415, "203.56", "万元"),
        ("expenditure_type", "basic", "change_pct", 417, "100.00", "%"),
        ("expenditure_type", "project", "amount", 419, "212.33", "万元"),
        ("expenditure_type", "project", "change_pct", 419, "100.00", "%"),
        ("basic_split", "personnel", "amount", 451, "164.30", "万元"),
        ("basic_split", "public", "amount", 453, "39.26", "万元"),
    ])
    check_direction(DOC1, "income_source", "general_budget", 371, "增加")
    check_direction(DOC1, "expenditure_type", "project", 393, "增加")


def test_001_function_classes_and_items():
    check(DOC1, [
        ("function_class", "一般公共服务支出", "amount", 423, "390.05", "万元"),
        ("function_class", "一般公共服务支出", "share_pct", 423, "93.79", "%"),
        ("function_class", "社会保障和就业支出", "amount", 425, "11.50", "万元"),
        ("function_class", "社会保障和就业支出", "share_pct", 425, "2.77", "%"),
        ("function_class", "卫生健康支出", "amount", 427, "4.89", "万元"),
        ("function_class", "卫生健康支出", "share_pct", 427, "1.18", "%"),
        ("function_class", "住房保障支出", "amount", 429, "9.45", "万元"),
        ("function_class", "住房保障支出", "share_pct", 429, "2.27", "%"),
        # the same 类 amounts in the 财政拨款 sentence of line 405 ("包括:一般公共服务支出 390.05 万元,…")
        ("function_class", "一般公共服务支出", "amount", 405, "390.05", "万元"),
        ("function_class", "住房保障支出", "amount", 405, "9.45", "万元"),
    ])
    g = "一般公共服务支出/政府办公厅(室)及相关机构事务/"
    check(DOC1, [
        ("function_item", g + "机关服务", "amount", 433, "148.05", "万元"),
        ("function_item", g + "机关服务", "change_amount", 433, "148.05", "万元"),
        ("function_item", g + "机关服务", "change_pct", 433, "100.00", "%"),
        ("function_item", g + "事业运行", "amount", 435, "242.00", "万元"),
        ("function_item", g + "事业运行", "change_amount", 435, "242.00", "万元"),
        ("function_item", "社会保障和就业支出/行政事业单位养老支出/机关事业单位基本养老保险缴费支出",
         "amount", 437, "11.50", "万元"),
        ("function_item", "卫生健康支出/行政事业单位医疗/事业单位医疗", "amount", 439, "4.89", "万元"),
        ("function_item", "卫生健康支出/行政事业单位医疗/事业单位医疗", "change_amount", 439, "4.89", "万元"),
        # "住房公积金 (项):2024" / "年预算数为 9.45 万元" — wrapped over lines 441 and 443
        ("function_item", "住房保障支出/住房改革支出/住房公积金", "amount", 443, "9.45", "万元"),
        ("function_item", "住房保障支出/住房改革支出/住房公积金", "change_amount", 443, "9.45", "万元"),
        ("function_item", "住房保障支出/住房改革支出/住房公积金", "change_pct", 443, "100.00", "%"),
    ])


def test_001_three_public_operating_cost_procurement():
    check(DOC1, [
        ("three_public", "total", "amount", 513, "0.00", "万元"),
        ("three_public", "abroad", "amount", 513, "0.00", "万元"),      # "因公出国(境)0.00 万元"
        ("three_public", "vehicle_purchase", "amount", 513, "0.00", "万元"),
        ("three_public", "vehicle_operation", "amount", 513, "0.00", "万元"),
        ("three_public", "reception", "amount", 513, "0.00", "万元"),
        ("three_public", "total", "change_amount", 515, "0.00", "万元"),
        ("three_public", "total", "change_pct", 515, "0.00", "%"),
        ("three_public", "abroad", "change_amount", 515, "0.00", "万元"),
        ("three_public", "vehicle_purchase", "change_amount", 515, "0.00", "万元"),
        ("three_public", "vehicle_operation", "change_amount", 515, "0.00", "万元"),
        ("three_public", "reception", "change_amount", 515, "0.00", "万元"),
        # the template says 机关运行经费; this unit prints 事业单位运行经费
        ("operating_cost", "total", "amount", 527, "39.26", "万元"),
        ("operating_cost", "total", "change_amount", 527, "39.26", "万元"),
        ("operating_cost", "total", "change_pct", 527, "100.00", "%"),
        # "…部门政" / blank lines / "府采购预算 33.78 万元": the number is on line 535
        ("procurement", "total", "amount", 535, "33.78", "万元"),
        ("procurement", "goods", "amount", 535, "1.66", "万元"),
        ("procurement", "works", "amount", 535, "0.00", "万元"),
        ("procurement", "services", "amount", 535, "32.12", "万元"),
        ("procurement", "sme_reserved", "amount", 537, "33.78", "万元"),
        ("procurement", "small_micro_reserved", "amount", 537, "33.78", "万元"),
    ])


def test_001_assets_projects_performance():
    check(DOC1, [
        ("assets", "building", "area_m2", 543, "0.00", "平方米"),
        ("assets", "building", "amount", 543, "0.00", "万元"),
        ("assets", "vehicle", "count", 545, "0", "辆"),
        ("assets", "vehicle", "amount", 545, "0.00", "万元"),
        ("assets", "vehicle_general", "count", 545, "0", "辆"),
        ("assets", "furniture", "amount", 547, "23.28", "万元"),
        ("assets", "other", "amount", 549, "0.00", "万元"),
        ("assets", "large_equipment_50", "count", 551, "0", "台(套)"),
        ("assets", "large_equipment_100", "count", 551, "0", "台(套)"),
        # line 553 is the purchase plan ("安排购置 50 万元以上大型设备 0 台(套)"), not the holdings
        ("assets", "planned_large_equipment_50", "count", 553, "0", "台(套)"),
        ("assets", "planned_large_equipment_100", "count", 553, "0", "台(套)"),
        ("project", "日常专项业务项目", "amount", 463, "131.44", "万元"),
        ("project", "人员补助项目", "amount", 475, "16.61", "万元"),
        ("project", "单位运转项目", "amount", 489, "64.28", "万元"),
        ("performance", "overall", "count", 557, "1", "个"),
        ("performance", "overall", "amount", 557, "415.89", "万元"),
        ("performance", "fiscal_projects", "count", 557, "3", "个"),
        ("performance", "fiscal_projects", "amount", 557, "212.33", "万元"),
        ("performance", "nonfiscal_projects", "count", 557, "0", "个"),
        ("performance", "nonfiscal_projects", "amount", 557, "0.00", "万元"),
    ])
    fs = facts(DOC1)
    for name in ("日常专项业务项目", "人员补助项目", "单位运转项目"):
        assert pick(fs, "project", name, "policy_basis").text_value == "喀市财预【2024】1 号"
        assert pick(fs, "project", name, "period").text_value == "2024 年 01 月至 2024 年 12 月"
    assert pick(fs, "project", "日常专项业务项目", "policy_basis").source_line == 461


# ---------------------------------------------------------------------------------------------
# 002 乌鲁木齐市政务服务中心 (sentences wrapped across lines with blank lines between)

def test_002_staff_counts_wrapped():
    check(DOC2, [
        ("staff", "authorized", "count", 25, "11", None),
        ("staff", "actual", "count", 25, "11", "人"),
        ("staff", "in_service", "count", 25, "10", "人"),
        ("staff", "in_service", "change_count", 27, "1", "人"),   # "在职 10 人," / "增加 1人;"
        ("staff", "retired", "count", 27, "1", "人"),
        ("staff", "retired", "change_count", 27, "0", "人"),
        ("staff", "retired_early", "count", 27, "0", "人"),
    ])


def test_002_totals():
    check(DOC2, [
        ("total_budget", "budget_total", "amount", 590, "430.10", "万元"),
        ("total_budget", "income_total", "amount", 598, "430.10", "万元"),
        ("total_budget", "expenditure_total", "amount", 622, "430.10", "万元"),
        ("total_budget", "fiscal_total", "amount", 641, "430.10", "万元"),
        ("total_budget", "general_budget_total", "amount", 661, "430.10", "万元"),
    ])


def test_002_growth_word_and_percent_on_different_lines():
    # line 600 "…比上年预算增加 11.66 万元,增" / line 602 "长 2.79%,主要原因是…"
    check(DOC2, [
        ("income_source", "general_budget", "amount", 600, "430.10", "万元"),
        ("income_source", "general_budget", "share_pct", 600, "100.00", "%"),
        ("income_source", "general_budget", "change_amount", 600, "11.66", "万元"),
        ("income_source", "general_budget", "change_pct", 602, "2.79", "%"),
        ("income_source", "gov_fund", "amount", 608, "0.00", "万元"),
        ("income_source", "gov_fund", "change_pct", 610, "0.00", "%"),
        ("income_source", "state_capital", "amount", 614, "0.00", "万元"),
        ("income_source", "state_capital", "change_pct", 616, "0.00", "%"),
    ])
    check_direction(DOC2, "income_source", "general_budget", 600, "增加")
    reason = pick(facts(DOC2), "income_source", "general_budget", "reason")
    assert reason.text_value.startswith("主要原因是 2023 年我单位增加 1名在职人员")


def test_002_basic_and_project():
    check(DOC2, [
        ("expenditure_type", "basic", "amount", 624, "160.78", "万元"),
        ("expenditure_type", "basic", "share_pct", 624, "37.38", "%"),
        ("expenditure_type", "basic", "change_amount", 624, "25.83", "万元"),
        ("expenditure_type", "basic", "change_pct", 626, "19.14", "%"),
        ("expenditure_type", "project", "amount", 629, "269.32", "万元"),
        ("expenditure_type", "project", "share_pct", 629, "62.62", "%"),
        ("expenditure_type", "project", "change_amount", 629, "-14.17", "万元"),   # 减少 → negative
        ("expenditure_type", "project", "change_pct", 629, "-5.00", "%"),          # 下降 → negative
        ("expenditure_type", "basic", "amount", 665, "160.78", "万元"),
        ("expenditure_type", "basic", "change_pct", 665, "19.14", "%"),
        ("expenditure_type", "project", "amount", 671, "269.32", "万元"),
        ("expenditure_type", "project", "change_amount", 671, "-14.17", "万元"),
        ("basic_split", "personnel", "amount", 729, "148.22", "万元"),
        ("basic_split", "public", "amount", 735, "12.56", "万元"),
    ])
    check_direction(DOC2, "expenditure_type", "project", 629, "减少")
    assert pick(facts(DOC2), "expenditure_type", "project", "change_amount", 629).value_raw == "14.17"


def test_002_function_classes_and_wrapped_items():
    check(DOC2, [
        ("function_class", "一般公共服务支出", "amount", 680, "412.33", "万元"),
        ("function_class", "一般公共服务支出", "share_pct", 680, "95.87", "%"),
        ("function_class", "社会保障和就业支出", "amount", 682, "17.77", "万元"),
        ("function_class", "社会保障和就业支出", "share_pct", 682, "4.13", "%"),
    ])
    g = "一般公共服务支出/政府办公厅(室)及相关机构事务/"
    s = "社会保障和就业支出/行政事业单位养老支出/"
    check(DOC2, [
        # "…(款)事" / "业运行(项):2024 年预算数为 143.01 万元,…增" / "长 18.74%"
        ("function_item", g + "事业运行", "amount", 688, "143.01", "万元"),
        ("function_item", g + "事业运行", "change_amount", 688, "22.57", "万元"),
        ("function_item", g + "事业运行", "change_pct", 690, "18.74", "%"),
        ("function_item", g + "其他政府办公厅(室)及相关机构事务支出", "amount", 696, "269.32", "万元"),
        ("function_item", g + "其他政府办公厅(室)及相关机构事务支出", "change_amount", 698, "-14.17", "万元"),
        ("function_item", g + "其他政府办公厅(室)及相关机构事务支出", "change_pct", 698, "-5.00", "%"),
        ("function_item", s + "事业单位离退休", "amount", 706, "0.84", "万元"),
        ("function_item", s + "事业单位离退休", "change_amount", 706, "0.42", "万元"),
        ("function_item", s + "事业单位离退休", "change_pct", 708, "100.00", "%"),
        ("function_item", s + "机关事业单位基本养老保险缴费支出", "amount", 714, "16.93", "万元"),
        ("function_item", s + "机关事业单位基本养老保险缴费支出", "change_amount", 716, "2.84", "万元"),
        ("function_item", s + "机关事业单位基本养老保险缴费支出", "change_pct", 716, "20.16", "%"),
    ])


def test_002_three_public_operating_cost_procurement():
    check(DOC2, [
        ("three_public", "total", "amount", 819, "0.00", "万元"),        # "…预算数为 0.00 万" / "元,"
        ("three_public", "abroad", "amount", 821, "0.00", "万元"),
        ("three_public", "vehicle_purchase", "amount", 821, "0.00", "万元"),
        ("three_public", "vehicle_operation", "amount", 823, "0.00", "万元"),
        ("three_public", "reception", "amount", 823, "0.00", "万元"),
        ("three_public", "total", "change_amount", 825, "0.00", "万元"),
        ("three_public", "abroad", "change_amount", 827, "0.00", "万元"),
        ("three_public", "vehicle_purchase", "change_amount", 831, "0.00", "万元"),
        ("three_public", "vehicle_operation", "change_amount", 833, "0.00", "万元"),
        ("three_public", "reception", "change_amount", 837, "0.00", "万元"),
        ("operating_cost", "total", "amount", 853, "12.56", "万元"),
        ("operating_cost", "total", "change_amount", 855, "1.25", "万元"),
        ("operating_cost", "total", "change_pct", 855, "11.05", "%"),
        ("procurement", "total", "amount", 860, "5.78", "万元"),
        ("procurement", "goods", "amount", 862, "5.63", "万元"),
        ("procurement", "works", "amount", 862, "0.00", "万元"),
        ("procurement", "services", "amount", 862, "0.15", "万元"),     # "0.15" / "万元" on line 864
        ("procurement", "sme_reserved", "amount", 868, "5.78", "万元"),
        ("procurement", "small_micro_reserved", "amount", 868, "5.78", "万元"),
    ])


def test_002_assets_projects_performance():
    check(DOC2, [
        ("assets", "building", "area_m2", 874, "0.00", "平方米"),
        ("assets", "vehicle", "count", 876, "0", "辆"),
        ("assets", "furniture", "amount", 880, "7.6", "万元"),
        ("assets", "other", "amount", 882, "359.91", "万元"),
        ("assets", "large_equipment_50", "count", 884, "0", "台"),
        ("assets", "large_equipment_100", "count", 884, "1", "台"),     # "…设备 1" / "台。"
        ("assets", "planned_large_equipment_50", "count", 888, "0", "台"),
        ("assets", "planned_large_equipment_100", "count", 890, "0", "台"),
        ("project", "2024 年政务服务运行维护费", "amount", 767, "249.17", "万元"),
        # the name wraps: "…精神文明示范窗口" / "建设项目"
        ("project", "2024 年全国文明城市创建复验及市级精神文明示范窗口建设项目", "amount", 792, "20.15", "万元"),
        ("performance", "overall", "count", 894, "1", "个"),
        ("performance", "overall", "amount", 894, "269.32", "万元"),
        ("performance", "fiscal_projects", "count", 896, "2", "个"),
        ("performance", "fiscal_projects", "amount", 896, "269.32", "万元"),
        ("performance", "nonfiscal_projects", "count", 898, "0", "个"),
        ("performance", "nonfiscal_projects", "amount", 898, "0.00", "万元"),
    ])
    fs = facts(DOC2)
    basis = pick(fs, "project", "2024 年政务服务运行维护费", "policy_basis")
    assert basis.source_line == 745
    assert basis.text_value.startswith("市政务服务中心为了向政务服务大厅企业及办事群众提供便利")
    assert basis.text_value.endswith("加强政务大厅服务水平。")      # joined over lines 745-765
    assert pick(fs, "project", "2024 年全国文明城市创建复验及市级精神文明示范窗口建设项目",
                "policy_basis").text_value.startswith("按照市文明办全国文明城市创建")
    assert pick(fs, "project", "2024 年政务服务运行维护费", "period").text_value == \
        "2024 年 1月 1 日-2024 年 12 月 31 日"


def test_002_broken_number_gives_no_fact():
    # line 770 "…劳务费 229.5 万元,邮电费 8,委托业" — "8," has lost its unit: report nothing
    fs = facts(DOC2)
    assert not [f for f in fs if f.value_raw == "8" and f.source_line in (770, 772)]
    assert all(f.unit is not None for f in fs if f.attribute in ("amount", "change_amount"))


# ---------------------------------------------------------------------------------------------
# 003 若羌县人民政府办公室 (codes printed in the 类/款/项 lines)

def test_003_staff_counts_with_decreases():
    check(DOC3, [
        ("staff", "authorized", "count", 85, "41", None),
        ("staff", "actual", "count", 85, "34", "人"),
        ("staff", "in_service", "count", 85, "22", "人"),
        ("staff", "in_service", "change_count", 85, "-6", "人"),    # "减少 6 人"
        ("staff", "retired", "count", 85, "12", "人"),
        ("staff", "retired", "change_count", 85, "-1", "人"),
        ("staff", "retired_early", "count", 85, "0", "人"),
    ])


def test_003_totals_income_expenditure():
    check(DOC3, [
        ("total_budget", "budget_total", "amount", 314, "842.07", "万元"),
        ("total_budget", "income_total", "amount", 322, "842.07", "万元"),
        ("total_budget", "expenditure_total", "amount", 338, "842.07", "万元"),
        ("total_budget", "fiscal_total", "amount", 346, "842.07", "万元"),
        ("total_budget", "general_budget_total", "amount", 358, "842.07", "万元"),
        ("income_source", "general_budget", "amount", 324, "842.07", "万元"),
        ("income_source", "general_budget", "share_pct", 324, "100", "%"),
        ("income_source", "general_budget", "change_amount", 324, "-59.67", "万元"),
        ("income_source", "general_budget", "change_pct", 324, "-6.62", "%"),
        ("expenditure_type", "basic", "amount", 340, "592.99", "万元"),
        ("expenditure_type", "basic", "share_pct", 340, "70.42", "%"),
        ("expenditure_type", "basic", "change_amount", 340, "-21.05", "万元"),
        ("expenditure_type", "basic", "change_pct", 340, "-3.43", "%"),
        ("expenditure_type", "project", "amount", 342, "249.08", "万元"),
        ("expenditure_type", "project", "share_pct", 342, "29.58", "%"),
        ("expenditure_type", "project", "change_amount", 342, "-38.62", "万元"),
        ("expenditure_type", "project", "change_pct", 342, "-13.42", "%"),
        ("expenditure_type", "basic", "change_amount", 360, "-21.05", "万元"),
        ("expenditure_type", "basic", "change_pct", 362, "-3.43", "%"),    # "下降 3.43%" on the next line
        ("expenditure_type", "project", "change_pct", 364, "-13.42", "%"),
        ("basic_split", "personnel", "amount", 405, "554.3", "万元"),
        ("basic_split", "public", "amount", 407, "38.69", "万元"),
    ])
    check_direction(DOC3, "income_source", "general_budget", 324, "减少")


def test_003_function_classes_by_code():
    check(DOC3, [
        ("function_class", "201", "amount", 368, "683.7", "万元"),
        ("function_class", "201", "share_pct", 368, "81.19", "%"),
        ("function_class", "208", "amount", 369, "80.33", "万元"),
        ("function_class", "208", "share_pct", 369, "9.54", "%"),
        ("function_class", "210", "amount", 370, "38.43", "万元"),
        ("function_class", "210", "share_pct", 370, "4.56", "%"),
        ("function_class", "221", "amount", 371, "39.61", "万元"),
        ("function_class", "221", "share_pct", 371, "4.70", "%"),
    ])


@pytest.mark.parametrize("code,line,amount,change,pct", [
    ("2010301", 375, "265.54", "-44.15", "-14.26"),
    ("2010350", 377, "169.08", "29.75", "21.35"),
    ("2010399", 379, "234.08", "-38.62", "-14.16"),
    ("2014004", 383, "15", "15", "100"),
    ("2080501", 385, "9.42", "1.64", "21.08"),
    ("2080505", 387, "47.27", "-1.83", "-3.73"),
    ("2080506", 389, "23.64", "-0.91", "-3.71"),
    ("2101101", 391, "19.15", "-9.7", "-33.62"),
    ("2101102", 393, "10.85", "7.96", "275.43"),
    ("2101103", 397, "8.43", "-1.56", "-15.62"),
    ("2210201", 399, "39.61", "-2.25", "-5.38"),
])
def test_003_function_items_by_code(code, line, amount, change, pct):
    check(DOC3, [
        ("function_item", code, "amount", line, amount, "万元"),
        ("function_item", code, "change_amount", line, change, "万元"),
        ("function_item", code, "change_pct", line, pct, "%"),
    ])


def test_003_three_public_operating_cost_procurement_assets():
    check(DOC3, [
        ("three_public", "total", "amount", 469, "0.25", "万元"),
        ("three_public", "abroad", "amount", 469, "0", "万元"),
        ("three_public", "vehicle_purchase", "amount", 469, "0", "万元"),
        ("three_public", "vehicle_operation", "amount", 469, "0", "万元"),
        ("three_public", "reception", "amount", 469, "0.25", "万元"),
        ("three_public", "total", "change_amount", 471, "0", "万元"),
        ("three_public", "total", "change_pct", 473, "0", "%"),
        ("operating_cost", "total", "amount", 483, "38.69", "万元"),
        ("operating_cost", "total", "change_amount", 483, "12.21", "万元"),
        ("operating_cost", "total", "change_pct", 483, "46.11", "%"),
        ("procurement", "total", "amount", 487, "262.03", "万元"),
        ("procurement", "goods", "amount", 487, "153.80", "万元"),
        ("procurement", "works", "amount", 487, "0", "万元"),
        ("procurement", "services", "amount", 487, "108.23", "万元"),
        ("procurement", "sme_reserved", "amount", 489, "262.03", "万元"),
        ("procurement", "small_micro_reserved", "amount", 489, "261.53", "万元"),
        ("assets", "building", "area_m2", 497, "12345", "平方米"),
        ("assets", "building", "amount", 497, "265", "万元"),
        ("assets", "vehicle", "count", 498, "0", "辆"),
        ("assets", "furniture", "amount", 499, "45.35", "万元"),
        ("assets", "other", "amount", 500, "307.76", "万元"),
        ("assets", "large_equipment_50", "count", 502, "0", "台"),
        ("assets", "large_equipment_100", "count", 502, "0", "台"),
        ("assets", "vehicle_purchase_budget", "amount", 504, "0", "万元"),
        ("assets", "planned_large_equipment_50", "count", 504, "0", "台"),
        ("performance", "overall", "amount", 508, "842.07", "万元"),
        ("performance", "fiscal_projects", "count", 508, "4", "个"),
        ("performance", "fiscal_projects", "amount", 508, "249.08", "万元"),
        ("performance", "nonfiscal_projects", "amount", 508, "0", "万元"),
    ])


def test_003_project_list():
    check(DOC3, [
        ("project", "政府办业务经费", "amount", 415, "144.08", "万元"),
        ("project", "行政服务中心业务经费", "amount", 427, "40", "万元"),
        ("project", "若羌县民生“微实事”项目", "amount", 439, "50", "万元"),
        ("project", "信访局业务经费", "amount", 451, "15", "万元"),
    ])
    fs = facts(DOC3)
    assert pick(fs, "project", "政府办业务经费", "policy_basis").text_value == \
        "《新疆维吾尔自治区政务网站集约化平台管理办法(实行)》新政办函[2020]115号"
    assert pick(fs, "project", "信访局业务经费", "policy_basis").text_value == \
        "《信访工作条例》中华人民共和国第752号国务院令"
    assert pick(fs, "project", "信访局业务经费", "period").text_value == "2024年1月1日-2024年12月31日"
    # the 资金分配情况 line "2、网络服务费8.76;" prints no unit: no amount fact from it
    assert not [f for f in fs if f.value_raw == "8.76"]


# ---------------------------------------------------------------------------------------------
# 004 永登县政务服务中心 (甘肃 template)

def test_004_staff_and_totals():
    check(DOC4, [
        ("staff", "authorized", "count", 57, "6", "名"),      # "现有编制 6 名"
        ("staff", "actual", "count", 57, "6", "名"),          # "实有工作人员 6 名(主任 1 名,…)"
        ("total_budget", "budget_total", "amount", 63, "137.05", "万元"),
        ("total_budget", "income_total", "amount", 67, "137.05", "万元"),
        ("total_budget", "expenditure_total", "amount", 87, "137.05", "万元"),
        ("total_budget", "general_budget_total", "amount", 91, "137.05", "万元"),
        ("income_source", "general_budget", "amount", 72, "137.05", "万元"),
        ("income_source", "general_budget", "share_pct", 72, "100", "%"),
        ("income_source", "gov_fund", "amount", 74, "0", "万元"),
        ("income_source", "carryover", "amount", 76, "0", "万元"),
        ("income_source", "other", "amount", 78, "0", "万元"),
        ("income_source", "other", "share_pct", 78, "0", "%"),
    ])
    assert len([f for f in facts(DOC4) if f.fact_kind == "staff"]) == 2


def test_004_basic_project_and_the_contradicting_basic_sentence():
    check(DOC4, [
        ("expenditure_type", "basic", "amount", 87, "89.05", "万元"),
        ("expenditure_type", "basic", "share_pct", 87, "65", "%"),
        ("expenditure_type", "project", "amount", 87, "48", "万元"),
        ("expenditure_type", "project", "share_pct", 87, "35", "%"),
        # "上年结转 0 万元,占 0%" follows 支出预算: the expenditure side, not income
        ("expenditure_type", "carryover", "amount", 87, "0", "万元"),
        # line 99 prints 基本支出 137.05 (the table says 89.05): recorded as printed
        ("expenditure_type", "basic", "amount", 99, "137.05", "万元"),
        ("expenditure_type", "basic", "change_amount", 99, "-1", "万元"),
        ("expenditure_type", "basic", "change_pct", 99, "-0.7", "%"),
        # line 107 "一般公共预算财政拨款项目支出预算 48 万元": the general budget's, not all funds'
        ("expenditure_type", "general_budget_project", "amount", 107, "48", "万元"),
        ("expenditure_type", "general_budget_project", "change_amount", 107, "-5", "万元"),
        ("expenditure_type", "general_budget_project", "change_pct", 107, "-0.9", "%"),      # "降低 0.9%"
        ("basic_split", "personnel", "amount", 101, "82.42", "万元"),
        ("basic_split", "public", "amount", 103, "6.63", "万元"),
    ])


def test_004_function_classes_without_class_marker():
    check(DOC4, [
        ("function_class", "一般公共服务支出", "amount", 91, "117.54", "万元"),
        ("function_class", "公共安全支出", "amount", 91, "0", "万元"),
        ("function_class", "社会保障和就业支出", "amount", 91, "9.28", "万元"),
        ("function_class", "卫生健康支出", "amount", 91, "3.6", "万元"),
        ("function_class", "住房保障支出", "amount", 91, "6.63", "万元"),
        ("function_class", "社会保障和就业支出", "amount", 119, "9.28", "万元"),
        ("function_class", "社会保障和就业支出", "change_amount", 119, "1.5", "万元"),
        ("function_class", "社会保障和就业支出", "change_pct", 119, "19.28", "%"),
        ("function_class", "卫生健康支出", "change_amount", 121, "0.13", "万元"),
        ("function_class", "卫生健康支出", "change_pct", 121, "3.7", "%"),
        ("function_class", "住房保障支出", "change_amount", 123, "1.64", "万元"),
        ("function_class", "住房保障支出", "change_pct", 123, "32.8", "%"),
        ("function_item", "一般公共服务/纪检监察事务/派驻派出机构", "amount", 117, "0", "万元"),
        # "1. 交通运输支出(类) 民航发展基金支出(款) 民航安全(项)" / "2024 年预算数为 0 万元", under
        # "（一）政府性基金预算支出情况": that fund's figure, not the department's (issue 25)
        ("gov_fund_function_item", "交通运输支出/民航发展基金支出/民航安全", "amount", 169, "0", "万元"),
    ])


def test_004_three_public_meeting_training_operating_cost():
    check(DOC4, [
        ("three_public", "total", "amount", 129, "0.04", "万元"),
        ("three_public", "total", "change_amount", 129, "0", "万元"),
        ("three_public", "abroad", "amount", 131, "0", "万元"),
        ("three_public", "reception", "amount", 132, "0.04", "万元"),
        ("three_public", "vehicle_total", "amount", 133, "0", "万元"),
        # "(其中: 公务用车购置 0 万元, 公务用车运行维护费 0 万元), 较 2023 年预算增加 0 万元"
        ("three_public", "vehicle_purchase", "amount", 133, "0", "万元"),
        ("three_public", "vehicle_operation", "amount", 133, "0", "万元"),
        ("three_public", "vehicle_total", "change_amount", 133, "0", "万元"),
        ("three_public", "training", "amount", 138, "0", "万元"),
        ("three_public", "meeting", "amount", 142, "0", "万元"),
        ("operating_cost", "total", "amount", 150, "3.37", "万元"),
        ("operating_cost", "total", "change_amount", 150, "0.03", "万元"),
        ("operating_cost", "total", "change_pct", 150, "0.9", "%"),
    ])
    fs = facts(DOC4)
    assert not [f for f in fs if f.subject == "vehicle_purchase" and f.attribute == "change_amount"]


def test_004_procurement_assets_project_performance():
    check(DOC4, [
        ("procurement", "total", "amount", 154, "0", "万元"),
        ("procurement", "goods", "amount", 154, "0", "万元"),
        ("procurement", "works", "amount", 154, "0", "万元"),
        ("procurement", "services", "amount", 154, "0", "万元"),
        ("procurement", "sme_reserved", "amount", 156, "0", "万元"),
        ("procurement", "small_micro_reserved", "amount", 156, "0", "万元"),
        ("assets", "fixed_assets_total", "amount", 160, "18.59", "万元"),
        ("assets", "vehicle", "count", 160, "0", "辆"),
        ("assets", "vehicle", "amount", 160, "0", "万元"),
        ("assets", "large_equipment_20", "amount", 160, "0", "万元"),       # "单价 20 万元以上的设备价值 0 万元"
        ("assets", "planned_fixed_assets_total", "amount", 160, "0", "万元"),  # "拟采购固定资产约 0 万元"
        ("total_budget", "gov_fund_expenditure", "amount", 166, "0", "元"),   # "…安排支出 0 元"
        ("project", "行政审批系统和电子监察系统线路(政务专网)租用费", "amount", 193, "15", "万元"),
        ("performance", "target_projects", "count", 223, "4", "个"),
    ])
    fs = facts(DOC4)
    name = "行政审批系统和电子监察系统线路(政务专网)租用费"
    basis = pick(fs, "project", name, "policy_basis")
    assert basis.source_line == 183
    assert basis.text_value.startswith("甘肃省人民政府办公厅关于印发《2019 年甘肃省深化“放管服”改革实施方案》")
    assert "兰政办发〔2019〕134 号" in basis.text_value          # continues on line 185
    assert pick(fs, "project", name, "period").text_value == "2024 年 1 月 1 日-2024 年 12 月 31 日"


# ---------------------------------------------------------------------------------------------
# properties of every fact

@pytest.mark.parametrize("stem", [DOC1, DOC2, DOC3, DOC4])
def test_fact_records_are_well_formed(stem):
    lines = _read(_doc_path(stem))
    for f in facts(stem):
        assert f.doc_id == stem
        assert 1 <= f.source_line <= len(lines)
        assert len(f.context) <= 200
        assert not isinstance(f.value, float)
        if f.value is not None:
            assert isinstance(f.value, Decimal)
            assert f.text_value is None
            # the number is printed on its source line (wrapped numbers start there)
            head = f.value_raw.replace(",", "")[:2]
            assert head in lines[f.source_line - 1].replace(" ", "").replace(",", ""), \
                (f.fact_kind, f.subject, f.attribute, f.value_raw, f.source_line)
        else:
            assert f.text_value
        if f.attribute in ("share_pct", "change_pct", "completion_pct"):
            assert f.unit == "%"
        if f.attribute in ("amount", "change_amount"):
            assert f.unit in ("元", "万元", "亿元", "千元")


def test_table_rows_are_not_sentences():
    # tab-separated rows and bare-number rows are tables even when their words are keywords
    lines = ["收 入\t\t支 出", "一、本年收入\t415.89\t201 一般公共服务支出\t390.05",
             "一般公共预算拨款 430.10 202 外交支出", "总计 430.10 160.78 269.32"]
    assert extract_facts(lines, "t") == []


def test_units_are_taken_as_printed_and_never_invented():
    fs = extract_facts(["收支总预算 25000 元。", "", "机关运行经费 15万元。", "政府采购预算 8,"], "u")
    got = {(f.fact_kind, f.value_raw, f.unit) for f in fs}
    assert got == {("total_budget", "25000", "元"), ("operating_cost", "15", "万元")}


def test_thousands_separators_and_wrapped_numbers():
    fs = extract_facts(["2026年本部门收入预算16,410.71万元,比上年减少", "11,230.54万元,下降40.6%。"], "w")
    check_rows = {(f.attribute, f.value, f.source_line) for f in fs if f.subject == "income_total"}
    assert ("amount", Decimal("16410.71"), 1) in check_rows
    assert ("change_amount", Decimal("-11230.54"), 2) in check_rows
    assert ("change_pct", Decimal("-40.6"), 2) in check_rows


def test_page_number_inside_a_sentence_is_skipped():
    fs = extract_facts(["一般公共预算收入预算 37188.34 万元,与上年相比增加 4016.19", "17",
                        "万元,增长 12.11%。"], "p")
    amount = [f for f in fs if f.attribute == "change_amount"]
    assert len(amount) == 1 and amount[0].value == Decimal("4016.19") and amount[0].source_line == 1


PRIOR_SHAPES = [
    "1.一般公共服务支出(类)人大事务(款)行政运行(项):2026年预算数为150.00万元,比上年执行数120.00万元增长25.00%。",
    "1.一般公共服务支出(类)人大事务(款)行政运行(项):2025年执行数为120.00万元,2026年预算数为150.00万元,比上年增长25.00%。",
    "1.一般公共服务支出(类)人大事务(款)行政运行(项):2026年预算数为150.00万元,上年执行数为120.00万元,增长25.00%。",
    "1.一般公共服务支出(类)人大事务(款)行政运行(项):上年执行数120.00万元,本年预算数150.00万元,增长25.00%。",
    "1.一般公共服务支出(类)人大事务(款)行政运行(项):上年预算数为120.00万元,本年预算数为150.00万元,增长25.00%。",
]


@pytest.mark.parametrize("sentence", PRIOR_SHAPES)
def test_a_prior_year_figure_is_told_from_this_years_in_either_order(sentence):
    fs = extract_facts(["(三)一般公共预算当年拨款具体使用情况", "", sentence], "p")
    got = {(f.attribute, f.value) for f in fs if f.subject == "一般公共服务支出/人大事务/行政运行"}
    assert {("amount", Decimal("150.00")), ("prior_amount", Decimal("120.00")),
            ("change_pct", Decimal("25.00"))} <= got, got
    assert ("amount", Decimal("120.00")) not in got


def test_a_prior_year_three_public_figure_opens_its_statement():
    fs = extract_facts(["“三公”经费2025年执行数为30万元,2026年预算安排25万元,下降16.67%。"], "p")
    got = {(f.attribute, f.value) for f in fs if f.fact_kind == "three_public" and f.subject == "total"}
    assert got >= {("prior_amount", Decimal("30")), ("amount", Decimal("25")), ("change_pct", Decimal("-16.67"))}
    assert ("amount", Decimal("30")) not in got


# ---------------------------------------------------------------------------------------------
# the development corpus: seven real documents from other provinces

CORPUS_FILES = sorted(CORPUS.glob("*/*.layout.txt")) + sorted(CORPUS.glob("*/*.raw.txt"))


def test_corpus_runs_and_finds_totals():
    assert len(CORPUS_FILES) == 16, "data/corpus must hold the 16 corpus extractions"
    with_total = []
    for path in CORPUS_FILES:
        fs = extract_facts(_read(path), path.stem)      # must not raise
        if any(f.fact_kind == "total_budget" and f.attribute == "amount" for f in fs):
            with_total.append(path.name)
    # the two files of the Beijing table annex hold no narrative at all
    assert len(with_total) >= len(CORPUS_FILES) - 2, sorted(set(p.name for p in CORPUS_FILES) - set(with_total))


# (folder, kind, subject, attribute, value): the hand-read key figures of corpus/MANIFEST.md and
# the narrative sentences they come from (raw pdftotext extraction).
CORPUS_FIGURES = [
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "total_budget", "income_total", "amount", "32852.05"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "expenditure_type", "basic", "amount", "25218.54"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "expenditure_type", "project", "amount", "7633.51"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "three_public", "total", "amount", "244.85"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "three_public", "abroad", "amount", "173.52"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "three_public", "reception", "amount", "6"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "three_public", "vehicle_purchase", "amount", "37.38"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "three_public", "vehicle_operation", "amount", "27.95"),
    ("bj-sjj-2026-dept/bj-sjj-2026-narrative", "operating_cost", "total", "amount", "1637.76"),
    ("cs-xfj-2026-dept/cs-xfj-2026-dept", "total_budget", "income_total", "amount", "1935.36"),
    ("cs-xfj-2026-dept/cs-xfj-2026-dept", "three_public", "total", "amount", "8.00"),
    ("cs-xfj-2026-dept/cs-xfj-2026-dept", "three_public", "reception", "amount", "3.00"),
    ("cs-xfj-2026-dept/cs-xfj-2026-dept", "three_public", "vehicle_operation", "amount", "5.00"),
    ("cs-xfj-2026-dept/cs-xfj-2026-dept", "operating_cost", "total", "amount", "122.98"),
    ("gz-zfbgt-2026-dept/gz-zfbgt-2026-dept", "total_budget", "income_total", "amount", "16410.71"),
    ("gz-zfbgt-2026-dept/gz-zfbgt-2026-dept", "three_public", "total", "amount", "226.86"),
    ("gz-zfbgt-2026-dept/gz-zfbgt-2026-dept", "three_public", "abroad", "amount", "215.6"),
    ("gz-zfbgt-2026-dept/gz-zfbgt-2026-dept", "three_public", "reception", "amount", "11.26"),
    ("gz-zfbgt-2026-dept/gz-zfbgt-2026-dept", "operating_cost", "total", "amount", "1443.41"),
    ("js-gjfy-2019-dept/js-gjfy-2019-dept", "total_budget", "budget_total", "amount", "37188.34"),
    ("js-gjfy-2019-dept/js-gjfy-2019-dept", "expenditure_type", "reserve", "amount", "5011.4"),
    ("js-gjfy-2019-dept/js-gjfy-2019-dept", "three_public", "vehicle_operation", "amount", "266.8"),
    ("js-gjfy-2019-dept/js-gjfy-2019-dept", "operating_cost", "total", "amount", "3580.05"),
    ("sh-pt-czj-2024-final/sh-pt-czj-2024-final", "total_budget", "budget_total", "amount", "2995.39"),
    ("sh-pt-czj-2024-final/sh-pt-czj-2024-final", "total_budget", "fiscal_total", "amount", "0.3"),
    ("sh-pt-czj-2024-final/sh-pt-czj-2024-final", "operating_cost", "total", "amount", "184.65"),
    ("sh-pt-wanli-2025-dept/sh-pt-wanli-2025-dept", "three_public", "total", "amount", "37.91"),
    ("sh-pt-wanli-2025-dept/sh-pt-wanli-2025-dept", "three_public", "reception", "amount", "1.35"),
    ("sh-pt-wanli-2025-dept/sh-pt-wanli-2025-dept", "three_public", "vehicle_purchase", "amount", "15"),
    ("sh-pt-wanli-2025-dept/sh-pt-wanli-2025-dept", "three_public", "vehicle_operation", "amount", "21.56"),
    ("sh-pt-wanli-2025-dept/sh-pt-wanli-2025-dept", "operating_cost", "total", "amount", "464.64"),
    ("xa-zjj-2022-dept/xa-zjj-2022-dept", "total_budget", "income_total", "amount", "227358.37"),
    ("xa-zjj-2022-dept/xa-zjj-2022-dept", "three_public", "reception", "amount", "5.77"),
    ("xa-zjj-2022-dept/xa-zjj-2022-dept", "three_public", "vehicle_operation", "amount", "75"),
    ("xa-zjj-2022-dept/xa-zjj-2022-dept", "operating_cost", "total", "amount", "966.16"),
    ("xa-zjj-2022-dept/xa-zjj-2022-dept", "staff", "authorized", "count", "618"),
    ("xa-zjj-2022-dept/xa-zjj-2022-dept", "staff", "actual", "count", "582"),
]


@functools.lru_cache(maxsize=None)
def corpus_facts(stem: str) -> tuple[Fact, ...]:
    path = CORPUS / f"{stem}.raw.txt"
    assert path.exists(), f"{path} is not present in data/corpus"
    return tuple(extract_facts(_read(path), stem))


@pytest.mark.parametrize("stem,kind,subject,attribute,value", CORPUS_FIGURES)
def test_corpus_key_figures(stem, kind, subject, attribute, value):
    values = {f.value for f in corpus_facts(stem)
              if f.fact_kind == kind and f.subject == subject and f.attribute == attribute}
    assert Decimal(value) in values, values


# ---------------------------------------------------------------------------------------------
# robustness

_WORDS = ["收支总预算", "一般公共预算", "比上年", "增加", "减少", "增长", "下降", "万元", "元", "%", "占",
          "(类)", "(款)", "(项)", "“三公”经费", "因公出国(境)", "在职", "编制数", "人", "辆", "台(套)",
          "价值", "50 万元以上大型设备", "项目名称:", "预算安排规模:", "主要原因是", "其中:", "(", ")",
          ",", "。", ";", ":", "\t", " ", "\ue000", "1", "0.00", "12,345.6", "-", "2024 年", "※"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=30).map("".join), max_size=25))
def test_never_raises_on_budget_like_text(lines):
    for f in extract_facts(lines, "h"):
        assert 1 <= f.source_line <= len(lines)
        assert f.value is None or isinstance(f.value, Decimal)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=20))
def test_never_raises_on_arbitrary_text(lines):
    extract_facts(lines, "h")


def _facts(lines: list[str]) -> set[tuple]:
    return {(f.fact_kind, f.subject, f.attribute, f.value_raw, f.unit) for f in extract_facts(lines, "d")}


# Statement forms of other templates (issue 12), each as printed in a corpus document.
def test_prior_execution_then_this_years_budget():
    # 西安 templates: "…当年预算执行数为A，Y年预算安排B，比…执行数减少C%"
    facts = _facts(["2025年“三公”经费当年预算执行数为30万元,2026年预算安排25万元,比2025年预算执行数减少16.67%。"])
    assert ("three_public", "total", "prior_amount", "30", "万元") in facts
    assert ("three_public", "total", "amount", "25", "万元") in facts
    assert ("three_public", "total", "change_pct", "16.67", "%") in facts
    assert not any(f[2] == "amount" and f[3] == "30" for f in facts)


def test_nil_without_a_unit_and_none_stated_by_negation():
    # 上海 "(一)因公出国(境)为0。"; 西安 "本年度无财政拨款因公出国(境)费支出。"; 2019 "未安排…经费"
    assert ("three_public", "abroad", "amount", "0", "元") in _facts(["(一)因公出国(境)为0。"])
    assert ("three_public", "abroad", "amount", "无财政拨款", "元") in _facts(["本年度无财政拨款因公出国(境)费支出。"])
    assert ("operating_cost", "total", "amount", "无", "元") in _facts(["本单位无机关运行经费。"])
    # a bare figure other than 0 has no unit to be read in: no fact
    assert not any(f[1] == "reception" for f in _facts(["公务接待费为5。"]))


def test_an_item_named_by_its_heading():
    # 西安 决算: the heading names the item, the paragraph under it gives its figures
    facts = _facts(["2.公务用车购置费支出情况说明。", "2022年度财政拨款安排购置公务用车5辆,预算136.48万元,",
                    "支出决算136.48万元,完成预算的100%。"])
    assert ("three_public", "vehicle_purchase", "budget_amount", "136.48", "万元") in facts
    assert ("three_public", "vehicle_purchase", "actual_amount", "136.48", "万元") in facts


def test_the_general_budgets_basic_expenditure_is_its_own_subject():
    facts = _facts(["2022年度一般公共预算财政拨款基本支出98,606.29万元,包括人员经费和公用经费。"])
    assert ("expenditure_type", "general_budget_basic", "amount", "98,606.29", "万元") in facts
    assert not any(f[1] == "basic" for f in facts)


def test_a_template_alternative_states_no_direction():
    # "增加(减少)" left in from the template (R06) is no direction of the figure after it
    facts = _facts(["公务接待费2万元,比上年增加(减少)1万元。"])
    assert not any(f[2] in ("direction", "change_amount") for f in facts)


def test_a_figure_after_a_list_of_subjects_is_their_sum_not_the_last_ones():
    # 西安's 2019 narrative: "…“三公”经费及会议费、培训费预算支出共 263.72 万元，其中：…培训费预算 70.52 万元"
    fs = extract_facts(["一般公共预算“三公”经费及会议费、培训费预算支出共263.72万元,其中:", "",
                        "培训费预算70.52万元。"], "l")
    got = {(f.subject, f.value) for f in fs if f.fact_kind == "three_public" and f.attribute == "amount"}
    assert got == {("total+meeting+training", Decimal("263.72")), ("training", Decimal("70.52"))}
