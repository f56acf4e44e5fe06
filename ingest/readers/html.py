"""A saved web page (the disclosure as an article): its paragraphs and its <table>s, in order.

A table's cells are placed on the grid by colspan and rowspan (a cell spanning rows holds its
column in the rows below, as a merged header does); text outside tables is one line per block
(<p>, <div>, <br>, a heading, a list item). Scripts, styles and comments are not text. The page
is one page.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

from ..reader import UnreadableInput, decode_bytes
from . import Part
from .grid import GridCell, Line, grid_part

_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<table[\s>]|<body[\s>]|<meta\s[^>]*charset", re.I)
_BLOCKS = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section",
                     "article", "tr", "title", "center"})
_SKIP = frozenset({"script", "style", "noscript", "template"})


def looks_like_html(head: bytes) -> bool:
    return bool(_HTML.search(head[:4096]))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.text: list[str] = []          # the paragraph being read
        self.tables: list[dict] = []       # a stack: tables nest
        self.skip = 0

    def _flush(self) -> None:
        text = "".join(self.text).strip()
        if text:
            self.lines.append(text)
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        a = dict(attrs)
        if tag == "table":
            self._flush()
            self.tables.append({"rows": [], "row": None, "cell": None, "held": {}})
        elif self.tables and tag == "tr":
            self.tables[-1]["row"] = []
        elif self.tables and tag in ("td", "th"):
            t = self.tables[-1]
            if t["row"] is None:
                t["row"] = []
            t["cell"] = {"text": [], "colspan": _int(a.get("colspan")), "rowspan": _int(a.get("rowspan"))}
        elif tag == "br":
            if self.tables and self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"]["text"].append("\n")
            else:
                self._flush()
        elif tag in _BLOCKS and not self.tables:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if not self.tables:
            if tag in _BLOCKS:
                self._flush()
            return
        t = self.tables[-1]
        if tag in ("td", "th") and t["cell"] is not None:
            t["row"].append(t["cell"])
            t["cell"] = None
        elif tag == "tr" and t["row"] is not None:
            t["rows"].append(t["row"])
            t["row"] = None
        elif tag == "table":
            self.tables.pop()
            rows = _grid(t["rows"])
            if self.tables and self.tables[-1]["cell"] is not None:   # a table inside a cell
                self.tables[-1]["cell"]["text"].append(" ".join(c.text for r in rows for c in r))
            else:
                self.lines.extend(rows)

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"]["text"].append(data)
        elif not self.tables:
            self.text.append(data)

    def close(self):
        super().close()
        self._flush()


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100))
    except ValueError:
        return 1


def _grid(rows: list[list[dict]]) -> list[list[GridCell]]:
    """Cells to columns: a column held by a cell spanning rows above is skipped."""
    held: dict[tuple[int, int], bool] = {}
    out = []
    for r, row in enumerate(rows):
        cells, col = [], 0
        for cell in row:
            while held.get((r, col)):
                col += 1
            text = "".join(cell["text"])
            cells.append(GridCell(text, col, cell["colspan"]))
            for dr in range(1, cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    held[(r + dr, col + dc)] = True
            col += cell["colspan"]
        out.append([c for c in cells if c.text.strip()])
    return out


def read_html(data: bytes) -> Part:
    decoded = decode_bytes(data)
    page = _Page()
    page.feed(decoded.text)
    page.close()
    if not page.lines:
        raise UnreadableInput("a web page with no text")
    return grid_part([page.lines], "html")
