"""`budget summary`: a per-document summary of the built warehouse (warehouse/summary.py)."""
from __future__ import annotations

from .options import Warehouse, finish


def summary(warehouse: Warehouse = "warehouse.duckdb") -> None:
    """Print each document's key figures and coverage (the warehouse opened read-only)."""
    from warehouse.summary import main

    finish(main(["--", str(warehouse)]))
