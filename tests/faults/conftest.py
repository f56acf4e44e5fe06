"""A throwaway copy of the project for fault tests: its own seeds/landed, target/ and warehouse,
so the committed seeds and the test warehouse are never touched, and a killed build can only
harm the copy."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "tests", "seeds", "ingest", "warehouse",
                 "gate", "dashboard", "check", "budget", "Makefile"]


def copy_project(work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source, target = ROOT / name, work / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb"))
        else:
            shutil.copy(source, target)
    return work


def env_for(work: Path, warehouse: Path) -> dict:
    return {**os.environ, "DBT_PROFILES_DIR": str(work), "BUDGET_WAREHOUSE": str(warehouse),
            "GX_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}


def ingest(work: Path, docs: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ingest", "--out", str(work / "seeds" / "landed"),
                           "--quiet", "--", str(docs)], cwd=work, env=env_for(work, work / "unused"),
                          capture_output=True, text=True)


def build_command(warehouse: Path, *, wait: float = 0) -> list[str]:
    """The build `make build` runs (its default steps): aside, then swapped in, refusing empty seeds."""
    return [sys.executable, "-m", "warehouse.build", "--seeds", "seeds/landed",
            "--wait", str(wait), "--", str(warehouse)]


def build(work: Path, warehouse: Path) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(warehouse), cwd=work, env=env_for(work, warehouse),
                          capture_output=True, text=True)
