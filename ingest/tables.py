"""Parse one table region into rows of (code, label, numbers) and map its header to measures.

Two layouts are read: tab-separated cells (markdown/HTML extractions), where cell positions
may be kept, and space-separated text (pdftotext), where they are not. Which column a number
belongs to is decided later, in placement.py, by named rules only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .aliases import data_rows, find_measures, measure_aliases_for, row_item, squash, strip_numbering
from .amounts import UNIT_SUFFIXES, is_amount, looks_numeric, read_amount
from .geometry import Column, Word, header_columns
from .model import Finding
from .segment import META_LINE, NOTE_LINE, UNIT_LINE, Region, reads_as_prose
from .units import is_money, unholdable, unit_of_line

TWO_SIDED = frozenset({"income_expenditure_summary", "fiscal_summary"})
LABEL_HEADER_WORDS = ("名称", "科目", "编码", "序号", "内容")
LABEL_HEADER_EXACT = frozenset({"类", "款", "项", "项目", "功能分类", "经济分类"})
TOTAL_MEASURES = ("total", "fiscal_subtotal")

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}()（）、:])\s+(?=[{_CJK}()（）])")
_NUMBERING_ROW = re.compile(r"^(?:[※*]+|\d{1,2})$")
_PAGE_NUMBER = re.compile(r"^[\s\-─—–]*\d{1,3}[\s\-─—–]*$")
_BRACKET_CODE = re.compile(r"^\[(\d{3,7})\]\s*(.*)$")
_DASH_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})-(.+)$")
_FUNCTION_CLASS = re.compile(r"^2\d\d$")
_ECONOMIC_CLASS = re.compile(r"^[35]\d\d$")


@dataclass
class Number:
    raw: str
    value: Decimal | None         # None: looks like a figure but no amount can be read from it
    decimals: int
    column: int | None = None     # tab column index, when the layout keeps cells
    unit: str = ""                # a unit printed with the number ('%', '万元'); '' = the table's
    span: tuple[float, float, float] | None = None   # left, right, character height where printed
    box: tuple[float, float, float, float] | None = None  # left, bottom, right, top on a PDF page (points)


@dataclass
class Row:
    row_seq: int
    line_start: int               # 1-based
    line_end: int
    code_raw: str = ""
    code: str | None = None
    label: str = ""
    project_name: str | None = None
    side: str = ""
    row_kind: str = "line"
    row_item: str | None = None
    numbers: list[Number] = field(default_factory=list)
    # number index → (measure or None, rule)
    placed: dict[int, tuple[str | None, str]] = field(default_factory=dict)
    candidates: list[tuple[str, ...]] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)   # number indexes still to place
    damaged: bool = False         # a figure of the row is missing or unreadable: no rule may place it
    layout_break: bool = False    # a tab row printed some figures space-separated inside a cell
    position_conflict: bool = False   # its figures sit under other columns than their count says
    unnamed_columns: list[str] = field(default_factory=list)   # header names no alias knows, over its figures
    # Figures that take no part in placement, landed after the row's amounts with their rule:
    # 'non_money' (printed in %, 人 …) or 'unplaced' (unreadable, or beyond what the warehouse holds).
    set_aside: list[tuple[Number, str]] = field(default_factory=list)
    other_years: dict[int, tuple[int, str | None]] = field(default_factory=dict)  # index → (year, measure)
    parts: dict[int, str] = field(default_factory=dict)   # index → the item a cross-tab column is a part of


@dataclass
class ParsedTable:
    kind: str
    region: Region
    unit_raw: str | None
    unit: str | None
    layout: str
    measures: list[str]                 # one-sided tables, or the right side of two-sided ones
    left_measures: list[str]            # income side of two-sided tables
    grid: dict[int, str] | None         # tab column → measure, when trusted
    rows: list[Row]
    note_text: str | None
    note_line: int | None
    findings: list[Finding]
    numbering_count: int | None = None
    truncated: bool = False             # the document ends inside this table
    columns: list[Column] | None = None  # header columns by where they are printed (geometry.py)
    # A header over several lines whose columns positions could not tell apart: the order its
    # words read in is not the order of its columns, so no rule may place figures by that order.
    order_unknown: bool = False
    fiscal_year: int | None = None      # the document's: a row or column of another year is not its figure


@lru_cache(maxsize=None)
def _header_ignore() -> tuple[str, ...]:
    phrases = [squash(r["phrase"]) for r in data_rows("header_ignore.csv")]
    return tuple(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=None)
def _groups() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in data_rows("measure_groups.csv"):
        out.setdefault(r["group_measure"], []).append(r["member_measure"])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _total_labels() -> frozenset[str]:
    return frozenset(squash(r["label"]) for r in data_rows("total_labels.csv"))


def clean_label(text: str) -> str:
    """Join a wrapped name: drop spaces between CJK characters, collapse the rest."""
    text = " ".join(text.split())
    return _CJK_GAP.sub("", text)


def join_wrapped(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (re.search(rf"[{_CJK}()（）]$", out) and re.match(rf"^[{_CJK}()（）]", part)):
            out += " "
        out += part
    return clean_label(out)


def header_measures(text: str, kind: str) -> list[str]:
    """Canonical measures named by a header block, in column order (groups expanded in place)."""
    s = squash(text)
    for phrase in _header_ignore():
        s = s.replace(phrase, "|" * len(phrase))
    hits = find_measures(s.replace("|", "#"), kind)
    groups = _groups()
    names = [(a.target, a.is_group) for _, a in hits]
    out: list[str] = []
    i = 0
    consumed: set[int] = set()
    for idx, (name, is_group) in enumerate(names):
        if idx in consumed:
            continue
        if is_group and name in groups:
            members = [j for j in range(idx + 1, len(names))
                       if names[j][0] in groups[name] and j not in consumed]
            out.extend(names[j][0] for j in members)
            consumed.update(members)
            continue
        if is_group:
            continue
        out.append(name)
        i += 1
    return out


def _cell_measure(cell: str, kind: str) -> str | None:
    """The measure a single header cell names exactly (tab layouts), or None."""
    s = strip_numbering(cell)
    if not s:
        return None
    for a in measure_aliases_for(kind):
        if s == a.alias:
            return None if a.is_group else a.target
    return None


def _is_label_header(cell: str) -> bool:
    """A header cell naming a label column (code, name, item), not an amount column."""
    s = squash(cell)
    return s in LABEL_HEADER_EXACT or (len(s) <= 12 and any(w in s for w in LABEL_HEADER_WORDS))


def tab_grid(header_rows: list[list[str]], kind: str, measures: list[str]) -> dict[int, str] | None:
    """Column → measure from tab-separated header rows, or None when the grid is inconsistent.

    Consistent means: every measure the header names sits in a column of its own, and no column
    is named both as a measure and as a label column (the sign of a column lost in extraction).
    """
    width = max((len(r) for r in header_rows), default=0)
    grid: dict[int, str] = {}
    shadowed: list[str] = []      # a group heading over sub-columns in the same column
    for col in range(width):
        roles = []
        for r in header_rows:
            if col >= len(r) or not r[col].strip():
                continue
            m = _cell_measure(r[col], kind)
            if m:
                roles.append(("m", m))
            elif _is_label_header(r[col]):
                roles.append(("l", r[col]))
        kinds_seen = {k for k, _ in roles}
        if "m" in kinds_seen and "l" in kinds_seen:
            return None
        ms = [m for k, m in roles if k == "m"]
        if ms:
            grid[col] = ms[-1]   # the deepest header row is the most specific
            shadowed.extend(ms[:-1])
    if not grid or sorted(list(grid.values()) + shadowed) != sorted(measures):
        return None
    return grid


_NUMBERING_LABELS = frozenset({"栏次", "行次"})


def _numbering_count(text: str) -> int | None:
    """A column-numbering row ('※ 1 2 3', '栏次 1 2 3 4'): how many columns it numbers."""
    tokens = text.replace("\t", " ").split()
    if len(tokens) >= 3 and tokens[0] in _NUMBERING_LABELS and \
            tokens[1:] == [str(k) for k in range(1, len(tokens))]:
        return len(tokens) - 1
    if len(tokens) >= 3 and tokens == [str(k) for k in range(1, len(tokens) + 1)]:
        return len(tokens)       # '1 2 3 4 5 6 7' alone (its '**' marks lost in extraction)
    if len(tokens) >= 2 and all(_NUMBERING_ROW.match(t) for t in tokens) and any(
            t[0] in "※*" for t in tokens):
        return sum(1 for t in tokens if t.isdigit())
    return None


def _split_code(tokens: list[str], table_kind: str) -> tuple[str, list[str], list[str]]:
    """Leading code tokens → (code_raw, code digit parts, remaining tokens)."""
    if not tokens:
        return "", [], tokens
    first = tokens[0]
    m = _BRACKET_CODE.match(first)
    if m:
        rest = ([m.group(2)] if m.group(2) else []) + tokens[1:]
        return first if not m.group(2) else f"[{m.group(1)}]", [m.group(1)], rest
    m = _DASH_CODE.match(first)
    if m:
        return m.group(1), [m.group(1)], [m.group(2)] + tokens[1:]
    if re.fullmatch(r"\d{5}|\d{7}", first) and len(tokens) > 1 and not is_amount(tokens[1]):
        return first, [first], tokens[1:]
    if re.fullmatch(r"\d{5}|\d{7}", first) and len(tokens) == 1:
        return first, [first], []
    # A row whose name wrapped onto the lines around it starts with its code, then its amounts:
    # a bare integer before amounts printed with decimals is no amount of that row.
    if re.fullmatch(r"\d{5}|\d{7}", first) and len(tokens) > 1 and re.fullmatch(r"-?[\d,]+\.\d+", tokens[1]) \
            and (_FUNCTION_CLASS.match(first[:3]) or _ECONOMIC_CLASS.match(first[:3])):
        return first, [first], tokens[1:]
    # A 类 the same way: three digits before a row of amounts that all print decimals.
    if re.fullmatch(r"\d{3}", first) and len(tokens) > 1 and \
            all(re.fullmatch(r"-?[\d,]+\.\d+", t) for t in tokens[1:]) and \
            (_FUNCTION_CLASS.match(first) or _ECONOMIC_CLASS.match(first)):
        return first, [first], tokens[1:]
    if _FUNCTION_CLASS.match(first) or _ECONOMIC_CLASS.match(first):
        parts = [first]
        for t in tokens[1:3]:
            if re.fullmatch(r"\d{2}", t):
                parts.append(t)
            else:
                break
        rest = tokens[len(parts):]
        # '143 143' is two amounts in a 元 table, not a code: a code is followed by a name or ends the line.
        if rest and is_amount(rest[0]) and len(parts) == 1:
            return "", [], tokens
        return " ".join(parts), parts, rest
    if re.fullmatch(r"\d{2}", first) and len(tokens) > 1 and not is_amount(tokens[1]):
        return first, [first], tokens[1:]      # sparse code: 款/项 row carrying only its digits
    return "", [], tokens


def _trailing_numbers(tokens: list[str]) -> tuple[list[str], list[Number]]:
    """The figures that end a row. A token that looks like a figure but reads as no amount
    ('1e30', '2,3,64') is one of them, with no value, so it is reported instead of becoming
    part of the row's name."""
    tokens = _attach_units(tokens)
    nums: list[Number] = []
    k = len(tokens)
    while k > 0 and looks_numeric(tokens[k - 1]):
        k -= 1
    for t in tokens[k:]:
        nums.append(_number(t))
    return tokens[:k], nums


_UNIT_WORDS = frozenset(UNIT_SUFFIXES)


def _attach_units(tokens: list[str]) -> list[str]:
    """'12.5 %' and '15.00 万元' printed with a space are one figure with its unit."""
    if _UNIT_WORDS.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    for t in tokens:
        if t in _UNIT_WORDS and out and is_amount(out[-1]) and not _unit_of(out[-1]):
            out[-1] = f"{out[-1]} {t}"
        else:
            out.append(t)
    return out


_UNIT_CUT = re.compile(r"单\s*位\s*[:：]\s*(?:人民币)?([万千亿])\s*$")


def _wrapped_unit(lines: list[str], j: int) -> tuple[str, str] | None:
    """'单位:万' at a line's end and '元' ending the next line: a unit wrapped in its narrow cell."""
    m = _UNIT_CUT.search(lines[j])
    if m is None or j + 1 >= len(lines) or not re.search(r"(?:^|\s)元\s*$", lines[j + 1]):
        return None
    return m.group(0) + "元", m.group(1) + "元"


def _unit_of(token: str) -> str:
    a = read_amount(token)
    return a.unit if a else ""


def _number(raw: str, column: int | None = None) -> Number:
    a = read_amount(raw)
    if a is None:
        return Number(raw, None, 0, column)
    return Number(raw, a.value, a.decimals, column, a.unit)


# A figure cut at a line end: '1,234.' or '1,234,' ends a line, or '.56' / ',567.89' starts one.
_CUT_TAIL = re.compile(r"^\(?[-+]?[0-9][0-9,]*[.,]$")
_CUT_HEAD = re.compile(r"^[.,][0-9][0-9,.]*\)?(?:%|亿元|万元|千元|元)?$")
_REST_OF_FIGURE = re.compile(r"^[0-9][0-9,.]*\)?(?:%|亿元|万元|千元|元)?$")


def join_split_figures(lines: list[str], idxs: list[int], kind_zh: str, kind: str, doc_id: str,
                       source_file: str, findings: list[Finding]) -> tuple[dict[int, str], dict[int, int]]:
    """Space layout: a figure printed over two lines.

    The pieces are joined only when they can be nothing else: one piece is not a figure on its
    own ('1,234.' or '.56'), the next line holds nothing but the other piece, and together they
    read as one amount. Any other cut piece is dropped from its line, its row is marked so that
    no rule places its numbers, and a finding names the line. A figure is never guessed.
    Returns the rewritten line texts and, per line that received a piece, the line it came from.
    """
    texts: dict[int, str] = {}
    joined: dict[int, int] = {}
    nonblank = [j for j in idxs if lines[j].strip()]
    for n, j in enumerate(nonblank):
        if j in texts:
            continue                     # its only token was joined into the line above
        tokens = lines[j].split()
        last = tokens[-1]
        nxt = nonblank[n + 1] if n + 1 < len(nonblank) else None
        piece = lines[nxt].split() if nxt is not None else []
        if len(piece) == 1 and "\t" not in lines[nxt].strip():
            rest = piece[0]
            cut = (_CUT_TAIL.match(last) and _REST_OF_FIGURE.match(rest)) or \
                  (_CUT_HEAD.match(rest) and is_amount(last) and not _unit_of(last))
            if cut and is_amount(last + rest):
                texts[j] = lines[j].rstrip()[:-len(last)] + last + rest
                texts[nxt] = ""
                joined[j] = nxt
                findings.append(Finding(
                    source_file, doc_id, "info", "ING_FIGURE_JOINED",
                    f"{kind_zh}: '{last}' (line {j + 1}) and '{rest}' (line {nxt + 1}) are one "
                    f"figure printed over two lines, read as {last + rest}", kind, j + 1))
                continue
        dropped = []
        if _CUT_TAIL.match(last):
            dropped.append(last)
            tokens = tokens[:-1]
        if tokens and _CUT_HEAD.match(tokens[0]):
            dropped.append(tokens[0])
            tokens = tokens[1:]
        if dropped:
            texts[j] = " ".join(tokens)
            findings.append(Finding(
                source_file, doc_id, "error", "ING_SPLIT_FIGURE",
                f"{kind_zh} line {j + 1}: {' and '.join(repr(d) for d in dropped)} is part of a "
                f"figure cut over lines that cannot be joined for certain; not landed, and the "
                f"row's other numbers are left unplaced", kind, j + 1))
            joined[j] = -1               # marks the row as damaged
    return texts, joined


class CodeContext:
    """Completes sparse codes (款/项 rows printing only their own digits) from the rows above."""

    def __init__(self) -> None:
        self.last: str | None = None

    def resolve(self, parts: list[str]) -> str | None:
        if not parts:
            return None
        if len(parts) == 1 and len(parts[0]) == 2:
            if self.last is None:
                return None
            parent = self.last if len(self.last) == 3 else self.last[:-2] if len(self.last) == 7 else self.last
            if len(self.last) == 5:
                # after a 款 row, a lone 2-digit code is its 项; economic codes stop at 款, so
                # there it is the next 款 of the same 类
                parent = self.last[:3] if self.last[0] in "35" else self.last
            code = parent + parts[0]
        else:
            code = "".join(parts)
        if len(code) not in (3, 5, 7):
            return None
        # Economic codes stop at 款 (5 digits) nationally; a province's 7-digit 子目 (Beijing's
        # 3021101) keeps its text in code_raw but gets no canonical code.
        if len(code) == 7 and code[0] in "35":
            return None
        self.last = code
        return code


def parse_region(lines: list[str], region: Region, doc_id: str, source_file: str,
                 words: list[list[Word] | None] | None = None, fiscal_year: int | None = None) -> ParsedTable:
    """words: per line, its words with where they are printed (geometry.aligned), when known;
    fiscal_year: the document's, which tells a header's own year's columns from another's."""
    kind = region.kind.kind
    findings: list[Finding] = []
    body = list(range(region.start, region.end))
    unit_raw = unit = None
    for j in [region.title_line - 1] + body[:12]:
        found = unit_of_line(lines[j]) or _wrapped_unit(lines, j)
        if found:
            unit_raw, unit = found
            break
    layout = "tab" if sum(1 for j in body if "\t" in lines[j]) >= 2 else "space"

    # Header: the lines before the first data-like line (meta and numbering lines aside).
    header_lines: list[str] = []
    header_idxs: list[int] = []
    numbering = None
    first_data = None
    for j in body:
        text = lines[j]
        flat = text.replace("\t", " ").strip()
        if not flat or META_LINE.search(flat) or UNIT_LINE.search(flat) or j + 1 in region.extra_titles:
            continue
        n = _numbering_count(flat)
        if n is not None:
            numbering = n
            continue
        bare_total = squash(flat) in _total_labels() and "\t" not in text
        if _is_data_line(flat, kind) and not bare_total:
            first_data = j
            break
        if NOTE_LINE.search(flat) or (reads_as_prose(flat) and len(squash(flat)) > 30):
            break
        header_lines.append(text)
        header_idxs.append(j)
    # Tab cells are joined with a mark that keeps aliases from matching across cell boundaries.
    header_text = " ".join(h.replace("\t", "#") if layout == "tab" else h for h in header_lines)
    measures = header_measures(header_text, kind)
    # The header's columns by where they are printed, when every header line has positions:
    # their order, not the order a multi-line header reads in ('预算数 | 合计 基本支出(人员经费
    # 公用经费) 项目支出' reads 合计, 项目支出, 人员…). A two-sided table has a total on each side.
    columns = None
    positioned = words is not None and bool(header_idxs) and all(words[j] is not None for j in header_idxs)
    if positioned and (layout == "space" or kind in TWO_SIDED):
        columns = header_columns([words[j] for j in header_idxs], lambda s: header_measures(s, kind),
                                 repeats=kind in TWO_SIDED, fiscal_year=fiscal_year)
        if columns is not None:
            measures = [c.measure for c in columns if c.measure]
        if kind in TWO_SIDED:
            columns = None           # its figures are placed by side and count, not position
    if kind in TWO_SIDED and measures.count("total") < 2 and words is not None:
        measures = _measures_by_position([words[j] for j in header_idxs], kind) or measures
    left: list[str] = []
    if kind in TWO_SIDED:
        # Income side: measures up to the second total; expenditure side: the rest.
        idx = [i for i, m in enumerate(measures) if m == "total"]
        if len(idx) >= 2:
            left, measures = measures[:idx[1]], measures[idx[1]:]
        elif measures:
            left, measures = measures[:1], measures[:1]
    if numbering is not None and kind not in TWO_SIDED and numbering != len(measures):
        findings.append(Finding(source_file, doc_id, "warn", "ING_HEADER_COUNT",
                                f"{region.kind.name_zh}: the column numbering row counts {numbering} "
                                f"amount columns but the header words name {len(measures)} "
                                f"({'|'.join(measures)}); numbers are placed only where a rule decides",
                                kind, region.title_line))
    grid = None
    if layout == "tab":
        grid = tab_grid([h.split("\t") for h in header_lines], kind, left + measures)
        if grid is not None and kind not in TWO_SIDED:
            measures = [grid[c] for c in sorted(grid)]   # group headings are not columns

    rows: list[Row] = []
    note_text = note_line = None
    if first_data is not None:
        data_idxs = body[body.index(first_data):]
        texts, joined = ({}, {}) if layout == "tab" else join_split_figures(
            lines, data_idxs, region.kind.name_zh, kind, doc_id, source_file, findings)
        rows, note_text, note_line, grid = _parse_rows(lines, data_idxs, region, kind, layout, grid,
                                                       measures, texts, joined,
                                                       words if columns else None)
    else:
        for j in body:
            flat = lines[j].replace("\t", " ").strip()
            if flat and (NOTE_LINE.search(flat) or re.search(r"[。,]", flat)) and note_text is None:
                note_text, note_line = _note_from(lines, j, region.end)
                break
    if any("行次" in squash(h) for h in header_lines):
        for r in rows:
            _set_aside_line_number(r)
    for r in rows:
        findings.extend(_account_figures(r, unit, region.kind.name_zh, kind, doc_id, source_file))
    findings.extend(_short_figures(rows, region.kind.name_zh, kind, doc_id, source_file))
    findings.extend(_non_money_note(rows, unit, region, kind, doc_id, source_file))
    if rows and any(r.numbers for r in rows) and not measures and not left:
        header = " ".join(" ".join(h.split()) for h in header_lines)[:120]
        findings.append(Finding(source_file, doc_id, "error", "ING_HEADER_UNMAPPED",
                                f"{region.kind.name_zh} (line {region.title_line}): no column of the "
                                f"header '{header}' names a known measure; its "
                                f"{sum(len(r.numbers) for r in rows)} numbers are landed unplaced",
                                kind, region.title_line))
    # Positions for the document but none for this header (a line normalised out of step with
    # its words) leave its order as unknown as a header they cannot split.
    order_unknown = words is not None and layout == "space" and kind not in TWO_SIDED and \
        columns is None and len(header_idxs) > 1
    return ParsedTable(kind, region, unit_raw, unit, layout, measures, left, grid, rows,
                       note_text, note_line, findings, numbering, columns=columns,
                       order_unknown=order_unknown, fiscal_year=fiscal_year)


def _short_figures(rows: list[Row], kind_zh: str, kind: str, doc_id: str, source_file: str) -> list[Finding]:
    """A figure cut over lines after a digit ('435,216.1' on the name's first line, '7' on its
    last, in a narrow 总计 column) reads as an amount on its own. The table tells: where at least
    20 of its figures print decimals and all but one in twenty print the same number of them, a
    figure printed with some decimals but fewer is part of a cut figure. Its row is damaged (no
    rule places its numbers), and so is the first of the next two rows whose only figure is a bare
    one- or two-digit integer (the cut tail), with any nameless row between (the same printed row's
    other figures); a finding names the line. Never guessed."""
    decimals = [n.decimals for r in rows for n in r.numbers if n.decimals > 0]
    if len(decimals) < 20:
        return []
    usual = max(set(decimals), key=decimals.count)
    if decimals.count(usual) < 0.95 * len(decimals):
        return []
    out: list[Finding] = []
    for k, r in enumerate(rows):
        short = [n.raw for n in r.numbers if 0 < n.decimals < usual]
        if not short:
            continue
        r.damaged = True
        # the tail: on one of the next two rows (the figure's row may go on below its first line)
        for t, tail in enumerate(rows[k + 1:k + 3], start=k + 1):
            if len(tail.numbers) == 1 and re.fullmatch(r"\d{1,2}", tail.numbers[0].raw) and not tail.code:
                tail.damaged = True
                short.append(tail.numbers[0].raw)
                for between in rows[k + 1:t]:
                    if not between.label and not between.code:
                        between.damaged = True     # the same printed row's figures, on a line of their own
                break
        out.append(Finding(source_file, doc_id, "warn", "ING_SPLIT_FIGURE",
                           f"{kind_zh} line {r.line_start}: {', '.join(repr(x) for x in short)} printed with "
                           f"fewer decimals than the table's other figures ({usual}): part of a figure cut "
                           "over lines; landed, and the row's figures are left unplaced", kind, r.line_start))
    return out


# A figure glued to the end of a name ('办公费12.50'): a decimal point or thousands separators
# make it a printed amount, not part of the name.
_GLUED = re.compile(rf"^(.*[{_CJK})）])((?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)\.[0-9]+|[0-9]{{1,3}}(?:,[0-9]{{3}})+)$")


def _account_figures(r: Row, unit: str | None, kind_zh: str, kind: str, doc_id: str,
                     source_file: str) -> list[Finding]:
    """Every token of the row that looks like a figure is accounted for: an amount the rules may
    place, a non-money figure set aside, or an unreadable one landed empty and reported. A row
    with a figure that is not where the layout says, or not readable, is damaged: no rule places
    any of its numbers, so a check on it is unevaluable rather than wrong."""
    out: list[Finding] = []
    where = f"{kind_zh} line {r.line_start}"

    def report(severity: str, code: str, text: str) -> None:
        out.append(Finding(source_file, doc_id, severity, code, f"{where}: {text}", kind, r.line_start))

    glued = _GLUED.match(r.label) if r.label else None
    if glued and read_amount(glued.group(2)):
        r.label = glued.group(1)
        r.numbers.insert(0, _number(glued.group(2)))
        r.damaged = True
        report("warn", "ING_GLUED_NUMBER", f"'{glued.group(0)}' ends with the figure "
               f"{glued.group(2)} glued to the name; landed unplaced with the row's other figures")
    if r.layout_break:
        r.damaged = True
        report("warn", "ING_LAYOUT_BREAK", f"figures printed space-separated inside a cell of a "
               f"tab-separated table ({', '.join(n.raw for n in r.numbers if n.column is None)}); "
               "their columns are unknown, so the row's figures are landed unplaced")
    kept: list[Number] = []
    for n in r.numbers:
        n_unit = n.unit or unit
        if n.value is None:
            r.damaged = True
            r.set_aside.append((n, "unplaced"))
            report("error", "ING_UNREADABLE_NUMBER", f"'{n.raw}' looks like a figure but is no printed "
                   "amount; landed with an empty amount, and the row's figures are left unplaced")
            continue
        why = unholdable(n.value, n.decimals, n_unit)
        if why:
            r.damaged = True
            r.set_aside.append((Number(n.raw, None, n.decimals, n.column, n.unit), "unplaced"))
            report("error", "ING_IMPLAUSIBLE_AMOUNT", f"'{n.raw}' ({n_unit or 'no unit'}): {why}; landed "
                   "with an empty amount, and the row's figures are left unplaced")
            continue
        if not is_money(n_unit):
            r.set_aside.append((n, "non_money"))
            continue
        kept.append(n)
    r.numbers = kept
    return out


def _measures_by_position(rows: list, kind: str) -> list[str]:
    """A two-sided header whose cells could not be built (names wrapped down narrow cells): the
    measures each header word names, left to right; both sides' totals must be among them."""
    found = sorted((w[1], m) for ws in rows if ws for w in ws for m in header_measures(w[0], kind)[:1])
    measures = [m for _, m in found]
    return measures if measures.count("total") >= 2 else []


def _set_aside_line_number(r: Row) -> None:
    """Under a 行次 column a row's first number is its line number ('本年支出合计 59 864,099.38 …'):
    printed, but no amount; it lands as a non-money cell in unit 行次."""
    if r.numbers and re.fullmatch(r"\d{1,3}", r.numbers[0].raw):
        n = r.numbers.pop(0)
        r.set_aside.append((Number(n.raw, n.value, 0, n.column, "行次", n.span, n.box), "non_money"))


def _non_money_note(rows: list[Row], unit: str | None, region: Region, kind: str, doc_id: str,
                    source_file: str) -> list[Finding]:
    aside = [(r, n) for r in rows for n, rule in r.set_aside if rule == "non_money"]
    if not aside:
        return []
    units_seen = sorted({n.unit or unit or "" for _, n in aside})
    declared = f"the table declares 单位：{unit}" if unit and not is_money(unit) else \
        f"{len(aside)} figure(s) carry their own unit"
    return [Finding(source_file, doc_id, "info", "ING_NON_MONEY",
                    f"{region.kind.name_zh} (line {region.title_line}): {declared} "
                    f"({'、'.join(units_seen)}); {len(aside)} figure(s) landed as non-money cells "
                    f"(placement non_money, from line {aside[0][0].line_start}), never converted to 元",
                    kind, region.title_line)]


def _note_from(lines: list[str], j: int, end: int) -> tuple[str, int]:
    parts = [lines[k].strip() for k in range(j, end) if lines[k].strip()]
    return clean_label(" ".join(parts))[:500], j + 1


def _is_data_line(flat: str, kind: str) -> bool:
    tokens = flat.split()
    if not tokens:
        return False
    head, nums = _trailing_numbers(tokens)
    if nums and head:
        return True
    if nums and not head and any("." in n.raw for n in nums):
        return True
    code_raw, parts, rest = _split_code(tokens, kind)
    if parts and rest and not is_amount(rest[0]):
        return True
    if squash(flat) in _total_labels():
        return True
    if kind in TWO_SIDED and row_item(tokens[0], kind) and len(tokens) > 1 and \
            not _is_header_words(tokens, kind) and not all(header_measures(t, kind) for t in tokens):
        return True       # (a line of column names only, '一般公共预算 政府性基金预', is the header's)
    return False


def _is_header_words(tokens: list[str], kind: str) -> bool:
    """'本年收入 本年支出': the two sides' headings (names of row items too), no figure."""
    return len(tokens) == 2 and not any(looks_numeric(t) for t in tokens) and \
        all(row_item(t, kind) in ("income_current_total", "expenditure_current_total") for t in tokens)


def _is_header_repeat(flat: str, kind: str) -> bool:
    """A header printed again (a table continued on a page): column names and no figure at all
    (a two-sided row may end with a blank cell after its figures)."""
    tokens = flat.split()
    return not any(looks_numeric(t) for t in tokens) and len(find_measures(flat, kind)) >= 2


def _parse_rows(lines, idxs, region, kind, layout, grid, measures, texts, joined, words=None):
    rows: list[Row] = []
    note_text = note_line = None
    codes = CodeContext()
    pending: Row | None = None      # a row whose name has begun but whose numbers have not come
    nameless: Row | None = None     # the last row, when its code line printed no name
    header_block: list[list[str]] = []
    seq = 0
    if texts:
        lines = list(lines)              # this table's view, with split figures joined
        for j, text in texts.items():
            lines[j] = text

    def new_row(j: int) -> Row:
        nonlocal seq
        seq += 1
        return Row(seq, j + 1, j + 1)

    sequenced = _sequence_column(lines, idxs) if layout != "tab" and kind not in TWO_SIDED else set()
    for pos, j in enumerate(idxs):
        raw = lines[j]
        flat = raw.replace("\t", " ").strip()
        if not flat or _PAGE_NUMBER.match(flat) or j + 1 in region.extra_titles:
            continue
        if j in sequenced:
            flat = flat.split(None, 1)[1]     # a 序号 column's number: no code, no name
        if META_LINE.search(flat) or UNIT_LINE.search(flat) or _numbering_count(flat) is not None:
            continue
        if NOTE_LINE.search(flat) or (re.search(r"[。]", flat) and "\t" not in raw):
            note_text, note_line = _note_from(lines, j, region.end)
            break
        if _is_header_repeat(flat, kind):
            if layout == "tab":
                header_block.append(raw.split("\t"))
                new_grid = tab_grid(header_block, kind, measures)
                grid = new_grid if new_grid is not None else grid
            continue
        header_block = []
        if kind in TWO_SIDED:
            rows.extend(_two_sided_rows(raw, j, layout, kind, lambda: new_row(j)))
            continue
        if layout == "tab":
            row = _tab_row(raw, j, kind, codes, grid, new_row)
            if row is not None:
                rows.append(row)
            continue
        # Space layout: a row may wrap over several lines, numbers on the last.
        tokens = flat.split()
        code_raw, parts, rest = _split_code(tokens, kind)
        head, nums = _trailing_numbers(rest)
        text = " ".join(head)
        if parts:
            # A code line printing no name, after a name fragment with no code: the name wrapped
            # around the code line ('自然资源海洋气象等支' / '220 5,972.33 …' / '出') is its row's.
            if pending is not None and (pending.code or pending.numbers or text or not pending.label):
                rows.append(pending)
                pending = None
            if pending is None:
                pending = new_row(j)
            pending.line_end = j + 1             # a name begun on the line before ends here
            pending.code_raw = code_raw
            pending.code = codes.resolve(parts)
            pending.label = join_wrapped([pending.label, text])
            nameless = None if text else pending
        elif pending is None:
            if not nums and rows and (rows[-1] is nameless or _continues_previous(lines, idxs, pos)):
                nameless = None      # the end of a name wrapped around its code line
                rows[-1].label = join_wrapped([rows[-1].label, text])
                rows[-1].line_end = j + 1
                rows[-1].damaged = rows[-1].damaged or joined.get(j, 0) < 0
                continue
            pending = new_row(j)
            pending.label = text
        else:
            pending.label = join_wrapped([pending.label, text])
            pending.line_end = j + 1
        if j in joined:
            pending.line_end = max(pending.line_end, joined[j] + 1)
            pending.damaged = pending.damaged or joined[j] < 0
        if nums:
            if words is not None and words[j] is not None and j not in texts:
                _locate(nums, words[j])
            pending.numbers = nums
            rows.append(pending)
            pending = None
        elif squash(text) in _total_labels():
            rows.append(pending)
            pending = None
    if pending is not None:
        rows.append(pending)
    for r in rows:
        _finish_row(r, kind)
    return rows, note_text, note_line, grid


def _sequence_column(lines: list[str], idxs: list[int]) -> set[int]:
    """The lines whose first token is a 序号 (sequence) column's number ('2 301 工资福利支出 …').
    Told from a code or an amount by the table's own arithmetic: the leading integers of the
    table's lines that print a name count 1, 2, 3 … (from 1 or 2, each the previous + 1, none
    zero-padded like a 款 code '01'), on at least three lines. Anything less is no sequence column."""
    found: list[tuple[int, int]] = []
    for j in idxs:
        tokens = lines[j].replace("\t", " ").split()
        if len(tokens) >= 2 and re.fullmatch(r"[1-9]\d{0,2}", tokens[0]) and \
                re.search(r"[\u4e00-\u9fff]", lines[j]):
            found.append((j, int(tokens[0])))
    if len(found) < 3 or found[0][1] > 2:
        return set()
    if any(b != a + 1 for (_, a), (_, b) in zip(found, found[1:])):
        return set()
    return {j for j, _ in found}


def _locate(nums: list[Number], words: list[Word]) -> None:
    """The trailing figures of a line take the extents of its trailing words ('12.5 %' is two)."""
    k = len(words)
    for n in reversed(nums):
        c = len(n.raw.split())
        if c > k:
            return
        part = words[k - c:k]
        n.span = (part[0][1], part[-1][2], max(w[3] for w in part))
        if part[0][4] is not None:
            n.box = (part[0][1], min(w[4] for w in part), part[-1][2], max(w[5] for w in part))
        k -= c


def _continues_previous(lines, idxs, pos) -> bool:
    """A name fragment after a complete row: it belongs to that row when the next line starts a new row."""
    for j in idxs[pos + 1:]:
        flat = lines[j].replace("\t", " ").strip()
        if not flat:
            continue
        tokens = flat.split()
        _, parts, rest = _split_code(tokens, "")
        head, nums = _trailing_numbers(rest)
        if parts and not head and nums:
            return False         # the next row prints no name: the fragment begins its name
        return bool(parts) or squash(" ".join(head)) in _total_labels() or NOTE_LINE.search(flat) is not None
    return True


# The code columns' header cells (类 / 款 / 项) printed on the first row's line beside its name.
_CODE_HEADER = re.compile(r"^类\s*款\s*项\s*(?=\S)")
_SEQUENCE = re.compile(r"^\d{1,3}\s+(\S.*)$")


def _finish_row(r: Row, kind: str) -> None:
    r.label = clean_label(r.label)
    if r.code is None:
        r.label = _CODE_HEADER.sub("", r.label)
        # '1 合计': a 序号 (sequence) column's number before the total row's name.
        seq = _SEQUENCE.match(r.label)
        if seq and squash(seq.group(1)) in _total_labels():
            r.label = seq.group(1)
    s = strip_numbering(r.label)
    if r.code is None and (s in _total_labels() or re.sub(r"\(.*\)$", "", s) in _total_labels()):
        r.row_kind = "total"
    elif r.code is not None:
        r.row_kind = {3: "category", 5: "item", 7: "item"}.get(len(r.code), "line")
    r.row_item = row_item(r.label, kind) if r.label else None
    if r.row_item is None and r.side and s == "总计":
        r.row_item = f"{r.side}_grand_total"       # a two-sided table's '总计' on either side


def _tab_row(raw: str, j: int, kind: str, codes: CodeContext, grid, new_row) -> Row | None:
    cells = [c.strip() for c in raw.split("\t")]
    row = new_row(j)
    code_parts: list[str] = []
    code_raws: list[str] = []
    texts: list[str] = []
    nonempty = [c for c in cells if c]
    # A 序号 (sequence) cell before a cell that carries its own code: '12\t[30229]福利费'.
    skip_first = len(nonempty) > 1 and re.fullmatch(r"\d{1,3}", nonempty[0]) is not None and \
        bool(_BRACKET_CODE.match(nonempty[1]) or _DASH_CODE.match(nonempty[1]))
    for col, cell in enumerate(cells):
        if not cell:
            continue
        if skip_first:
            skip_first = False
            continue
        if not texts and not row.numbers and col < 3 and re.fullmatch(r"\d{2,7}", cell) and \
                (grid is None or col not in grid):
            code_parts.append(cell)
            code_raws.append(cell)
            continue
        if not texts and not row.numbers and not code_parts and re.fullmatch(r"\d{1,3}", cell) and \
                col == 0 and len(cells) > 2 and not is_amount(cells[1] or "x"):
            continue                       # a 序号 (sequence) column
        if (is_amount(cell) or looks_numeric(cell) and " " not in cell) and (texts or code_parts or col > 0):
            row.numbers.append(_number(cell, col))
            continue
        tokens = cell.split()
        c_raw, parts, rest = _split_code(tokens, kind) if not code_parts and not texts else ("", [], tokens)
        if parts:
            code_parts.extend(parts)
            code_raws.append(c_raw)
        head, spaced = _trailing_numbers(rest) if len(rest) > 1 or parts else (rest, [])
        if spaced:
            # Figures printed inside one cell, space-separated: the row breaks the table's cell
            # layout, so its figures have no column and no rule may place them.
            row.numbers.extend(spaced)
            row.layout_break = True
            rest = head
        if rest:
            texts.append(" ".join(rest))
    if not texts and not code_parts and not row.numbers:
        return None
    row.code_raw = " ".join(code_raws)
    row.code = codes.resolve(code_parts) if code_parts else None
    row.label = clean_label(texts[0]) if texts else ""
    if len(texts) > 1:
        row.project_name = clean_label(" ".join(texts[1:]))
    return row


_SIDE_SPLIT = re.compile(r"^(\d{3})$")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})、|^[(（]\d{1,2}[)）]")


_FIGURE_THEN_ORDINAL = re.compile(r"(\d\.\d+)(?=[一二三四五六七八九十]+、)")


def _two_sided_rows(raw: str, j: int, layout: str, kind: str, make_row) -> list[Row]:
    """Split a line of a two-sided (income | expenditure) table into its segments."""
    if layout == "tab":
        tokens = []
        for cell in raw.split("\t"):
            cell = cell.strip()
            tokens.append(cell if cell else "\x00")     # keep cell boundaries
    else:
        # '18,417.70一、一般公共服务支出': an income figure printed flush against the expenditure
        # side's numbered label is two tokens.
        tokens = _attach_units(_FIGURE_THEN_ORDINAL.sub(r"\1 ", raw).split())
    segments: list[tuple[list[str], list[Number]]] = []
    label: list[str] = []
    nums: list[Number] = []
    for k, t in enumerate(tokens):
        if t == "\x00":
            if label and not nums:
                continue
            continue
        nxt = next((x for x in tokens[k + 1:] if x != "\x00"), None)
        is_code = bool(_SIDE_SPLIT.match(t)) and nxt is not None and not is_amount(nxt) \
            and t.startswith("2")
        if not is_code and label and looks_numeric(t):
            nums.append(_number(t, k if layout == "tab" else None))
            continue
        if nums or (is_code and label):
            segments.append((label, nums))
            label, nums = [], []
        if layout == "tab" and label and not nums and not is_code and _starts_new_cell(tokens, k):
            segments.append((label, nums))
            label, nums = [], []
        elif layout == "space" and label and not nums and _ORDINAL.match(t):
            # '二、财政专户管理事业收入 二、项目支出 417.41': an income item printed blank, then the
            # expenditure item; each numbered item starts its own segment.
            segments.append((label, nums))
            label, nums = [], []
        label.append(t)
    if label or nums:
        segments.append((label, nums))
    rows = []
    for n, (lab, ns) in enumerate(segments):
        text = join_wrapped([" ".join(lab)])
        if not text and not ns:
            continue
        r = make_row()
        r.numbers = ns
        code_m = re.match(r"^(2\d\d)\s*(.*)$", text)
        if code_m:
            r.code_raw, r.code, text = code_m.group(1), code_m.group(1), code_m.group(2)
        r.label = text
        if len(segments) >= 2:
            r.side = "income" if n == 0 else "expenditure"
        else:
            r.side = "expenditure" if (r.code or _expenditure_label(text)) else "income"
        _finish_row(r, kind)
        if r.code:
            r.row_kind = "category"
        rows.append(r)
    return rows


def _starts_new_cell(tokens: list[str], k: int) -> bool:
    return k > 0 and tokens[k - 1] == "\x00"


def _expenditure_label(text: str) -> bool:
    s = strip_numbering(text)
    return "支出" in s or "结转下年" in s or "结余分配" in s
