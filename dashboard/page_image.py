"""The printed page beside what we read: the document page rendered from its PDF, the figures we
placed boxed in blue, those on the selected finding's lines in red. The PDF is looked up under the
folder the documents were read from (DASHBOARD_DOCS, else BUDGET_DOCS, else data/raw) by the
document's source_file, and never outside it; a document read from a text extraction has no page
image."""
from __future__ import annotations

import io
import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SCALE = 1.4


def source_pdf(source_file: str | None) -> Path | None:
    if not source_file:
        return None
    root = Path(os.environ.get("DASHBOARD_DOCS") or os.environ.get("BUDGET_DOCS") or PROJECT / "data" / "raw")
    root = (root if root.is_absolute() else PROJECT / root).resolve()
    path = (root / source_file).resolve()
    if not path.is_relative_to(root) or path.suffix.lower() != ".pdf" or not path.is_file():
        return None
    return path


def render(path: Path, page: int, boxes: list[dict], lines: set[int]) -> bytes | None:
    """PNG of the page with the boxes drawn; None when the page is not in the PDF."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            return None
        leaf = pdf[page - 1]
        image = leaf.render(scale=SCALE).to_pil().convert("RGB")
        left, _, _, top = leaf.get_cropbox()
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image)
    for b in sorted(boxes, key=lambda b: _selected(b, lines)):     # the selected ones drawn last, on top
        x0, y0 = (float(b["box_left"]) - left) * SCALE, (top - float(b["box_top"])) * SCALE
        x1, y1 = (float(b["box_right"]) - left) * SCALE, (top - float(b["box_bottom"])) * SCALE
        if _selected(b, lines):
            draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(220, 0, 0), width=3)
        else:
            draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), outline=(60, 120, 220), width=1)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _selected(box: dict, lines: set[int]) -> bool:
    return any(box["source_line"] <= n <= box["source_line_end"] for n in lines)
