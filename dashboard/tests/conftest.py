"""Fixture warehouses for the dashboard tests (SQL beside this file) and an AppTest runner."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

HERE = Path(__file__).parent
APP = HERE.parent / "app.py"


def make_warehouse(path: Path, compliance: bool, department: bool = False) -> Path:
    con = duckdb.connect(str(path))
    try:
        con.execute((HERE / "fixture_warehouse.sql").read_text(encoding="utf-8"))
        if compliance:
            con.execute((HERE / "compliance.sql").read_text(encoding="utf-8"))
        if department:
            con.execute((HERE / "department.sql").read_text(encoding="utf-8"))
        con.execute("checkpoint")
    finally:
        con.close()
    return path


@pytest.fixture
def warehouse(tmp_path) -> Path:
    """A fixture warehouse with the gate's results."""
    return make_warehouse(tmp_path / "warehouse.duckdb", compliance=True)


@pytest.fixture
def panel_warehouse(tmp_path) -> Path:
    """The warehouse with a department's three years (department.sql)."""
    return make_warehouse(tmp_path / "warehouse.duckdb", compliance=True, department=True)


@pytest.fixture
def warehouse_without_gate(tmp_path) -> Path:
    """The same warehouse before the gate exists: no fct_compliance_*, no ref_rules."""
    return make_warehouse(tmp_path / "warehouse.duckdb", compliance=False)


@pytest.fixture
def run_app(monkeypatch):
    """run_app(warehouse, page, **query) → the AppTest after its first run, which raised nothing."""
    def run(warehouse: Path, page: str, **query) -> AppTest:
        monkeypatch.setenv("DASHBOARD_WAREHOUSE", str(warehouse))
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params["page"] = page
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return run
