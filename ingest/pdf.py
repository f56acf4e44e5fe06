"""Read a published PDF's text layer (pypdfium2: PDFium's character boxes) into lines.

Characters are grouped into lines by their vertical position on the page (a line is the
characters whose vertical centres lie within half a character height of each other) and ordered
left to right; a gap wider than a third of the character height is a space. So a table row reads
as its cells in the order they are printed, whatever order the PDF's content stream drew them in.
Pages are separated by a form feed, which the pipeline turns into each line's page number.

Geometry beyond this (a table's columns from its header cells' spans) is not used yet: the lines
go through the same parser as a plain-text extraction.
"""
from __future__ import annotations

from dataclasses import dataclass, field

PAGE_BREAK = "\f"


class UnreadablePdf(Exception):
    """A PDF PDFium cannot open (damaged, encrypted) or one without a text layer."""


@dataclass
class PdfText:
    text: str                        # lines, pages separated by PAGE_BREAK
    pages: int
    pages_without_text: list[int] = field(default_factory=list)   # 1-based


def _lines_of_page(textpage) -> list[str]:
    n = textpage.count_chars()
    if n <= 0:
        return []
    full = textpage.get_text_range()
    chars = []
    for k in range(min(n, len(full))):
        ch = full[k]
        if ch.isspace() or not ch.isprintable():
            continue                 # spaces come from the gaps; PDFium adds line ends of its own
        left, bottom, right, top = textpage.get_charbox(k, loose=True)
        height = top - bottom
        if height <= 0:
            continue
        chars.append(((top + bottom) / 2, left, right, height, ch))
    chars.sort(key=lambda c: (-c[0], c[1]))
    lines: list[list[tuple]] = []
    for c in chars:
        if lines:
            centre = sum(x[0] for x in lines[-1]) / len(lines[-1])
            if abs(c[0] - centre) <= max(c[3], lines[-1][0][3]) / 2:
                lines[-1].append(c)
                continue
        lines.append([c])
    out = []
    for line in lines:
        line.sort(key=lambda c: c[1])
        text = line[0][4]
        for prev, cur in zip(line, line[1:]):
            gap = cur[1] - prev[2]
            if gap > min(prev[3], cur[3]) / 3:
                text += " "
            text += cur[4]
        out.append(text)
    return out


def read_pdf(data: bytes) -> PdfText:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadablePdf(f"PDF cannot be opened: {exc}") from exc
    try:
        pages: list[str] = []
        empty: list[int] = []
        for i in range(len(doc)):
            page = doc[i]
            try:
                lines = _lines_of_page(page.get_textpage())
            finally:
                page.close()
            if not lines:
                empty.append(i + 1)
            pages.append("\n".join(lines))
    finally:
        doc.close()
    if not pages or len(empty) == len(pages):
        raise UnreadablePdf(f"scanned: no text layer on any of its {len(pages)} page(s) "
                            "(OCR not supported)")
    # As pdftotext does: a page ends with its line end, and the next page starts with the break.
    return PdfText(("\n" + PAGE_BREAK).join(pages) + "\n", len(pages), empty)
