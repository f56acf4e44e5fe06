"""Analysts open the warehouse with the DuckDB they already have (issue 14): the warehouse
`make build` leaves, and the copy it publishes for the dashboard, are read by DuckDB 1.5.x.
DuckDB 1.5.6 runs in its own environment (build/older-duckdb, made once from
older_duckdb_requirements.txt), since one process holds one DuckDB."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE = Path(os.environ.get("BUDGET_TEST_WAREHOUSE", ROOT / "build" / "test_warehouse.duckdb"))
REQUIREMENTS = Path(__file__).with_name("older_duckdb_requirements.txt")
ENVIRONMENT = ROOT / "build" / "older-duckdb"

# Run by the older DuckDB and by ours: each table's row count, and where it has one the exact
# sum of its amount_yuan.
READ = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
tables = con.execute("select schema_name, table_name from duckdb_tables() "
                     "where database_name = current_database() order by 1, 2").fetchall()
money = {(s, t) for s, t in con.execute("select schema_name, table_name from duckdb_columns() "
         "where database_name = current_database() and column_name = 'amount_yuan'").fetchall()}
print(json.dumps({"version": duckdb.__version__, "tables": {
    f"{s}.{t}": con.execute(f'select count(*)' + (', sum(amount_yuan)::varchar' if (s, t) in money else '')
                            + f' from "{s}"."{t}"').fetchone() for s, t in tables}}))
"""


@pytest.fixture(scope="module")
def older_python() -> Path:
    python = ENVIRONMENT / "bin" / "python"
    stamp = ENVIRONMENT / ".installed"
    if not stamp.is_file() or stamp.read_text() != REQUIREMENTS.read_text():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(ENVIRONMENT)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(REQUIREMENTS.read_text())
    return python


def _read_with(python: Path, warehouse: Path) -> dict:
    done = subprocess.run([str(python), "-c", READ, str(warehouse)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_duckdb_15_reads_the_built_and_published_warehouse(older_python, tmp_path):
    from dashboard.publish import publish
    published = tmp_path / "published" / "warehouse.duckdb"
    publish(WAREHOUSE, published)
    expected = _read_with(Path(sys.executable), WAREHOUSE)["tables"]
    assert "main.fct_compliance_findings" in expected and expected["main.fct_table_cells"][1] not in (None, "0")
    for warehouse in (WAREHOUSE, published):
        seen = _read_with(older_python, warehouse)
        assert seen["version"].startswith("1.5."), seen["version"]
        assert seen["tables"] == expected, warehouse
        assert seen["tables"]["main.dim_document"][0] > 0


def test_a_new_warehouse_is_written_in_the_older_format(older_python, tmp_path):
    """The format is the file's, kept by later writes: a file made by warehouse.build and then
    written by DuckDB 2.0 is still read by 1.5."""
    from warehouse.build import _create
    made = tmp_path / "made.duckdb"
    _create(made)
    con = duckdb.connect(str(made))
    con.execute("create table t as select range::decimal(18, 2) as amount_yuan from range(3)")
    con.close()
    assert _read_with(older_python, made)["tables"] == {"main.t": [3, "3.00"]}
