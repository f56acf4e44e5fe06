"""The tab layout: a row of cell-separated fields (markdown/HTML extractions, workbooks, web pages,
Word tables)."""
from __future__ import annotations

import re

from ..amounts import is_amount, looks_numeric
from .cells import CodeContext, _number, _split_code, _trailing_numbers
from .header import clean_label
from .rows import Row, _BRACKET_CODE, _DASH_CODE


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
