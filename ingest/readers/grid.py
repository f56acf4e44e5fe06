"""Tables that arrive as cells (a spreadsheet, a web page's <table>, a Word table) laid out as a
printed page would place them, so the parser reads them as it reads a PDF's rows.

Column c spans x = [c·100 + 10, c·100 + 90] points (a cell spanning columns spans their union);
row r of a page sits at y = −r·20. The gap between columns is wider than a character's height, so
no two cells read as one phrase; a landed box thus names its cell: column ⌊left / 100⌋, the row by
its source line. The line's text keeps the cell boundaries as tabs, one field per grid column, so
the parser reads the row's cells as it reads a tab-separated extraction's. Whitespace inside a cell between Chinese characters is a wrapped line, not a
space ('一般公共\n预算拨款' is one header).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import Part

COLUMN_WIDTH, PAD, ROW_HEIGHT, CHAR_HEIGHT = 100.0, 10.0, 20.0, 10.0
PAGE_BREAK = "\f"
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff\uff08\uff09()])\s+(?=[\u3400-\u9fff\uff08\uff09()])")


@dataclass
class GridCell:
    text: str
    col: int
    span: int = 1


# A page is a list of lines: a paragraph (str) or a table row (list of GridCell).
Line = str | list[GridCell]


def cell_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\u3000", " ")
    return " ".join(_CJK_GAP.sub("", text).split())


def _row_words(cells: list[GridCell], top: float) -> list[tuple]:
    words = []
    for c in sorted(cells, key=lambda c: c.col):
        tokens = c.text.split()
        if not tokens:
            continue
        x0 = c.col * COLUMN_WIDTH + PAD
        x1 = (c.col + c.span) * COLUMN_WIDTH - PAD
        total = sum(len(t) for t in tokens) + len(tokens) - 1
        if len(tokens) == 1:
            words.append((tokens[0], x0, x1, CHAR_HEIGHT, top - CHAR_HEIGHT, top))
            continue
        # Several tokens in one cell ('201 01 01', a label and its code) keep their order inside it.
        unit, x = (x1 - x0) / total, x0
        for tok in tokens:
            words.append((tok, x, x + unit * len(tok), CHAR_HEIGHT, top - CHAR_HEIGHT, top))
            x += unit * (len(tok) + 1)
    return words


def _fields(cells: list[GridCell], width: int) -> str:
    """The row's cells with their boundaries: one tab-separated field per column of its table (a
    cell spanning columns leaves the rest of its span empty), as a tab-separated extraction keeps
    them; a row without cells (a blank row) is an empty line."""
    if not cells:
        return ""
    fields = [""] * max(width, max(c.col + c.span for c in cells))
    for c in cells:
        fields[c.col] = c.text
    return "\t".join(fields)


def _block_widths(lines: list[Line]) -> list[int]:
    """Per line, the width (in columns) of the table its row belongs to: rows in a run are one table."""
    widths = [0] * len(lines)
    k = 0
    while k < len(lines):
        if isinstance(lines[k], str) or not lines[k]:
            k += 1
            continue
        end = k
        while end < len(lines) and not isinstance(lines[end], str) and lines[end]:
            end += 1
        width = max(c.col + c.span for row in lines[k:end] for c in row)
        widths[k:end] = [width] * (end - k)
        k = end
    return widths


def _paragraph_words(text: str, top: float) -> list[tuple]:
    words, x = [], PAD
    for tok in text.split():
        words.append((tok, x, x + CHAR_HEIGHT * len(tok), CHAR_HEIGHT, top - CHAR_HEIGHT, top))
        x += CHAR_HEIGHT * (len(tok) + 1)
    return words


def grid_part(pages: list[list[Line]], encoding: str) -> Part:
    """The pages as a Part: each row one line of its cells' words, each paragraph one line."""
    texts, words = [], []
    for lines in pages:
        page_lines = []
        widths = _block_widths(lines)
        for r, line in enumerate(lines):
            top = -r * ROW_HEIGHT
            if isinstance(line, str):
                text = cell_text(line)
                page_lines.append(text)
                words.append(_paragraph_words(text, top))
            else:
                cells = [GridCell(cell_text(c.text), c.col, c.span) for c in line]
                page_lines.append(_fields(cells, widths[r]))
                words.append(_row_words(cells, top))
        texts.append("\n".join(page_lines))
        if not page_lines:
            words.append([])
    words.append([])
    return Part(("\n" + PAGE_BREAK).join(texts) + "\n", encoding, words)
