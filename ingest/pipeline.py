"""One document from bytes to typed records: read → identify → segment → parse → place → facts."""
from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from .aliases import squash, table_kinds
from .identify import identify
from .model import Cell, DocumentInfo, DocumentResult, Finding, TableInfo
from .placement import finish, place_local, place_subtotals, place_twins
from .reader import UnreadableInput, content_hash, decode_bytes, split_lines
from .segment import find_regions
from .tables import ParsedTable, join_wrapped, parse_region

PROJECT_KINDS = frozenset({"general_budget_project", "project_expenditure"})
NAME_SOURCES = ("expenditure_summary", "general_budget_expenditure", "income_summary",
                "gov_fund_expenditure", "state_capital_expenditure")


class NotADisclosure(Exception):
    """Text that carries no standard budget table and no budget title."""


def ingest_path(path: str | Path) -> DocumentResult:
    path = Path(path)
    return ingest_bytes(path.read_bytes(), path.name)


def ingest_bytes(data: bytes, source_file: str) -> DocumentResult:
    decoded = decode_bytes(data)          # raises UnreadableInput
    return ingest_text(decoded.text, source_file, decoded.encoding)


def ingest_text(text: str, source_file: str, encoding: str = "utf-8") -> DocumentResult:
    lines = split_lines(text)
    digest = content_hash(lines)
    info = DocumentInfo(doc_id="d" + digest[:12], source_file=source_file, content_sha256=digest,
                        encoding=encoding, line_count=len(lines))
    result = DocumentResult(info)
    regions = find_regions(lines)
    identify(lines, info, [r.title_raw for r in regions])
    if not regions and info.fiscal_year is None:
        raise NotADisclosure("no budget table title and no '20XX 年…预算/决算' title found")

    parsed = [parse_region(lines, r, info.doc_id, source_file) for r in regions]
    for t in parsed:
        place_local(t)
    place_twins(parsed)
    _split_project_names(parsed)
    for t in parsed:
        place_subtotals(t, _step(t))
        result.findings.extend(t.findings)
        result.findings.extend(finish(t, source_file, info.doc_id))
    _land(parsed, result, source_file)
    _absent_tables(result)
    try:
        from .narrative import extract_facts
    except ImportError:  # pragma: no cover - the narrative module ships with the package
        extract_facts = None
    if extract_facts is not None:
        result.facts = extract_facts(lines, info.doc_id)
    _report_document(result, source_file)
    return result


def _step(t: ParsedTable) -> Decimal:
    decimals = max((n.decimals for r in t.rows for n in r.numbers), default=2)
    return Decimal(1).scaleb(-decimals)


def _split_project_names(parsed: list[ParsedTable]) -> None:
    """In a project table printed without cell boundaries, the 科目名称 is the name the same code
    carries in the document's other tables; what follows it is the project's name."""
    names: dict[str, str] = {}
    for t in parsed:
        if t.kind in NAME_SOURCES:
            for r in t.rows:
                if r.code and r.label:
                    names.setdefault(r.code, squash(r.label))
    for t in parsed:
        if t.kind not in PROJECT_KINDS:
            continue
        for r in t.rows:
            if r.project_name is None and r.code and len(r.code) == 7 and r.label:
                known = names.get(r.code)
                flat = squash(r.label)
                if known and flat.startswith(known) and len(flat) > len(known):
                    # Keep the project's own spacing: cut the label after as many non-space
                    # characters as the known name has.
                    count, cut = 0, 0
                    for cut, ch in enumerate(r.label):
                        if not ch.isspace():
                            count += 1
                        if count == len(known):
                            break
                    r.project_name = join_wrapped([r.label[cut + 1:]])
                    r.label = join_wrapped([r.label[:cut + 1]])
            if r.project_name:
                r.row_kind = "project"


def _land(parsed: list[ParsedTable], result: DocumentResult, source_file: str) -> None:
    info = result.info
    for seq, t in enumerate(parsed, start=1):
        n_numbers = sum(len(r.numbers) for r in t.rows)
        status = "present"
        if n_numbers == 0:
            status = "empty_with_note" if t.note_text else "empty"
        measures = (t.left_measures + ["|"] + t.measures) if t.left_measures else t.measures
        result.tables.append(TableInfo(
            info.doc_id, seq, t.kind, t.region.title_raw, t.region.title_line, t.region.end,
            t.unit_raw, t.unit, status, t.note_text, t.note_line, t.layout,
            [m for m in measures if m != "|"], len(t.rows)))
        if t.unit is None and n_numbers:
            result.findings.append(Finding(source_file, info.doc_id, "error", "ING_NO_UNIT",
                                           f"{t.region.kind.name_zh}: no '单位：…' line; amounts "
                                           f"landed with unit unknown", t.kind, t.region.title_line))
        if n_numbers and t.measures and max(len(r.numbers) for r in t.rows) < len(t.measures) \
                and t.grid is None and t.kind not in PROJECT_KINDS:
            result.findings.append(Finding(
                source_file, info.doc_id, "warn", "ING_COLUMN_LOST",
                f"{t.region.kind.name_zh}: the header names {len(t.measures)} amount columns "
                f"({'|'.join(t.measures)}) but no row prints more than "
                f"{max(len(r.numbers) for r in t.rows)}; a column may be lost in extraction. "
                f"Numbers were placed only by named rules (see the placement column)",
                t.kind, t.region.title_line))
        for r in t.rows:
            for i, num in enumerate(r.numbers):
                measure, rule = r.placed.get(i, (None, "unplaced"))
                result.cells.append(Cell(
                    info.doc_id, seq, t.kind, r.row_seq, r.line_start, r.line_end, r.label,
                    r.code_raw, r.row_item, r.code, r.row_kind, r.project_name, r.side, measure,
                    num.raw, num.value, num.decimals, t.unit, rule))


def _absent_tables(result: DocumentResult) -> None:
    family = result.info.template_family or "generic"
    present = {t.table_kind for t in result.tables}
    n = 900
    for kind in table_kinds():
        if family in kind.required_in and kind.kind not in present:
            n += 1
            result.tables.append(TableInfo(result.info.doc_id, n, kind.kind, "", 0, 0,
                                           status="absent"))


def _report_document(result: DocumentResult, source_file: str) -> None:
    info = result.info
    for attr in ("department_name", "fiscal_year", "stage"):
        if getattr(info, attr) is None:
            result.findings.append(Finding(source_file, info.doc_id, "warn", "ING_UNIDENTIFIED",
                                           f"document {attr} not found on the cover or in table headers"))


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["ingest_path", "ingest_bytes", "ingest_text", "NotADisclosure", "UnreadableInput"]
