"""An OCR'd figure is trusted only where a second reading confirms it: an identity of its own
table that holds with it, or the same amount read independently on another table.

A misread digit breaks every sum it takes part in, so a figure that closes one is what the page
prints. Identities, each with the table's printed step as tolerance:
- its column: a parent code row equals the sum of its child rows (类 = Σ款, 款 = Σ项, the total
  row = Σ类);
- its row: a total column equals the sum of the row's other figures, or a named identity of the
  table kind holds (ingest/data/column_identities.csv: the 三公 total is its four items), a part
  the row leaves blank adding nothing;
- elsewhere: the same non-zero amount, in 元, confirmed in another table of the document; or the
  same amount of at least four significant digits read on two different lines (a 收支总表's
  收入总计 and 支出总计, a total repeated by the next table): two readings that agree digit for
  digit are what the page prints, where a short figure ('5.80') could meet another by chance.
Everything else is landed with placement `ocr_unverified` and no measure, so no rule reads it as
printed (`verify_ocr_tables` returns the assignment; the pipeline applies it).
A second reading confirms a figure's digits, not its column: a row whose total is smaller than
one of its own parts has its columns wrong (an OCR'd header read out of shape: 西安市审计局 p24
put 合计 under 一般公共预算拨款), and none of its figures is trusted, however often read.

A narrative money figure on an OCR'd line lands only where it equals a confirmed table amount, or
(at least four significant digits long) the sum of two or three confirmed figures printed within
eight lines of it ('基本支出5571.66万元，其中：人员经费4944.99万元…；公用经费626.67万元', the parts
confirmed by the table): `confirm_facts`.
"""
from __future__ import annotations

import itertools
from decimal import Decimal

from .placement import _column_identities, _parent_map, row_measures
from .parse import TOTAL_MEASURES, ParsedTable
from .units import units

Figure = tuple[int, int, int]          # table index, row index, number index
# Two readings of an amount this long (its digits from the first to the last non-zero one) agree
# by chance almost never; a shorter one (5.80, 100000.00) may.
REPEAT_DIGITS = 4
# How far (in lines) a narrative total's parts may stand from it.
NEAR_LINES = 8


def _significant_digits(raw: str) -> int:
    return len("".join(ch for ch in raw if ch.isdigit()).strip("0"))


def _placed(t: ParsedTable, k: int) -> dict[str, tuple[int, Decimal]]:
    """The row's placed amounts: measure → (number index, value)."""
    r = t.rows[k]
    return {m: (i, r.numbers[i].value) for i, (m, _) in r.placed.items()
            if m is not None and r.numbers[i].value is not None}


def _column_confirmed(ti: int, t: ParsedTable, step: Decimal) -> set[Figure]:
    out: set[Figure] = set()
    for side in {r.side for r in t.rows}:
        kids: dict[int, list[int]] = {}
        for c, p in _parent_map(t, side).items():
            kids.setdefault(p, []).append(c)
        for p, cs in kids.items():
            parent = _placed(t, p)
            rows = [_placed(t, c) for c in cs]
            tol = step * (len(cs) + 1) / 2
            for m, (i, value) in parent.items():
                if not all(m in row for row in rows):
                    continue
                if abs(value - sum(row[m][1] for row in rows)) <= tol:
                    out.add((ti, p, i))
                    out.update((ti, c, row[m][0]) for c, row in zip(cs, rows))
    return out


def _row_confirmed(ti: int, t: ParsedTable, step: Decimal) -> set[Figure]:
    out: set[Figure] = set()
    named = _column_identities().get(t.kind, [])
    for k, r in enumerate(t.rows):
        placed = _placed(t, k)
        identities = list(named)
        for total in TOTAL_MEASURES:
            if total in placed:
                parts = tuple(m for m in row_measures(t, r) if m in placed and m not in TOTAL_MEASURES)
                identities.append((total, parts))
        for total, parts in identities:
            # A part the row leaves blank adds nothing; the figures it prints must close the sum.
            printed = [m for m in parts if m in placed]
            if total not in placed or not printed:
                continue
            if abs(placed[total][1] - sum(placed[m][1] for m in printed)) <= step * (len(printed) + 1) / 2:
                out.add((ti, k, placed[total][0]))
                out.update((ti, k, placed[m][0]) for m in printed)
    return out


def _part_exceeds_total(t: ParsedTable, k: int, step: Decimal) -> bool:
    """The row places a part larger than its total: amounts are never negative, so the columns
    are wrong."""
    placed = _placed(t, k)
    if "total" not in placed:
        return False
    total = placed["total"][1]
    return any(v > total + step for m, (_, v) in placed.items() if m not in TOTAL_MEASURES)


def _yuan(value: Decimal, unit: str | None) -> Decimal | None:
    u = units().get(unit or "")
    return value * u.yuan_factor if u is not None and u.kind == "money" else None


def verify_ocr_tables(tables: list[ParsedTable], steps: list[Decimal], ocr_lines: set[int]) -> set[Figure]:
    """The figures printed on OCR'd lines that no second reading confirms."""
    confirmed: set[Figure] = set()
    for ti, (t, step) in enumerate(zip(tables, steps)):
        confirmed |= _column_confirmed(ti, t, step) | _row_confirmed(ti, t, step)
    # Figures read twice: the same long amount on two different lines of the document.
    lines_of: dict[Decimal, set[int]] = {}
    for t in tables:
        for r in t.rows:
            for i, (m, _) in r.placed.items():
                num = r.numbers[i]
                y = _yuan(num.value, num.unit or t.unit) if num.value is not None else None
                if y and _significant_digits(num.raw) >= REPEAT_DIGITS:
                    lines_of.setdefault(y, set()).add(r.line_start)
    repeated = {y for y, where in lines_of.items() if len(where) >= 2}
    sure_amounts = {}
    for ti, k, i in confirmed:
        t = tables[ti]
        y = _yuan(t.rows[k].numbers[i].value, t.rows[k].numbers[i].unit or t.unit)
        if y:
            sure_amounts.setdefault(y, set()).add(ti)
    unconfirmed: set[Figure] = set()
    for ti, t in enumerate(tables):
        for k, r in enumerate(t.rows):
            if r.line_start not in ocr_lines:
                continue
            if _part_exceeds_total(t, k, steps[ti]):
                unconfirmed.update((ti, k, i) for i, (m, _) in r.placed.items() if m is not None)
                continue
            for i, (m, _) in r.placed.items():
                if m is None or (ti, k, i) in confirmed:
                    continue
                num = r.numbers[i]
                y = _yuan(num.value, num.unit or t.unit) if num.value is not None else None
                if y and sure_amounts.get(y, set()) - {ti}:
                    continue                   # the same amount confirmed on another table
                if y in repeated:
                    continue                   # read twice, digit for digit
                unconfirmed.add((ti, k, i))
    return unconfirmed


def confirmed_amounts_yuan(tables: list[ParsedTable], unconfirmed: set[Figure]) -> set[Decimal]:
    """Every placed amount in 元 that is not left unconfirmed: what an OCR'd narrative figure
    must equal to be trusted."""
    out = set()
    for ti, t in enumerate(tables):
        for k, r in enumerate(t.rows):
            for i, (m, _) in r.placed.items():
                if m is not None and (ti, k, i) not in unconfirmed and r.numbers[i].value is not None:
                    y = _yuan(r.numbers[i].value, r.numbers[i].unit or t.unit)
                    if y is not None:
                        out.add(y)
    return out


def _fact_yuan(f) -> Decimal | None:
    return _yuan(f.value, f.unit) if f.value is not None else None


def confirm_facts(facts: list, ocr_lines: set[int], confirmed_yuan: set[Decimal]) -> tuple[list, list]:
    """(kept, dropped): facts off OCR'd lines, and OCR'd money facts a second reading confirms, are
    kept; the rest dropped."""
    kept, pending = [], []
    for f in facts:
        y = _fact_yuan(f)
        if f.source_line not in ocr_lines or f.value is None or (y is not None and y in confirmed_yuan):
            kept.append(f)
        else:
            pending.append(f)
    # A total and its parts are printed close together ('基本支出5571.66万元，其中：人员经费
    # 4944.99万元，主要包括…；公用经费626.67万元'), across sentences and wrapped lines.
    sure = [(f.source_line, y) for f in kept
            if f.source_line in ocr_lines and (y := _fact_yuan(f)) is not None and y in confirmed_yuan]
    dropped = []
    for f in pending:
        y = _fact_yuan(f)
        parts = [v for line, v in sure if abs(line - f.source_line) <= NEAR_LINES]
        if y and _significant_digits(f.value_raw) >= REPEAT_DIGITS and \
                any(sum(c) == y for n in (2, 3) for c in itertools.combinations(parts, n)):
            kept.append(f)
        else:
            dropped.append(f)
    order = {id(f): i for i, f in enumerate(facts)}
    kept.sort(key=lambda f: order[id(f)])
    return kept, dropped


def unconfirmed_codes(tables: list[ParsedTable], ocr_lines: set[int]) -> dict[int, list[int]]:
    """Per table, the rows on OCR'd lines whose code the table's hierarchy does not bear out: a 款
    or 项 whose parent (the code less its last two digits) is printed as no row of the table (a 项
    under a 类 alone where the table prints no 款); a 类 with none of its 款 or 项 where the table
    prints them. A 类-only table has no hierarchy to check its codes by: they stand."""
    out: dict[int, list[int]] = {}
    for ti, t in enumerate(tables):
        codes = {r.code for r in t.rows if r.code}
        deeper = {c for c in codes if len(c) > 3}
        fives = any(len(c) == 5 for c in codes)
        held = []
        for k, r in enumerate(t.rows):
            if not r.code or r.line_start not in ocr_lines:
                continue
            c = r.code
            if len(c) == 3:
                ok = not deeper or any(d.startswith(c) for d in deeper)
            elif len(c) == 5:
                ok = c[:3] in codes
            else:
                ok = c[:5] in codes or (not fives and c[:3] in codes)
            if not ok:
                held.append(k)
        if held:
            out[ti] = held
    return out
