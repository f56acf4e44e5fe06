"""Build a throwaway warehouse from any set of documents: a copy of the project (its own
seeds/landed and DuckDB file), so the committed seeds and the test warehouse stay untouched."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "tests", "seeds", "ingest", "warehouse"]


def build_warehouse(work: Path, documents: dict[str, str | bytes], landed_format: str = "csv",
                    data_tests: bool = False) -> Path:
    """Copy the project into `work`, ingest `documents` (file name → text), seed and build
    (without the gate test), and return the warehouse path. landed_format='parquet' lands
    Parquet and builds from it, as `make build` does for a large collection. data_tests: build
    exactly as `make build` does, the models' data tests included (they must pass on any
    document); else `dbt run`, quicker."""
    copy_project(work)
    land_documents(work, documents, landed_format)
    warehouse = work / "warehouse.duckdb"
    build_as_make_does(work, warehouse, incremental=False, data_tests=data_tests)
    return warehouse


def copy_project(work: Path) -> None:
    for name in PROJECT_PARTS:
        source = ROOT / name
        target = work / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.duckdb"))
        else:
            shutil.copy(source, target)
    shutil.copy(ROOT / "requirements.txt", work / "requirements.txt")   # in the code fingerprint


def land_documents(work: Path, documents: dict[str, str | bytes], landed_format: str = "csv") -> None:
    """Ingest `documents` (file name → text or bytes) into work/seeds/landed, replacing it."""
    docs = work / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir()
    for name, content in documents.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (docs / name).parent.mkdir(parents=True, exist_ok=True)   # 'labeled/<folder>/<file>.pdf'
        (docs / name).write_bytes(data)
    ingest = subprocess.run([sys.executable, "-m", "ingest", str(docs), "--out", str(work / "seeds" / "landed"),
                             "--quiet", "--format", landed_format], cwd=work, capture_output=True, text=True)
    assert ingest.returncode in (0, 3), ingest.stdout + ingest.stderr


def build_as_make_does(work: Path, warehouse: Path, incremental: bool, data_tests: bool = False) -> str:
    """`make build`'s build (warehouse.build: dbt seed, then dbt build with the data tests, or
    dbt run without them); its log."""
    env = {**os.environ, "DBT_PROFILES_DIR": str(work)}
    env.pop("BUDGET_LANDED_PARQUET", None)
    dbt = str(Path(sys.executable).parent / "dbt")
    command = [sys.executable, "-m", "warehouse.build", str(warehouse), "--seeds", "seeds/landed"]
    if not data_tests:
        command += ["--seed-step", f"{dbt} seed --quiet --full-refresh", "--step", f"{dbt} run --quiet"]
    done = subprocess.run(command + (["--incremental"] if incremental else []), cwd=work, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def assert_same_tables(a: Path, b: Path, schemas: tuple[str, ...]) -> None:
    """Every table of these schemas holds the same rows (as multisets) in warehouses a and b."""
    con = duckdb.connect()
    con.execute("attach ? as a (read_only)", [str(a)])
    con.execute("attach ? as b (read_only)", [str(b)])
    tables = con.execute("""select schema_name, table_name from duckdb_tables()
                            where database_name = 'a' and schema_name in ? order by 1, 2""",
                         [list(schemas)]).fetchall()
    assert ("main", "fct_compliance_findings") in tables
    for schema, table in tables:
        rows = con.execute(f"select count(*) from a.{schema}.{table}").fetchone()[0]
        assert rows == con.execute(f"select count(*) from b.{schema}.{table}").fetchone()[0], table
        for x, y in (("a", "b"), ("b", "a")):
            differ = con.execute(f"select count(*) from (select * from {x}.{schema}.{table} "
                                 f"except all select * from {y}.{schema}.{table})").fetchone()[0]
            assert differ == 0, f"{schema}.{table}: {differ} rows of {x} not in {y}"
    con.close()


def run_gate_test(work: Path, warehouse: Path, doc: str | None = None) -> int:
    """The gate as `make gate` runs it: dbt's gate test; its exit code."""
    env = {**os.environ, "DBT_PROFILES_DIR": str(work), "BUDGET_WAREHOUSE": str(warehouse),
           "BUDGET_GATE_DOC": doc or ""}
    command = [str(Path(sys.executable).parent / "dbt"), "test", "--quiet", "--select", "tag:gate"]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True).returncode


@pytest.fixture(scope="session")
def bundled_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / "data" / "raw").glob("*.txt"))}
