"""A workbook (.xlsx or .xls, read by python-calamine): each sheet is a page, each row a line.

A merged range spans its columns (a header over several measures). A number is the value the
workbook stores, written out exactly (the shortest decimal that is that double) and, since a
bureau's export formats a column alike, a fraction has as many decimals as the column's most
precise figure ('3.5' under '1266.75' is '3.50'): the value is unchanged, its printed step is the
column's. A whole number stays whole ('1 2 3' column numbers under a header are not amounts).
"""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

from ..reader import UnreadableInput
from . import Part
from .grid import GridCell, grid_part


def _number(value: float) -> Decimal:
    return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))


def _decimals(d: Decimal) -> int:
    return max(0, -d.as_tuple().exponent)


def sheet_lines(rows: list[list], merged: list | None) -> list[list[GridCell]]:
    spans: dict[tuple[int, int], int] = {}
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in merged or []:
        spans[(r0, c0)] = c1 - c0 + 1
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0))
    numbers = {(r, c): _number(float(v)) for r, row in enumerate(rows) for c, v in enumerate(row)
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
    places: dict[int, int] = {}
    for (r, c), d in numbers.items():
        places[c] = max(places.get(c, 0), min(_decimals(d), 4))
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            if (r, c) in covered:
                continue
            if (r, c) in numbers:
                d = numbers[(r, c)]
                # An integer stays one: a column number ('1 2 3' under a header) is not an amount.
                text = f"{d:.{places[c]}f}" if 0 < _decimals(d) < places[c] else str(d)
            elif isinstance(v, (datetime, date, time)):
                text = v.isoformat()
            else:
                text = str(v)
            if text.strip():
                cells.append(GridCell(text, c, spans.get((r, c), 1)))
        out.append(cells)
    while out and not out[-1]:
        out.pop()
    return out


def read_spreadsheet(data: bytes, fmt: str) -> Part:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - calamine raises its own types for every damage
        what = "a Word 97 document (.doc) or another OLE file" if fmt == "xls" else "a damaged workbook"
        raise UnreadableInput(f"{what}, not a readable spreadsheet ({exc}); save it as .xlsx or .docx") from exc
    pages = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        if sheet.height == 0:
            continue
        try:
            merged = sheet.merged_cell_ranges
        except Exception:  # noqa: BLE001 - .xls merged ranges are not always readable
            merged = None
        lines = sheet_lines(sheet.to_python(skip_empty_area=False), merged)
        if lines:
            pages.append(lines)
    if not pages:
        raise UnreadableInput("a workbook whose sheets are all empty")
    return grid_part(pages, fmt)
