"""Ingest on an existing Dask cluster: one task per file, read on a worker.

    python -m ingest DOCS --out seeds/landed --scheduler tcp://HOST:8786
    BUDGET_DASK_SCHEDULER=tcp://HOST:8786 make ingest          # the same, from the environment

Each task is the function a local run gives its process pool (land._ingest_worker): it reads one
file and appends the document's rows to the spool, a folder beside --out, returning only the
file's outcome (its identity, counts and where its rows are). The parent then relates the files
(duplicates, publications in several files, versions) and writes the landed set exactly as a local
run does, so the seeds are byte for byte the same. Every worker must therefore see the documents
and the spool at the paths the parent gives: a shared filesystem (NFS, a cluster's scratch), and
the project installed (`pip install .`) in the workers' environment.

A task that raises is retried once, then that file is quarantined with the error; a worker that
dies mid-task (killed, out of memory) has its tasks rescheduled by Dask on the others, and a file
whose reading kills worker after worker (distributed.scheduler.allowed-failures) is quarantined as
what crashed them. The other files land either way. Dask is imported only here, only when asked.
"""
from __future__ import annotations

import os
from typing import Callable

from .land import FileOutcome, _ingest_worker

# Retries of a task that raised (a worker's death is Dask's to retry: allowed-failures).
TASK_RETRIES = 1
CONNECT_TIMEOUT = "30s"


def run_on_cluster(address: str, work: list[tuple[str, str, str | None]],
                   progress: Callable[[FileOutcome], None] | None = None,
                   task: Callable[[tuple[str, str, str | None]], FileOutcome] = _ingest_worker) -> list[FileOutcome]:
    """The outcomes of `work` (path, label, spool per file), in its order, each read by a task on
    the cluster at `address`."""
    from distributed import Client, as_completed

    outcomes: list[FileOutcome | None] = [None] * len(work)
    with Client(address, timeout=CONNECT_TIMEOUT) as client:
        futures = {client.submit(task, w, key=f"ingest-{i}-{os.getpid()}", pure=False, retries=TASK_RETRIES): i
                   for i, w in enumerate(work)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:          # raised twice, or killed the workers that read it
                outcome = _crashed(work[i], exc)
            outcomes[i] = outcome
            if progress:
                progress(outcome)
    return outcomes


def _crashed(work: tuple[str, str, str | None], exc: Exception) -> FileOutcome:
    path, label, _ = work
    try:
        size = os.path.getsize(path)
    except OSError:
        size = 0
    what = "killed the Dask workers that read it" if type(exc).__name__ == "KilledWorker" else "raised"
    return FileOutcome(label, size, status="quarantined", path=path,
                       reason=f"reading it {what} ({type(exc).__name__}: {str(exc)[:200]}); the other files "
                              "are read as usual")
