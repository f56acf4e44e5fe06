"""The real corpus documents (data/corpus, vendored from ../shared/corpus; other provinces) go through ingest and dbt into the
marts: every document the ingest recognises appears in dim_document with its unit, and every
summary figure the marts do give equals the hand-read one in 元 (data/handread/figures.csv), so a
figure the ingest could not place is missing, never wrong.

Builds a throwaway copy of the project (conftest.build_warehouse). Takes about 20 seconds.
"""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import build_warehouse

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"          # vendored from ../shared/corpus (data/corpus/README.md)
EXPECTED = ROOT / "data" / "handread" / "figures.csv"
FACTOR = {"元": Decimal(1), "万元": Decimal(10000)}
COLUMNS = {"grand_total": "total_yuan", "basic": "basic_yuan", "project": "project_yuan",
           "three_public_total": "three_public_yuan"}


@pytest.fixture(scope="module")
def corpus_warehouse(tmp_path_factory, bundled_texts):
    if not CORPUS.is_dir():
        pytest.fail(f"the vendored corpus is missing: {CORPUS}")
    documents = {path.name: path.read_bytes() for path in CORPUS.glob("*/*.raw.txt")}
    warehouse = build_warehouse(tmp_path_factory.mktemp("corpus_project"), {**bundled_texts, **documents})
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()


def expected_rows():
    """The labeled documents' hand-read figures, one dict per document: folder, the grand total's
    unit, and each figure in 元 (or '' where it is printed blank)."""
    out: dict[str, dict] = {}
    with EXPECTED.open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if not r["document"].startswith("labeled/") or r["figure"] not in COLUMNS:
                continue
            row = out.setdefault(r["document"].split("/", 1)[1], {"folder": r["document"].split("/", 1)[1]})
            row[r["figure"]] = str(Decimal(r["amount"]) * FACTOR[r["unit"]]) if r["amount"] else ""
            if r["figure"] == "grand_total":
                row["unit"] = r["unit"]
    return list(out.values())


def test_every_recognised_corpus_document_is_in_dim_document(corpus_warehouse):
    landed = {row[0] for row in corpus_warehouse.execute(
        "select source_file from main.ingest_manifest where status in ('landed', 'partial')").fetchall()}
    in_marts = {row[0] for row in corpus_warehouse.execute("select source_file from main.dim_document").fetchall()}
    assert landed == in_marts
    assert len([name for name in in_marts if name.endswith(".raw.txt")]) >= 7


def test_corpus_units_are_detected(corpus_warehouse):
    units = dict(corpus_warehouse.execute("select source_file, source_unit from main.dim_document").fetchall())
    for row in expected_rows():
        name = f"{row['folder']}.raw.txt"
        if name in units:  # Beijing prints tables and narrative as two files
            assert units[name] in (row["unit"], "mixed"), name


# The mart column saying where each figure came from, and the narrative figure it would be.
SOURCES = {"total_yuan": ("total_source", "income_grand_total"),
           "three_public_yuan": ("three_public_source", "three_public_total")}


def _narrative_step(con, doc_id: str, figure: str, value: Decimal) -> Decimal:
    """The printed precision of the narrative statement the mart took a figure from."""
    step = con.execute("""
        select max(step_yuan) from main.fct_narrative_facts
        where doc_id = ? and linked_to = ? and attribute = 'amount' and amount_yuan = ?""",
                       [doc_id, figure, value]).fetchone()[0]
    assert step is not None, (doc_id, figure, "no narrative statement gives", value)
    return step


def test_corpus_summary_figures_are_right_or_missing(corpus_warehouse):
    """A summary figure in the marts equals the hand-read value converted to 元, or is NULL. A
    figure taken from the narrative (*_source 'narrative') is right to the narrative's printed
    precision (18976.76 万元 for a table's 189767551 元)."""
    present = 0
    source_columns = [SOURCES.get(c, (f"'table' as {c}_source",))[0] for c in COLUMNS.values()]
    for row in expected_rows():
        found = corpus_warehouse.execute(f"""
            select doc_id, {', '.join(COLUMNS.values())}, {', '.join(source_columns)}
            from main.fct_department_summary join main.dim_document using (doc_id)
            where source_file like ? || '%.raw.txt'""", [row["folder"]]).fetchall()
        for doc_id, *values in found:
            amounts, sources = values[:len(COLUMNS)], values[len(COLUMNS):]
            for (column, mart_column), value, source in zip(COLUMNS.items(), amounts, sources):
                if value is None or not row[column]:
                    continue
                expected = Decimal(row[column])
                if source == "narrative":
                    step = _narrative_step(corpus_warehouse, doc_id, SOURCES[mart_column][1], value)
                    assert abs(value - expected) <= step / 2, (row["folder"], mart_column, value, step)
                else:
                    assert value == expected, (row["folder"], mart_column)
                present += 1
    # The corpus's total rows mostly land with their columns undecided (ingest gap, README
    # "Corpus"), so the tables give few of these figures; the narrative gives most. Measured
    # 2026-12-06: 11 of the 25 hand-read figures, all from the narrative, all right. A floor.
    assert present >= 11, present
    # The hand-read figures, converted to 元, are among the landed cells of their document: the
    # unit conversion holds for 元 and 万元 documents alike.
    found = []
    for row in expected_rows():
        for column in COLUMNS:
            if not row[column]:
                continue
            yuan = Decimal(row[column])
            hits = corpus_warehouse.execute("""
                select count(*) from main.fct_table_cells join main.dim_document using (doc_id)
                where source_file like ? || '%' and amount_yuan = ?""", [row["folder"], yuan]).fetchone()[0]
            if hits:
                found.append((row["folder"], column))
    # Measured 2026-11-21: 16 of the 25 hand-read figures (none of Beijing's or Wanli's, whose
    # table layouts the raw extraction scrambles). A floor that may only rise.
    assert len(found) >= 16, found
    assert {folder for folder, _ in found} >= {"js-gjfy-2019-dept", "gz-zfbgt-2026-dept", "cs-xfj-2026-dept",
                                              "xa-zjj-2022-dept", "sh-pt-czj-2024-final"}
