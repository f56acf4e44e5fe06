"""`budget <verb>`: one command line for the whole warehouse, a file per verb, sharing one set of
options (budget/cli/options.py: --warehouse, --docs). Each verb runs its module's own `main`, so
there is one implementation of each; `make` targets call these verbs.

    budget run | ingest | build | summary | gate | check FILE | decide | bench | dashboard
"""
from __future__ import annotations

import typer

from . import bench, build, check, dashboard, decide, gate, ingest, run, summary
from .options import PASS_THROUGH

app = typer.Typer(name="budget", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                  help="Chinese government budget disclosures: ingest, warehouse, gate, check, dashboard.")
for verb, function, passes in (
        ("run", run.run, False), ("ingest", ingest.ingest, True), ("build", build.build, True),
        ("summary", summary.summary, False), ("gate", gate.gate, True), ("check", check.check, True),
        ("decide", decide.decide, True), ("bench", bench.bench, True), ("dashboard", dashboard.dashboard, False)):
    app.command(verb, context_settings=PASS_THROUGH if passes else None)(function)


def main() -> None:
    app()
