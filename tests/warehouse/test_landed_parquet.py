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
    con = duckdb.connect()
    con.execute(f"attach '{from_seeds}' as seeds (read_only)")
    con.execute(f"attach '{from_parquet}' as parquet (read_only)")
    marts = [r[0] for r in con.execute("""
        select table_name from duckdb_tables() where database_name = 'seeds' and schema_name = 'main'
        order by 1""").fetchall()]
    assert {"fct_table_cells", "fct_compliance_findings", "fct_department_summary"} <= set(marts)
    for mart in marts:
        rows = con.execute(f"select count(*) from seeds.main.{mart}").fetchone()[0]
        assert rows == con.execute(f"select count(*) from parquet.main.{mart}").fetchone()[0], mart
        for a, b in (("seeds", "parquet"), ("parquet", "seeds")):
            differ = con.execute(f"select count(*) from (select * from {a}.main.{mart} "
                                 f"except all select * from {b}.main.{mart})").fetchone()[0]
            assert differ == 0, f"{mart}: {differ} rows of {a} not in {b}"
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
