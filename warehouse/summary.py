"""Print a per-document summary of a built warehouse (opened read-only, so it never blocks a build).

    python -m warehouse.summary [--] [WAREHOUSE]

WAREHOUSE defaults to $BUDGET_WAREHOUSE or warehouse.duckdb. One line per input file, every line
at most WIDTH terminal columns (a Chinese character takes two): a long file name is shortened in
its middle, a long department name at its end, both marked "…". What does not fit (region,
stage, level, each finding) is in the gate's build/gate/summary.md. Exit codes: EXIT_CODES below
(`--help` lists them).
"""
from __future__ import annotations

import os
import sys
import unicodedata

import duckdb

from ingest import cli

EXIT_CODES = {0: "printed",
              2: f"the warehouse cannot be opened or read (none built yet, or without the marts), or "
                 f"{cli.USAGE}"}

WIDTH = 100
# Where the full per-document details are: `make run` and `make gate` run the gate with --out build/gate.
DETAILS = "build/gate/summary.md"

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
    d.doc_id is not null as in_warehouse,
    coalesce(d.department_name, '') as department,
    coalesce(cast(d.fiscal_year as varchar), '') as year,
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

# Which key figures landed, and the signatures that kept the most documents' figures out.
COVERAGE_QUERY = """
select key_figure, count(*) filter (where is_landed) as landed, count(*) as documents
from main.fct_document_coverage group by key_figure, figure_order order by figure_order
"""
SIGNATURE_QUERY = """
select signature, count(distinct doc_id) as documents, string_agg(distinct key_figure, '/' order by key_figure) as figures
from main.fct_document_coverage where not is_landed
group by signature order by documents desc, signature limit ?
"""
TOP_SIGNATURES = 5


def render_coverage(figures: list[tuple], signatures: list[tuple], columns: int = WIDTH) -> list[str]:
    """Key figures landed per kind, then the signatures that kept figures out, most documents
    first: the next alias row or template to look at (fct_document_coverage)."""
    if not figures:
        return []
    out = [shorten("Key figures landed: " + ", ".join(f"{k} {n}/{d}" for k, n, d in figures), columns)]
    if signatures:
        out.append("Not landed, by signature (documents · figures · signature), most first:")
        out += [shorten(f"  {n:>4} · {figs} · {sig}", columns) for sig, n, figs in signatures]
    return out


# (heading, right-aligned, gap before): numbers right-aligned under their headings, one space apart.
COLUMNS = (("file", False, 0), ("status", False, 2), ("department", False, 2), ("year", False, 2),
           ("tables", True, 2), ("cells", True, 1), ("unplaced", True, 1), ("facts", True, 1),
           ("err", True, 1), ("warn", True, 1))
FILE, DEPARTMENT = 0, 2
LEGEND = "tables: present/empty/absent · unplaced: cells read into no column · err/warn: ingest findings"
MIN_SHORTENED = 8             # a file or department column is never narrower than this


def width(text: str) -> int:
    """Terminal columns of text: East Asian wide and full-width characters take two, combining
    marks none (an ambiguous character, such as …, one, as terminals outside CJK locales draw it)."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _plain(text: str) -> str:
    """One line: tabs, newlines and other control characters as spaces."""
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)


def shorten(text: str, columns: int, middle: bool = False) -> str:
    """text in at most `columns` terminal columns: cut at its end (or in its middle, keeping the
    start and the end, as for a file name), the cut marked with "…"."""
    text = _plain(text)
    if width(text) <= columns:
        return text
    if columns < 1:
        return ""
    room = columns - 1                  # for "…"
    head_room = (room + 1) // 2 if middle else room
    head, used = "", 0
    for ch in text:
        if used + width(ch) > head_room:
            break
        head, used = head + ch, used + width(ch)
    tail = ""
    if middle:
        used = width(head)
        for ch in reversed(text):
            if used + width(ch) > room:
                break
            tail, used = ch + tail, used + width(ch)
    return head + "…" + tail


def _pad(text: str, columns: int, right: bool) -> str:
    space = " " * max(0, columns - width(text))
    return space + text if right else text + space


def render(path: str, rows: list[tuple], columns: int = WIDTH, coverage: list[str] = ()) -> list[str]:
    """The summary's lines, none wider than `columns` terminal columns; coverage (render_coverage)
    before the legend."""
    cells = []
    for (source_file, status, in_warehouse, department, year, present, empty, absent, n_cells,
         unplaced, facts, errors, warnings, _reason) in rows:
        cells.append([_plain(source_file), status, _plain(department), year,
                      f"{present}/{empty}/{absent}" if in_warehouse else "", str(n_cells), str(unplaced),
                      str(facts), str(errors), str(warnings)])
    natural = [max([width(h)] + [width(r[i]) for r in cells]) for i, (h, _, _) in enumerate(COLUMNS)]
    fixed = sum(w for i, w in enumerate(natural) if i not in (FILE, DEPARTMENT)) + sum(g for _, _, g in COLUMNS)
    room = max(2 * MIN_SHORTENED, columns - fixed)
    widths = list(natural)
    if natural[FILE] + natural[DEPARTMENT] > room:
        # The department gets half the room, or more when the file names need less; then the file
        # names take what is left, and any they leave goes back to the department.
        widths[DEPARTMENT] = max(MIN_SHORTENED, min(natural[DEPARTMENT], max(room // 2, room - natural[FILE])))
        widths[FILE] = max(MIN_SHORTENED, min(natural[FILE], room - widths[DEPARTMENT]))
        widths[DEPARTMENT] = max(MIN_SHORTENED, min(natural[DEPARTMENT], room - widths[FILE]))

    def line(values: list[str]) -> str:
        parts = []
        for i, ((_, right, gap), value) in enumerate(zip(COLUMNS, values)):
            value = shorten(value, widths[i], middle=i == FILE)
            parts.append(" " * gap + _pad(value, widths[i], right))
        return "".join(parts).rstrip()

    landed = sum(1 for r in rows if r[2])
    out = [shorten(f"Documents in {path}: {len(rows)} file(s), {landed} in the warehouse", columns, middle=True)]
    if not rows:
        return out + ["(the manifest lists no file)"]
    header = line([h for h, _, _ in COLUMNS])
    out += [header, "─" * width(header)]
    out += [line(values) for values in cells]
    for r in rows:
        if r[13]:
            out.append(shorten(f"{r[1]} {r[0]}: {r[13]}", columns))
    out += coverage
    out.append(shorten(LEGEND, columns))
    out.append(shorten(f"Region, stage, level and every finding of each document: {DETAILS} (the gate's)",
                       columns, middle=True))
    return out


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
        figures = con.sql(COVERAGE_QUERY).fetchall()
        signatures = con.execute(SIGNATURE_QUERY, [TOP_SIGNATURES]).fetchall()
    except duckdb.Error as exc:
        print(f"summary: cannot read the marts of {path}: {exc}", file=sys.stderr)
        return 2
    finally:
        con.close()
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")     # a terminal that cannot show Chinese gets "?"
    print("\n".join(render(path, rows, coverage=render_coverage(figures, signatures))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
