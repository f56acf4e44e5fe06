"""`budget bench`: the benchmarks whose figures BENCHMARKS.md records."""
from __future__ import annotations

from typing import Annotated

import typer

from .options import finish


def bench(ctx: typer.Context,
          check_only: Annotated[bool, typer.Option("--check-only", help="Only the reviewer's check.")] = False) -> None:
    """The pipeline at growing sizes with peak memory (warehouse/bench.py; options pass to it),
    then the reviewer's check, upload to verdict (check/bench.py)."""
    code = 0
    if not check_only:
        from warehouse.bench import main

        code = main(list(ctx.args))
    if code == 0:
        from check.bench import main as check_bench

        code = check_bench([])
    finish(code)
