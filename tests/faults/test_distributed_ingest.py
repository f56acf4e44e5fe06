"""Ingest on a Dask cluster (ingest/distributed.py): a `distributed.LocalCluster` of two worker
processes over TCP on localhost reads the bundled texts and the whole vendored corpus (its
duplicates, publications in two files and versions included) and lands, byte for byte, what a
local run lands; a worker killed mid-task is survived (its file is read
again elsewhere); a task that raises, or that kills every worker reading it, is that file's
quarantine while the other files land. Without the option, Dask is not imported."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import distributed
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [*sorted((ROOT / "data" / "raw").glob("*.txt")),
        *sorted((ROOT / "data" / "pdf" / "corpus" / "labeled").glob("*/*.pdf"))]


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    for path in DOCS:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="module")
def cluster():
    import dask
    # A file that kills its worker is given up after its second victim (default: 3).
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp",
                                     host="127.0.0.1", dashboard_address=None) as c:
        assert c.scheduler_address.startswith("tcp://127.0.0.1:")
        yield c


def _ingest(docs: Path, out: Path, *args: str) -> int:
    from ingest.__main__ import main
    return main([str(docs), "--out", str(out), "--quiet", "--reread", "--format", "csv", *args])


def _seeds(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def test_a_cluster_lands_what_a_local_run_lands(cluster, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "data" / "pdf" / "corpus", corpus)       # its folders: publications, years
    for path in sorted((ROOT / "data" / "raw").glob("*.txt")):
        shutil.copy(path, corpus / path.name)
    assert len(list(corpus.rglob("*.pdf"))) >= 120
    assert _ingest(corpus, tmp_path / "local", "--jobs", "2") in (0, 3)
    assert _ingest(corpus, tmp_path / "dask", "--scheduler", cluster.scheduler_address) in (0, 3)
    local, remote = _seeds(tmp_path / "local"), _seeds(tmp_path / "dask")
    assert len(local) == 8 and local == remote
    manifest = local["ingest_manifest.csv"].decode()
    # Every relation between files is made the same way: duplicates, a publication in two files.
    assert ",landed," in manifest and ",duplicate," in manifest and "part of the publication" in manifest


def _outcomes(docs: Path, spool: Path, address: str, task):
    from ingest.distributed import run_on_cluster
    spool.mkdir()
    paths = sorted(docs.iterdir())
    return run_on_cluster(address, [(str(p), p.name, str(spool)) for p in paths], task=task)


def test_a_worker_killed_mid_task_is_survived(docs, cluster, tmp_path):
    marker = tmp_path / "killed-once"
    victim = DOCS[0].name

    def dies_once(work):
        from ingest.land import _ingest_worker
        if work[1] == victim and not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(1)                      # the worker process dies mid-task
        return _ingest_worker(work)

    outcomes = _outcomes(docs, tmp_path / "spool", cluster.scheduler_address, dies_once)
    assert marker.exists()
    by_name = {o.source_file: o for o in outcomes}
    assert by_name[victim].status in ("landed", "partial") and by_name[victim].cells_landed > 0
    assert all(o.status in ("landed", "partial") for o in outcomes), [(o.source_file, o.reason) for o in outcomes]


def test_a_task_that_raises_or_kills_every_worker_is_that_file_s_quarantine(docs, cluster, tmp_path):
    raises, kills = DOCS[1].name, DOCS[2].name

    def broken(work):
        from ingest.land import _ingest_worker
        if work[1] == raises:
            raise RuntimeError("a reader bug")
        if work[1] == kills:
            os._exit(1)
        return _ingest_worker(work)

    outcomes = _outcomes(docs, tmp_path / "spool", cluster.scheduler_address, broken)
    by_name = {o.source_file: o for o in outcomes}
    assert by_name[raises].status == "quarantined"
    assert "raised (RuntimeError: a reader bug)" in by_name[raises].reason
    assert by_name[kills].status == "quarantined"
    assert "killed the Dask workers that read it (KilledWorker" in by_name[kills].reason
    others = [o for name, o in by_name.items() if name not in (raises, kills)]
    assert len(others) == len(DOCS) - 2 and all(o.status in ("landed", "partial") for o in others)


def test_without_a_scheduler_dask_is_not_imported(docs, tmp_path):
    code = ("import sys; from ingest.__main__ import main; "
            f"main([{str(docs)!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet', '--jobs', '1']); "
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if k != "BUDGET_DASK_SCHEDULER"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
