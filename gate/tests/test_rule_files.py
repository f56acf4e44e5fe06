"""Each rule file of models/compliance/rules/ names its rule: one rule id per file, and the file's
name starts with that id (issue 27). Rules that share one pass over the same comparisons compute in
an int_compliance__ model and each rule's own file selects its rows."""
from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "models" / "compliance" / "rules"
RULE_ID = re.compile(r"'(R\d\d[A-Z]?)'")


def _catalogue() -> set[str]:
    with open(ROOT / "seeds" / "reference" / "ref_rules.csv", encoding="utf-8") as fh:
        return {r["rule_id"] for r in csv.DictReader(fh)}


def test_every_rule_file_emits_the_one_rule_its_name_says():
    files = sorted(RULES.glob("rule_*.sql"))
    assert len(files) >= 35
    catalogue = _catalogue()
    for path in files:
        ids = set(RULE_ID.findall(path.read_text(encoding="utf-8")))
        named = path.stem.split("_")[1].upper()
        if not ids:      # its ids are data (R06: ingest/data/wording_flaws.csv)
            assert named == "R06", path.name
            continue
        assert ids == {named}, (path.name, ids)
        assert named in catalogue, path.name


def test_the_evaluations_list_every_rule_file_and_no_other():
    sql = (ROOT / "models" / "compliance" / "int_compliance__evaluations.sql").read_text(encoding="utf-8")
    listed = re.findall(r"^\s+'(rule_[a-z0-9_]+)',$", sql, flags=re.M)
    assert sorted(listed) == sorted(p.stem for p in RULES.glob("rule_*.sql"))
