"""fct_document_coverage on the bundled documents (build/test_warehouse.duckdb, made by test-dbt):
one row per document × key figure, the amount being fct_department_summary's. The bundled four
print all four key figures (README's five questions read them), so each is landed."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE = Path(os.environ.get("BUDGET_TEST_WAREHOUSE", ROOT / "build" / "test_warehouse.duckdb"))
SUMMARY_COLUMN = {"total": "total_yuan", "basic": "basic_yuan", "project": "project_yuan",
                  "three_public": "three_public_yuan"}


@pytest.fixture(scope="module")
def db():
    if not WAREHOUSE.exists():
        pytest.fail(f"{WAREHOUSE} does not exist: run `make test-dbt` (dbt build on data/raw) first")
    con = duckdb.connect(str(WAREHOUSE), read_only=True)
    yield con
    con.close()


def test_every_document_has_its_four_key_figures_landed_as_the_summary_gives_them(db):
    documents = [d for (d,) in db.execute("select doc_id from main.dim_document").fetchall()]
    assert len(documents) == 4
    for key, column in SUMMARY_COLUMN.items():
        rows = db.execute(f"""
            select c.doc_id, c.is_landed, c.reason_code, c.signature, c.amount_yuan, s.{column}
            from main.fct_document_coverage c join main.fct_department_summary s using (doc_id)
            where c.key_figure = ?""", [key]).fetchall()
        assert sorted(r[0] for r in rows) == sorted(documents), key
        for doc, landed, reason, signature, amount, summary_amount in rows:
            assert (landed, reason, signature) == (True, "landed", None), (doc, key)
            assert amount == summary_amount and amount is not None, (doc, key)
