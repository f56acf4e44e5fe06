"""Where things are printed: a table's columns from its header cells, and the column a figure
sits in.

Input is a line's words with their horizontal extent: from a PDF's character boxes (points), or
from a monospace layout extraction (`pdftotext -layout`: character offsets are positions). The
header lines become cells: a phrase printed under exactly one cell of the line above continues
that cell's name (a wrapped name), several phrases under one cell are its children (财政拨款 over
一般公共预算 / 政府性基金), and the leaves are the table's columns, left to right, each with the
measure its name gives.

A figure belongs to a column when it lies between that column's neighbours' names and in no other
column's such interval (cells do not overlap, and a figure is printed inside its cell). Figures
that interval leaves ambiguous (a short figure right-aligned in a wide cell) take the column of
the figures they are aligned with (same right edge or centre), when exactly one column has such
figures. Anything else is no position: the other placement rules, or a finding, decide.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

# text, left, right, character height (or 1.0: chars), bottom, top (points; None in a layout text)
Word = tuple[str, float, float, float, float | None, float | None]

_LAYOUT_GAP = re.compile(r"\S {2,}\S")


@dataclass
class Column:
    x0: float
    x1: float
    name: str
    measure: str | None          # None: a label column, or a name no alias knows
    # A measure several columns name and no heading tells apart ('支出总计' and a '小计' whose
    # heading wrapped away): none of them is placed by name; the row arithmetic may single out
    # the one that is the measure (placement.place_identity).
    repeat_of: str | None = None
    # Another year's column ('2025年预算数/合计' in a 2026 document): the year and the measure
    # it holds for that year; its figures are that year's, never the document's own.
    other_year: int | None = None
    other_year_measure: str | None = None
    # A cross-tab's column ('一般公共预算' under '因公出国(境)费', and again under each item): a part
    # of the item its heading names; the item's figure is the sum of its parts (placement.place_parts).
    part_of: str | None = None


@dataclass
class _Cell:
    text: str
    x0: float
    x1: float
    height: float
    spaced: bool = False         # so far single characters only: a name spaced out letter by letter
    free: bool = False           # under no cell of the lines above
    wrapped: bool = False        # its name continues on the next line ('上级补助' / '收入')
    line: int = 0                # the header line it is printed on
    adopted: bool = False        # a child by centring alone (_adopt_neighbours), not under the name
    parent: "_Cell | None" = None
    children: list["_Cell"] = field(default_factory=list)


def layout_words(line: str) -> list[Word]:
    """The tokens of a monospace layout line, each with its character offsets as extent."""
    return [(m.group(), float(m.start()), float(m.end()), 1.0, None, None) for m in re.finditer(r"\S+", line)]


_DIGIT = re.compile(r"\d")


def is_layout_text(lines: Sequence[str]) -> bool:
    """A layout extraction keeps columns apart by runs of spaces; a plain one does not."""
    with_digits = [ln for ln in lines if _DIGIT.search(ln) and ln.strip()]
    if len(with_digits) < 10:
        return False
    spaced = sum(1 for ln in with_digits if _LAYOUT_GAP.search(ln.strip()))
    return spaced >= 0.5 * len(with_digits)


def aligned(lines: Sequence[str], words: Sequence[Sequence[Word]] | None) -> list[list[Word] | None]:
    """Per line, its words when they are the line's tokens one for one (normalisation may have
    changed a line), else None: no position for that line."""
    if words is None or len(words) != len(lines):
        return [None] * len(lines)
    out: list[list[Word] | None] = []
    for line, ws in zip(lines, words):
        tokens = line.replace("\t", " ").split()
        out.append([(tok, *w[1:]) for tok, w in zip(tokens, ws)]
                   if len(tokens) == len(ws) else None)
    return out


def _overlap(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0


_COLUMN_NUMBER = re.compile(r"\d{1,2}")


def _phrases(words: Sequence[Word]) -> list[_Cell]:
    """A letter-spaced name is one phrase ('合 计': a single character less than a character's
    width from its neighbour); two names side by side stay apart however close. A bare column
    number ('1', '2' under the names) is no header cell."""
    out: list[_Cell] = []
    for text, x0, x1, h, *_ in sorted(words, key=lambda w: w[1]):
        if _COLUMN_NUMBER.fullmatch(text):
            continue
        # '因公出国 (境)费': a bracket opening right after a name continues it.
        if out and x0 - out[-1].x1 < max(h, out[-1].height) and \
                (len(text) == 1 or out[-1].spaced or text[0] in "(（"):
            c = out[-1]
            c.text += text
            c.x1 = max(c.x1, x1)
        else:
            out.append(_Cell(text, x0, x1, h, spaced=len(text) == 1))
    return out


def _join_spaced(phrases: list[_Cell], leaves: list[_Cell]) -> list[_Cell]:
    """Single characters in a row under no cell above are one name spaced across its cell
    ('总      计'); under cells above, each continues its own ('计 出 出' ending three names)."""
    out: list[_Cell] = []
    for p in phrases:
        free = p.spaced and not any(_overlap(c.x0, c.x1, p.x0, p.x1) for c in leaves)
        if out and free and out[-1].spaced and out[-1].free:
            out[-1].text += p.text
            out[-1].x1 = p.x1
            continue
        p.free = free
        out.append(p)
    return out


def header_columns(rows: Sequence[Sequence[Word]], measures_of: Callable[[str], list[str]],
                   repeats: bool = False, fiscal_year: int | None = None) -> list[Column] | None:
    """The leaf columns of a header (lines top to bottom), or None when no column names a measure.
    Two columns naming the same measure are told apart by their headings (_qualify_repeats), or
    else both left unnamed (Column.repeat_of); unless repeats: a two-sided table's sides both
    have a total."""
    cells: list[_Cell] = []
    for n, words in enumerate(rows):
        leaves = [c for c in cells if not c.children]
        phrases = _join_spaced(_phrases(words), leaves)
        for p in phrases:
            p.line = n
        under = {id(c): [p for p in phrases if _overlap(c.x0, c.x1, p.x0, p.x1)] for c in leaves}
        for p in phrases:
            above = [c for c in leaves if _overlap(c.x0, c.x1, p.x0, p.x1)]
            if len(above) == 1 and len(under[id(above[0])]) == 1 and _wraps(above[0], p) and (
                    _completes_name(above[0], p, measures_of) or
                    not (measures_of(above[0].text) and measures_of(p.text)) and
                    not _heads_siblings(above[0], p, phrases, leaves)):
                c = above[0]                     # the next line of a wrapped name
                c.text += p.text
                c.wrapped = True
                c.x0, c.x1 = min(c.x0, p.x0), max(c.x1, p.x1)
                continue
            if len(above) == 1:
                p.parent = above[0]              # a cell under a heading
                above[0].children.append(p)
            cells.append(p)
        _adopt_neighbours(phrases, leaves)
        _straddled_headings(phrases, leaves)
    _adopt_late_children(cells, measures_of)
    columns: list[Column] = []
    leaves = [piece for c in sorted((c for c in cells if not c.children), key=lambda c: c.x0)
              for piece in _split_joined(c, measures_of)]
    for c in leaves:
        ms = measures_of(c.text)
        if len(ms) == 2 and "total" in ms:
            ms = [m for m in ms if m != "total"]     # '机关运行经费预算数': the amount of that item
        measure = ms[0] if len(ms) == 1 else None
        if c.parent is not None and ms == ["total"]:
            # '小计' under '公务用车购置及运行费': the subtotal of its heading's measure.
            # '合计' under a heading that names no measure ('一般公共预算基本支出') stays the total.
            parent_ms = measures_of(c.parent.text)
            measure = parent_ms[0] if len(parent_ms) == 1 else (measure if not parent_ms else None)
        columns.append(Column(c.x0, c.x1, c.text, measure))
    if not repeats:
        _cross_tab(columns, leaves, measures_of)
        # A year heading is short ('2025年预算数'), never the title ('2022年部门综合预算…表').
        year_heads = sorted((c for c in cells if _YEAR_HEAD.match(c.text) and len(c.text) <= 12
                             and "表" not in c.text), key=lambda c: c.x0)
        _qualify_repeats(columns, leaves, fiscal_year, year_heads)
        named = [c.measure for c in columns if c.measure]
        for col in columns:
            if col.measure and named.count(col.measure) > 1:
                col.repeat_of, col.measure = col.measure, None
    named = [c.measure for c in columns if c.measure]
    if (not named and not any(c.part_of for c in columns)) or (len(set(named)) != len(named) and not repeats):
        return None
    return columns


def _split_joined(c: _Cell, measures_of: Callable[[str], list[str]]) -> list[_Cell]:
    """Two headings printed side by side and read as one word ('政府性基金预算国有资本经营预算':
    an OCR engine, or cells with no gap between them): where the text is one heading naming one
    measure followed by the rest naming others, each becomes a column of its own, its width the
    share of the characters it prints. A heading naming an item and the total
    ('机关运行经费预算数') is that item's amount, not two columns."""
    ms = measures_of(c.text)
    # A name joined from two lines is not two headings side by side: a heading over its column
    # ('单位资金' over '上级补助收入', 深圳 项目支出总表) reads the same way.
    if c.wrapped or len(ms) < 2 or len(set(ms)) != len(ms) or "total" in ms:
        return [c]
    # The last cut that leaves the rest naming the others: the first heading keeps its whole
    # name ('政府性基金预算', not the shorter alias '政府性基金').
    for k in range(len(c.text) - 1, 0, -1):
        head, rest = c.text[:k], c.text[k:]
        if measures_of(head) == ms[:1] and measures_of(rest) == ms[1:]:
            cut = c.x0 + (c.x1 - c.x0) * k / len(c.text)
            first = _Cell(head, c.x0, cut, c.height, parent=c.parent)
            pieces = [first] + _split_joined(_Cell(rest, cut, c.x1, c.height, parent=c.parent), measures_of)
            if c.parent is not None:
                i = c.parent.children.index(c)
                c.parent.children[i:i + 1] = pieces
            return pieces
    return [c]


def _heading_measure(c: _Cell, measures_of: Callable[[str], list[str]]) -> str | None:
    """The one measure a heading names ('小计' under '公务用车购置及运行维护费': that item's)."""
    ms = measures_of(c.text)
    if ms == ["total"] and c.parent is not None:
        parent_ms = measures_of(c.parent.text)
        ms = parent_ms if len(parent_ms) == 1 else ms
    return ms[0] if len(ms) == 1 else None


def _cross_tab(columns: list[Column], leaves: list[_Cell], measures_of: Callable[[str], list[str]]) -> None:
    """Measures repeated under headings that each name another measure of the kind: a cross-tab
    (fund types under each 三公 item). Each such column is a part of its heading's measure — when
    every repeat stands under a heading, the headings name distinct measures, no heading names
    the repeated measure itself, and no column prints a heading's measure whole."""
    by_measure: dict[str, list[int]] = {}
    for k, col in enumerate(columns):
        if col.measure:
            by_measure.setdefault(col.measure, []).append(k)
    for measure, ks in by_measure.items():
        if len(ks) < 2 or any(leaves[k].parent is None for k in ks):
            continue
        items = [_heading_measure(leaves[k].parent, measures_of) for k in ks]
        if None in items or measure in items or len(set(items)) != len(items) or \
                any(item in by_measure for item in items):
            continue            # a column prints the whole itself: its parts are not read as it
        for k, item in zip(ks, items):
            columns[k].name = f"{leaves[k].parent.text}/{columns[k].name}"
            columns[k].part_of, columns[k].measure = item, None


def _qualify_repeats(columns: list[Column], leaves: list[_Cell], fiscal_year: int | None = None,
                     year_heads: Sequence[_Cell] = ()) -> None:
    """A measure named again under a group heading ('小计' under '2026年政府采购项目', '基本支出'
    under '上年结转') is that measure of the group, which no alias names: when exactly one of the
    columns naming it stands under no heading, that one keeps the measure and the grouped ones
    become named columns without a measure (their figures are reported, never placed). Otherwise
    the repeat stays, and the header is refused.
    Columns under year headings ('2025年预算数 | 2026年预算数') are told apart by the year: the
    document's own year's keep the measure (two of them stay a repeat the row arithmetic may
    resolve, a 合计 and a 小计), the other year's are that year's figures (other_year), never
    placed; only when each year heads as many of them (a group no year heads, '增减', would not)."""
    by_measure: dict[str, list[int]] = {}
    for k, col in enumerate(columns):
        if col.measure:
            by_measure.setdefault(col.measure, []).append(k)
    for ks in by_measure.values():
        if len(ks) < 2:
            continue
        heads = {k: _year_head(leaves[k], year_heads) for k in ks}
        years = {k: int(_YEAR.search(h.text).group(1)) for k, h in heads.items() if h is not None}
        if len(set(years.values())) >= 2:
            per_year = Counter(years.values())
            if fiscal_year is None or len(years) != len(ks) or len(set(per_year.values())) != 1:
                continue                 # the years tell them apart, but not evenly: refused
            top = [k for k in ks if years[k] == fiscal_year]
            if not top:
                continue
            basis = _YEAR.sub("", heads[top[0]].text)
            for k in ks:
                if k not in top:
                    columns[k].name = f"{heads[k].text}/{columns[k].name}"
                    if _YEAR.sub("", heads[k].text) == basis:
                        # the same figure of another year, not another basis ('2025年执行数')
                        columns[k].other_year, columns[k].other_year_measure = years[k], columns[k].measure
                    columns[k].measure = None
            continue
        top = [k for k in ks if _root(leaves[k]) is leaves[k]]
        if len(top) != 1:
            continue
        for k in ks:
            if k != top[0]:
                columns[k].name = f"{_root(leaves[k]).text}/{columns[k].name}"
                columns[k].measure = None


_YEAR = re.compile(r"((?:19|20)\d\d)年")
_YEAR_HEAD = re.compile(r"^(?:19|20)\d\d年")


def _year_head(leaf: _Cell, year_heads: Sequence[_Cell]) -> _Cell | None:
    """The year heading a column stands under: its own root when that names a year, else, with
    two or more year headings side by side (each printed narrower than its columns), the one on
    its side of the midpoints between them."""
    root = _root(leaf)
    if _YEAR_HEAD.match(root.text):
        return root
    if len({h.text for h in year_heads}) < 2:
        return None
    centre = (leaf.x0 + leaf.x1) / 2
    bounds = [((a.x0 + a.x1) / 2 + (b.x0 + b.x1) / 2) / 2 for a, b in zip(year_heads, year_heads[1:])]
    return year_heads[sum(1 for x in bounds if centre > x)]


def _root(c: _Cell) -> _Cell:
    while c.parent is not None:
        c = c.parent
    return c


def _wraps(c: _Cell, p: _Cell) -> bool:
    """p continues c's name: centred under it, or starting where it starts."""
    h = max(c.height, p.height)
    return abs((c.x0 + c.x1) / 2 - (p.x0 + p.x1) / 2) <= h or abs(c.x0 - p.x0) <= h


def _completes_name(c: _Cell, p: _Cell, measures_of: Callable[[str], list[str]]) -> bool:
    """p ends the name c begins: neither names a measure alone, together they name one
    ('因公出国（境）' / '费', a name wrapped over three lines between two '小计' cells that look like
    its children). A heading over a name of its own ('一般公共预算基本支出' over '人员经费') is not."""
    return not measures_of(c.text) and not measures_of(p.text) and len(measures_of(c.text + p.text)) == 1


def _heads_siblings(c: _Cell, p: _Cell, phrases: list[_Cell], leaves: list[_Cell]) -> bool:
    """c is a heading over p and the free cells either side of it, not a name wrapped onto p:
    '一般公共预算基本支出' centred over '合计 | 人员经费 | 公用经费' (its name reaches over only the
    middle one)."""
    k = phrases.index(p)
    if k == 0 or k + 1 >= len(phrases):
        return False
    left, right = phrases[k - 1], phrases[k + 1]
    if any(_overlap(x.x0, x.x1, q.x0, q.x1) for q in (left, right) for x in leaves):
        return False
    return abs((left.x0 + right.x1) / 2 - (c.x0 + c.x1) / 2) <= 2 * max(c.height, p.height)


def _straddled_headings(phrases: list[_Cell], leaves: list[_Cell]) -> None:
    """A heading narrower than the gap between its two children, which a later line prints either
    side of it ('基本支出' over '人员支出 | 公用经费', neither under its name): two neighbouring free
    cells whose gap the heading fills and whose middle is its middle are its children."""
    def free(p: _Cell) -> bool:
        return p.parent is None and not any(_overlap(c.x0, c.x1, p.x0, p.x1) for c in leaves)

    for left, right in zip(phrases, phrases[1:]):
        if not (free(left) and free(right)):
            continue
        h = max(left.height, right.height)
        for c in leaves:
            if c.children or c.parent is not None or not (left.x1 <= c.x0 + h and right.x0 >= c.x1 - h):
                continue
            if right.x0 - left.x1 > c.x1 - c.x0 + 2 * h:
                continue     # a wide gap between two columns of their own, not the heading's children
            if abs((left.x0 + right.x1) / 2 - (c.x0 + c.x1) / 2) <= 2 * max(h, c.height):
                left.parent = right.parent = c
                c.children.extend([left, right])
                break


def _adopt_neighbours(phrases: list[_Cell], leaves: list[_Cell]) -> None:
    """A heading is centred over all its children, but its name may reach over only some of
    them ('小计' left of '公务用车购置及运行维护费'): a free cell beside the children joins them
    when that brings their middle under the heading's middle."""
    for parent in {id(p.parent): p.parent for p in phrases if p.parent is not None}.values():
        mid = (parent.x0 + parent.x1) / 2
        kids = [p for p in phrases if p.parent is parent]
        while True:
            k0 = phrases.index(kids[0])
            k1 = phrases.index(kids[-1])
            span = (kids[0].x0, kids[-1].x1)
            off = abs((span[0] + span[1]) / 2 - mid)
            def free(k: int) -> bool:
                return 0 <= k < len(phrases) and phrases[k].parent is None and not any(
                    _overlap(c.x0, c.x1, phrases[k].x0, phrases[k].x1) for c in leaves)

            best = None
            # One neighbour when it centres the children better; both when the child under the
            # heading's middle has a free cell on each side ('小计 | 购置费 | 运行费').
            for ks in ((k0 - 1,), (k1 + 1,), (k0 - 1, k1 + 1)):
                if not all(free(k) for k in ks):
                    continue
                x0 = min([span[0]] + [phrases[k].x0 for k in ks])
                x1 = max([span[1]] + [phrases[k].x1 for k in ks])
                new = abs((x0 + x1) / 2 - mid)
                better = new < off if len(ks) == 1 else new <= 2 * parent.height
                if better and new <= 2 * parent.height and (best is None or new < best[0]):
                    best = (new, [phrases[k] for k in ks])
            if best is None:
                break
            for adopted in best[1]:
                adopted.parent = parent
                adopted.adopted = True
                parent.children.append(adopted)
            kids = sorted(kids + best[1], key=lambda c: c.x0)


def _adopt_late_children(cells: list[_Cell], measures_of: Callable[[str], list[str]]) -> None:
    """A heading's child printed lower than its siblings: '小计' two lines under
    '公务用车购置及运行维护费', whose 购置费 and 运行维护费 wrapped onto the line between (江苏's 三公
    table), or under '一般公共预算拨款' below its '其中' (西安). Read line by line, the heading had
    children already and was no leaf to stand under. After the last line: a free cell of a lower
    line under the name of exactly one heading is its child, and the cells adopted on a line above
    it to centre the children then known are not; a cell adopted only to centre the children goes
    again where the children centre better without it. Only a cell naming the total alone ('小计')
    needs its heading to tell its measure: one naming its own ('项目支出总数') is left as it is."""
    headings = [c for c in cells if c.children]
    for f in cells:
        if f.parent is not None or f.children or measures_of(f.text) != ["total"]:
            continue
        # A heading over headings ('“三公”经费' over '公务用车购置及运行维护费') may reach over a cell
        # of its sub-heading's: only a heading over leaves adopts this way.
        over = [h for h in headings if h.line < f.line and _overlap(h.x0, h.x1, f.x0, f.x1)
                and not any(k.children for k in h.children)]
        if len(over) == 1:
            h = over[0]
            # Its children were adopted to centre the one child then known: the heading's real
            # children are this one and those under its name, not cells beside them.
            for k in [k for k in h.children if k.adopted and k.line < f.line]:
                k.parent, k.adopted = None, False
                h.children.remove(k)
            f.parent = h
            h.children.append(f)
    for h in headings:
        mid = (h.x0 + h.x1) / 2
        kids = sorted(h.children, key=lambda c: c.x0)
        while len(kids) > 1:
            off = abs((kids[0].x0 + kids[-1].x1) / 2 - mid)
            drops = [k for k in (kids[0], kids[-1]) if k.adopted]
            best = None
            for k in drops:
                rest = [c for c in kids if c is not k]
                new = abs((rest[0].x0 + rest[-1].x1) / 2 - mid)
                if new < off and (best is None or new < best[0]):
                    best = (new, k)
            if best is None:
                break
            dropped = best[1]
            dropped.parent, dropped.adopted = None, False
            h.children.remove(dropped)
            kids.remove(dropped)


def _interval_column(x0: float, x1: float, columns: Sequence[Column]) -> int | None:
    """The column whose neighbours' names the figure lies between. Where two columns qualify (a
    short figure in the gap between two names), the one whose half-way bounds (midpoints to the
    neighbouring names' centres) hold the whole figure: a right-aligned or centred figure lies in
    its own column's half; only a left-aligned figure of the next column could not."""
    hits = []
    for j in range(len(columns)):
        lo = columns[j - 1].x1 if j > 0 else float("-inf")
        hi = columns[j + 1].x0 if j + 1 < len(columns) else float("inf")
        if x0 >= lo and x1 <= hi:
            hits.append(j)
    if len(hits) == 2 and hits[1] == hits[0] + 1:
        centres = [(c.x0 + c.x1) / 2 for c in columns]
        border = (centres[hits[0]] + centres[hits[1]]) / 2
        inside = [j for j in hits if (x1 <= border if j == hits[0] else x0 >= border)]
        return inside[0] if len(inside) == 1 else None
    return hits[0] if len(hits) == 1 else None


def place_figures(spans: Sequence[Sequence[tuple[float, float, float] | None]],
                  columns: Sequence[Column]) -> list[list[int] | None]:
    """For each row (its figures' extents: left, right, character height), the column index of
    every figure, or None for the row when any of its figures has no certain column."""
    first = [[_interval_column(s[0], s[1], columns) if s else None for s in row] for row in spans]
    edges: dict[int, list[tuple[float, float]]] = {}
    for row, cols in zip(spans, first):
        for s, j in zip(row, cols):
            if s and j is not None:
                edges.setdefault(j, []).append((s[1], (s[0] + s[1]) / 2))
    out: list[list[int] | None] = []
    for row, cols in zip(spans, first):
        placed: list[int] = []
        for s, j in zip(row, cols):
            if j is None and s:
                tol = 0.3 * s[2] if s[2] > 1 else 0.5
                near = {k for k, es in edges.items()
                        if any(abs(s[1] - r) <= tol or abs((s[0] + s[1]) / 2 - m) <= tol for r, m in es)}
                j = near.pop() if len(near) == 1 else None
            if j is None:
                break
            placed.append(j)
        ok = len(placed) == len(row) and len(set(placed)) == len(placed) and placed == sorted(placed)
        out.append(placed if ok and row else None)
    return out
