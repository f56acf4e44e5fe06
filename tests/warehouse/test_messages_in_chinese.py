"""What a reviewer reads is in 中文: no vocabulary key (table kind, status, measure, narrative
subject) and no other lowercase identifier appears in a finding's message or in any evaluation's
detail or subject label, and amounts carry thousands separators. The document's own words,
quoted in 「」, are left out of the check. Runs on the warehouse `make test-dbt` built
(make test-marts, $BUDGET_TEST_WAREHOUSE).
"""
from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
WAREHOUSE = Path(os.environ.get("BUDGET_TEST_WAREHOUSE", ROOT / "build" / "test_warehouse.duckdb"))
VOCABULARIES = [  # (file, key column)
    (ROOT / "ingest" / "data" / "table_kinds.csv", "table_kind"),
    (ROOT / "seeds" / "reference" / "ref_table_statuses.csv", "status"),
    (ROOT / "seeds" / "reference" / "ref_measures.csv", "measure"),
    (ROOT / "seeds" / "reference" / "ref_narrative_subjects.csv", "subject"),
]
QUOTED = re.compile(r"「[^」]*」?")
IDENTIFIER = re.compile(r"(?<![A-Za-z_])[a-z][a-z0-9_]{2,}")


def keys() -> set[str]:
    out = set()
    for path, column in VOCABULARIES:
        with path.open(encoding="utf-8") as f:
            out |= {row[column] for row in csv.DictReader(f)}
    return out


@pytest.fixture(scope="module")
def texts():
    if not WAREHOUSE.exists():
        pytest.fail(f"{WAREHOUSE} does not exist: run `make test-dbt` (dbt build on data/raw) first")
    with duckdb.connect(str(WAREHOUSE), read_only=True) as con:
        rows = con.sql("""
            select rule_id, message from main.fct_compliance_findings
            union all select rule_id, detail from main.fct_compliance_evaluations
            union all select rule_id, subject_label from main.fct_compliance_evaluations
        """).fetchall()
    return [(rule_id, text) for rule_id, text in rows if text]


def test_no_english_key_in_what_a_reviewer_reads(texts):
    vocabulary = keys()
    leaks = []
    for rule_id, text in texts:
        words = set(IDENTIFIER.findall(QUOTED.sub("", text)))
        if words:
            leaks.append((rule_id, sorted(words & vocabulary) or sorted(words), text[:160]))
    assert len(texts) > 1000 and not leaks, leaks[:10]


def test_amounts_in_messages_carry_separators(texts):
    # An amount of 1,000 元 or more printed without separators ("1370500.00 元").
    bare = [(rule_id, text[:160]) for rule_id, text in texts
            if re.search(r"(?<![\d,.])\d{4,}\.\d\d 元", QUOTED.sub("", text))]
    assert not bare, bare[:10]
