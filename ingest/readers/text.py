"""A text extraction (pdftotext output, a copied page, markdown): decoded, no positions."""
from __future__ import annotations

from ..reader import decode_bytes
from . import Part


def read_text(data: bytes) -> Part:
    decoded = decode_bytes(data)
    return Part(decoded.text, decoded.encoding, cut_tail=decoded.cut_tail)
