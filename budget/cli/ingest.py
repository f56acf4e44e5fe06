"""`budget ingest`: read every document of the folders and land the seeds (ingest/__main__.py)."""
from __future__ import annotations

import typer

from .options import Docs, Seeds, docs_or_default, finish


def ingest(ctx: typer.Context, docs: Docs = None, out: Seeds = "seeds/landed") -> None:
    """Read the documents and land every table cell and narrative fact as seeds.
    Exit 0, or 3 when some file was quarantined or partial (the manifest says why), 4 when nothing
    landed. Other options (--format, --jobs, --quiet, --shard, --reread, --scheduler) pass to
    `python -m ingest`."""
    from ingest.__main__ import main

    finish(main(["--out", str(out), *ctx.args, "--", *docs_or_default(docs)]))
