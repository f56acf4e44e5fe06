"""`python -m warehouse.summary` (what `make run` prints): every line fits 100 terminal columns,
a Chinese character counting two, however long a department or file name is. On the gate's
fixture warehouses (gate/tests/conftest.py) and on the bundled documents' test warehouse."""
from __future__ import annotations

import copy
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from gate.tests.conftest import BASE_ROWS, build_warehouse
from warehouse.summary import shorten, width

ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE = Path(os.environ.get("BUDGET_TEST_WAREHOUSE", ROOT / "build" / "test_warehouse.duckdb"))
LONG_DEPARTMENT = "新疆维吾尔自治区乌鲁木齐市天山区人民政府办公室机关事务管理局政务服务和大数据管理中心"
LONG_FILE = "labeled/乌鲁木齐市天山区/2024年乌鲁木齐市天山区政务服务和大数据管理中心部门预算公开.pdf"


def columns(line: str) -> int:
    """Terminal columns, measured here apart from the module's own `width`."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def summary(warehouse: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "warehouse.summary", "--", str(warehouse)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    too_wide = [(columns(line), line) for line in lines if columns(line) > 100]
    assert not too_wide, "\n".join(lines)
    return lines


def test_the_summary_ends_with_key_figure_coverage_and_the_signatures_that_kept_figures_out(tmp_path):
    lines = summary(build_warehouse(tmp_path / "fixture.duckdb"))
    assert lines[-5:-2] == [
        "Key figures landed: total 3/3, basic 3/3, project 1/3, three_public 3/3",
        "Not landed, by signature (documents · figures · signature), most first:",
        "     2 · project · header_not_mapped · expenditure_summary · 专项业务经费",
    ]


def test_fixture_warehouse_fits(tmp_path):
    lines = summary(build_warehouse(tmp_path / "fixture.duckdb"))
    text = "\n".join(lines)
    for name in ("甲市财政局", "乙县政务服务中心", "丙市教育局", "a.txt", "d.txt"):
        assert name in text, text
    # the quarantined file's reason, and where the details are
    assert any(line.startswith("quarantined d.txt: d.txt: 不是预算公开文档") for line in lines), text
    assert "build/gate/summary.md" in lines[-1]


def test_long_department_and_file_names_are_shortened(tmp_path):
    rows = copy.deepcopy(BASE_ROWS)
    rows["main.dim_document"][0]["department_name"] = LONG_DEPARTMENT
    rows["main.dim_document"][1]["department_name"] = LONG_DEPARTMENT * 3
    rows["main.ingest_manifest"][0]["source_file"] = LONG_FILE
    rows["main.ingest_manifest"][3]["reason"] = "不是预算公开文档 " * 20
    lines = summary(build_warehouse(tmp_path / "long.duckdb", rows))
    a = next(line for line in lines if line.startswith("labeled/"))
    assert "…" in a and "新疆维吾尔自治区" in a and LONG_DEPARTMENT not in a
    assert a.startswith("labeled/乌") and "公开.pdf  landed" in a      # a file name keeps its start and end
    # the numbers after the names are still printed
    assert a.split()[-1] == "1" and "landed" in a
    assert any("丙市教育局" in line for line in lines)     # a short name is printed whole


def test_the_bundled_documents_fit():
    if not WAREHOUSE.exists():
        pytest.fail(f"{WAREHOUSE} does not exist: run `make test-dbt` first")
    lines = summary(WAREHOUSE)
    for department in ("喀什市政务服务中心", "乌鲁木齐市政务服务中心", "若羌县人民政府办公室", "永登县政务服务中心"):
        assert any(department in line for line in lines), department


@pytest.mark.parametrize("text,room,middle,expected", [
    ("喀什市政务服务中心", 18, False, "喀什市政务服务中心"),
    ("喀什市政务服务中心", 7, False, "喀什市…"),          # 6 columns of characters + …
    ("喀什市政务服务中心", 6, False, "喀什…"),            # a wide character never half-shown
    ("001_40f9bb7e09049ed6.txt", 12, True, "001_40…6.txt"),
    ("一二三四五六.pdf", 9, True, "一二….pdf"),
    ("tab\tand\nnewline", 20, False, "tab and newline"),
])
def test_shorten(text, room, middle, expected):
    assert shorten(text, room, middle) == expected
    assert width(expected) <= room
