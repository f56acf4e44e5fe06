"""Read a document file: detect its encoding, decode, normalise, split into numbered lines.

Normalisation keeps one output line per input line, so line numbers stay the source's:
NFKC (full-width digits and punctuation → ASCII: （ → (, ： → :, ％ → %), HTML tags and markdown
emphasis/heading marks removed, non-breaking and ideographic spaces → ' ', tabs kept (they are
cell boundaries in tab-separated extractions).
"""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes


class UnreadableInput(Exception):
    """The bytes are not text in any encoding we accept; the message says why."""


_MD_EMPHASIS = re.compile(r"\*\*|__")
# Control, private-use and unpaired-surrogate code points: what decoding binary as text yields.
_NON_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff\ud800-\udfff\ufffd]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Encodings tried in order when the bytes carry no BOM. GB18030 is a superset of GBK/GB2312.
_CANDIDATES = ("utf-8", "gb18030")


@dataclass
class DecodedText:
    text: str
    encoding: str


def decode_bytes(data: bytes) -> DecodedText:
    """Decode with BOM detection, strict UTF-8, strict GB18030, then charset-normalizer."""
    if not data.strip():
        raise UnreadableInput("empty file")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise UnreadableInput(f"declares {name} by its BOM but does not decode: {exc}") from exc
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM is rare; binary is common. Try UTF-16 only when NULs alternate.
        evens, odds = data[0:4096:2].count(0), data[1:4096:2].count(0)
        for name, zeros in (("utf-16-le", odds), ("utf-16-be", evens)):
            if zeros > len(data[:4096]) // 4:
                try:
                    text = data.decode(name)
                    if _mostly_text(text):
                        return DecodedText(text, name)
                except UnicodeDecodeError:
                    pass
        raise UnreadableInput("binary content (NUL bytes), not a text extraction")
    for name in _CANDIDATES:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _mostly_text(text):
            return DecodedText(text, name)
    best = from_bytes(data).best()
    if best is not None and _mostly_text(str(best)):
        return DecodedText(str(best), best.encoding)
    raise UnreadableInput("not decodable as UTF-8, UTF-16 or GB18030 text")


def _mostly_text(text: str) -> bool:
    if not text:
        return False
    sample = text[:20000]
    bad = len(_NON_TEXT.findall(sample))
    return bad <= max(2, len(sample) // 200)


def normalise_line(line: str) -> str:
    return split_lines(line)[0]


_TAG_ONE_LINE = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>")
_MD_HEADING_M = re.compile(r"^[ \t]*#{1,6}[ \t]*", re.M)
_MD_BULLET_M = re.compile(r"^[ \t]*[-*][ \t]+(?=\S)", re.M)
_TRAILING_M = re.compile(r"[\r ]+$", re.M)


def split_lines(text: str) -> list[str]:
    """Normalised lines; index i is source line i + 1. The same steps as normalise_line, applied
    to the whole text at once (none of them crosses a line end)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text)
    text = _TAG_ONE_LINE.sub("", text)
    text = _MD_HEADING_M.sub("", text)
    text = _MD_BULLET_M.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _CONTROL.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\ufeff", "")
    return _TRAILING_M.sub("", text).split("\n")


def content_hash(lines: list[str]) -> str:
    """Hash of the normalised content, so the same document in another encoding is a duplicate."""
    canon = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()
