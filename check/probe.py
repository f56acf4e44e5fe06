"""Child process: can this PDF be opened, and how many pages has it? Run under the sandbox's limits
before the reader touches it, so an encrypted, broken or enormous file is refused with a reason.

    python -m check.probe PATH   → one JSON line: {"pages": N} or {"error": "...", "reason": "..."}
"""
from __future__ import annotations

import json
import sys


def probe(path: str) -> dict:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        text = str(exc)
        if "password" in text.lower():
            return {"error": "encrypted", "reason": text}
        return {"error": "unreadable", "reason": text}
    try:
        return {"pages": len(pdf)}
    finally:
        pdf.close()


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1])))
