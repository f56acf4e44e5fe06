"""The parser: one table region into rows of (code, label, figures), a file per row layout.

`region.parse_region` reads a region's header (`header`) and then each line by its layout: a
cell-separated row (`tab_rows`), the 收支总表's two sides on one line (`two_sided`), or the space
layout, whose rows wrap over lines (`region`); a line's code and figures are `cells`; the model is
`rows`. Which column a figure belongs to is decided after, in ingest/placement.py, by named rules.
"""
from .header import header_measures, join_wrapped
from .region import parse_region
from .rows import TOTAL_MEASURES, TWO_SIDED, Number, ParsedTable, Row

__all__ = ["Number", "ParsedTable", "Row", "TOTAL_MEASURES", "TWO_SIDED", "header_measures", "join_wrapped",
           "parse_region"]
