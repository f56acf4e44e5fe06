"""Read a published PDF's text layer (pypdfium2: PDFium's character boxes) into lines.

Characters are grouped into lines by their vertical position on the page (a line is the
characters whose vertical centres lie within half a character height of each other) and ordered
left to right; a gap wider than a third of the character height is a space. So a table row reads
as its cells in the order they are printed, whatever order the PDF's content stream drew them in.
Pages are separated by a form feed, which the pipeline turns into each line's page number.

Each line also keeps its words (runs of characters without a gap) with their horizontal extent,
so the table parser can place a figure by the header column it is printed under
(ingest/geometry.py). Pages without a text layer are read by OCR (ingest/readers/ocr.py).
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from operator import itemgetter

from . import Note, Part

PAGE_BREAK = "\f"


# text, left, right, character height, bottom, top (points, from the page's bottom left corner)
Word = tuple[str, float, float, float, float, float]


class UnreadablePdf(Exception):
    """A PDF PDFium cannot open (damaged, encrypted) or one without a text layer."""


@dataclass
class PdfText:
    text: str                        # lines, pages separated by PAGE_BREAK
    pages: int
    pages_without_text: list[int] = field(default_factory=list)   # 1-based, after OCR
    words: list[list[Word]] = field(default_factory=list)          # per line of text
    ocr_pages: list[int] = field(default_factory=list)             # 1-based: read by OCR


def _displayed(rotation: int, mediabox: tuple[float, float, float, float]):
    """Where a point of the page's own space is shown once the page's /Rotate (clockwise) is
    applied, or None for an unrotated page. A table printed landscape on a portrait page turned by
    /Rotate 90 (江苏省委办公厅's 公开表) is read as it is shown, not as columns of single characters."""
    x0, y0, x1, y1 = mediabox
    return {90: lambda x, y: (y - y0, x1 - x), 180: lambda x, y: (x1 - x, y1 - y),
            270: lambda x, y: (y1 - y, x - x0)}.get(rotation % 360)


def _lines_of_page(textpage, rotation: int = 0, mediabox=(0.0, 0.0, 0.0, 0.0)) -> list[list[Word]]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    shown = _displayed(rotation, mediabox)

    n = textpage.count_chars()
    if n <= 0:
        return []
    full = textpage.get_text_range()
    chars = []
    # PDFium's own call with one box for every character (get_charbox makes a box per call).
    rect = pdfium_c.FS_RECTF()
    charbox, raw, out_rect = pdfium_c.FPDFText_GetLooseCharBox, textpage.raw, ctypes.byref(rect)
    for k in range(min(n, len(full))):
        ch = full[k]
        if ch.isspace() or not ch.isprintable():
            continue                 # spaces come from the gaps; PDFium adds line ends of its own
        if not charbox(raw, k, out_rect):
            raise pdfium.PdfiumError("Failed to get charbox.")
        left, bottom, right, top = rect.left, rect.bottom, rect.right, rect.top
        if shown is not None:
            (ax, ay), (bx, by) = shown(left, bottom), shown(right, top)
            left, right, bottom, top = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        height = top - bottom
        if height <= 0:
            continue
        # The vertical centre negated: sorting ascending reads the page top to bottom.
        chars.append((-(top + bottom) / 2, left, right, height, ch, bottom, top))
    return lines_of_chars(chars)


def lines_of_chars(chars: list[tuple]) -> list[list[Word]]:
    """Characters (negated vertical centre, left, right, height, text, bottom, top) into lines of
    words: a text layer's, or an OCR engine's character boxes (ingest/readers/ocr.py)."""
    chars.sort(key=itemgetter(0, 1))
    lines: list[list[tuple]] = []
    line: list[tuple] = []
    centre_sum = 0.0                 # of the current line's vertical centres (its mean decides)
    count, first_height = 0, 0.0
    for c in chars:
        height = c[3]
        if count and abs(c[0] - centre_sum / count) <= (height if height > first_height else first_height) / 2:
            line.append(c)
            centre_sum += c[0]
            count += 1
            continue
        line = [c]
        lines.append(line)
        centre_sum, count, first_height = c[0], 1, height
    out = []
    for line in lines:
        line.sort(key=itemgetter(1))
        line = _without_overprint(line)
        words: list[Word] = []
        start = 0
        for i in range(1, len(line) + 1):
            if i < len(line):
                prev, cur = line[i - 1], line[i]
                if cur[1] - prev[2] <= (prev[3] if prev[3] < cur[3] else cur[3]) / 3:
                    continue         # no gap: the same word
            _, lefts, rights, heights, texts, bottoms, tops = zip(*line[start:i])
            words.append(("".join(texts), lefts[0], max(rights), max(heights), min(bottoms), max(tops)))
            start = i
        out.append(words)
    return out


def _without_overprint(line: list[tuple]) -> list[tuple]:
    """A character drawn again on itself (fake bold: the same glyph printed two or three times,
    shifted by a fraction of its width) is one character: '222000222222年年年' is '2022年'."""
    kept = [line[0]]
    for c in line[1:]:
        k = kept[-1]
        if c[4] == k[4] and abs(c[1] - k[1]) < max(k[2] - k[1], k[3] * 0.1) / 2:
            continue
        kept.append(c)
    return kept


def read_pdf(data: bytes, ocr: bool = False) -> PdfText:
    """The text layer, page by page. ocr: a page without one is rendered and read by the OCR
    engine (ingest/readers/ocr.py); else it stays empty and is listed."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadablePdf(f"PDF cannot be opened: {exc}") from exc
    try:
        pages: list[str] = []
        words: list[list[Word]] = []
        empty: list[int] = []
        read_by_ocr: list[int] = []
        for i in range(len(doc)):
            page = doc[i]
            try:
                lines = _lines_of_page(page.get_textpage(), page.get_rotation(), page.get_mediabox())
                if not lines and ocr:
                    from .ocr import ocr_pdf_page
                    lines = ocr_pdf_page(page)
                    if lines:
                        read_by_ocr.append(i + 1)
            finally:
                page.close()
            if not lines:
                empty.append(i + 1)
            pages.append("\n".join(" ".join(w[0] for w in line) for line in lines))
            words.extend(lines or [[]])
    finally:
        doc.close()
    if not pages or len(empty) == len(pages):
        how = "and OCR read nothing on them" if ocr else "(OCR not asked for)"
        raise UnreadablePdf(f"scanned: no text layer on any of its {len(pages)} page(s) {how}")
    # As pdftotext does: a page ends with its line end, and the next page starts with the break.
    words.append([])                 # the empty line after the last line end
    return PdfText(("\n" + PAGE_BREAK).join(pages) + "\n", len(pages), empty, words, read_by_ocr)


_LONE_CHARACTERS = re.compile(r"^\S(?:\s+\S)*$")


def sideways_pages(text: str) -> list[int]:
    """Pages (1-based) whose text runs sideways: a rotated table read line by line comes out as
    lines of lone characters ('总 总 总 收 支 基 金'), most of the page's lines."""
    out = []
    for n, page in enumerate(text.split(PAGE_BREAK), start=1):
        lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
        lone = sum(1 for ln in lines if _LONE_CHARACTERS.match(ln))
        if len(lines) >= 10 and lone >= 0.6 * len(lines):
            out.append(n)
    return out


def _shown(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:10])) + (" …" if len(pages) > 10 else "")


def read_pdf_part(data: bytes) -> Part:
    """A published PDF as a Part; pages without a text layer are OCR'd. Raises UnreadablePdf."""
    pdf = read_pdf(data, ocr=True)
    part = Part(pdf.text, "pdf", pdf.words, ocr_pages=frozenset(pdf.ocr_pages))
    sideways = sideways_pages(pdf.text)
    if sideways:
        part.notes.append(Note("ING_PAGE_SIDEWAYS",
            f"{len(sideways)} of {pdf.pages} pages print their text sideways (page {_shown(sideways)}): "
            "read as columns of single characters, their tables and figures are not read, so no rule "
            "may call them missing"))
    if pdf.ocr_pages:
        part.notes.append(Note("ING_PAGE_OCR",
            f"{len(pdf.ocr_pages)} of {pdf.pages} pages have no text layer and were read by OCR (page "
            f"{_shown(pdf.ocr_pages)}): their figures are used only where the table's own arithmetic "
            "confirms them (placement ocr_unverified otherwise)"))
    if pdf.pages_without_text:
        part.notes.append(Note("ING_PAGE_NO_TEXT",
            f"{len(pdf.pages_without_text)} of {pdf.pages} pages have no text, not even by OCR (page "
            f"{_shown(pdf.pages_without_text)}): what they print (a picture, a seal) is not read"))
    return part
