"""The options every verb shares, defined once: where the documents are, where the warehouse is."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

DEFAULT_DOCS = "data/raw"
DEFAULT_WAREHOUSE = "warehouse.duckdb"
# A verb passes the options it does not name to the module it runs (its --help lists them).
PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}

Warehouse = Annotated[Path, typer.Option(
    "--warehouse", "-w", envvar="BUDGET_WAREHOUSE", show_default=True,
    help="The DuckDB warehouse ($BUDGET_WAREHOUSE).")]
Docs = Annotated[Optional[list[Path]], typer.Option(
    "--docs", "-d", show_default=False,
    help="A file or folder of disclosures; repeat for several (default $BUDGET_DOCS or data/raw): "
         "PDFs (scanned ones are OCR'd), .xlsx/.xls, .docx, .html and text extractions.")]
Seeds = Annotated[Path, typer.Option("--seeds", help="Folder of the landed seeds ingest writes and build reads.")]


def docs_or_default(docs: list[Path] | None) -> list[str]:
    if docs:
        return [str(d) for d in docs]
    return [os.environ.get("BUDGET_DOCS") or DEFAULT_DOCS]


def finish(code: int | None) -> None:
    """Leave with the module's exit code: each verb's codes are its module's (its --help says them)."""
    raise typer.Exit(code or 0)
