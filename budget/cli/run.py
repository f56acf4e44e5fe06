"""`budget run`: the main job: ingest, build, summary and gate, as `make run` does."""
from __future__ import annotations

from pathlib import Path

import typer

from .options import Docs, Warehouse, docs_or_default


def run(docs: Docs = None, warehouse: Warehouse = "warehouse.duckdb") -> None:
    """Every document of the folders into the warehouse, then its summary and the gate. The gate's
    findings are the run's result, not its failure: exit 0 unless a stage could not run."""
    from dashboard.publish import main as publish
    from gate.__main__ import main as gate
    from ingest.__main__ import main as ingest
    from warehouse.build import main as build
    from warehouse.summary import main as summary

    seeds = "seeds/landed"
    code = ingest(["--out", seeds, "--", *docs_or_default(docs)])
    if code not in (0, 3):
        raise typer.Exit(code)
    for step in (lambda: build(["--seeds", seeds, "--incremental", "--", str(warehouse)]),
                 lambda: publish(["--", str(warehouse)]), lambda: summary(["--", str(warehouse)])):
        code = step()
        if code:
            raise typer.Exit(code)
    code = gate([f"--warehouse={warehouse}", "--out", str(Path("build/gate"))])
    raise typer.Exit(0 if code in (0, 1, 3) else code)
