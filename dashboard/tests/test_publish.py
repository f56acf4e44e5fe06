"""python -m dashboard.publish: the read-only copy the dashboard reads."""
import os
import stat

import duckdb
import pytest

from dashboard import data
from dashboard.publish import PublishError, main, publish


def _total(path, doc_id="doc_rq"):
    with data.connect(path) as con:
        return con.execute("select total_yuan from main.fct_department_summary where doc_id = $d",
                           {"d": doc_id}).fetchone()[0]


def test_publish_copies_the_warehouse_read_only_and_leaves_no_temporary_file(warehouse, tmp_path):
    dest = tmp_path / "published" / "warehouse.duckdb"
    assert main([str(warehouse), "--to", str(dest)]) == 0
    assert _total(dest) == 8420700
    assert not stat.S_IMODE(dest.stat().st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["warehouse.duckdb"]


def test_a_new_build_replaces_the_copy_while_a_reader_holds_the_old_one(warehouse, tmp_path):
    dest = publish(warehouse, tmp_path / "pub" / "warehouse.duckdb")
    with data.connect(dest) as reader:                # the dashboard mid-page
        con = duckdb.connect(str(warehouse))          # the next build writes the source meanwhile
        con.execute("update main.fct_department_summary set total_yuan = 1 where doc_id = 'doc_rq'")
        con.close()
        publish(warehouse, dest)
        assert reader.execute("select count(*) from main.dim_document").fetchone()[0] == 3
    assert _total(dest) == 1                           # the next page run sees the new build


def test_the_dashboard_never_locks_the_warehouse_a_build_writes(warehouse, tmp_path):
    dest = publish(warehouse, tmp_path / "pub" / "warehouse.duckdb")
    with data.connect(dest):
        con = duckdb.connect(str(warehouse))           # would fail if the dashboard held it
        con.execute("create table main.next_build (i integer)")
        con.close()


def test_an_uncheckpointed_write_ahead_log_is_carried_into_the_copy(warehouse, tmp_path):
    con = duckdb.connect(str(warehouse))
    con.execute("pragma disable_checkpoint_on_shutdown")
    con.execute("set checkpoint_threshold = '1GB'")
    con.execute("update main.fct_department_summary set total_yuan = 7 where doc_id = 'doc_rq'")
    con.close()
    assert (warehouse.parent / (warehouse.name + ".wal")).exists()
    dest = publish(warehouse, tmp_path / "pub" / "warehouse.duckdb")
    assert _total(dest) == 7
    assert not (dest.parent / (dest.name + ".wal")).exists()


def test_a_file_that_is_not_a_built_warehouse_is_refused_and_the_old_copy_kept(warehouse, tmp_path):
    dest = publish(warehouse, tmp_path / "pub" / "warehouse.duckdb")
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(PublishError, match="main.dim_document"):
        publish(empty, dest)
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database" * 100)
    assert main([str(garbage), "--to", str(dest)]) == 1
    assert _total(dest) == 8420700
    assert sorted(p.name for p in dest.parent.iterdir()) == ["warehouse.duckdb"]


def test_a_missing_warehouse_exits_2_with_what_to_do(tmp_path, capsys):
    assert main([str(tmp_path / "nope.duckdb"), "--to", str(tmp_path / "pub.duckdb")]) == 2
    assert "make build" in capsys.readouterr().err
    assert not os.path.exists(tmp_path / "pub.duckdb")
