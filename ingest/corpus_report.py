"""Measure how much of a corpus of real disclosures the ingest gets right (not a pass/fail gate).

    python -m ingest.corpus_report [CORPUS_DIR] [--truth data/handread] [--style pdf|layout|raw]

CORPUS_DIR holds `labeled/<folder>/` (a document, possibly two files) and `unlabeled/<city>/*.pdf`
(one document per file), as in data/pdf/corpus. The truth is read by hand from the PDFs:
`figures.csv` (document, figure, amount, unit, page, source) and `documents.csv` (what each file
is). For each key figure of each document the landed candidates are compared in 元:
right (the hand-read figure is among them), wrong (figures landed, none equal: the worst outcome,
counted apart) or missing (nothing landed). A figure printed blank is not counted, except that a
table landing a figure other than 0 for it is reported (blank_read_as_figure): wrong too.
"""
from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from . import cli
from .land import ingest_one
from .model import DocumentResult
from .units import units

FIGURES = ("grand_total", "basic", "project", "three_public_total", "three_public_abroad",
           "three_public_reception", "three_public_vehicle_purchase",
           "three_public_vehicle_operation", "admin_operating")
THREE_PUBLIC = {"three_public_total": "total", "three_public_abroad": "abroad",
                "three_public_reception": "reception", "three_public_vehicle_purchase": "vehicle_purchase",
                "three_public_vehicle_operation": "vehicle_operation"}
ROW_ITEM = {"total": "three_public_total"}
# The narrative facts that state each figure (fact_kind, subjects); 收支总计 is stated as the
# budget's total or as its income (收入预算), never as 本年收入合计 (the year's, without 结转).
NARRATIVE = {"grand_total": ("total_budget", ("budget_total", "income_total")),
             "basic": ("expenditure_type", ("basic",)), "project": ("expenditure_type", ("project",)),
             "admin_operating": ("operating_cost", ("total",)),
             **{k: ("three_public", (v,)) for k, v in THREE_PUBLIC.items()}}


def _yuan(amount: Decimal | None, unit: str | None) -> Decimal | None:
    factor = units().get(unit or "")
    if amount is None or factor is None or factor.yuan_factor is None:
        return None
    return amount * factor.yuan_factor


# Report figure → the warehouse's figure (seeds/reference/ref_figure_sources.csv says where).
TABLE_FIGURES = {"grand_total": "income_grand_total", "basic": "basic", "project": "project",
                 "admin_operating": "operating_cost"}
SOURCES = Path(__file__).resolve().parents[1] / "seeds" / "reference" / "ref_figure_sources.csv"


@lru_cache(maxsize=None)
def _sources() -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(SOURCES, encoding="utf-8") as fh:
        for r in sorted(csv.DictReader(fh), key=lambda r: int(r["preference"])):
            out[r["figure"]].append(r)
    return out


def candidates(res: DocumentResult) -> dict[str, set[Decimal]]:
    """Every landed value in 元 that could be each key figure: from the tables as the warehouse
    reads them (the most preferred source of ref_figure_sources that prints the figure), the 三公
    items, and the narrative."""
    out: dict[str, set[Decimal]] = defaultdict(set)
    placed = [(c, v) for c in res.cells if c.measure and (v := _yuan(c.amount, c.unit)) is not None]
    for figure, warehouse_figure in TABLE_FIGURES.items():
        for src in _sources()[warehouse_figure]:
            hits = {v for c, v in placed
                    if c.table_kind == src["table_kind"] and c.measure == src["measure"]
                    and (not src["row_item"] or c.row_item == src["row_item"])
                    and (not src["row_kind"] or c.row_kind == src["row_kind"])
                    and (not src["side"] or c.side == src["side"])}
            if hits:
                out[figure] = hits
                break
    tp_rows = {(c.table_seq, c.row_seq) for c, _ in placed if c.table_kind == "three_public"}
    for c, v in placed:
        if c.table_kind == "three_public":
            for figure, item in THREE_PUBLIC.items():
                horizontal = c.measure == item and c.row_item is None and \
                    (c.row_kind == "total" or len(tp_rows) == 1)
                vertical = c.measure == "total" and c.row_item == ROW_ITEM.get(item, item)
                if horizontal or vertical:
                    out[figure].add(v)
    for f in res.facts:
        for figure, (kind, subjects) in NARRATIVE.items():
            # A 决算's figure is what was spent (支出决算 N), not the budget it is set against.
            wanted = ("amount", "actual_amount") if res.info.stage == "final" else ("amount",)
            if f.fact_kind == kind and f.subject in subjects and f.attribute in wanted:
                v = _yuan(f.value, f.unit)
                if v is not None:
                    out[figure + NARRATED].add(v)
                    # A sentence rounds the table's figure to its own decimals (80.77 万元 for
                    # 807,650 元): it names that figure too.
                    step = _yuan(Decimal(1).scaleb(f.value.as_tuple().exponent), f.unit)
                    out[figure + ROUNDED].add((v, step))
    return out


ROUNDED = "~rounded"
NARRATED = "~narrated"


def _outcome(value: Decimal, found: dict[str, set], figure: str) -> str:
    """As the warehouse reads a figure: from the tables where they give it, else the narrative,
    whose sentence may round the figure to its decimals or cut it there (7633.51 for 7,633.516247)."""
    if found[figure]:
        return "right" if value in found[figure] else "wrong"
    if found[figure + NARRATED]:
        return "right" if any(abs(value - v) * 2 <= step or v <= value < v + step
                              for v, step in found[figure + ROUNDED]) else "wrong"
    return "missing"


def _inputs(corpus: Path, document: str, style: str) -> list[Path]:
    path = corpus / document
    if not path.exists():            # data/corpus keeps the labeled folders at its top
        path = corpus / document.split("/", 1)[-1]
    if path.is_file():
        return [path] if style == "pdf" else []
    pattern = "*.pdf" if style == "pdf" else f"*.{style}.txt"
    return sorted(path.glob(pattern))


def measure(corpus: Path, truth: Path, style: str = "pdf"):
    """Per document and figure: 'right' | 'wrong' | 'missing'; and each file's manifest status."""
    expected: dict[str, dict[str, Decimal]] = defaultdict(dict)
    with open(truth / "figures.csv", encoding="utf-8") as fh:
        # A table's figure where the document prints one, else the narrative's.
        for r in sorted(csv.DictReader(fh), key=lambda r: r["source"] == "table"):
            if r["amount"]:
                expected[r["document"]][r["figure"]] = _yuan(Decimal(r["amount"]), r["unit"])
    # A table cell printed blank: no table may land a figure other than 0 for it.
    blank: dict[str, set[str]] = defaultdict(set)
    with open(truth / "figures.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if not r["amount"] and r["printed"] == "blank" and r["source"] == "table":
                blank[r["document"]].add(r["figure"])
    outcome: dict[str, dict[str, str]] = {}
    status: dict[str, str] = {}
    for document in sorted(expected):
        found: dict[str, set[Decimal]] = defaultdict(set)
        inputs = _inputs(corpus, document, style)
        if not inputs:
            continue
        for f in inputs:
            o = ingest_one(f, f.name)
            status[str(f.relative_to(corpus))] = o.status + (f": {o.reason}" if o.result is None else "")
            if o.result is not None:
                for k, v in candidates(o.result).items():
                    found[k] |= v
        outcome[document] = {
            figure: _outcome(value, found, figure)
            for figure, value in expected[document].items()}
        for figure in blank[document] - set(expected[document]):
            if any(v != 0 for v in found[figure]):
                outcome[document][figure] = "blank_read_as_figure"
    return outcome, status


EXIT_CODES = {0: "measured (the counts are printed; a wrong figure does not change the code)",
              2: "no hand-read truth (TRUTH/figures.csv), or no document of it is under CORPUS_DIR; or "
                 + cli.USAGE}


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m ingest.corpus_report", __doc__.split("\n\n")[0], EXIT_CODES)
    ap.add_argument("corpus", nargs="?", default="data/pdf/corpus", metavar="CORPUS_DIR")
    ap.add_argument("--truth", default="data/handread", metavar="TRUTH",
                    help="folder of the hand-read figures.csv (default %(default)s)")
    ap.add_argument("--style", default="pdf", choices=("pdf", "layout", "raw"))
    ap.add_argument("--documents", action="store_true", help="also list every document's outcome")
    args = ap.parse_args(argv)
    figures_csv = Path(args.truth) / "figures.csv"
    if not figures_csv.is_file():
        print(f"corpus_report: no hand-read truth at {figures_csv}", file=sys.stderr)
        return 2
    outcome, status = measure(Path(args.corpus), Path(args.truth), args.style)
    if not outcome:
        print(f"corpus_report: no document of {figures_csv} found under {args.corpus} ({args.style})",
              file=sys.stderr)
        return 2
    by_figure: dict[str, Counter] = defaultdict(Counter)
    for figures in outcome.values():
        for figure, result in figures.items():
            by_figure[figure][result] += 1
    if args.documents:
        for document, figures in outcome.items():
            marks = " ".join("✓" if figures.get(f) == "right" else "✗" if figures.get(f) == "wrong"
                             else "·" if f in figures else "—" for f in FIGURES)
            print(f"{marks}  {document}")
        print()
    print(f"{len(outcome)} documents ({args.style}), key figures against the hand-read ones:\n")
    print("| figure | compared | right | missing | wrong |")
    print("|---|---|---|---|---|")
    total = Counter()
    for figure in FIGURES:
        c = by_figure[figure]
        n = sum(c.values())
        total += c
        if n:
            print(f"| {figure} | {n} | {c['right']} ({100 * c['right'] / n:.0f}%) | {c['missing']} | "
                  f"{c['wrong']} |")
    n = sum(total.values())
    print(f"| **all** | {n} | {total['right']} ({100 * total['right'] / n:.0f}%) | {total['missing']} | "
          f"{total['wrong']} |")
    wrong = [(d, f, r) for d, figures in outcome.items() for f, r in figures.items()
             if r in ("wrong", "blank_read_as_figure")]
    for d, f, r in wrong:
        print(f"{'wrong' if r == 'wrong' else 'printed blank, landed as a figure'}: {d} {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
