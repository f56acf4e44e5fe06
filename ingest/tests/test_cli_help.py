"""`--help` of every command line lists the exit codes the command can return.

The expected codes are read from each module's code (its `return`s, `sys.exit`s and `SystemExit`s,
and argparse's 2 for a usage error), not from the help text; where a module names its codes as
constants, the constants are what is expected.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from warehouse.build import INTERRUPTED, LOCKED, NOTHING_LANDED

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = {
    "ingest": {0, 1, 2, 3, 4},
    "ingest.merge": {0, 1, 2, 3, 4},             # 2 for parts not of one split; the rest from ingest.land
    "ingest.bench_pdf": {0, 2},
    "ingest.corpus_report": {0, 2},
    # "N" (a failing step's own code) is listed too, as text
    "warehouse.build": {0, 1, 2, NOTHING_LANDED, LOCKED, INTERRUPTED},
    "warehouse.bench": {0, 1, 2},                  # 1: SystemExit(message) when a measured command fails
    "warehouse.summary": {0, 2},
    "warehouse.grow_reference": {0, 2},
    "gate": {0, 1, 2, 3},                          # 3: no error, but some documents undecided
    "dashboard.publish": {0, 1, 2},
}


def listed_codes(help_text: str) -> set[int]:
    """The numeric codes of the `exit codes:` section at the end of --help."""
    assert "\nexit codes:\n" in help_text, help_text
    section = help_text.split("\nexit codes:\n", 1)[1]
    return {int(m.group(1)) for m in re.finditer(r"^  (\d+) ", section, re.MULTILINE)}


@pytest.mark.parametrize("module", sorted(EXPECTED))
def test_help_lists_every_exit_code(module):
    done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m {module} "), done.stdout
    assert listed_codes(done.stdout) == EXPECTED[module], done.stdout


def test_build_lists_a_failing_steps_own_code():
    done = subprocess.run([sys.executable, "-m", "warehouse.build", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert re.search(r"^  N +any other code: a step failed", done.stdout, re.MULTILINE), done.stdout
