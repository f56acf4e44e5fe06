"""Save a text disclosure as a bureau's other exports would carry it: .xlsx, .xls, .html, .docx.

There is no real spreadsheet, web page or Word disclosure in the corpus, so the readers are tested
on the bundled documents saved in each format by this script: a tab-separated line is a table row
(one cell per tab), any other line a paragraph. As exports do, each table (its title, unit line
and rows) goes on a sheet of its own in the workbooks, with its title merged across the table's
columns; the web page and the Word file keep the document's order, tables as <table> / w:tbl.
Numbers go into spreadsheets as numbers (the value a bureau's workbook stores), not as text.

    python -m ingest.export_formats DOCUMENT.txt OUT_FOLDER
"""
from __future__ import annotations

import html
import re
import sys
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .reader import decode_bytes, split_lines

_FIGURE = re.compile(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?")


def blocks(text: str) -> list[tuple[str, object]]:
    """('p', text) paragraphs and ('table', [title lines], [rows of cells]) in document order."""
    lines = [ln for ln in split_lines(text)]
    out: list = []
    k = 0
    while k < len(lines):
        if "\t" not in lines[k]:
            if lines[k].strip():
                out.append(("p", lines[k].strip()))
            k += 1
            continue
        rows = []
        while k < len(lines) and ("\t" in lines[k] or not lines[k].strip()):
            if lines[k].strip():
                rows.append([c.strip() for c in lines[k].split("\t")])
            k += 1
        # The short paragraphs before a table, back to its title, belong to its sheet.
        head = []
        while out and out[-1][0] == "p" and len(head) < 4 and len(out[-1][1]) < 80:
            head.insert(0, out.pop()[1])
            if "表" in head[0]:
                break
        out.append(("table", head, rows))
    return out


def spans(rows: list[list[str]]) -> list[list[tuple[str, int]]]:
    """Each row as (text, columns spanned). A header row (before the first row with a figure)
    flattened to tabs leaves a merged cell's text in its first column and the rest empty: the
    export merges them back (a heading over its measures)."""
    out, in_header = [], True
    for row in rows:
        if any(_FIGURE.fullmatch(c.replace(" ", "")) and "." in c for c in row):
            in_header = False
        cells: list[tuple[str, int]] = []
        for c in row:
            if in_header and c == "" and cells and cells[-1][0] != "":
                cells[-1] = (cells[-1][0], cells[-1][1] + 1)
            else:
                cells.append((c, 1))
        out.append(cells)
    return out


def _value(cell: str):
    """A figure as a workbook stores it (a number); anything else as text. A code ('201', '01')
    stays text, as exports keep it (a leading zero would be lost)."""
    flat = cell.replace(",", "")
    if not _FIGURE.fullmatch(cell) or re.fullmatch(r"0\d+|\d{3}|\d{5}|\d{7}", flat):
        return cell
    try:
        d = Decimal(flat)
    except InvalidOperation:
        return cell
    return int(d) if d == d.to_integral_value() and "." not in flat else float(d)


def _sheets(text: str, one_sheet: bool = False) -> list[tuple[str, list[list], int]]:
    """(name, rows, width) per sheet: the narrative on the first, one table per sheet after; or,
    one_sheet, everything on one sheet in document order (several tables on a sheet)."""
    sheets: list = [("说明", [], 1)]
    for b in blocks(text):
        if b[0] == "p":
            sheets[0][1].append([(b[1], 1)])
        else:
            _, head, rows = b
            width = max((len(r) for r in rows), default=1)
            body = [[(_value(c), n) for c, n in r] for r in spans(rows)]
            sheets.append((f"表{len(sheets)}", [[(h, width)] for h in head] + body, width))
    if one_sheet:
        return [("公开表", [row for _, rows, _ in sheets for row in rows + [[]]], 1)]
    return sheets


def write_xlsx(text: str, path: Path, one_sheet: bool = False) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows, _ in _sheets(text, one_sheet):
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            c = 1
            for value, n in row:
                if value != "":
                    sheet.cell(r, c, value)
                if n > 1:
                    sheet.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + n - 1)
                c += n
    book.save(path)


def write_xls(text: str, path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows, _ in _sheets(text):
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            c = 0
            for value, n in row:
                if n > 1:
                    sheet.write_merge(r, r, c, c + n - 1, value)
                elif value != "":
                    sheet.write(r, c, value)
                c += n
    book.save(str(path))


def write_html(text: str, path: Path) -> None:
    body = []
    for b in blocks(text):
        if b[0] == "p":
            body.append(f"<p>{html.escape(b[1])}</p>")
            continue
        _, head, rows = b
        body.extend(f"<p>{html.escape(h)}</p>" for h in head)
        body.append("<table border=\"1\">")
        for row in spans(rows):
            body.append("<tr>" + "".join((f"<td colspan=\"{n}\">" if n > 1 else "<td>") + f"{html.escape(c)}</td>"
                                         for c, n in row) + "</tr>")
        body.append("</table>")
    path.write_text("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>部门预算公开</title>"
                    "</head><body>\n" + "\n".join(body) + "\n</body></html>\n", encoding="utf-8")


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _w_p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p>'


def write_docx(text: str, path: Path) -> None:
    body = []
    for b in blocks(text):
        if b[0] == "p":
            body.append(_w_p(b[1]))
            continue
        _, head, rows = b
        body.extend(_w_p(h) for h in head)
        body.append("<w:tbl>")
        for row in spans(rows):
            body.append("<w:tr>" + "".join(
                (f'<w:tc><w:tcPr><w:gridSpan w:val="{n}"/></w:tcPr>' if n > 1 else "<w:tc>") + f"{_w_p(c)}</w:tc>"
                for c, n in row) + "</w:tr>")
        body.append("</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_W}><w:body>'
                + "".join(body) + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                   'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                   '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
                   '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document)


WRITERS = {".xlsx": write_xlsx, ".xls": write_xls, ".html": write_html, ".docx": write_docx}


def export(document: Path, folder: Path) -> list[Path]:
    text = decode_bytes(document.read_bytes()).text
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for suffix, write in WRITERS.items():
        target = folder / (document.stem + suffix)
        write(text, target)
        out.append(target)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    for p in export(Path(sys.argv[1]), Path(sys.argv[2])):
        print(p)
