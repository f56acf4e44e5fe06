"""Hostile uploads, made on the spot (nothing large is committed): each is what an intranet upload
box must refuse cleanly, or read without harm."""
from __future__ import annotations

import io
import zlib


def _blank_pdf(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript() -> bytes:
    """A PDF that runs JavaScript when opened (an /OpenAction), in a viewer that would."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hostile');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_pages(pages: int = 5000) -> bytes:
    return _blank_pdf(pages)


def broken_xref() -> bytes:
    """A PDF whose cross-reference table points nowhere."""
    data = _blank_pdf()
    head, _, tail = data.rpartition(b"startxref")
    return head + b"startxref\n999999999\n%%EOF\n"


def inflation_bomb(inflated_bytes: int = 2 * 1024 ** 3) -> bytes:
    """One page whose content stream inflates to `inflated_bytes` (2 GB) of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(inflated_bytes >> 20)]
    stream = b"".join(parts) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{k} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def not_a_pdf() -> bytes:
    """A zip archive that is no workbook or Word file, named .pdf."""
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "not a document")
    return buffer.getvalue()


def fake_workbook() -> bytes:
    """A ZIP that names itself a workbook (xl/workbook.xml) but holds no sheet."""
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


# (name to upload under, maker, what the reviewer must be told: a phrase of the message)
HOSTILE = [
    ("empty.pdf", lambda: b"", "空文件"),
    ("表格.pdf", not_a_pdf, "不是 PDF"),
    ("加密.pdf", encrypted, "加密"),
    ("假表格.xlsx", fake_workbook, "没有可读取的内容"),
    ("脚本.pdf", javascript, "没有可读取的内容"),
    ("五千页.pdf", many_pages, "超过上限"),
    ("坏目录.pdf", broken_xref, "没有可读取的内容"),    # PDFium repairs it: one blank page
    ("炸弹.pdf", inflation_bomb, "读取失败"),
    ("../../../etc/passwd.pdf", not_a_pdf, "不是 PDF"),        # a path-like name
    ("长" * 3000 + ".pdf", not_a_pdf, "不是 PDF"),               # a very long name
]
