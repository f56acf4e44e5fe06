"""Streaming landing, shards and Parquet (issue 13): each document's rows are written as it is
read; N shards merged, the CLI and the in-memory writer all land byte-identical seeds; Parquet
holds the same rows as the CSV seeds, with their column types."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.__main__ import main as ingest_main
from ingest.land import COLUMNS, discover, in_shard, landed_column_types, run, write_seeds
from ingest.merge import main as merge_main
from ingest.tests.test_publications import _split

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
# Names chosen so that 2 and 3 shards split each related pair: the duplicate, the publication's
# two files and the two versions of one department-year each fall in different shards.
RELATED = {"001_40f9bb7e09049ed6.txt": "copy of 001.txt", "a_情况说明.txt": "d_公开表.txt",
           "003_efef946b7b5e825f.txt": "003 revised.txt"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("docs")
    _split(docs / "pub")
    (docs / "pub" / "b_公开表.txt").rename(docs / "d_公开表.txt")
    (docs / "pub" / "a_情况说明.txt").rename(docs / "a_情况说明.txt")
    (docs / "pub").rmdir()
    for f in RAW.glob("*.txt"):
        if not f.name.startswith("002_"):          # 002 is the publication split above
            shutil.copy(f, docs / f.name)
    shutil.copy(RAW / "001_40f9bb7e09049ed6.txt", docs / "copy of 001.txt")
    text = (RAW / "003_efef946b7b5e825f.txt").read_text(encoding="utf-8")
    (docs / "003 revised.txt").write_text(text + "\n（更正版）\n", encoding="utf-8")
    return docs


@pytest.fixture(scope="module")
def in_memory(folder, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("memory") / "landed"
    files = [f.path for f in discover([folder])]
    write_seeds(run(files, [f.name for f in files], jobs=1), out)
    return out


def _same_files(a: Path, b: Path) -> None:
    names = sorted(f"{n}.csv" for n in COLUMNS)
    assert sorted(p.name for p in a.iterdir()) == names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_the_folder_holds_every_relation_between_files(in_memory):
    manifest = (in_memory / "ingest_manifest.csv").read_text(encoding="utf-8")
    assert "same content as 001_40f9bb7e09049ed6.txt" in manifest
    assert "part of the publication landed as a_情况说明.txt" in manifest
    assert "another version of the same department-year also landed: 003_efef946b7b5e825f.txt" in manifest


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_cli_streams_the_same_seeds_as_the_in_memory_writer(folder, in_memory, tmp_path, jobs):
    code = ingest_main([str(folder), "--out", str(tmp_path / "landed"), "--jobs", jobs, "--quiet",
                        "--format", "csv"])
    assert code == 0                                   # a duplicate or version is not a failure
    _same_files(in_memory, tmp_path / "landed")
    # beside the landed set, only the cache for the next run (ingest/cache.py): no spool
    assert sorted(p.name for p in tmp_path.iterdir()) == [".landed.ingest-cache", "landed"]


@pytest.mark.parametrize("shards", [2, 3])
def test_shards_merged_land_what_one_run_lands(folder, in_memory, tmp_path, shards):
    for a, b in RELATED.items():
        assert [in_shard(a, i, shards) for i in range(1, shards + 1)] != \
               [in_shard(b, i, shards) for i in range(1, shards + 1)], (a, b)
    parts = []
    for i in range(1, shards + 1):
        part = tmp_path / f"part{i}"
        assert ingest_main([str(folder), "--shard", f"{i}/{shards}", "--out", str(part), "--quiet"]) == 0
        parts.append(str(part))
    assert merge_main(parts + ["--out", str(tmp_path / "landed"), "--quiet"]) == 0
    _same_files(in_memory, tmp_path / "landed")


def test_merge_refuses_an_incomplete_split(folder, tmp_path, capsys):
    for i in (1, 3):
        assert ingest_main([str(folder), "--shard", f"{i}/3", "--out", str(tmp_path / f"p{i}"), "--quiet"]) == 0
    assert merge_main([str(tmp_path / "p1"), str(tmp_path / "p3"), "--out", str(tmp_path / "landed")]) == 2
    assert "shards 1/3, 3/3: not every shard of one split" in capsys.readouterr().err
    assert not (tmp_path / "landed").exists()
    assert merge_main([str(tmp_path / "p1"), str(folder), "--out", str(tmp_path / "landed")]) == 2


def test_parquet_holds_the_csv_seeds_rows_with_their_types(folder, in_memory, tmp_path):
    assert ingest_main([str(folder), "--out", str(tmp_path / "landed"), "--format", "parquet", "--quiet"]) == 0
    assert sorted(p.name for p in (tmp_path / "landed").iterdir()) == sorted(f"{n}.parquet" for n in COLUMNS)
    types = landed_column_types()
    con = duckdb.connect()
    for name in COLUMNS:
        columns = ", ".join(f"'{c}': '{t}'" for c, t in types[name].items())
        seed = f"read_csv('{in_memory / name}.csv', header = true, auto_detect = false, columns = {{{columns}}})"
        parquet = f"read_parquet('{tmp_path / 'landed' / name}.parquet')"
        described = con.execute(f"select column_name, column_type from (describe select * from {parquet})").fetchall()
        assert [c for c, _ in described] == COLUMNS[name], name
        assert [t for _, t in described] == [t.upper().replace(" ", "") for t in types[name].values()], name
        a = con.execute(f"select * from {seed}").fetchall()
        b = con.execute(f"select * from {parquet}").fetchall()
        assert len(a) > 0 and a == b, name
