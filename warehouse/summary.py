"""Print a per-document summary of a built warehouse (opened read-only, so it never blocks a build).

    python -m warehouse.summary [--] [WAREHOUSE]

WAREHOUSE defaults to $BUDGET_WAREHOUSE or warehouse.duckdb. Exit codes: EXIT_CODES below
(`--help` lists them).
"""
from __future__ import annotations

import os
import sys

import duckdb

from ingest import cli

EXIT_CODES = {0: "printed",
              2: f"the warehouse cannot be opened or read (none built yet, or without the marts), or "
                 f"{cli.USAGE}"}

# The marts alone: after an incremental build, staging holds only the documents it rebuilt.
QUERY = """
with cells as (
    select doc_id, count(*) as cells, count(*) filter (where measure is null) as unplaced
    from main.fct_table_cells
    group by doc_id
)
select
    m.source_file,
    m.status,
    coalesce(d.department_name, '') as department,
    coalesce(cast(d.fiscal_year as varchar), '') as year,
    coalesce(d.doc_level, '') as level,
    coalesce(len(string_split(d.tables_present, ',')), 0) as present,
    coalesce(len(string_split(d.tables_empty, ',')), 0) as empty,
    coalesce(len(string_split(d.tables_absent, ',')), 0) as absent,
    coalesce(c.cells, 0) as cells,
    coalesce(c.unplaced, 0) as unplaced,
    m.facts_landed,
    m.error_findings,
    m.warn_findings,
    coalesce(m.reason, '') as reason
from main.ingest_manifest as m
left join main.dim_document as d on m.doc_id = d.doc_id
left join cells as c on m.doc_id = c.doc_id
order by m.source_file
"""

HEADER = ("file", "status", "department", "year", "level", "tables present", "empty", "absent",
          "cells", "unplaced", "facts", "errors", "warnings", "reason")


def main(argv: list[str] | None = None) -> int:
    ap = cli.parser("python -m warehouse.summary", __doc__.split("\n\n")[0], EXIT_CODES)
    ap.add_argument("warehouse", nargs="?", default=os.environ.get("BUDGET_WAREHOUSE", "warehouse.duckdb"),
                    help="the built warehouse (default: $BUDGET_WAREHOUSE or warehouse.duckdb)")
    path = ap.parse_args(argv).warehouse
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        print(f"summary: cannot open {path}: {exc}", file=sys.stderr)
        return 2
    try:
        rows = con.sql(QUERY).fetchall()
    except duckdb.Error as exc:
        print(f"summary: cannot read the marts of {path}: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Documents in {path}")
    for h in HEADER:
        table.add_column(h, overflow="fold")
    for r in rows:
        table.add_row(*(str(x) for x in r))
    # Wide enough for Chinese names when the output is a log, not a terminal.
    Console(width=None if sys.stdout.isatty() else 200).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
