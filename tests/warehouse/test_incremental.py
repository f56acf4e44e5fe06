"""Incremental builds by document (issue 13): starting from the previous warehouse, a build
rebuilds only the documents whose landed rows changed, were added or are gone, and gives the
same warehouse as a full build of the same landed rows."""
from __future__ import annotations

import csv
import shutil

import duckdb
from conftest import assert_same_tables, build_as_make_does, copy_project, land_documents

COMPARED_SCHEMAS = ("main", "compliance")     # the marts, and the evaluations the gate reads


def _doc_ids(warehouse) -> dict[str, str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return dict(con.execute("select source_file, doc_id from main.dim_document").fetchall())
    finally:
        con.close()


def _edit_one_amount(landed, doc_id: str) -> None:
    """Change one landed money cell of doc_id, as a new ingest of the same file could: the
    document keeps its id and only its rows differ."""
    path = landed / "ingest_cells.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    doc, amount, measure = header.index("doc_id"), header.index("amount"), header.index("measure")
    row = next(r for r in rows[1:] if r[doc] == doc_id and r[amount] not in ("", "0") and r[measure])
    row[amount] = row[amount] + "7"                 # an exact decimal string, one digit more
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_incremental_build_equals_full_build(tmp_path, bundled_texts):
    names = sorted(bundled_texts)
    assert len(names) >= 4
    kept, edited, gone, added = names[:4]
    work = tmp_path / "project"
    work.mkdir()
    copy_project(work)
    warehouse = work / "incremental.duckdb"

    # 1. a full build of three documents
    land_documents(work, {n: bundled_texts[n] for n in (kept, edited, gone)})
    log = build_as_make_does(work, warehouse, incremental=True)
    assert "build: full, not incremental: none exists yet" in log
    ids = _doc_ids(warehouse)
    first = work / "first.duckdb"
    shutil.copy(warehouse, first)

    # 2. one document unchanged, one whose landed rows changed, one gone, one added
    land_documents(work, {n: bundled_texts[n] for n in (kept, edited, added)})
    _edit_one_amount(work / "seeds" / "landed", ids[edited])
    log = build_as_make_does(work, warehouse, incremental=True)
    assert "build: incremental, from" in log
    con = duckdb.connect(str(warehouse), read_only=True)
    pending = dict(con.execute("select doc_id, is_pending from staging.stg_ingest__pending").fetchall())
    assert pending[ids[kept]] is False
    assert pending[ids[edited]] is True and pending[ids[gone]] is True
    assert len(pending) == 4 and sum(pending.values()) == 3          # added is the fourth
    assert con.execute("select count(*) from main.dim_document where doc_id = ?", [ids[gone]]).fetchone()[0] == 0
    con.close()
    # the unchanged document's rows are as they were; the edited one's differ by the edited cell
    con = duckdb.connect()
    con.execute("attach ? as first (read_only)", [str(first)])
    con.execute("attach ? as now (read_only)", [str(warehouse)])
    changed = """select count(*) from (select * from {a}.main.fct_table_cells where doc_id = ?
                 except all select * from {b}.main.fct_table_cells where doc_id = ?)"""
    for a, b in (("first", "now"), ("now", "first")):
        assert con.execute(changed.format(a=a, b=b), [ids[kept]] * 2).fetchone()[0] == 0
        assert con.execute(changed.format(a=a, b=b), [ids[edited]] * 2).fetchone()[0] == 1
    con.close()

    # 3. a full build of the same landed rows is the same warehouse
    full = work / "full.duckdb"
    log = build_as_make_does(work, full, incremental=False)
    assert "build: incremental" not in log and "build: full" not in log   # not asked for
    assert_same_tables(warehouse, full, COMPARED_SCHEMAS)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert ("compliance", "int_compliance__evaluations") in con.execute(
        "select schema_name, table_name from duckdb_tables()").fetchall()
    con.close()

    # 4. other code: not incremental, whatever the flag says
    shutil.copy(work / "models" / "marts" / "dim_document.sql", work / "dim_document.sql.orig")
    with open(work / "models" / "marts" / "dim_document.sql", "a", encoding="utf-8") as fh:
        fh.write("\n-- an edit\n")
    log = build_as_make_does(work, warehouse, incremental=True)
    assert "build: full, not incremental: it was built by other code" in log
