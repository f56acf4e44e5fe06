"""One table region into rows: the header, then each line by its layout (tab_rows, two_sided, or
the space layout here, whose rows wrap over lines), the figures accounted for."""
from __future__ import annotations

import re

from ..aliases import row_item, squash
from ..amounts import is_amount, read_amount
from ..geometry import Word, header_columns
from ..model import Finding
from ..segment import META_LINE, NOTE_LINE, UNIT_LINE, Region, reads_as_prose
from ..units import is_money, unholdable, unit_of_line
from .cells import (
    CodeContext, _finish_row, _locate, _number, _sequence_column, _split_code, _trailing_numbers,
    _wrapped_unit, join_split_figures,
)
from .header import (
    _is_header_repeat, _is_header_words, _measures_by_position, _numbering_count, _total_labels,
    clean_label, header_measures, join_wrapped, tab_grid,
)
from .rows import Number, ParsedTable, Row, TWO_SIDED, _CJK, _PAGE_NUMBER
from .tab_rows import _tab_row
from .two_sided import _two_sided_rows


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
