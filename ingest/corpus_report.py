"""Measure how much of a corpus of real disclosures the ingest recognises (not a pass/fail gate).

    python -m ingest.corpus_report [CORPUS_DIR] [--expected data/corpus_expected.csv]

For each folder and each input (the published .pdf, and the .layout.txt / .raw.txt extractions):
the core tables found of the eight every template has, and for the 收支总计 / 基本支出 / 项目支出 /
三公 totals whether the hand-read figure landed (✓ right), nothing landed (· missing) or only
other figures landed (✗ wrong: the worst outcome, counted apart).
"""
from __future__ import annotations

import argparse
import csv
import sys
from decimal import Decimal
from pathlib import Path

from .land import ingest_one

CORE = ("income_expenditure_summary", "income_summary", "expenditure_summary", "fiscal_summary",
        "general_budget_expenditure", "general_budget_basic", "three_public", "gov_fund_expenditure")


def _totals(res) -> dict[str, set[Decimal]]:
    """Every landed candidate for each key figure (a document may print it in several tables)."""
    out: dict[str, set[Decimal]] = {"grand_total": set(), "basic": set(), "project": set(),
                                    "three_public_total": set()}
    for c in res.cells:
        if c.amount is None:
            continue
        if c.row_item in ("income_grand_total", "expenditure_grand_total") and c.measure == "total":
            out["grand_total"].add(c.amount)
        if c.table_kind in ("expenditure_summary", "general_budget_expenditure") \
                and c.row_kind == "total" and c.measure in ("basic", "project"):
            out[c.measure].add(c.amount)
        if c.table_kind == "three_public" and c.measure == "total" and \
                (c.row_item == "three_public_total" or c.row_kind == "total"):
            out["three_public_total"].add(c.amount)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.corpus_report")
    ap.add_argument("corpus", nargs="?", default="../shared/corpus")
    ap.add_argument("--expected", default="data/corpus_expected.csv")
    args = ap.parse_args(argv)
    expected = {r["folder"]: r for r in csv.DictReader(open(args.expected, encoding="utf-8"))}
    keys = ("grand_total", "basic", "project", "three_public_total")
    found_t = expect_t = match = compared = wrong = 0
    print("| document | style | core tables found | 收支总计 | 基本 | 项目 | 三公 |")
    print("|---|---|---|---|---|---|---|")
    for folder in sorted(expected):
        exp = expected[folder]
        for style in ("pdf", "layout", "raw"):
            pattern = "*.pdf" if style == "pdf" else f"*.{style}.txt"
            files = sorted(Path(args.corpus, folder).glob(pattern))
            kinds: set[str] = set()
            figures: dict[str, set[Decimal]] = {k: set() for k in keys}
            crashed = ""
            for f in files:
                o = ingest_one(f, f.name)
                if o.result is None:
                    crashed = o.reason
                    continue
                kinds |= {t.table_kind for t in o.result.tables
                          if t.status in ("present", "empty_with_note")}
                for k, v in _totals(o.result).items():
                    figures[k] |= v
            n = len(kinds & set(CORE))
            found_t += n
            expect_t += len(CORE)
            cells = []
            for k in keys:
                if not exp[k]:
                    cells.append("—")
                    continue
                compared += 1
                ok = Decimal(exp[k]) in figures[k]
                bad = not ok and bool(figures[k])
                match += ok
                wrong += bad
                cells.append("✓" if ok else "✗" if bad else "·")
            note = f" ({crashed})" if crashed else ""
            print(f"| {folder} | {style} | {n}/{len(CORE)}{note} | " + " | ".join(cells) + " |")
    print(f"\nCore tables found: {found_t}/{expect_t} ({100 * found_t / expect_t:.0f}%); "
          f"key figures equal to the hand-read ones: {match}/{compared} ({100 * match / compared:.0f}%); "
          f"landed but different: {wrong}/{compared}; missing: {compared - match - wrong}/{compared}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
