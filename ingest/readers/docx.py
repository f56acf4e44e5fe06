"""A Word document (.docx: ZIP of WordprocessingML), its paragraphs and tables in body order.

A table cell spans its grid columns (w:gridSpan); a cell continuing a vertical merge (w:vMerge
without 'restart') is empty, as a merged header prints once. A page break (w:br type=page, or a
paragraph that starts a page) starts a page.
"""
from __future__ import annotations

import zipfile
from io import BytesIO
from xml.etree import ElementTree

from ..reader import UnreadableInput
from . import Part
from .grid import GridCell, Line, grid_part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Far above any disclosure; a ZIP bomb's document.xml is refused before it is inflated.
MAX_XML_BYTES = 64 * 2**20


def _text(el) -> tuple[str, bool]:
    """A paragraph's text and whether it holds a page break."""
    out, page_break = [], False
    for node in el.iter():
        if node.tag == W + "t" and node.text:
            out.append(node.text)
        elif node.tag == W + "tab":
            out.append(" ")
        elif node.tag == W + "br":
            if node.get(W + "type") == "page":
                page_break = True
            else:
                out.append("\n")
        elif node.tag == W + "pageBreakBefore" and node.get(W + "val", "true") not in ("0", "false"):
            page_break = True
    return "".join(out), page_break


def _table(tbl) -> list[list[GridCell]]:
    rows = []
    for tr in tbl.findall(W + "tr"):
        cells, col = [], 0
        for tc in tr.findall(W + "tc"):
            props = tc.find(W + "tcPr")
            span, continued = 1, False
            if props is not None:
                gs = props.find(W + "gridSpan")
                if gs is not None:
                    span = max(1, min(int(gs.get(W + "val", "1")), 100))
                vm = props.find(W + "vMerge")
                continued = vm is not None and vm.get(W + "val", "continue") != "restart"
            if not continued:
                text = "\n".join(_text(p)[0] for p in tc.iter(W + "p"))
                if text.strip():
                    cells.append(GridCell(text, col, span))
            col += span
        rows.append(cells)
    return rows


def read_docx(data: bytes) -> Part:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_XML_BYTES:
            raise UnreadableInput(f"a .docx whose text is {info.file_size:,} bytes unpacked (limit {MAX_XML_BYTES:,})")
        root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise UnreadableInput(f"a damaged .docx ({exc})") from exc
    body = root.find(W + "body")
    pages: list[list[Line]] = [[]]
    for el in (body if body is not None else []):
        if el.tag == W + "p":
            text, page_break = _text(el)
            if page_break and pages[-1]:
                pages.append([])
            pages[-1].extend(ln for ln in text.split("\n") if ln.strip())
        elif el.tag == W + "tbl":
            pages[-1].extend(_table(el))
    pages = [p for p in pages if p]
    if not pages:
        raise UnreadableInput("a .docx with no text")
    return grid_part(pages, "docx")
