"""`budget check FILE`: the reviewer's check of one document before it is published (check/)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .options import finish


def check(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="The document to check (any format ingest reads).")],
          root: Annotated[Path, typer.Option(envvar="CHECK_ROOT", help="Where checks are kept.")] = Path("build/check")) -> None:
    """Read it in a sandbox, build it into a scratch warehouse, gate it alone, and write the report
    (annotated PDF, findings.xlsx, report.md). Exit 0 pass, 1 errors, 2 cannot decide or refused."""
    from check.__main__ import main

    finish(main(["--root", str(root), *ctx.args, "--", str(file)]))
