"""PDF reading throughput on a folder of PDFs (a measurement, not a test).

    python -m ingest.bench_pdf [FOLDER] [--plumber PYTHON]

Pages per second, one process, for: poppler's `pdftotext` (the floor to compare with, when it is
installed), PDFium alone (the pages and text pages the reader starts from), this project's reader (ingest/readers/pdf.py: PDFium character boxes → lines), and the whole
PDF ingest (reader + parser + narrative). --plumber names a Python that has pdfplumber, to time
its word extraction on the same files (pdfplumber is not a dependency of the project).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import cli
from .readers.pdf import UnreadablePdf, read_pdf
from .pipeline import NotADisclosure, ingest_pdf

PLUMBER = """
import sys, time, pdfplumber
pages = 0; t = time.perf_counter()
for p in sys.argv[1:]:
    with pdfplumber.open(p) as pdf:
        for page in pdf.pages:
            page.extract_words(); pages += 1
print(pages, time.perf_counter() - t)
"""

EXIT_CODES = {0: "measured (the figures are printed; nothing is asserted)",
              2: f"no PDF under FOLDER, or {cli.USAGE}"}


def _pdfium_only(data: bytes) -> None:
    """What PDFium itself does for the reader: open, parse every page, build its text page and
    text; no character boxes, no lines (the part of the reader no Python change can shorten)."""
    import pypdfium2 as pdfium
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return
    for i in range(len(doc)):
        page = doc[i]
        page.get_textpage().get_text_range()
        page.close()
    doc.close()


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m ingest.bench_pdf", __doc__.split("\n\n")[0], EXIT_CODES)
    ap.add_argument("folder", nargs="?", default="../shared/corpus",
                    help="PDFs under it are read (default %(default)s)")
    ap.add_argument("--plumber", help="a Python interpreter with pdfplumber installed")
    args = ap.parse_args(argv)
    files = sorted(Path(args.folder).rglob("*.pdf"))
    if not files:
        print(f"bench_pdf: no PDF under {args.folder}", file=sys.stderr)
        return 2
    data = [f.read_bytes() for f in files]
    started = time.perf_counter()
    for d in data:
        _pdfium_only(d)
    pdfium_s = time.perf_counter() - started
    pages = 0
    started = time.perf_counter()
    for d in data:
        try:
            pages += read_pdf(d).pages
        except UnreadablePdf:
            pass
    reader_s = time.perf_counter() - started
    started = time.perf_counter()
    for f, d in zip(files, data):
        try:
            ingest_pdf(d, f.name)
        except (UnreadablePdf, NotADisclosure):
            pass
    ingest_s = time.perf_counter() - started
    print(f"{len(files)} PDFs, {pages} pages with text")
    print(f"PDFium alone (open, parse each page, its text page and text): {pdfium_s:.2f} s = "
          f"{pages / pdfium_s:.0f} pages/s")
    print(f"reader (pypdfium2 chars → lines): {reader_s:.2f} s = {pages / reader_s:.0f} pages/s")
    print(f"ingest (reader + parser + narrative): {ingest_s:.2f} s = {pages / ingest_s:.0f} pages/s")
    if shutil.which("pdftotext"):
        started = time.perf_counter()
        for f in files:
            subprocess.run(["pdftotext", "-layout", str(f), "-"], capture_output=True, check=False)
        floor_s = time.perf_counter() - started
        print(f"pdftotext -layout (one process per file): {floor_s:.2f} s = {pages / floor_s:.0f} pages/s")
    if args.plumber:
        out = subprocess.run([args.plumber, "-c", PLUMBER, *map(str, files)], capture_output=True,
                             text=True, check=False).stdout.split()
        if len(out) == 2:
            print(f"pdfplumber extract_words: {float(out[1]):.2f} s = {int(out[0]) / float(out[1]):.0f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
