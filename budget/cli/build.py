"""`budget build`: the warehouse from the landed seeds, then its read-only copy for the dashboard."""
from __future__ import annotations

from typing import Annotated

import typer

from .options import Seeds, Warehouse, finish


def build(ctx: typer.Context, warehouse: Warehouse = "warehouse.duckdb", seeds: Seeds = "seeds/landed",
          full: Annotated[bool, typer.Option("--full", help="Rebuild every document, not only the changed ones.")] = False,
          publish: Annotated[bool, typer.Option(help="Publish the dashboard's copy after a successful build.")] = True) -> None:
    """Build the warehouse aside and swap it in (warehouse/build.py): incremental unless --full.
    Exit 4 when the seeds hold no document, 75 while another build of it runs."""
    from warehouse.build import main

    code = main(["--seeds", str(seeds), *([] if full else ["--incremental"]), *ctx.args, "--", str(warehouse)])
    if code == 0 and publish:
        from dashboard.publish import main as publish_main

        code = publish_main(["--", str(warehouse)])
    finish(code)
