"""An upload is untrusted: it is sized, sniffed and stored under its content hash before anything
reads it. The name it arrived with is kept only as text to show (never a path, never a shell word)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

MAX_BYTES = int(os.environ.get("CHECK_MAX_BYTES", 64 * 1024 * 1024))
# A name for the page and the report: printable characters only, at most this long.
MAX_NAME = 120


class Refused(Exception):
    """The file is not checked; the message says why, in words a reviewer can act on."""


@dataclass(frozen=True)
class Stored:
    sha256: str
    kind: str              # a format ingest/readers reads: pdf, xlsx, xls, docx, html, image, text
    size_bytes: int
    display_name: str
    folder: Path           # the check's own folder: <root>/<sha256[:16]>

    @property
    def document(self) -> Path:
        return self.folder / "input" / f"document.{SUFFIX.get(self.kind, 'txt')}"


def display_name(name: str | None) -> str:
    """What the reviewer called the file, made safe to print: no directories, no control
    characters, no more than MAX_NAME characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base)
                   if unicodedata.category(ch)[0] != "C").strip()
    if len(base) > MAX_NAME:
        base = base[:MAX_NAME - 1] + "…"
    return base or "未命名文件"


SUFFIX = {"pdf": "pdf", "xlsx": "xlsx", "xls": "xls", "docx": "docx", "html": "html", "image": "img", "text": "txt"}


def sniff(data: bytes) -> str | None:
    """The format ingest reads the bytes as (ingest/readers: by content, never by name), or None
    for anything else."""
    from ingest.readers import sniff as sniff_format
    from ingest.reader import UnreadableInput

    try:
        kind = sniff_format(data)
    except UnreadableInput:
        return None
    if kind == "text":
        # A text extraction is UTF-8 text; a multi-byte character cut at the end of the sample is still text.
        head = data[:4096]
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError as err:
            if err.start < len(head) - 3:
                return None
            text = head[:err.start].decode("utf-8")
        if "\x00" in text or not text.strip():
            return None
    return kind


def store(data: bytes, name: str | None, root: Path) -> Stored:
    """Refuse what cannot be a disclosure; store the rest under its hash, once."""
    shown = display_name(name)
    if not data:
        raise Refused(f"「{shown}」是空文件（0 字节），无法检查。")
    if len(data) > MAX_BYTES:
        raise Refused(f"「{shown}」大小 {len(data) / 1048576:.1f} MB，超过上限 {MAX_BYTES / 1048576:.0f} MB。")
    kind = sniff(data)
    if kind is None:
        raise Refused(f"「{shown}」不是 PDF（也不是 Excel、Word、网页、扫描图片或文本提取件），无法检查：文件开头没有这些格式的标识。")
    sha = hashlib.sha256(data).hexdigest()
    stored = Stored(sha, kind, len(data), shown, root / sha[:16])
    stored.document.parent.mkdir(parents=True, exist_ok=True)
    if not stored.document.exists():
        tmp = stored.document.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(stored.document)
    meta = {k: str(v) for k, v in asdict(stored).items()}
    (stored.folder / "upload.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return stored


def load(folder: Path) -> Stored:
    """A stored upload, from its folder (as the check service receives it: by folder name only)."""
    meta = json.loads((folder / "upload.json").read_text(encoding="utf-8"))
    return Stored(meta["sha256"], meta["kind"], int(meta["size_bytes"]), meta["display_name"], folder)
