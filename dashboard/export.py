"""What a page shows, as files to download: CSV (opens safely in a spreadsheet), Parquet and .xlsx
(the format a finance bureau reads).

Exports hold the rows the page queried, not its formatted text: amounts exact in 元 as the
marts hold them (DECIMAL in Parquet, plain numbers in CSV), codes and names as printed.
"""
from __future__ import annotations

import io
from decimal import Decimal
from typing import Sequence

import pyarrow as pa
import pyarrow.parquet as pq

from ingest.safe_export import safe_csv_text


def csv_bytes(rows: Sequence[dict], columns: Sequence[str]) -> bytes:
    """UTF-8 with a BOM (spreadsheets then read the Chinese right), formula-safe cells."""
    return ("\ufeff" + safe_csv_text(([r.get(c) for c in columns] for r in rows), header=columns)).encode("utf-8")


def _arrow_type(values: list):
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, Decimal) for v in present):
        # one scale for the column, wide enough for any amount the marts hold (DECIMAL(24,4))
        scale = max(max(-v.as_tuple().exponent, 0) for v in present)
        return pa.decimal128(38, scale)
    return None


def parquet_bytes(rows: Sequence[dict], columns: Sequence[str]) -> bytes:
    arrays, fields = [], []
    for c in columns:
        values = [r.get(c) for r in rows]
        kind = _arrow_type(values)
        array = pa.array(values, type=kind) if kind is not None else pa.array(values)
        if pa.types.is_null(array.type):
            array = array.cast(pa.string())        # an all-empty column is still a text column
        arrays.append(array)
        fields.append(pa.field(c, array.type))
    out = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), out)
    return out.getvalue()


def xlsx_bytes(rows: Sequence[dict], columns: Sequence[str]) -> bytes:
    """One sheet, the columns as headed; amounts written as exact decimals, text that looks like a
    formula kept as text."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(list(columns))
    for r in rows:
        values = []
        for c in columns:
            v = r.get(c)
            if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") and not _number_text(v):
                v = "'" + v                      # never a formula in the bureau's spreadsheet
            values.append(v)
        ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _number_text(text: str) -> bool:
    try:
        Decimal(text)
        return True
    except ArithmeticError:
        return False
