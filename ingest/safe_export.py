"""CSV for spreadsheets (the dashboard's downloads), safe against formula injection.

Document text reaches the warehouse as data (row labels, project names, findings quoting a
line). A spreadsheet opening a CSV runs any cell that starts with '=', '+', '-' or '@' (and
some read a leading tab or carriage return the same way) as a formula. Such a cell is written
with a leading apostrophe, which spreadsheets show as text and do not evaluate.

Decision: a cell that is exactly a plain number ('-12.00', '+5', '-1234.5') is left as it is,
so negative amounts stay numbers. Anything else starting with one of those characters is
prefixed, including '-12.00+A1' or '-1,234.56' (a thousands separator is not plain).
Decimal and int values are written as plain numbers; None as an empty cell.
"""
from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import IO, Iterable

from .amounts import canonical_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9]+(?:\.[0-9]+)?$")


def spreadsheet_safe(value) -> str:
    """The cell text a spreadsheet shows as it is and never evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, Decimal):
        return canonical_text(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def write_safe_csv(rows: Iterable[Iterable], out: str | Path | IO[str],
                   header: Iterable[str] | None = None) -> None:
    """Write rows as UTF-8 CSV (with a BOM when writing a file, so spreadsheets detect UTF-8),
    every cell passed through spreadsheet_safe."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8-sig", newline="") as fh:
            write_safe_csv(rows, fh, header)
        return
    w = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        w.writerow([spreadsheet_safe(h) for h in header])
    for row in rows:
        w.writerow([spreadsheet_safe(v) for v in row])


def safe_csv_text(rows: Iterable[Iterable], header: Iterable[str] | None = None) -> str:
    """The CSV as a string (for a download response)."""
    buf = io.StringIO()
    write_safe_csv(rows, buf, header)
    return buf.getvalue()
