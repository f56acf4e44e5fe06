"""Ingest reads only what changed (ingest/cache.py): a run into the same --out takes the files
whose name and bytes are unchanged from the previous run's cache, and lands byte for byte what a
run that reads every file lands, relations between files included. A cache written by other
code, damaged, or in use by another run is not used: every file is read again."""
from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest

import ingest.cache
import ingest.land
from ingest.__main__ import main as ingest_main
from ingest.cache import ROWS_SUFFIX, cache_dir
from ingest.land import read_outcomes
from ingest.tests.test_streaming import _same_files
from ingest.tests.test_streaming import folder as related_folder  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "data" / "pdf" / "corpus" / "unlabeled" / "嘉兴" / "2026年嘉兴市政府办公厅部门预算.pdf"


@pytest.fixture
def docs(related_folder, tmp_path) -> Path:  # noqa: F811
    """The bundled documents with a duplicate, a publication in two files and two versions of one
    department-year; a PDF; and a file that is not a disclosure (quarantined)."""
    folder = tmp_path / "docs"
    shutil.copytree(related_folder, folder)
    shutil.copy(PDF, folder / "jiaxing.pdf")
    (folder / "notes.txt").write_text("会议纪要\n下周二开会。\n", encoding="utf-8")
    return folder


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the files ingest reads (in this process: --jobs 1)."""
    seen: list[str] = []
    real = ingest.land.ingest_one

    def counting(path, label):
        seen.append(label)
        return real(path, label)

    monkeypatch.setattr(ingest.land, "ingest_one", counting)
    return seen


def _ingest(folder: Path, out: Path, *extra: str) -> int:
    return ingest_main([str(folder), "--out", str(out), "--jobs", "1", "--format", "csv", *extra])


def _fresh(folder: Path, out: Path) -> Path:
    """What a run that reads every file lands (a folder of its own, so no cache is shared)."""
    _ingest(folder, out, "--reread", "--quiet")
    return out


def test_an_unchanged_folder_is_not_read_again(docs, tmp_path, reads, capsys):
    landed = tmp_path / "landed"
    assert _ingest(docs, landed) == 3                  # notes.txt is quarantined
    assert len(reads) == len(list(docs.iterdir())) == 9
    first = capsys.readouterr().out
    assert "reading every file (nothing kept to reuse: no earlier run kept one)" in first
    reads.clear()
    assert _ingest(docs, landed) == 3
    assert reads == []
    assert "9 files unchanged since the previous run were not read again" in capsys.readouterr().out
    _same_files(_fresh(docs, tmp_path / "fresh"), landed)


def test_changed_added_renamed_and_removed_files_are_read_and_the_relations_made_again(docs, tmp_path, reads):
    landed = tmp_path / "landed"
    _ingest(docs, landed, "--quiet")
    reads.clear()
    # changed bytes, same name: read again
    revised = docs / "003 revised.txt"
    revised.write_text(revised.read_text(encoding="utf-8") + "（再次更正）\n", encoding="utf-8")
    # same bytes, new name: read again (the name is in its rows)
    (docs / "004_34e44ed35e487193.txt").rename(docs / "004 renamed.txt")
    # gone: the duplicate it was (001's copy), so 001 is no duplicate's original any more
    (docs / "copy of 001.txt").unlink()
    # new: a copy of the publication's table part, so a duplicate of it (the publication is
    # still joined, from its first two files)
    shutil.copy(docs / "d_公开表.txt", docs / "e_公开表.txt")
    assert _ingest(docs, landed, "--quiet") == 3
    assert sorted(reads) == ["003 revised.txt", "004 renamed.txt", "e_公开表.txt"]
    _same_files(_fresh(docs, tmp_path / "fresh"), landed)
    manifest = (landed / "ingest_manifest.csv").read_text(encoding="utf-8")
    assert "copy of 001.txt" not in manifest and "004_34e44ed35e487193.txt" not in manifest
    assert "same content as d_公开表.txt" in manifest
    assert "part of the publication landed as a_情况说明.txt" in manifest


def test_a_cache_from_other_ingest_code_is_not_used(docs, tmp_path, reads, monkeypatch, capsys):
    landed = tmp_path / "landed"
    _ingest(docs, landed, "--quiet")
    reads.clear()
    monkeypatch.setattr(ingest.cache, "fingerprint", lambda: "other code")
    _ingest(docs, landed)
    assert len(reads) == 9
    assert "nothing kept to reuse: it was kept by other ingest code" in capsys.readouterr().out
    _same_files(_fresh(docs, tmp_path / "fresh"), landed)


@pytest.mark.parametrize("damage", ["a rows file cut short", "outcomes not JSON"])
def test_a_damaged_cache_is_not_used(docs, tmp_path, reads, capsys, damage):
    landed = tmp_path / "landed"
    _ingest(docs, landed, "--quiet")
    reads.clear()
    cache = cache_dir(landed)
    if damage == "a rows file cut short":
        rows = max(cache.glob(f"*{ROWS_SUFFIX}"), key=lambda p: p.stat().st_size)
        rows.write_bytes(rows.read_bytes()[:-100])
        why = f"its file {rows.name} was changed since it was kept"
    else:
        (cache / "outcomes.jsonl").write_text('{"fingerprint": \n', encoding="utf-8")
        why = "it cannot be read (JSONDecodeError"
    _ingest(docs, landed)
    assert len(reads) == 9
    assert why in capsys.readouterr().out
    _same_files(_fresh(docs, tmp_path / "fresh"), landed)
    reads.clear()
    _ingest(docs, landed, "--quiet")                   # and the cache is whole again
    assert reads == []


def test_reread_reads_every_file_and_keeps_what_it_read(docs, tmp_path, reads):
    landed = tmp_path / "landed"
    _ingest(docs, landed, "--quiet")
    reads.clear()
    _ingest(docs, landed, "--reread", "--quiet")
    assert len(reads) == 9
    reads.clear()
    _ingest(docs, landed, "--quiet")
    assert reads == []


def test_a_cache_in_use_by_another_run_is_left_alone(docs, tmp_path, reads, capsys):
    landed = tmp_path / "landed"
    _ingest(docs, landed, "--quiet")
    reads.clear()
    before = {p.name: p.read_bytes() for p in cache_dir(landed).iterdir()}
    with open(cache_dir(landed) / "lock", "a") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _ingest(docs, landed)
    assert len(reads) == 9
    assert f"nothing kept to reuse: another ingest uses {cache_dir(landed)}" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in cache_dir(landed).iterdir()} == before
    _same_files(_fresh(docs, tmp_path / "fresh"), landed)


def test_the_cache_is_compacted_when_most_of_it_is_gone(docs, tmp_path, reads):
    landed = tmp_path / "landed"
    _ingest(docs, landed, "--quiet")
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(docs / "001_40f9bb7e09049ed6.txt", one)
    reads.clear()
    _ingest(one, landed, "--quiet")                    # another folder, the same name and bytes
    assert reads == []
    cache = cache_dir(landed)
    rows = sum(p.stat().st_size for p in cache.glob(f"*{ROWS_SUFFIX}"))
    _, outcomes = read_outcomes(cache / "outcomes.jsonl", cache)
    assert [o.source_file for o in outcomes] == ["001_40f9bb7e09049ed6.txt"]
    assert rows == sum(end - start for _, start, end, _ in outcomes[0].spooled.values()) > 0
    _same_files(_fresh(one, tmp_path / "fresh"), landed)
    reads.clear()
    _ingest(one, landed, "--quiet")
    assert reads == []


def test_a_cache_of_other_files_says_so(docs, tmp_path, reads, capsys):
    landed = tmp_path / "landed"
    _ingest(docs, landed, "--quiet")
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(docs / "001_40f9bb7e09049ed6.txt", other / "renamed.txt")
    reads.clear()
    _ingest(other, landed)
    assert reads == ["renamed.txt"]
    assert ("reading every file (nothing kept to reuse: no file has the name and bytes of one the "
            "previous run read)") in capsys.readouterr().out
