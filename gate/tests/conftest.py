"""A small fixture warehouse: DuckDB tables in `main` with the marts' contracted columns.

The columns and types of the contracted marts are read from models/marts/*.yml (so the fixture
follows the contract); fct_compliance_findings and fct_compliance_scorecard have no contract yet
and are spelled out here from their SQL. Three documents and one quarantined file:

- a.txt (dA): a warn finding only (with a negative difference, which is legitimate);
- b.txt (dB): an unwaived error finding (R26, line 99) and an info finding;
- c.txt (dC): an error finding (R14) that is waived, with its reason;
- d.txt: quarantined by ingest, not a document.
"""
from __future__ import annotations

import copy
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = [ROOT / "models" / "marts" / "_analyst__models.yml", ROOT / "models" / "marts" / "_marts__models.yml"]

EXTRA_TABLES = {
    "main.fct_compliance_findings": {
        "doc_id": "varchar", "source_file": "varchar", "rule_id": "varchar", "severity": "varchar",
        "message": "varchar", "detail": "varchar", "table_kind": "varchar", "subject_code": "varchar",
        "expected_yuan": "decimal(24,4)", "actual_yuan": "decimal(24,4)", "difference_yuan": "decimal(24,4)",
        "tolerance_yuan": "decimal(24,4)", "source_line": "integer", "page": "integer", "is_waived": "boolean",
        "waiver_reason": "varchar", "decision": "varchar", "decided_by": "varchar", "decided_at": "varchar",
    },
    "main.fct_compliance_scorecard": {
        "doc_id": "varchar", "severity": "varchar", "rules_evaluated": "bigint", "rules_passed": "bigint",
        "rules_failed": "bigint", "rules_unevaluable": "bigint", "checks_unevaluable": "bigint",
        "findings": "bigint", "unwaived_findings": "bigint", "false_findings": "bigint",
    },
    "reference.ref_rules": {"rule_id": "varchar", "severity": "varchar", "description_zh": "varchar"},
    "reference.ref_units": {"unit": "varchar"},
    "reference.table_kinds": {"table_kind": "varchar"},
}


def contracted_columns() -> dict[str, dict[str, str]]:
    tables = {}
    for path in CONTRACTS:
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]:
            name = (model.get("config") or {}).get("alias") or model["name"]
            tables[f"main.{name}"] = {c["name"]: c["data_type"] for c in model["columns"]}
    return tables


def _doc(doc_id, source_file, department, province, city, county, division, stage, level):
    return dict(doc_id=doc_id, source_file=source_file, department_name=department, province=province,
                city=city, county=county, division_code=division, fiscal_year=2024, stage=stage,
                doc_level=level, source_unit="万元", template_family="xj11", required_tables_absent=0,
                encoding="utf-8", line_count=300, content_sha256="0" * 64)


def _summary(doc_id):
    return dict(doc_id=doc_id, total_yuan=1000000, basic_yuan=600000, project_yuan=400000,
                personnel_yuan=500000, public_yuan=100000, three_public_yuan=2500,
                three_public_abroad_yuan=0, three_public_reception_yuan=2500,
                three_public_vehicle_purchase_yuan=0, three_public_vehicle_operation_yuan=0,
                three_public_source="table", total_source="table", operating_cost_yuan=100000, operating_cost_source="table",
                procurement_yuan=0, staff_authorized=10, staff_actual=8, basic_share=0.6,
                three_public_per_staff_yuan=312.5, personnel_per_staff_yuan=62500)


def _finding(doc_id, source_file, rule_id, severity, line, waived=False, reason=None, difference=None):
    return dict(doc_id=doc_id, source_file=source_file, rule_id=rule_id, severity=severity,
                message=f"[{rule_id}] 规则说明。第{line}行 数字不一致", detail=f"第{line}行 数字不一致",
                table_kind="expenditure_summary",
                subject_code="basic", expected_yuan=890500, actual_yuan=1370500,
                difference_yuan=difference if difference is not None else 480000, tolerance_yuan=100,
                source_line=line, page=line // 50 + 1, is_waived=waived, waiver_reason=reason,
                decision="waive" if waived else None, decided_by="审阅人" if waived else None,
                decided_at="2026-12-07T00:00:00+00:00" if waived else None)


def _scorecard(doc_id, severity, findings, unwaived):
    return dict(doc_id=doc_id, severity=severity, rules_evaluated=3, rules_passed=3 - min(findings, 1),
                rules_failed=min(findings, 1), rules_unevaluable=0, checks_unevaluable=0,
                findings=findings, unwaived_findings=unwaived, false_findings=0)


WAIVER_REASON = "印刷错误已在更正公告中说明 (fixture waiver)"

BASE_ROWS = {
    "main.dim_document": [
        _doc("dA", "a.txt", "甲市财政局", "新疆维吾尔自治区", "喀什地区", "喀什市", "653101", "budget", "部门"),
        _doc("dB", "b.txt", "乙县政务服务中心", "甘肃省", "兰州市", "永登县", "620121", "final", "单位"),
        _doc("dC", "c.txt", "丙市教育局", "新疆维吾尔自治区", "乌鲁木齐市", None, "650100", "budget", "部门"),
    ],
    "main.fct_department_summary": [_summary("dA"), _summary("dB"), _summary("dC")],
    "main.fct_expenditure_by_function": [
        dict(doc_id="dA", function_code="201", function_level="类", function_class_code="201",
             function_name="一般公共服务支出", total_yuan=1000000, basic_yuan=600000, project_yuan=400000,
             step_yuan=100, source_table_kind="expenditure_summary", derivation="printed", source_line=140,
             has_unplaced_cells=False),
        dict(doc_id="dA", function_code="20103", function_level="款", function_class_code="201",
             function_name="政府办公厅（室）及相关机构事务", total_yuan=1000000, basic_yuan=600000,
             project_yuan=400000, step_yuan=100, source_table_kind="expenditure_summary",
             derivation="sum_of_children", source_line=141, has_unplaced_cells=False),
        dict(doc_id="dA", function_code="2010301", function_level="项", function_class_code="201",
             function_name="行政运行", total_yuan=600000, basic_yuan=600000, project_yuan=None, step_yuan=100,
             source_table_kind="expenditure_summary", derivation="printed", source_line=142,
             has_unplaced_cells=False),
    ],
    "main.fct_basic_expenditure_by_economic": [
        dict(doc_id="dA", economic_code="301", economic_level="类", economic_class_code="301",
             economic_name="工资福利支出", basic_split_reference="personnel", total_yuan=500000,
             personnel_yuan=500000, step_yuan=100, source_line=250, printings=1, has_unplaced_cells=False),
        dict(doc_id="dA", economic_code="30201", economic_level="款", economic_class_code="302",
             economic_name="办公费", basic_split_reference="public", total_yuan=100000, public_yuan=100000,
             step_yuan=100, source_line=260, printings=1, has_unplaced_cells=False),
    ],
    "main.fct_project_expenditure": [
        dict(doc_id="dA", project_seq=1, project_name="2024 年政务服务运行维护费", function_code="2010399",
             amount_yuan=400000, econ_302_yuan=400000, step_yuan=100, amount_placement="position",
             source_table_kind="general_budget_project", source_line=300, has_unplaced_cells=False),
    ],
    "main.fct_performance_targets": [
        dict(doc_id="dA", target_seq=1, target_kind="overall", funds_yuan=1000000, funds_source="sum_of_sources",
             step_yuan=100, source_line=500),
        dict(doc_id="dA", target_seq=2, target_kind="project", project_name="2024 年政务服务运行维护费",
             funds_yuan=400000, funds_source="funds_total", fiscal_yuan=400000, step_yuan=100, source_line=520),
    ],
    "main.fct_three_public": [
        dict(doc_id="dA", item="reception", item_name_zh="公务接待费", is_three_public=True, amount_yuan=2500,
             amount_derivation="printed", general_budget_yuan=2500, step_yuan=100,
             layout="vertical", placement="position", source_line=401),
        dict(doc_id="dA", item="meeting", item_name_zh="会议费", is_three_public=False, amount_yuan=1200,
             amount_derivation="sum_of_sources", general_budget_yuan=1200, step_yuan=100,
             layout="vertical", placement="position", source_line=402),
    ],
    "main.fct_compliance_verdict": [
        dict(doc_id="dA", verdict="pass", unwaived_errors=0, key_rules=4, key_rules_evaluated=4),
        dict(doc_id="dB", verdict="fail", unwaived_errors=1, key_rules=4, key_rules_evaluated=4),
        dict(doc_id="dC", verdict="pass", unwaived_errors=0, key_rules=4, key_rules_evaluated=4),
    ],
    "main.fct_document_coverage": [
        dict(doc_id=d, figure_order=k, key_figure=f, table_kind=t, amount_yuan=1000000, figure_source="table",
             is_landed=True, reason_code="landed")
        for d in ("dA", "dB", "dC")
        for k, f, t in ((1, "total", "income_expenditure_summary"), (2, "basic", "expenditure_summary"),
                        (4, "three_public", "three_public"))
    ] + [
        dict(doc_id=d, figure_order=3, key_figure="project", table_kind="expenditure_summary", is_landed=False,
             reason_code="header_not_mapped", signature="header_not_mapped · expenditure_summary · 专项业务经费")
        for d in ("dB", "dC")
    ] + [dict(doc_id="dA", figure_order=3, key_figure="project", table_kind="expenditure_summary",
              amount_yuan=400000, figure_source="table", is_landed=True, reason_code="landed")],
    "main.fct_unit_figures": [
        dict(doc_id="dA", table_seq=1, table_kind="expenditure_summary", source_line=141, page=3,
             budget_unit_name="某某市某某局", is_department_row=True, measure="total", amount_yuan=1000000,
             step_yuan=100, placement="identity_total"),
        dict(doc_id="dA", table_seq=1, table_kind="expenditure_summary", source_line=150, page=3,
             budget_unit_code="117001", budget_unit_name="某某市某某中心", is_department_row=False, measure="total",
             amount_yuan=400000, step_yuan=100, placement="identity"),
    ],
    "main.fct_table_cells": [
        dict(doc_id="dA", table_seq=1, table_kind="expenditure_summary", table_title="部门支出总体情况表",
             row_seq=1, cell_seq=1, source_line=142, source_line_end=142, row_label="行政运行", code="2010301",
             code_level="项", code_system="function", row_kind="item", measure="total", amount_raw="60.00",
             amount_printed=60, unit="万元", amount_yuan=600000, step_yuan=100, placement="position"),
        dict(doc_id="dA", table_seq=2, table_kind="general_budget_basic", table_title="一般公共预算基本支出情况表",
             row_seq=1, cell_seq=1, source_line=250, source_line_end=251, row_label="工资福利支出", code="301",
             code_level="类", code_system="economic", row_kind="category", measure="personnel",
             amount_raw="50.00", amount_printed=50, unit="万元", amount_yuan=500000, step_yuan=100,
             placement="economic_code"),
        # an unplaced number: no measure; and a signed column (增减) may print a negative amount
        dict(doc_id="dA", table_seq=2, table_kind="general_budget_basic", table_title="一般公共预算基本支出情况表",
             row_seq=1, cell_seq=2, source_line=250, source_line_end=251, row_label="工资福利支出", code="301",
             code_level="类", code_system="economic", row_kind="category", measure=None,
             amount_raw="-1.00", amount_printed=-1, unit="万元", amount_yuan=-10000, step_yuan=100,
             placement="unplaced"),
    ],
    "main.fct_compliance_findings": [
        _finding("dA", "a.txt", "R40", "warn", 120, difference=-300),
        _finding("dB", "b.txt", "R26", "error", 99),
        _finding("dB", "b.txt", "R41", "info", 130),
        _finding("dC", "c.txt", "R14", "error", 200, waived=True, reason=WAIVER_REASON),
    ],
    "main.fct_compliance_scorecard": [
        _scorecard("dA", "error", 0, 0), _scorecard("dA", "warn", 1, 1),
        _scorecard("dB", "error", 1, 1), _scorecard("dB", "info", 1, 1),
        _scorecard("dC", "error", 1, 0),
    ],
    "main.ingest_manifest": [
        dict(source_file=f"{x}.txt", doc_id=f"d{x.upper()}", status="landed", encoding="utf-8", size_bytes=30000,
             tables_found=9, cells_landed=100, facts_landed=100, error_findings=0, warn_findings=1,
             info_findings=0) for x in "abc"
    ] + [dict(source_file="d.txt", doc_id=None, status="quarantined", reason="d.txt: 不是预算公开文档 (line 1)",
              size_bytes=10, tables_found=0, cells_landed=0, facts_landed=0, error_findings=1, warn_findings=0,
              info_findings=0)],
    "reference.ref_rules": [dict(rule_id=r, severity=s) for r, s in
                            [("R14", "error"), ("R26", "error"), ("R40", "warn"), ("R41", "info")]],
    "reference.ref_units": [dict(unit=u) for u in ("元", "千元", "万元", "亿元")],
    "reference.table_kinds": [dict(table_kind=k) for k in ("expenditure_summary", "general_budget_basic",
                                                             "three_public")],
}


def build_warehouse(path: Path, rows: dict | None = None) -> Path:
    """Write a DuckDB file with every table of `rows` (default BASE_ROWS)."""
    rows = BASE_ROWS if rows is None else rows
    columns = {**contracted_columns(), **EXTRA_TABLES}
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema if not exists reference")
        for table, table_rows in rows.items():
            cols = columns[table]
            con.execute(f"create table {table} ({', '.join(f'{c} {t}' for c, t in cols.items())})")
            for row in table_rows:
                unknown = set(row) - set(cols)
                assert not unknown, f"fixture row for {table} has columns the contract lacks: {unknown}"
                names = list(row)
                con.execute(f"insert into {table} ({', '.join(names)}) values ({', '.join('?' for _ in names)})",
                            [row[n] for n in names])
    finally:
        con.close()
    return path


@pytest.fixture
def base_rows():
    return copy.deepcopy(BASE_ROWS)


@pytest.fixture
def warehouse(tmp_path):
    return build_warehouse(tmp_path / "fixture.duckdb")


@pytest.fixture
def make_warehouse(tmp_path):
    """make_warehouse(rows) → path of a fixture warehouse built from (modified) rows."""
    counter = iter(range(1000))

    def make(rows):
        return build_warehouse(tmp_path / f"fixture_{next(counter)}.duckdb", rows)

    return make
