"""Typed records that ingest produces. Amounts are Decimal as printed, in the printed unit.

Every record carries provenance: the document id and the 1-based line number(s) of the
source text it came from, and the raw text it was parsed from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class DocumentInfo:
    doc_id: str
    source_file: str
    content_sha256: str
    encoding: str
    line_count: int
    department_name: str | None = None
    province: str | None = None
    city: str | None = None          # prefecture level (地级市/地区/自治州)
    county: str | None = None        # county level (县/县级市/区)
    fiscal_year: int | None = None
    stage: str | None = None         # 'budget' (预算) | 'final' (决算)
    doc_level: str | None = None     # '部门' | '单位'
    publication_date: str | None = None  # ISO date
    template_family: str | None = None   # e.g. 'xj11', 'gs12', 'generic'
    page_count: int | None = None        # None when the input marks no pages (plain text)
    # The department's name with its region taken off and its forms normalised
    # (ingest/data/department_name_forms.csv): the same for every year and stage of one department.
    department_name_key: str | None = None


@dataclass
class TableInfo:
    doc_id: str
    table_seq: int                  # order of appearance in the document, from 1
    table_kind: str                 # canonical kind, see ingest/data/table_kinds.csv
    title_raw: str
    title_line: int
    end_line: int
    unit_raw: str | None = None     # the text after 单位：
    unit: str | None = None         # 元 | 千元 | 万元 | 亿元 | None when undeclared
    status: str = "present"         # present | empty_with_note | absent | partial
    note_text: str | None = None
    note_line: int | None = None
    layout: str | None = None       # tab | space
    measures: list[str] = field(default_factory=list)  # canonical measures, header order
    row_count: int = 0


@dataclass
class Cell:
    doc_id: str
    table_seq: int
    table_kind: str
    row_seq: int                    # order of the row inside its table, from 1
    source_line: int                # first line of the row
    source_line_end: int            # last line of the row (wrapped names span lines)
    row_label: str                  # the row's name as printed (wraps joined)
    code_raw: str                   # the code as printed ('201 03 50', '2010350', '[30201]')
    row_item: str | None            # canonical row concept from ingest/data/row_items.csv, if any
    code: str | None                # canonical digits: 3/5/7 (function) or 3/5 (economic)
    row_kind: str                   # total | category | item | project | line
    project_name: str | None
    side: str                       # '' | income | expenditure (two-sided tables)
    measure: str | None             # canonical measure; None when the number is unplaced
    amount_raw: str                 # the number as printed
    amount: Decimal | None          # parsed value in the printed unit
    decimals: int                   # printed decimals
    unit: str | None                # the table's declared unit
    placement: str                  # rule that placed the number (see ingest/placement.py)
    box: tuple[float, float, float, float] | None = None  # where printed on its PDF page: left, bottom, right, top
    # A figure printed under another year's heading ('2025年预算数' in a 2026 document): that year
    # and the measure its column holds then (placement 'other_year', measure None).
    column_year: int | None = None
    column_measure: str | None = None


@dataclass
class Fact:
    doc_id: str
    fact_kind: str                  # e.g. total_budget, income_source, expenditure_type, ...
    subject: str                    # what the fact is about (code, item name, project name)
    attribute: str                  # amount | share_pct | change_amount | change_pct | direction | count | area_m2 | text
    value_raw: str
    value: Decimal | None
    unit: str | None                # 元 | 万元 | % | 人 | 辆 | 平方米 | 个 | None
    source_line: int
    text_value: str | None = None   # for textual facts (policy basis, period, direction word)
    context: str = ""               # the sentence the fact came from (trimmed)


@dataclass
class Finding:
    source_file: str
    doc_id: str | None
    severity: str                   # error | warn | info
    code: str                       # short id, e.g. ING_UNPLACED_NUMBER
    message: str
    table_kind: str | None = None
    source_line: int | None = None


@dataclass
class DocumentResult:
    info: DocumentInfo
    tables: list[TableInfo] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    sentences: list[tuple[int, str]] = field(default_factory=list)  # narrative: (source line, text)
    findings: list[Finding] = field(default_factory=list)
    pages: list[tuple[int, int, int]] = field(default_factory=list)   # (page, first line, last line)

    def page_of(self, line: int | None) -> int | None:
        """The page a source line is printed on, or None where pages are unknown."""
        for page, first, last in self.pages:
            if line is not None and first <= line <= last:
                return page
        return None

    def cells_of(self, table_kind: str) -> list[Cell]:
        return [c for c in self.cells if c.table_kind == table_kind]

    def value(self, table_kind: str, measure: str, *, code: str | None = None,
              row_item: str | None = None, project: str | None = None,
              row_kind: str | None = None, side: str | None = None) -> Decimal | None:
        """The amount of the one cell matching every given key, or None when none is landed.

        Raises LookupError when more than one cell matches, so a test cannot pass by luck.
        """
        hits = [c for c in self.cells
                if c.table_kind == table_kind and c.measure == measure
                and (code is None or c.code == code)
                and (row_item is None or c.row_item == row_item)
                and (project is None or c.project_name == project)
                and (row_kind is None or c.row_kind == row_kind)
                and (side is None or c.side == side)]
        if len(hits) > 1:
            raise LookupError(f"{len(hits)} cells match {table_kind}/{measure} code={code} "
                              f"item={row_item} project={project} kind={row_kind}")
        return hits[0].amount if hits else None

    def table(self, table_kind: str) -> TableInfo | None:
        for t in self.tables:
            if t.table_kind == table_kind:
                return t
        return None
