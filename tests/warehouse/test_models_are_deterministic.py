"""A model gives the same rows on every run. An aggregate that builds a string or a list from
a group's rows (string_agg, list, array_agg) takes them in DuckDB's order of the moment unless it
says ORDER BY: on a 10⁴-document warehouse two runs of the evaluations differed in 59 rows
('economic_code|total_first' against 'total_first|economic_code'), and an incremental build
could not equal a full one. This reads the SQL, so it holds for data no fixture has."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORDERED_AGGREGATES = re.compile(r"\b(string_agg|array_agg|list|group_concat|listagg)\s*\(", re.IGNORECASE)


def _call_text(sql: str, open_paren: int) -> str:
    """The text between the parenthesis at open_paren and its match."""
    depth = 0
    for i in range(open_paren, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[i], 0)
        if depth == 0:
            return sql[open_paren + 1:i]
    raise AssertionError("unbalanced parentheses")


def unordered_aggregates(sql: str) -> list[str]:
    sql = re.sub(r"--[^\n]*", "", sql)              # comments name aggregates in prose
    found = []
    for m in ORDERED_AGGREGATES.finditer(sql):
        args = _call_text(sql, m.end() - 1)
        if not re.search(r"\border\s+by\b", args, re.IGNORECASE):
            line = sql.count("\n", 0, m.start()) + 1
            found.append(f"line {line}: {m.group(0)}{args[:60]}")
    return found


def test_the_check_tells_an_ordered_aggregate_from_an_unordered_one():
    assert unordered_aggregates("select string_agg(distinct x, '|') from t")
    assert unordered_aggregates("select list(lower(x)) from t")
    assert not unordered_aggregates("select string_agg(distinct x, '|' order by x) from t")
    assert not unordered_aggregates("select list(lower(x) order by x) -- list(x)\nfrom t")
    assert not unordered_aggregates("select list_contains(xs, 1), string_split(a, '/') from t")


def test_every_list_building_aggregate_orders_its_input():
    files = sorted((ROOT / "models").rglob("*.sql")) + sorted((ROOT / "macros").rglob("*.sql"))
    assert len(files) > 40
    found = {str(f.relative_to(ROOT)): hits for f in files
             if (hits := unordered_aggregates(f.read_text(encoding="utf-8")))}
    assert found == {}
