"""The parsed table's model: a table of rows, each of numbers (and the constants every layout
shares)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..aliases import row_item
from ..geometry import Column
from ..model import Finding
from ..segment import Region


TWO_SIDED = frozenset({"income_expenditure_summary", "fiscal_summary"})


LABEL_HEADER_WORDS = ("名称", "科目", "编码", "序号", "内容")


LABEL_HEADER_EXACT = frozenset({"类", "款", "项", "项目", "功能分类", "经济分类"})


TOTAL_MEASURES = ("total", "fiscal_subtotal")


_CJK = r"\u3400-\u9fff\uf900-\ufaff"


_CJK_GAP = re.compile(rf"(?<=[{_CJK}()（）、:])\s+(?=[{_CJK}()（）])")


_NUMBERING_ROW = re.compile(r"^(?:[※*]+|\d{1,2})$")


_PAGE_NUMBER = re.compile(r"^[\s\-─—–]*\d{1,3}[\s\-─—–]*$")


_BRACKET_CODE = re.compile(r"^\[(\d{3,7})\]\s*(.*)$")


_DASH_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})-(.+)$")


_FUNCTION_CLASS = re.compile(r"^2\d\d$")


_ECONOMIC_CLASS = re.compile(r"^[35]\d\d$")


@dataclass
class Number:
    raw: str
    value: Decimal | None         # None: looks like a figure but no amount can be read from it
    decimals: int
    column: int | None = None     # tab column index, when the layout keeps cells
    unit: str = ""                # a unit printed with the number ('%', '万元'); '' = the table's
    span: tuple[float, float, float] | None = None   # left, right, character height where printed
    box: tuple[float, float, float, float] | None = None  # left, bottom, right, top on a PDF page (points)


@dataclass
class Row:
    row_seq: int
    line_start: int               # 1-based
    line_end: int
    code_raw: str = ""
    code: str | None = None
    label: str = ""
    project_name: str | None = None
    side: str = ""
    row_kind: str = "line"
    row_item: str | None = None
    numbers: list[Number] = field(default_factory=list)
    # number index → (measure or None, rule)
    placed: dict[int, tuple[str | None, str]] = field(default_factory=dict)
    candidates: list[tuple[str, ...]] = field(default_factory=list)
    pending: list[int] = field(default_factory=list)   # number indexes still to place
    damaged: bool = False         # a figure of the row is missing or unreadable: no rule may place it
    layout_break: bool = False    # a tab row printed some figures space-separated inside a cell
    position_conflict: bool = False   # its figures sit under other columns than their count says
    unnamed_columns: list[str] = field(default_factory=list)   # header names no alias knows, over its figures
    # Figures that take no part in placement, landed after the row's amounts with their rule:
    # 'non_money' (printed in %, 人 …) or 'unplaced' (unreadable, or beyond what the warehouse holds).
    set_aside: list[tuple[Number, str]] = field(default_factory=list)
    other_years: dict[int, tuple[int, str | None]] = field(default_factory=dict)  # index → (year, measure)
    parts: dict[int, str] = field(default_factory=dict)   # index → the item a cross-tab column is a part of


@dataclass
class ParsedTable:
    kind: str
    region: Region
    unit_raw: str | None
    unit: str | None
    layout: str
    measures: list[str]                 # one-sided tables, or the right side of two-sided ones
    left_measures: list[str]            # income side of two-sided tables
    grid: dict[int, str] | None         # tab column → measure, when trusted
    rows: list[Row]
    note_text: str | None
    note_line: int | None
    findings: list[Finding]
    numbering_count: int | None = None
    truncated: bool = False             # the document ends inside this table
    columns: list[Column] | None = None  # header columns by where they are printed (geometry.py)
    # A header over several lines whose columns positions could not tell apart: the order its
    # words read in is not the order of its columns, so no rule may place figures by that order.
    order_unknown: bool = False
    fiscal_year: int | None = None      # the document's: a row or column of another year is not its figure
