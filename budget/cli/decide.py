"""`budget decide`: a reviewer's decision on a finding, kept as data (check/decide.py)."""
from __future__ import annotations

import typer

from .options import finish


def decide(ctx: typer.Context) -> None:
    """Waive a finding (--waive) or mark it as our reading error (--false-finding), with --reason and
    --by: DOC_ID RULE_ID SUBJECT_CODE. Options pass to `python -m check.decide`."""
    from check.decide import main

    finish(main(ctx.args))
