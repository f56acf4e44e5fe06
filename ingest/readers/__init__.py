"""One reader per format, one output: a `Part`, the document as positioned lines.

Every reader turns its bytes into the same model: pages (separated by a form feed) of lines, each
line with its words and where they are printed (`Word`: text, left, right, height, bottom, top).
A PDF's words are PDFium's character boxes; an OCR'd page's are the engine's boxes; a spreadsheet's,
a web page's or a Word file's table cells are laid out on a grid (ingest/readers/grid.py); a text
extraction has no words (a layout extraction's come from its character offsets, in the parser).
The parser reads that model and never learns which format it came from.

The format is told by the content (magic bytes), never by the file name alone: a web page saved
as '.xls' is read as the web page it is.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from ..reader import UnreadableInput


@dataclass
class Note:
    """Something reading found about the file (pages sideways, pages OCR'd), for the findings."""
    code: str
    message: str


@dataclass
class Part:
    """One input file read: its text (lines; pages separated by a form feed), how it was read,
    each line's words where their positions are known, and what reading it found."""
    text: str
    encoding: str                    # the text's encoding, or the format read ('pdf', 'xlsx', …)
    words: list | None = None
    cut_tail: bool = False
    notes: list[Note] = field(default_factory=list)
    ocr_pages: frozenset[int] = frozenset()   # pages (1-based) whose text an OCR engine read


# Magic bytes of the formats we read, and of the ones a bureau's attachment often is instead.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"),
           (b"MM\x00*", "tiff"))
_REFUSED = ((b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"), (b"\x1f\x8b", "a gzip file"),
            (b"{\\rtf", "an RTF file (save it as .docx)"))


def sniff(data: bytes) -> str:
    """The format of the bytes: pdf, xlsx, docx, xls, image, html or text. Raises UnreadableInput
    naming what the file is when it is none of them."""
    head = data[:8192]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise UnreadableInput(f"a damaged ZIP archive ({exc})") from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        raise UnreadableInput("a ZIP archive that is neither an .xlsx workbook nor a .docx document; "
                              "unpack it and ingest its files")
    if head.startswith(_OLE):
        return "xls"     # a Word 97 .doc is OLE too: the spreadsheet reader says so
    for magic, _ in _IMAGES:
        if head.startswith(magic):
            return "image"
    for magic, what in _REFUSED:
        if head.startswith(magic):
            raise UnreadableInput(f"{what}, not a disclosure")
    from .html import looks_like_html
    return "html" if looks_like_html(head) else "text"


def read(data: bytes, fmt: str | None = None) -> Part:
    """The file as a Part, by its format (sniffed when not given). Raises UnreadableInput or
    UnreadablePdf with the reason."""
    fmt = fmt or sniff(data)
    if fmt == "pdf":
        from .pdf import read_pdf_part
        return read_pdf_part(data)
    if fmt in ("xlsx", "xls"):
        from .spreadsheet import read_spreadsheet
        return read_spreadsheet(data, fmt)
    if fmt == "docx":
        from .docx import read_docx
        return read_docx(data)
    if fmt == "html":
        from .html import read_html
        return read_html(data)
    if fmt == "image":
        from .ocr import read_image
        return read_image(data)
    from .text import read_text
    return read_text(data)
