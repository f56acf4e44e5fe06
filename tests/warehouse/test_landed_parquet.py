"""The Parquet route (issue 13): the bundled documents landed as Parquet and built from it give
the same marts, row for row, as the CSV seeds the test warehouse was built from."""
from __future__ import annotations

import os
import shutil

import duckdb
import pytest
from conftest import assert_same_tables, build_as_make_does, build_warehouse


@pytest.fixture(scope="module")
def from_parquet(tmp_path_factory, bundled_texts):
    """The bundled documents landed as Parquet and built as `make build` builds (one build for the
    module: it records the code that built it, so the incremental test can start from it)."""
    return build_warehouse(tmp_path_factory.mktemp("parquet"), bundled_texts, landed_format="parquet")


def test_marts_built_from_parquet_equal_marts_built_from_seeds(from_parquet):
    from_seeds = os.environ.get("BUDGET_TEST_WAREHOUSE", "build/test_warehouse.duckdb")
    assert_same_tables(from_seeds, from_parquet, ("main",))
    con = duckdb.connect()
    con.execute("attach ? as parquet (read_only)", [str(from_parquet)])
    marts = {r[0] for r in con.execute("""
        select table_name from duckdb_tables() where database_name = 'parquet' and schema_name = 'main'""").fetchall()}
    assert {"fct_table_cells", "fct_compliance_findings", "fct_department_summary"} <= marts
    # the warehouse holds the landed rows itself: staging is tables, not views over the files
    kinds = dict(con.execute("""select table_name, 'table' from duckdb_tables()
                                where database_name = 'parquet' and schema_name like '%staging'""").fetchall())
    assert "stg_ingest__cells" in kinds


def test_an_incremental_build_from_parquet_does_not_reload_the_seeds(from_parquet):
    full = from_parquet
    made = full.with_name("incremental.duckdb")
    shutil.copy(full, made)
    log = build_as_make_does(full.parent, made, incremental=True)
    assert "build: incremental, from" in log and "build: seeds unchanged" in log
    # the same warehouse, the seeds (reference schema) included
    assert_same_tables(made, full, ("main", "compliance", "reference"))
