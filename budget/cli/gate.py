"""`budget gate`: the compliance gate over the warehouse (gate/__main__.py)."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from .options import Warehouse, finish


def gate(ctx: typer.Context, warehouse: Warehouse = "warehouse.duckdb",
         doc: Annotated[Optional[str], typer.Option(help="Gate one document, by doc_id or file name.")] = None,
         out: Annotated[str, typer.Option(help="Folder for summary.md / summary.json.")] = "build/gate") -> None:
    """Does each disclosure pass? Exit 0 pass, 1 unwaived errors, 2 cannot decide, 3 documents
    undecided (a key rule not evaluated)."""
    from gate.__main__ import main

    finish(main([f"--warehouse={warehouse}", "--out", out, *([f"--doc={doc}"] if doc else []), *ctx.args]))
