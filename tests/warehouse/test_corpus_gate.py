"""The gate on real documents from other provinces: every error it raises on the vendored corpus
PDFs (data/pdf/corpus, labeled and unlabeled) is a defect of that document, read by hand in the
document and recorded in data/handread/findings_review.csv with the document's words; the defects
the corpus's hand-read manifest names (written into the test below) are among them; and the
findings the review found to be our own reading gaps are not raised again.

Builds a throwaway copy of the project from the 71 PDFs (conftest.build_warehouse): about 100 s.
"""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from conftest import build_warehouse

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "pdf" / "corpus"
REVIEW = ROOT / "data" / "handread" / "findings_review.csv"


@pytest.fixture(scope="module")
def corpus_gate(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.fail(f"the vendored corpus is missing: {CORPUS}")
    documents = {str(path.relative_to(CORPUS)): path.read_bytes() for path in sorted(CORPUS.rglob("*.pdf"))}
    warehouse = build_warehouse(tmp_path_factory.mktemp("corpus_gate"), documents)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        errors = {tuple(row) for row in con.execute("""
            select source_file, rule_id, page from main.fct_compliance_findings
            where severity = 'error'""").fetchall()}
        documents_gated = con.execute("select count(*) from main.dim_document").fetchone()[0]
    return errors, documents_gated


def review(verdict: str) -> set[tuple[str, str, int]]:
    with REVIEW.open(encoding="utf-8", newline="") as handle:
        return {(r["document"], r["rule_id"], int(r["page"])) for r in csv.DictReader(handle) if r["verdict"] == verdict}


def test_the_review_records_the_documents_words():
    with REVIEW.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(r["verdict"] in ("real", "false") and r["words"] for r in rows)
    assert all((CORPUS / r["document"]).is_file() for r in rows)


def test_the_corpus_is_gated(corpus_gate):
    _, documents_gated = corpus_gate
    assert documents_gated >= 50


def test_every_error_is_a_real_defect_read_in_the_document(corpus_gate):
    errors, _ = corpus_gate
    unreviewed = errors - review("real")
    assert not unreviewed, f"error findings nobody has read in the document: {sorted(unreviewed)}"


def test_every_real_defect_is_caught(corpus_gate):
    errors, _ = corpus_gate
    assert review("real") <= errors, sorted(review("real") - errors)


def test_the_manifest_defects_are_caught(corpus_gate):
    errors, _ = corpus_gate
    # 财政拨款收支总计 0.3 万元 in the narrative, 2,961.68 in the table; 三公 +92.82% for +1,294%.
    assert ("labeled/sh-pt-czj-2024-final/sh-pt-czj-2024-final.pdf", "R26", 21) in errors
    assert ("labeled/xa-zjj-2022-dept/xa-zjj-2022-dept.pdf", "R32", 30) in errors


def test_reading_gaps_are_not_blamed_on_the_publisher(corpus_gate):
    errors, _ = corpus_gate
    assert not errors & review("false"), sorted(errors & review("false"))
