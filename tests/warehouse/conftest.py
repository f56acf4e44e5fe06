"""Build a throwaway warehouse from any set of documents: a copy of the project (its own
seeds/landed and DuckDB file), so the committed seeds and the test warehouse stay untouched."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "tests", "seeds", "ingest"]


def build_warehouse(work: Path, documents: dict[str, str | bytes], landed_format: str = "csv") -> Path:
    """Copy the project into `work`, ingest `documents` (file name → text), seed and build
    (without the gate test), and return the warehouse path. landed_format='parquet' lands
    Parquet and builds from it, as `make build` does for a large collection."""
    for name in PROJECT_PARTS:
        source = ROOT / name
        target = work / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb"))
        else:
            shutil.copy(source, target)
    docs = work / "docs"
    docs.mkdir()
    for name, content in documents.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (docs / name).parent.mkdir(parents=True, exist_ok=True)   # 'labeled/<folder>/<file>.pdf'
        (docs / name).write_bytes(data)
    warehouse = work / "warehouse.duckdb"
    env = {**os.environ, "DBT_PROFILES_DIR": str(work), "BUDGET_WAREHOUSE": str(warehouse)}
    ingest = subprocess.run([sys.executable, "-m", "ingest", str(docs), "--out", str(work / "seeds" / "landed"),
                             "--quiet", "--format", landed_format], cwd=work, env=env, capture_output=True, text=True)
    if landed_format == "parquet":
        env["BUDGET_LANDED_PARQUET"] = str(work / "seeds" / "landed")
    assert ingest.returncode in (0, 3), ingest.stdout + ingest.stderr
    dbt = str(Path(sys.executable).parent / "dbt")
    for step in (["seed", "--full-refresh"], ["run"]):
        done = subprocess.run([dbt, *step, "--quiet"], cwd=work, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    return warehouse


def run_gate_test(work: Path, warehouse: Path, doc: str | None = None) -> int:
    """The gate as `make gate` runs it: dbt's gate test; its exit code."""
    env = {**os.environ, "DBT_PROFILES_DIR": str(work), "BUDGET_WAREHOUSE": str(warehouse),
           "BUDGET_GATE_DOC": doc or ""}
    command = [str(Path(sys.executable).parent / "dbt"), "test", "--quiet", "--select", "tag:gate"]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True).returncode


@pytest.fixture(scope="session")
def bundled_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "data" / "raw").glob("*.txt"))}
