"""Decide which column (measure) each printed number belongs to, by named rules only.

Rules, in the order they are tried (SEEDS.md lists them for readers of the landed data):
position → count_match → total_first → economic_code → identity → twin_table → subtotal; what
no rule decides stays `unplaced` with a finding. A number is never put in a column by guessing.
`identity_total` marks the figures of a row that the table's own arithmetic (it equals the sum of
the 类 rows) singles out as the total row when no label says so.
"""
from __future__ import annotations

import itertools
import math
import re
from decimal import Decimal
from functools import lru_cache

from .aliases import data_rows
from .geometry import place_figures
from .model import Finding
from .parse import TOTAL_MEASURES, TWO_SIDED, ParsedTable, Row

MAX_COMBOS = 4096


@lru_cache(maxsize=None)
def _economic_split() -> dict[str, str]:
    return {r["economic_class"]: r["measure"] for r in data_rows("economic_basic_split.csv")}


@lru_cache(maxsize=None)
def _twins() -> dict[str, str]:
    return {r["table_kind"]: r["twin_kind"] for r in data_rows("twin_tables.csv")}


def row_measures(t: ParsedTable, r: Row) -> list[str]:
    if t.kind in TWO_SIDED and r.side == "income":
        return t.left_measures
    return t.measures


def _by_position(t: ParsedTable) -> list[list[int] | None]:
    """Each row's figures' header columns, by where they are printed (geometry.py)."""
    if not t.columns:
        return [None] * len(t.rows)
    return place_figures([[x.span for x in r.numbers] for r in t.rows], t.columns)


def place_local(t: ParsedTable) -> None:
    """Rules that need only the row itself and its table's header."""
    for r, by_position in zip(t.rows, _by_position(t)):
        ms = row_measures(t, r)
        n = len(r.numbers)
        r.placed, r.pending, r.candidates = {}, [], []
        if n == 0:
            continue
        if r.damaged:            # a cut figure was dropped: the count no longer says anything
            r.placed = {i: (None, "unplaced") for i in range(n)}
            continue
        if by_position is not None:
            columns = [t.columns[j] for j in by_position]
            if n == len(ms) and [c.measure for c in columns] != ms:
                # Every named column is filled, yet the figures sit elsewhere: the header was
                # read wrongly one way or the other, and neither may place them.
                r.placed = {i: (None, "unplaced") for i in range(n)}
                r.position_conflict = True
                continue
            r.placed = {i: (c.measure, "position") if c.measure else
                        (None, "other_year" if c.other_year else "unplaced") for i, c in enumerate(columns)}
            r.other_years = {i: (c.other_year, c.other_year_measure) for i, c in enumerate(columns)
                             if c.other_year}
            r.parts = {i: c.part_of for i, c in enumerate(columns) if c.part_of}
            _place_parts(r)
            r.unnamed_columns = [c.name for c in columns if not c.measure and not c.other_year
                                 and not c.part_of]
            continue
        if t.columns is not None and _unnamed_amount_column(t):
            # The header's columns are known and one among the amounts names no measure: a count
            # over the named ones would put figures printed under it into other columns.
            r.placed = {i: (None, "unplaced") for i in range(n)}
            continue
        if t.grid is not None and all(x.column in t.grid for x in r.numbers):
            cols = [t.grid[x.column] for x in r.numbers]
            if len(set(cols)) == len(cols):
                r.placed = {i: (m, "position") for i, m in enumerate(cols)}
                continue
        if not ms or n > len(ms):
            r.placed = {i: (None, "unplaced") for i in range(n)}
            continue
        if t.order_unknown and len(ms) > 1:
            r.pending, r.candidates = list(range(n)), []
            continue
        if n == len(ms) and len(set(ms)) < len(ms) and t.kind not in TWO_SIDED:
            # A header that names one measure twice was read out of order (a multi-line header
            # flattened): its order says nothing about the columns, so no count can place them.
            r.pending, r.candidates = list(range(n)), [tuple(ms)]
            continue
        if n == len(ms):
            r.placed = {i: (m, "count_match" if len(ms) > 1 else "single_measure")
                        for i, m in enumerate(ms)}
            continue
        if ms[0] not in TOTAL_MEASURES:
            r.pending = list(range(n))
            r.candidates = _combinations(ms, n)
            continue
        r.placed[0] = (ms[0], "total_first")
        rest = ms[1:]
        if n - 1 == 0:
            continue
        if n - 1 == len(rest):
            for i, m in enumerate(rest, start=1):
                r.placed[i] = (m, "count_match")
            continue
        if n == 2 and set(rest) == {"personnel", "public"} and r.code:
            measure = _economic_split().get(r.code[:3])
            if measure:
                r.placed[1] = (measure, "economic_code")
                continue
        r.pending = list(range(1, n))
        r.candidates = _combinations(rest, n - 1)


@lru_cache(maxsize=None)
def _column_identities() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Per table kind, measures that are the sum of named parts (ingest/data/column_identities.csv)."""
    out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for r in data_rows("column_identities.csv"):
        out.setdefault(r["table_kind"], []).append((r["measure"], tuple(r["parts"].split("|"))))
    return out


def _place_parts(r: Row) -> None:
    """A cross-tab row: an item's figure is the sum of its parts (its fund types). Where every
    part but one prints 0, that one is the item's figure (all 0: the first); otherwise the item
    is not printed as one figure and its parts stay unplaced."""
    groups: dict[str, list[int]] = {}
    for i, item in r.parts.items():
        groups.setdefault(item, []).append(i)
    for item, idx in groups.items():
        values = [r.numbers[i].value for i in idx]
        if None in values:
            continue
        nonzero = [i for i, v in zip(idx, values) if v != 0]
        if len(nonzero) <= 1:
            r.placed[(nonzero or idx)[0]] = (item, "only_part")


def place_identity(t: ParsedTable, step: Decimal) -> None:
    """Columns that all name the total (geometry: repeat_of) are told apart by the sums they are:
    by default the total is the sum of the row's other named amount columns; a kind may name its
    sums instead (column_identities.csv: a 三公 table's 合计 is its four items, its 小计 the two
    vehicle items, whatever 会议费 and 培训费 stand beside them). A measure is placed in a column
    when that column, and no other, equals its parts on every row that prints them; otherwise its
    figures stay unplaced and reported."""
    if not t.columns or t.kind in TWO_SIDED:
        return
    repeats = [j for j, c in enumerate(t.columns) if c.repeat_of == "total"]
    if len(repeats) < 2:
        return
    positions = _by_position(t)
    named = {c.measure: k for k, c in enumerate(t.columns) if c.measure}
    identities = _column_identities().get(t.kind) or \
        [("total", tuple(m for m in named if m not in TOTAL_MEASURES))]
    fits: dict[str, list[int]] = {}
    for measure, parts in identities:
        if measure in named or not any(p in named for p in parts):
            continue
        for j in repeats:
            if _column_sums(t, positions, j, [named[p] for p in parts if p in named], step):
                fits.setdefault(measure, []).append(j)
    chosen = {measure: js[0] for measure, js in fits.items() if len(js) == 1}
    if len(set(chosen.values())) != len(chosen):
        return          # one column answering two sums decides neither
    for measure, j in chosen.items():
        column = t.columns[j]
        column.measure = measure
        for r, cols in zip(t.rows, positions):
            if cols is not None and j in cols:
                r.placed[cols.index(j)] = (measure, "identity")
                if column.name in r.unnamed_columns:
                    r.unnamed_columns.remove(column.name)
    if chosen:
        t.measures = [c.measure for c in t.columns if c.measure]


def _column_sums(t: ParsedTable, positions, j: int, parts: list[int], step: Decimal) -> bool:
    """Column j equals the sum of the columns `parts` (a blank part is 0) on every row that prints
    a figure in j, within the printed steps, and is not 0 on all of them."""
    held = 0
    for r, cols in zip(t.rows, positions):
        if cols is None or r.damaged or j not in cols:
            continue
        values = {k: r.numbers[i].value for i, k in enumerate(cols)}
        printed = [values[k] for k in parts if k in values]
        if not printed:
            continue
        if abs(values[j] - sum(printed, Decimal(0))) > step * (len(printed) + 1) / 2:
            return False
        held += values[j] != 0
    return held > 0


def place_total_row(t: ParsedTable, step: Decimal) -> None:
    """A table without a row labelled as its total (a 预算单位 column whose first row carries the
    department's name): the one row without a code whose every placed figure equals the sum of
    the 类 rows' figures in its column is the total row. Its figures' rule says so
    (identity_total), so no check takes that row as evidence for the same sum."""
    if t.kind in TWO_SIDED or any(r.row_kind == "total" for r in t.rows):
        return
    classes = [r for r in t.rows if r.code and len(r.code) == 3]
    if not classes or any(r.damaged for r in classes):
        return
    sums: dict[str, Decimal] = {}
    for r in classes:
        for i, (m, _) in r.placed.items():
            if m:
                sums[m] = sums.get(m, Decimal(0)) + r.numbers[i].value
    tol = step * (len(classes) + 1) / 2
    fits = []
    for r in t.rows:
        if r.code or r.row_item or r.row_kind != "line" or r.damaged or r.pending:
            continue
        placed = [(m, r.numbers[i].value) for i, (m, _) in r.placed.items() if m]
        if placed and any(v for _, v in placed) and \
                all(abs(v - sums.get(m, Decimal(0))) <= tol for m, v in placed):
            fits.append(r)
    if len(fits) != 1:
        return
    row = fits[0]
    row.row_kind = "total"
    row.placed = {i: (m, "identity_total" if m else rule) for i, (m, rule) in row.placed.items()}


_NUMBERED = re.compile(r"^[一二三四五六七八九十]+、")


def name_grand_totals(t: ParsedTable, step: Decimal) -> None:
    """A 收支总表 side whose one total row is a bare '合计' and that prints no carry-over or
    current-year total: when the 合计 equals the sum of the side's numbered lines (一、二、…), it
    is all the side lists, its grand total (收入总计 / 支出总计)."""
    if t.kind not in TWO_SIDED:
        return
    for side in ("income", "expenditure"):
        rows = [r for r in t.rows if r.side == side]
        totals = [r for r in rows if r.row_kind == "total"]
        if len(totals) != 1 or totals[0].row_item or len(totals[0].numbers) != 1 or \
                any(r.row_item for r in rows if r is not totals[0]) or totals[0].damaged:
            continue
        lines = [r for r in rows if _NUMBERED.match(r.label) and len(r.numbers) == 1 and not r.damaged]
        if not lines or any(r.damaged or r.pending for r in rows):
            continue
        total = totals[0].numbers[0].value
        if total and abs(total - sum((r.numbers[0].value for r in lines), Decimal(0))) <= \
                step * (len(lines) + 1) / 2:
            totals[0].row_item = f"{side}_grand_total"


def _unnamed_amount_column(t: ParsedTable) -> bool:
    """A header column right of the first amount column that names no measure."""
    named = [k for k, c in enumerate(t.columns) if c.measure]
    return bool(named) and any(not c.measure for c in t.columns[named[0] + 1:])


def _combinations(ms: list[str], n: int) -> list[tuple[str, ...]]:
    """The ways n numbers can sit in the columns ms, in order. A wide header with many blanks has
    too many to weigh (C(30, 15) is 155 million): then no rule can decide, and the numbers stay
    unplaced, reported, without enumerating them."""
    if math.comb(len(ms), n) > MAX_COMBOS:
        return []
    return [tuple(ms[k] for k in combo) for combo in itertools.combinations(range(len(ms)), n)]


def _value(r: Row, measure: str) -> Decimal | None:
    for i, (m, _) in r.placed.items():
        if m == measure:
            return r.numbers[i].value
    return None


def _apply(r: Row, assignment: tuple[str, ...], rule: str) -> None:
    for i, m in zip(r.pending, assignment):
        r.placed[i] = (m, rule)
    r.pending, r.candidates = [], []


def place_twins(tables: list[ParsedTable]) -> None:
    """A row's remaining numbers take the columns where its twin table's same row has them."""
    by_kind: dict[str, list[ParsedTable]] = {}
    for t in tables:
        by_kind.setdefault(t.kind, []).append(t)
    for t in tables:
        twin_kind = _twins().get(t.kind)
        if not twin_kind or twin_kind not in by_kind:
            continue
        twin_rows: dict[tuple[str | None, str], list[Row]] = {}
        for tw in by_kind[twin_kind]:
            for r in tw.rows:
                twin_rows.setdefault((r.code, r.row_kind), []).append(r)
        for r in t.rows:
            if not r.candidates:
                continue
            twins = [x for x in twin_rows.get((r.code, r.row_kind), [])
                     if not x.pending and all(rule != "twin_table" for _, rule in x.placed.values())]
            if len(twins) != 1:
                continue
            tw = twins[0]
            total = _value(r, "total")
            if total is not None and _value(tw, "total") != total:
                continue
            fits = []
            for cand in r.candidates:
                if all(_value(tw, m) == r.numbers[i].value for i, m in zip(r.pending, cand)):
                    fits.append(cand)
            if len(fits) == 1:
                _apply(r, fits[0], "twin_table")


def _parent_map(t: ParsedTable, side: str) -> dict[int, int]:
    """Row index → parent row index by code prefix; 类 rows hang under the table's total row."""
    rows = [(k, r) for k, r in enumerate(t.rows) if r.side == side]
    by_code = {r.code: k for k, r in rows if r.code}
    totals = [k for k, r in rows if r.row_kind == "total"]
    top = totals[0] if totals else None
    parents: dict[int, int] = {}
    for k, r in rows:
        if not r.code:
            continue
        if len(r.code) > 3 and r.code[:-2] in by_code:
            parents[k] = by_code[r.code[:-2]]
        elif len(r.code) == 3 and top is not None:
            parents[k] = top
    return parents


def place_subtotals(t: ParsedTable, step: Decimal) -> None:
    """Exactly one assignment of pending numbers makes each parent equal the sum of its children."""
    for side in sorted({r.side for r in t.rows}):
        parents = _parent_map(t, side)
        children: dict[int, list[int]] = {}
        for c, p in parents.items():
            children.setdefault(p, []).append(c)
        ms = row_measures(t, next(r for r in t.rows if r.side == side))
        changed = True
        while changed:
            changed = False
            for p, kids in children.items():
                group = [p] + kids
                rows = [t.rows[k] for k in group]
                pend = [r for r in rows if r.candidates]
                if not pend or any(r.damaged for r in rows):
                    continue     # a damaged row's figures are unknown, so no sum can be checked
                space = 1
                for r in pend:
                    space *= len(r.candidates)
                if space > MAX_COMBOS:
                    continue
                tol = step * (len(kids) + 1) / 2
                fits = []
                for combo in itertools.product(*(r.candidates for r in pend)):
                    trial = dict(zip((id(r) for r in pend), combo))
                    if _sums_hold(t.rows[p], [t.rows[k] for k in kids], trial, ms, tol):
                        fits.append(combo)
                        if len(fits) > 1:
                            break
                if len(fits) == 1:
                    for r, cand in zip(pend, fits[0]):
                        _apply(r, cand, "subtotal")
                    changed = True


def _trial_value(r: Row, m: str, trial: dict[int, tuple[str, ...]]) -> Decimal:
    v = _value(r, m)
    if v is not None:
        return v
    cand = trial.get(id(r))
    if cand:
        for i, cm in zip(r.pending, cand):
            if cm == m:
                return r.numbers[i].value
    return Decimal(0)


def _sums_hold(parent: Row, kids: list[Row], trial, ms: list[str], tol: Decimal) -> bool:
    if not parent.numbers or any(not k.numbers for k in kids) and False:
        return False
    for m in ms:
        total = sum((_trial_value(k, m, trial) for k in kids), Decimal(0))
        if abs(_trial_value(parent, m, trial) - total) > tol:
            return False
    return True


_ROW_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def place_year_rows(t: ParsedTable, source_file: str, doc_id: str) -> list[Finding]:
    """A table whose rows are labelled by year ('2025年' / '2026年' / '增减变化金额', per unit): only
    the document's own year's rows are its figures. Another year's placed figures become that
    year's (other_year, never a measure); a row with no year between them (the change) is left
    unplaced, and said."""
    years = [m and int(m.group(1)) for m in (_ROW_YEAR.search(r.label.replace(" ", "")) for r in t.rows)]
    if t.fiscal_year is None or t.fiscal_year not in years or len({y for y in years if y}) < 2:
        return []
    others = no_year = 0
    for r, year in zip(t.rows, years):
        if year == t.fiscal_year or not r.placed:
            continue
        for i, (measure, rule) in list(r.placed.items()):
            if measure is None:
                continue
            if year:
                r.placed[i], r.other_years[i] = (None, "other_year"), (year, measure)
            else:
                r.placed[i] = (None, "unplaced")
        others, no_year = others + bool(year), no_year + (not year)
    if not no_year:
        return []
    return [Finding(source_file, doc_id, "info", "ING_YEAR_ROWS",
                    f"{t.region.kind.name_zh}: rows labelled by year; {others} row(s) of another year "
                    f"landed as that year's, {no_year} row(s) without a year (a change) left unplaced",
                    t.kind, t.region.title_line)]


def finish(t: ParsedTable, source_file: str, doc_id: str) -> list[Finding]:
    """Whatever is still pending is landed unplaced, and each such row is reported."""
    findings = []
    for r in t.rows:
        if not r.pending:
            continue
        options = " / ".join("+".join(c) for c in r.candidates[:6]) or (
            "any column: the header's lines do not tell its columns apart by position"
            if t.order_unknown else
            f"too many arrangements of {len(r.pending)} numbers over the header's columns to weigh")
        raws = ", ".join(r.numbers[i].raw for i in r.pending)
        for i in r.pending:
            r.placed[i] = (None, "unplaced")
        findings.append(Finding(
            source_file, doc_id, "warn", "ING_UNPLACED_NUMBER",
            f"{t.region.kind.name_zh} line {r.line_start} '{r.code_raw or ''} {r.label}'"
            f"{' / ' + r.project_name if r.project_name else ''}: {raws} could be in "
            f"{options}{' …' if len(r.candidates) > 6 else ''}; no rule decides, left unplaced",
            t.kind, r.line_start))
        r.pending, r.candidates = [], []
    for flag, code, why in (
            (lambda r: r.position_conflict, "ING_POSITION_CONFLICT",
             "figures printed under other columns than the header's count of them says; left unplaced"),
            (lambda r: r.unnamed_columns, "ING_UNNAMED_COLUMN",
             "figures printed under a header no alias names ({names}); left unplaced")):
        hit = [r for r in t.rows if flag(r)]
        if hit:
            names = "、".join(sorted({n for r in hit for n in r.unnamed_columns}))
            lines = ", ".join(str(r.line_start) for r in hit[:8]) + (" …" if len(hit) > 8 else "")
            findings.append(Finding(
                source_file, doc_id, "warn", code,
                f"{t.region.kind.name_zh}: {len(hit)} row(s) (lines {lines}): " + why.format(names=names),
                t.kind, hit[0].line_start))
    overfull = [r for r in t.rows if row_measures(t, r) and not r.damaged
                and len(r.numbers) > len(row_measures(t, r))
                and all(rule == "unplaced" for _, rule in r.placed.values())]
    if overfull:
        lines = ", ".join(str(r.line_start) for r in overfull[:8]) + (" …" if len(overfull) > 8 else "")
        findings.append(Finding(
            source_file, doc_id, "warn", "ING_UNPLACED_NUMBER",
            f"{t.region.kind.name_zh}: {len(overfull)} row(s) print more numbers than the header "
            f"has amount columns (lines {lines}); their numbers are left unplaced",
            t.kind, overfull[0].line_start))
    return findings
