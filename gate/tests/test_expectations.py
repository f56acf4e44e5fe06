"""The GX suites both ways: the clean fixture passes every expectation; each kind of damage fails
exactly the expectation that names it (and nothing else)."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from gate.expectations import SUITES, load_frames, validate_frames


@pytest.fixture(scope="module")
def clean_frames(tmp_path_factory):
    from gate.tests.conftest import build_warehouse

    path = build_warehouse(tmp_path_factory.mktemp("gx") / "clean.duckdb")
    con = duckdb.connect(str(path), read_only=True)
    try:
        return load_frames(con)
    finally:
        con.close()


def failed(rows):
    return {(r.suite, r.expectation, r.column, r.condition) for r in rows if not r.success}


def test_every_mart_has_a_suite():
    assert set(SUITES) >= {"dim_document", "fct_department_summary", "fct_expenditure_by_function",
                           "fct_basic_expenditure_by_economic", "fct_project_expenditure", "fct_three_public",
                           "fct_table_cells", "fct_compliance_findings", "ingest_manifest"}


def test_clean_fixture_passes_every_expectation(clean_frames):
    rows = validate_frames(clean_frames)
    assert {r.suite for r in rows} == set(SUITES)
    assert len(rows) > 100
    assert [r for r in rows if not r.success] == []
    assert all(r.error is None for r in rows)


def test_signed_amounts_are_not_constrained(clean_frames):
    # the clean fixture holds a negative difference and a negative table cell, and still passes
    assert (clean_frames["fct_compliance_findings"]["difference_yuan"] < 0).any()
    assert (clean_frames["fct_table_cells"]["amount_yuan"] < 0).any()


def _set(frame, row, column, value):
    frame = frame.copy()
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    return frame


REGEX, IN_SET, NOT_NULL = ("expect_column_values_to_match_regex", "expect_column_values_to_be_in_set",
                           "expect_column_values_to_not_be_null")
BETWEEN, UNIQUE = "expect_column_values_to_be_between", "expect_column_values_to_be_unique"

# (id, mart, damage(frame) -> frame, the failures expected: {(expectation, column, condition)}, a value
# the report must quote or None)
DAMAGE = [
    ("function code of 4 digits", "fct_expenditure_by_function", lambda f: _set(f, 1, "function_code", "2019"),
     {(REGEX, "function_code", None), (REGEX, "function_code", 'function_level == "款"')}, "2019"),
    ("function code 项 with 5 digits", "fct_expenditure_by_function",
     lambda f: _set(f, 2, "function_code", "20104"),
     {(REGEX, "function_code", 'function_level == "项"')}, "20104"),
    ("economic code outside 3xx/5xx", "fct_basic_expenditure_by_economic",
     lambda f: _set(f, 0, "economic_code", "401"), {(REGEX, "economic_code", None)}, "401"),
    ("division code of 5 digits", "dim_document", lambda f: _set(f, 0, "division_code", "65310"),
     {(REGEX, "division_code", None)}, "65310"),
    ("full-width digits in a division code", "dim_document", lambda f: _set(f, 0, "division_code", "６５３１０１"),
     {(REGEX, "division_code", None)}, "６５３１０１"),
    ("stage outside budget/final", "dim_document", lambda f: _set(f, 0, "stage", "draft"),
     {(IN_SET, "stage", None)}, "draft"),
    ("severity outside error/warn/info", "fct_compliance_findings", lambda f: _set(f, 0, "severity", "fatal"),
     {(IN_SET, "severity", None)}, "fatal"),
    ("manifest status unknown", "ingest_manifest", lambda f: _set(f, 0, "status", "lost"),
     {(IN_SET, "status", None)}, "lost"),
    ("amount derivation unknown", "fct_three_public", lambda f: _set(f, 1, "amount_derivation", "guessed"),
     {(IN_SET, "amount_derivation", None)}, "guessed"),
    ("function level unknown", "fct_expenditure_by_function", lambda f: _set(f, 0, "function_level", "目"),
     {(IN_SET, "function_level", None)}, "目"),
    ("duplicate document row in the summary", "fct_department_summary",
     lambda f: pd.concat([f, f.iloc[[0]]], ignore_index=True),
     {(UNIQUE, "doc_id", None), ("expect_table_row_count_to_equal", None, None)}, "dA"),
    ("duplicate document in dim_document", "dim_document",
     lambda f: pd.concat([f, f.iloc[[1]].assign(source_file="b2.txt")], ignore_index=True),
     {(UNIQUE, "doc_id", None)}, "dB"),
    ("summary row for an unknown document", "fct_department_summary", lambda f: _set(f, 2, "doc_id", "dZ"),
     {(IN_SET, "doc_id", None), ("expect_column_distinct_values_to_equal_set", "doc_id", None)}, "dZ"),
    ("document without a summary row", "fct_department_summary", lambda f: f.iloc[:2],
     {("expect_column_distinct_values_to_equal_set", "doc_id", None),
      ("expect_table_row_count_to_equal", None, None)}, None),
    ("basic share above 1", "fct_department_summary", lambda f: _set(f, 0, "basic_share", 1.2),
     {(BETWEEN, "basic_share", None)}, 1.2),
    ("negative staff count", "fct_department_summary", lambda f: _set(f, 0, "staff_actual", -1),
     {(BETWEEN, "staff_actual", None)}, -1),
    ("negative expenditure", "fct_expenditure_by_function", lambda f: _set(f, 2, "total_yuan", -5.0),
     {(BETWEEN, "total_yuan", None)}, -5.0),
    ("finding without a message", "fct_compliance_findings", lambda f: _set(f, 1, "message", None),
     {(NOT_NULL, "message", None)}, None),
    ("finding for a rule not in the catalogue", "fct_compliance_findings", lambda f: _set(f, 1, "rule_id", "R99"),
     {(IN_SET, "rule_id", None)}, "R99"),
    ("waiver without a reason", "fct_compliance_findings", lambda f: _set(f, 3, "waiver_reason", None),
     {(NOT_NULL, "waiver_reason", "is_waived == true")}, None),
    ("placed cell without a measure", "fct_table_cells", lambda f: _set(f, 0, "measure", None),
     {(NOT_NULL, "measure", 'placement in ["position", "count_match", "total_first", "economic_code", '
                            '"identity", "identity_total", "twin_table", "subtotal", "single_measure", "form_label", '
                            '"only_part"]')}, None),
    ("quarantined file without a reason", "ingest_manifest", lambda f: _set(f, 3, "reason", None),
     {(NOT_NULL, "reason", 'status in ["quarantined", "duplicate", "skipped"]')}, None),
    ("duplicate fact key", "fct_three_public", lambda f: _set(f, 1, "item", "reception"),
     {("expect_compound_columns_to_be_unique", "doc_id, item", None)}, None),
]


@pytest.mark.parametrize("mart, damage, expected, quoted", [pytest.param(*d[1:], id=d[0]) for d in DAMAGE])
def test_damage_fails_the_expectation_that_names_it(clean_frames, mart, damage, expected, quoted):
    frames = dict(clean_frames)
    frames[mart] = damage(clean_frames[mart])
    rows = validate_frames(frames, {mart: SUITES[mart]})
    assert failed(rows) == {(mart, *e) for e in expected}
    if quoted is not None:
        quoted_values = [v for r in rows if not r.success for v in r.unexpected_values]
        assert quoted in quoted_values


def test_dim_document_damage_is_seen_by_the_facts(clean_frames):
    # a fact pointing at a document dim_document lost: the Ref is resolved from the frames
    frames = dict(clean_frames)
    frames["dim_document"] = clean_frames["dim_document"].iloc[1:]  # drop dA
    rows = validate_frames(frames, {"fct_expenditure_by_function": SUITES["fct_expenditure_by_function"]})
    assert failed(rows) == {("fct_expenditure_by_function", IN_SET, "doc_id", None)}


def test_missing_column_is_one_clear_failure(clean_frames):
    frames = dict(clean_frames)
    frames["fct_three_public"] = clean_frames["fct_three_public"].drop(columns=["amount_derivation"])
    rows = validate_frames(frames, {"fct_three_public": SUITES["fct_three_public"]})
    schema = [r for r in rows if r.expectation == "expect_table_columns_to_match_set"]
    assert len(schema) == 1 and not schema[0].success
    assert schema[0].observed == {"missing": ["amount_derivation"]}
    # the expectations on that column fail with GX's message rather than crash the run
    on_column = [r for r in rows if r.column and "amount_derivation" in r.column]
    assert on_column and all(not r.success and "amount_derivation" in (r.error or "") for r in on_column)


def test_missing_mart_and_missing_reference(clean_frames):
    frames = dict(clean_frames)
    frames["fct_three_public"] = None
    frames["reference.ref_rules"] = None
    rows = validate_frames(frames, {m: SUITES[m] for m in ("fct_three_public", "fct_compliance_findings")})
    assert failed(rows) == {("fct_three_public", "table_exists", None, None),
                            ("fct_compliance_findings", IN_SET, "rule_id", None)}
    rule_row = next(r for r in rows if r.column == "rule_id" and not r.success)
    assert "reference.ref_rules is missing" in rule_row.error


def test_doc_filter_reads_one_document(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        frames = load_frames(con, ["dB"])
    finally:
        con.close()
    assert set(frames["dim_document"]["doc_id"]) == {"dB"}
    assert set(frames["fct_compliance_findings"]["doc_id"]) == {"dB"}
    assert len(frames["reference.ref_rules"]) == 4  # reference seeds are never filtered
    assert [r for r in validate_frames(frames) if not r.success] == []


def test_batches_of_documents_decide_what_one_validation_decides(tmp_path, base_rows):
    """The suites run on batches of documents (memory bounded by a batch): on the clean fixture
    every batch size gives the same expectations, all passing; a damaged row of one document
    fails its expectation with the same count and value, whichever batch it is in."""
    from gate.expectations import run_suites
    from gate.tests.conftest import build_warehouse

    clean = build_warehouse(tmp_path / "clean.duckdb")
    with duckdb.connect(str(clean), read_only=True) as con:
        whole = run_suites(con)
        for size in (1, 2):
            batched = run_suites(con, batch_documents=size)
            assert [(r.suite, r.expectation, r.column) for r in batched] == \
                   [(r.suite, r.expectation, r.column) for r in whole]
            assert [r for r in batched if not r.success] == []
    base_rows["main.dim_document"][1]["doc_level"] = "科室"
    base_rows["main.ingest_manifest"][3]["status"] = "lost"      # the quarantined file: no document
    damaged = build_warehouse(tmp_path / "damaged.duckdb", base_rows)
    with duckdb.connect(str(damaged), read_only=True) as con:
        for size in (1, 2, 10):
            rows = [r for r in run_suites(con, batch_documents=size) if not r.success]
            assert [(r.suite, r.column, r.unexpected_count, r.unexpected_values) for r in rows] == \
                   [("dim_document", "doc_level", 1, ["科室"]), ("ingest_manifest", "status", 1, ["lost"])], size
        # batches validated in two processes, each reading the warehouse: the same rows, in order
        assert run_suites(con, batch_documents=1, jobs=2, warehouse=str(damaged)) == \
            run_suites(con, batch_documents=1)
