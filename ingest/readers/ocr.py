"""Scanned pages read by OCR: RapidOCR (ONNX Runtime; the wheel carries its Chinese models, so
nothing is downloaded). Chosen over Tesseract's chi_sim on the corpus's table pages: BENCHMARKS.md
("OCR engines").

The engine's character boxes become words in PDF points (bottom-left origin, as PDFium's), cut
where characters stand apart and grouped into lines by the same code as a text layer's characters
(ingest/readers/pdf.py: lines_of_chars). An OCR'd figure is never trusted alone: the parser
confirms it by the table's arithmetic (ingest/ocr_verify.py) or lands it as `ocr_unverified`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from io import BytesIO

from ..reader import UnreadableInput
from . import Note, Part
from .pdf import lines_of_chars

# Rendering resolution: 200 dpi reads 8-point table digits; more costs time for no digit gained.
DPI = 200
_SCALE = DPI / 72
# The engine reads '216,801,570' as '216, 801, 570' and '9.30' as '9. 30': a separator followed by a
# space inside a figure is the figure's.
_SPACED_SEPARATOR = re.compile(r"(?<=\d)([,.])\s+(?=\d)|(?<=\d)\s+(?=[,.]\d)")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# Characters further apart than this share of the box's height are two cells boxed together (on
# the corpus's table pages: within a word at most 0.39, a figure's digits 0.16, two cells 0.66).
CELL_GAP = 0.5


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - a pinned requirement and `make system-deps`
        raise UnreadableInput(f"the OCR engine cannot load ({exc}): `make setup system-deps` installs "
                              "it and the libraries it needs (libgl1, libglib2.0-0)") from exc
    return RapidOCR()


@lru_cache(maxsize=1)
def _misreadings() -> list[tuple[re.Pattern[str], str]]:
    """What the engine is known to misread, as data (ingest/data/ocr_misreadings.csv): a pattern
    of a word no disclosure prints (a regular expression over one OCR'd word), and what the page
    prints instead."""
    from ..aliases import data_rows

    return [(re.compile(r["misread"]), r["reading"]) for r in data_rows("ocr_misreadings.csv")]


def clean(text: str) -> str:
    text = _SPACED_SEPARATOR.sub(lambda m: m.group(1) or "", text)
    text = _CJK_GAP.sub("", text).strip()
    for misread, reading in _misreadings():
        text = misread.sub(reading, text)
    return text


def ocr_image(image, page_height_pt: float, scale: float) -> list[list[tuple]]:
    """Lines of words (text, left, right, height, bottom, top in points) read from a PIL image."""
    import numpy as np

    result, _ = _engine()(np.asarray(image.convert("RGB")), return_word_box=True)
    units = []
    for item in result or []:
        char_quads = item[3] if len(item) > 3 else None
        for left, right, top, bottom, word in _words(item[0], item[1], char_quads):
            left, right = left / scale, right / scale
            bottom, top = page_height_pt - bottom / scale, page_height_pt - top / scale
            if top - bottom > 0 and right - left > 0:
                units.append((-(top + bottom) / 2, left, right, top - bottom, word, bottom, top))
    return [_split_spaced(line) for line in lines_of_chars(units)]


def _words(quad, text: str, char_quads) -> list[tuple]:
    """The recognised text cut into words where its characters stand apart, as (left, right,
    top, bottom, text) in pixels (y grows downwards)."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    top, bottom = min(ys), max(ys)
    visible = [ch for ch in text if not ch.isspace()]
    if char_quads and len(char_quads) in (len(text), len(visible)):
        pairs = zip(text, char_quads) if len(char_quads) == len(text) else zip(visible, char_quads)
        words: list[list[tuple]] = [[]]
        for ch, q in pairs:
            x0, x1 = min(p[0] for p in q), max(p[0] for p in q)
            if words[-1] and x0 - words[-1][-1][2] > CELL_GAP * (bottom - top):
                words.append([])
            words[-1].append((ch, x0, x1))
        out = []
        for w in words:
            cleaned = clean("".join(c[0] for c in w))
            if cleaned:
                out.append((w[0][1], w[-1][2], top, bottom, cleaned))
        return out
    cleaned = clean(text)
    return [(min(xs), max(xs), top, bottom, cleaned)] if cleaned else []


def _split_spaced(line: list[tuple]) -> list[tuple]:
    """A word whose text still holds a space (Latin words) is cut there, in proportion to length,
    so each word of the line is one token of its text."""
    out = []
    for text, left, right, height, bottom, top in line:
        tokens = text.split()
        if len(tokens) <= 1:
            out.append((text, left, right, height, bottom, top))
            continue
        unit, x = (right - left) / (sum(len(t) for t in tokens) + len(tokens) - 1), left
        for tok in tokens:
            out.append((tok, x, x + unit * len(tok), height, bottom, top))
            x += unit * (len(tok) + 1)
    return out


def ocr_pdf_page(page) -> list[list[tuple]]:
    """A PDF page without a text layer, rendered and read."""
    image = page.render(scale=_SCALE, grayscale=True).to_pil()
    return ocr_image(image, page.get_height(), _SCALE)


def read_image(data: bytes) -> Part:
    """A scanned page saved as an image (PNG, JPEG, TIFF; every frame of a TIFF is a page)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(BytesIO(data))
        frames = [f.copy() for f in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise UnreadableInput(f"a damaged image ({exc})") from exc
    pages, words = [], []
    for frame in frames:
        dpi = float((frame.info.get("dpi") or (DPI, DPI))[1] or DPI)
        scale = dpi / 72
        lines = ocr_image(frame, frame.height / scale, scale)
        pages.append("\n".join(" ".join(w[0] for w in line) for line in lines))
        words.extend(lines or [[]])
    if not any(pages):
        raise UnreadableInput(f"an image of {len(frames)} page(s) on which OCR read no text")
    words.append([])
    part = Part("\n\f".join(pages) + "\n", "image", words, ocr_pages=frozenset(range(1, len(pages) + 1)))
    part.notes.append(Note("ING_PAGE_OCR",
                           f"a scanned image of {len(pages)} page(s), read by OCR: its figures are used "
                           "only where the table's own arithmetic confirms them"))
    return part
