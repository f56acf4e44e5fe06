"""`budget <verb>`: the one command line (budget/cli/), a file per verb, shared options, each verb
running its module's own `main` (so the same exit codes)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERBS = ["run", "ingest", "build", "summary", "gate", "check", "decide", "bench", "dashboard"]


def budget(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget", *args], cwd=kw.pop("cwd", ROOT), capture_output=True,
                          text=True, timeout=600, **kw)


def test_every_verb_is_listed_and_has_a_file_of_its_own():
    done = budget("--help")
    assert done.returncode == 0, done.stderr
    for verb in VERBS:
        assert f"  {verb} " in done.stdout, verb
        assert (ROOT / "budget" / "cli" / f"{verb}.py").is_file(), verb


@pytest.mark.parametrize("verb", VERBS)
def test_each_verb_explains_itself(verb):
    done = budget(verb, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Usage: python -m budget {verb} ")


def test_the_shared_options_are_one_definition():
    for verb, options in {"run": ("--docs", "--warehouse"), "ingest": ("--docs",), "build": ("--warehouse",),
                          "summary": ("--warehouse",), "gate": ("--warehouse",), "dashboard": ("--warehouse",)}.items():
        text = budget(verb, "--help").stdout
        for option in options:
            assert option in text, (verb, option)
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "budget" / "cli").glob("*.py"))
    assert sources.count('typer.Option(\n    "--warehouse"') + sources.count('typer.Option("--warehouse"') == 1


def test_budget_ingest_lands_what_python_m_ingest_lands(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    via_budget = budget("ingest", "--docs", "data/raw", "--seeds", str(a), "--quiet", "--format", "csv")
    direct = subprocess.run([sys.executable, "-m", "ingest", "--out", str(b), "--quiet", "--format", "csv",
                             "--", "data/raw"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert via_budget.returncode == direct.returncode == 0, via_budget.stderr + direct.stderr
    for seed in sorted(p.name for p in b.glob("ingest_*.csv")):
        assert (a / seed).read_bytes() == (b / seed).read_bytes(), seed


def test_a_verb_exits_with_its_modules_code():
    # gate on a warehouse that does not exist: the gate's own 2 (cannot decide), through the verb
    done = budget("gate", "--warehouse", "/nonexistent/warehouse.duckdb", "--out", "/tmp/budget-cli-gate")
    direct = subprocess.run([sys.executable, "-m", "gate", "--warehouse=/nonexistent/warehouse.duckdb",
                             "--out", "/tmp/budget-cli-gate"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == direct.returncode == 2, done.stderr + direct.stderr
