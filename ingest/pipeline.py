"""One document from bytes to typed records: read → identify → segment → parse → place → facts."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

from . import geometry
from .aliases import data_rows, squash, table_kinds
from .amounts import ZERO_DASHES
from .forms import parse_forms
from .identify import TITLE, cover_issuers, identify
from .model import Cell, DocumentInfo, DocumentResult, Fact, Finding, TableInfo
from .readers import Part, read
from .readers.pdf import PAGE_BREAK
from .placement import (finish, name_grand_totals, place_identity, place_local, place_subtotals, place_total_row,
                        place_twins, place_year_rows)
from .reader import content_hash, page_spans, split_lines
from .segment import empty_table_note, find_regions, prints_figures, unconfirmed_tables, unrecognised_tables
from .parse import ParsedTable, join_wrapped, parse_region
from .units import unholdable

PROJECT_KINDS = frozenset({"general_budget_project", "project_expenditure"})
# The tables fct_expenditure_by_function reads (int_function_expenditure__selected).
FUNCTION_SOURCES = frozenset({"expenditure_summary", "general_budget_expenditure"})
NAME_SOURCES = ("expenditure_summary", "general_budget_expenditure", "income_summary",
                "gov_fund_expenditure", "state_capital_expenditure")
# A disclosure without tables (a narrative-only part) still names itself on its cover.
DISCLOSURE_TITLE = re.compile(r"(?:部门|单位)\s*(?:/\s*单位\s*)?(?:综合\s*)?(?:预算|决算)|(?:预算|决算)\s*(?:信息)?\s*公开")
COVER_LINES = 40
# Longer than any table row or paragraph: the extraction lost its line breaks.
LONG_LINE = 5000


class NotADisclosure(Exception):
    """Text that carries no standard budget table and no budget title."""


def ingest_path(path: str | Path) -> DocumentResult:
    path = Path(path)
    return ingest_bytes(path.read_bytes(), path.name)


def ingest_bytes(data: bytes, source_file: str) -> DocumentResult:
    """Any format we read, told by its content (ingest/readers); raises UnreadableInput,
    UnreadablePdf or NotADisclosure."""
    return ingest_parts([read(data)], source_file)


def ingest_pdf(data: bytes, source_file: str) -> DocumentResult:
    """A published PDF (ingest/readers/pdf.py); raises UnreadablePdf."""
    return ingest_parts([read(data, "pdf")], source_file)


def ingest_parts(parts: list[Part], source_file: str) -> DocumentResult:
    """One document from one file, or from the files of one publication (情况说明 and 公开表
    printed apart) read in order as if bound together: each part starts on a new page."""
    text = parts[0].text
    words = parts[0].words
    for part in parts[1:]:
        joint = "" if text.endswith("\n") else "\n"
        # The line after the join is the next part's first line: the previous part's last
        # (empty) line gives way to it, in the words as in the text.
        if words is not None or part.words is not None:
            mine = words if words is not None else [[] for _ in split_lines(text)]
            theirs = part.words if part.words is not None else [[] for _ in split_lines(part.text)]
            words = (mine[:-1] if not joint else mine) + theirs
        text = text + joint + PAGE_BREAK + part.text
    encoding = "+".join(dict.fromkeys(p.encoding for p in parts))
    ocr_pages, first_page = set(), 0
    for part in parts:      # each part starts on a new page
        ocr_pages.update(first_page + p for p in part.ocr_pages)
        first_page += part.text.count(PAGE_BREAK) + 1
    result = ingest_text(text, source_file, encoding, cut_tail=parts[-1].cut_tail, words=words,
                         ocr_pages=ocr_pages)
    for part in parts:
        for note in part.notes:
            result.findings.append(Finding(source_file, result.info.doc_id, "warn", note.code, note.message))
    return result


def ingest_text(text: str, source_file: str, encoding: str = "utf-8",
                cut_tail: bool = False, words: list | None = None,
                ocr_pages: set[int] | frozenset[int] = frozenset()) -> DocumentResult:
    """cut_tail: the decoder dropped a character cut at the end of the bytes. words: each line's
    words with where they are printed (a PDF's); a layout extraction's come from its offsets.
    ocr_pages: pages an OCR engine read, whose figures need a second reading (ocr_verify.py)."""
    lines = split_lines(text)
    if words is None and geometry.is_layout_text(lines):
        words = [geometry.layout_words(ln) for ln in lines]
    positioned = geometry.aligned(lines, words) if words is not None else None
    digest = content_hash(lines)
    info = DocumentInfo(doc_id="d" + digest[:12], source_file=source_file, content_sha256=digest,
                        encoding=encoding, line_count=len(lines))
    result = DocumentResult(info, pages=page_spans(text))
    info.page_count = result.pages[-1][0] if result.pages else None
    regions = find_regions(lines)
    identify(lines, info, [r.title_raw for r in regions])
    if not regions and (info.fiscal_year is None or not _has_cover_title(lines)):
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        if len(lines[longest]) > LONG_LINE:
            raise NotADisclosure(f"line {longest + 1} is {len(lines[longest]):,} characters long: the "
                                 "extraction lost its line breaks, so no title or table can be read; "
                                 "extract the text again keeping line ends")
        first = next((ln.strip() for ln in lines if len(squash(ln)) >= 4), "")
        looks = f"; it begins '{first[:60]}'" if first else "; it has no text"
        raise NotADisclosure("no budget table (a table title confirmed by a '单位：' line) and no "
                             f"部门/单位预算 or 决算 title in its first {COVER_LINES} lines{looks}")

    _refuse_other_documents(lines)
    parsed = [parse_region(lines, r, info.doc_id, source_file, positioned, info.fiscal_year) for r in regions]
    ocr_lines = {n for page, a, b in result.pages if page in ocr_pages for n in range(a, b + 1)}
    if ocr_lines:
        _hold_unconfirmed_codes(parsed, ocr_lines, result, source_file)
    ends_mid_line = cut_tail or not text.rstrip(" \t\u3000").endswith(("\n", "\r", "\f"))
    result.findings.extend(_mark_truncated(parsed, lines, ends_mid_line, source_file, info.doc_id))
    for t in parsed:
        place_local(t)
        place_identity(t, _step(t))
    place_twins(parsed)
    _split_project_names(parsed)
    for t in parsed:
        if not t.truncated:      # an incomplete table cannot vouch for its own subtotals
            place_subtotals(t, _step(t))
            place_total_row(t, _step(t))
            name_grand_totals(t, _step(t))
        result.findings.extend(t.findings)
        result.findings.extend(place_year_rows(t, source_file, info.doc_id))
        result.findings.extend(finish(t, source_file, info.doc_id))
    result.findings.extend(_several_documents(lines, parsed, source_file, info.doc_id))
    # One finding per kind the block could be (its title has the kind's words), so a rule can
    # tell "not published" from "published under a title we do not know".
    result.findings.extend(
        Finding(source_file, info.doc_id, "warn", "ING_UNRECOGNISED_TABLE",
                f"line {line}: '{title[:60]}' is printed like a table (a title over a unit line, rows of "
                "figures) but no table kind's title pattern knows it, so none of its figures are landed"
                + (f"; it could be the {kind}" if kind else "") +
                "; if it is a standard table, add its title to ingest/data/table_kinds.csv", kind, line)
        for line, title, kinds in unrecognised_tables(lines, regions) for kind in (kinds or [None]))
    result.findings.extend(
        Finding(source_file, info.doc_id, "warn", "ING_UNCONFIRMED_TABLE",
                f"line {line}: '{title[:60]}' is printed like a table (a known title over rows of figures) but "
                "no '单位：' line confirms it, so none of its figures are landed; a rule cannot say the "
                f"{kind} is missing", kind, line)
        for line, title, kind in unconfirmed_tables(lines, regions))
    confirmed_yuan = _hold_unconfirmed(parsed, ocr_lines, result, source_file) if ocr_lines else None
    # Form tables (绩效目标表) after the grid tables: they take no part in grid placement.
    parsed.extend(parse_forms(lines, info.doc_id, source_file))
    _land(parsed, result, source_file, lines)
    _absent_tables(result)
    try:
        from .narrative import read_narrative
    except ImportError:  # pragma: no cover - the narrative module ships with the package
        read_narrative = None
    if read_narrative is not None:
        result.facts, result.sentences = read_narrative(lines, info.doc_id, info.department_name)
    if confirmed_yuan is not None:
        result.facts = _confirmed_facts(result.facts, ocr_lines, confirmed_yuan, result, source_file)
    result.findings.extend(_unholdable_facts(result.facts, source_file))
    _report_document(result, source_file, lines)
    return result


def _unholdable_facts(facts: list[Fact], source_file: str) -> list[Finding]:
    """A narrative figure the warehouse cannot hold exactly lands with an empty value, reported."""
    out = []
    for f in facts:
        if f.value is None:
            continue
        why = unholdable(f.value, max(0, -f.value.as_tuple().exponent), f.unit)
        if why:
            out.append(Finding(source_file, f.doc_id, "error", "ING_IMPLAUSIBLE_AMOUNT",
                               f"narrative line {f.source_line}: '{f.value_raw}{f.unit or ''}' "
                               f"({f.fact_kind} {f.attribute}): {why}; landed with an empty value",
                               None, f.source_line))
            f.value = None
    return out


@lru_cache(maxsize=None)
def _other_titles() -> tuple[tuple[str, str], ...]:
    return tuple((r["title_ending"], r["looks_like"]) for r in data_rows("not_disclosure_titles.csv"))


def _refuse_other_documents(lines: list[str]) -> None:
    """A report or notice that carries a budget table of its own ('项目支出表' in a performance
    evaluation) is still not a disclosure: its first line names what it is."""
    if _has_cover_title(lines):
        return
    first = next((ln.strip() for ln in lines if len(squash(ln)) >= 4), "")
    for ending, looks_like in _other_titles():
        if squash(first).endswith(ending):
            raise NotADisclosure(f"its first title reads as {looks_like}, not a 预算/决算公开, and no "
                                 f"部门/单位预算 or 决算 title is on its cover; it begins '{first[:60]}'")


def _has_cover_title(lines: list[str]) -> bool:
    """A short line near the top reading like '2024 年部门预算公开' (a report or notice that
    only mentions budgets has no such title line)."""
    cover = [squash(ln) for ln in lines if ln.strip()][:COVER_LINES]
    return any(len(s) <= 60 and TITLE.search(s) and DISCLOSURE_TITLE.search(s) for s in cover)


def _mark_truncated(parsed: list[ParsedTable], lines: list[str], ends_mid_line: bool,
                    source_file: str, doc_id: str) -> list[Finding]:
    """A document cut short inside a table: the table is marked partial, the figures of a row
    cut mid-line are not landed, and an error finding names the line.

    The text ends inside a table when its last line belongs to the last table's rows (or header)
    with no note after them. It was cut there when it stops mid-line, or when that table never
    reached a total row or any row at all; a complete table ending a document has its 合计 row.
    """
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=-1) + 1   # 1-based
    if not parsed or last == 0:
        return []
    t = max(parsed, key=lambda p: p.region.end)
    ends_on_table = t.region.end >= last and t.note_text is None and \
        (not t.rows or t.rows[-1].line_end >= last)
    if not ends_on_table:
        return []
    has_total = any(r.row_kind == "total" for r in t.rows)
    if not (ends_mid_line or not t.rows or not has_total):
        return []
    if ends_mid_line and t.rows[-1:] and t.rows[-1].row_kind == "total" and _printed_in_full(t, t.rows[-1]):
        return []         # only the final line end is missing: nothing is lost
    t.truncated = True
    name = t.region.kind.name_zh
    dropped = ""
    if ends_mid_line and t.rows and t.rows[-1].line_end == last and t.rows[-1].numbers:
        cut = t.rows[-1]
        dropped = (f"; the figures of the row cut at line {last} "
                   f"({', '.join(n.raw for n in cut.numbers)}) may be incomplete and are not landed")
        cut.numbers = []
    where = "mid-line " if ends_mid_line else ""
    missing = "its total row" if t.rows and not has_total else "the rest of the table"
    return [Finding(source_file, doc_id, "error", "ING_TRUNCATED",
                    f"the text stops {where}at line {last}, inside {name} (title at line "
                    f"{t.region.title_line}), before {missing}: the document is cut short. Rows "
                    f"before it are landed; the rest of the table and any later table are missing"
                    f"{dropped}", t.kind, last)]


def _printed_in_full(t: ParsedTable, row) -> bool:
    """Every figure of the row has the table's usual printed decimals (a cut '47.2' would not)."""
    counts: dict[int, int] = {}
    for r in t.rows:
        for n in r.numbers:
            if n.raw not in ZERO_DASHES:
                counts[n.decimals] = counts.get(n.decimals, 0) + 1
    usual = max(counts, key=lambda d: (counts[d], d)) if counts else None
    return bool(row.numbers) and all(n.raw in ZERO_DASHES or n.decimals == usual for n in row.numbers)


def _hold_unconfirmed_codes(parsed: list[ParsedTable], ocr_lines: set[int], result: DocumentResult,
                            source_file: str) -> None:
    """An OCR'd code its table's own hierarchy does not bear out is not landed as a code (before
    placement, so no rule and no placement reads it); its printed text stays in code_raw."""
    from .ocr_verify import unconfirmed_codes

    for ti, held in unconfirmed_codes(parsed, ocr_lines).items():
        t = parsed[ti]
        for k in held:
            t.rows[k].code = None
        shown = ", ".join(f"{t.rows[k].code_raw} (line {t.rows[k].line_start})" for k in held[:6])
        result.findings.append(Finding(
            source_file, result.info.doc_id, "warn", "ING_OCR_UNVERIFIED",
            f"{t.region.kind.name_zh}: {len(held)} code(s) read by OCR have no parent row of their own in the "
            f"table ({shown}{' …' if len(held) > 6 else ''}): a misread is likely, so they are landed as "
            "printed text only (code_raw), not as codes", t.kind, t.rows[held[0]].line_start))


def _hold_unconfirmed(parsed: list[ParsedTable], ocr_lines: set[int], result: DocumentResult,
                      source_file: str) -> set[Decimal]:
    """OCR'd figures no second reading confirms keep their column but lose their measure."""
    from .ocr_verify import confirmed_amounts_yuan, verify_ocr_tables

    unconfirmed = verify_ocr_tables(parsed, [_step(t) for t in parsed], ocr_lines)
    for ti, k, i in sorted(unconfirmed):
        r = parsed[ti].rows[k]
        measure, _ = r.placed[i]
        r.placed[i] = (None, "ocr_unverified")
        r.other_years[i] = (None, measure)          # landed as the cell's column_measure
    for ti in sorted({ti for ti, _, _ in unconfirmed}):
        t = parsed[ti]
        held = sorted({t.rows[k].line_start for tj, k, _ in unconfirmed if tj == ti})
        n = sum(1 for tj, _, _ in unconfirmed if tj == ti)
        result.findings.append(Finding(
            source_file, result.info.doc_id, "warn", "ING_OCR_UNVERIFIED",
            f"{t.region.kind.name_zh}: {n} figure(s) read by OCR on lines "
            f"{', '.join(map(str, held[:8]))}{' …' if len(held) > 8 else ''} take part in no sum of the "
            "table that holds and equal no figure confirmed elsewhere: landed as ocr_unverified, "
            "not used by any rule", t.kind, held[0]))
    return confirmed_amounts_yuan(parsed, unconfirmed)


def _confirmed_facts(facts: list[Fact], ocr_lines: set[int], confirmed_yuan: set[Decimal],
                     result: DocumentResult, source_file: str) -> list[Fact]:
    """A narrative figure read by OCR lands only where a second reading confirms it (ocr_verify)."""
    from .ocr_verify import confirm_facts

    kept, dropped = confirm_facts(facts, ocr_lines, confirmed_yuan)
    if dropped:
        result.findings.append(Finding(
            source_file, result.info.doc_id, "warn", "ING_OCR_UNVERIFIED",
            f"{len(dropped)} narrative figure(s) read by OCR (lines "
            f"{', '.join(str(f.source_line) for f in dropped[:8])}{' …' if len(dropped) > 8 else ''}) "
            "equal no table amount the table's arithmetic confirms, nor the sum of confirmed figures printed "
            "beside them: not landed, so no rule compares them", None, dropped[0].source_line))
    return kept


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


@lru_cache(maxsize=None)
def _empty_words() -> re.Pattern[str]:
    """Words that say a table has nothing to show (data: empty_table_words.csv)."""
    return re.compile("|".join(f"(?:{r['pattern']})" for r in data_rows("empty_table_words.csv")))


def _land(parsed: list[ParsedTable], result: DocumentResult, source_file: str, lines: list[str]) -> None:
    info = result.info
    for seq, t in enumerate(parsed, start=1):
        n_numbers = sum(len(r.numbers) + len(r.set_aside) for r in t.rows)
        status = "present"
        if t.truncated:
            status = "partial"
        elif n_numbers == 0 and prints_figures(lines, t.region):
            # Figures printed but none read: our gap, never an empty table.
            status = "partial"
            result.findings.append(Finding(
                source_file, info.doc_id, "warn", "ING_FIGURES_NOT_READ",
                f"{t.region.kind.name_zh} (line {t.region.title_line}): the table prints amounts but none "
                "could be read into rows; it is landed as partial, not as an empty table", t.kind,
                t.region.title_line))
        elif n_numbers == 0:
            if not t.note_text:
                t.note_text, t.note_line = empty_table_note(lines, t.region.kind, _empty_words()) or (None, None)
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
        if any(r.numbers for r in t.rows) and t.measures and max(len(r.numbers) for r in t.rows) < len(t.measures) \
                and t.grid is None and t.kind not in PROJECT_KINDS:
            result.findings.append(Finding(
                source_file, info.doc_id, "warn", "ING_COLUMN_LOST",
                f"{t.region.kind.name_zh}: the header names {len(t.measures)} amount columns "
                f"({'|'.join(t.measures)}) but no row prints more than "
                f"{max(len(r.numbers) for r in t.rows)}; a column may be lost in extraction. "
                f"Numbers were placed only by named rules (see the placement column)",
                t.kind, t.region.title_line))
        if t.kind in FUNCTION_SOURCES:
            result.findings.extend(_repeated_codes(t, source_file, info.doc_id))
        for r in t.rows:
            for i, num in enumerate(r.numbers):
                measure, rule = r.placed.get(i, (None, "unplaced"))
                year, year_measure = r.other_years.get(i, (None, None)) if rule in ("other_year", "ocr_unverified") \
                    else (None, None)
                result.cells.append(Cell(
                    info.doc_id, seq, t.kind, r.row_seq, r.line_start, r.line_end, r.label,
                    r.code_raw, r.row_item, r.code, r.row_kind, r.project_name, r.side, measure,
                    num.raw, num.value, num.decimals, num.unit or t.unit, rule, num.box,
                    column_year=year, column_measure=year_measure))
            for num, rule in r.set_aside:      # after the row's amounts (SEEDS.md, cell_seq)
                result.cells.append(Cell(
                    info.doc_id, seq, t.kind, r.row_seq, r.line_start, r.line_end, r.label,
                    r.code_raw, r.row_item, r.code, r.row_kind, r.project_name, r.side, None,
                    num.raw, num.value, num.decimals, num.unit or t.unit, rule))


_PART_ONE = re.compile(r"^第一部分.{0,40}概况$")


def _several_documents(lines: list[str], parsed: list[ParsedTable], source_file: str,
                       doc_id: str) -> list[Finding]:
    """Two departments' covers (or, without covers, two 第一部分 … 概况 headings) with a table
    between them: one file holding two documents (a gazette issue, two disclosures pasted
    together). It lands as one document, partial, named by its first cover; the finding says which
    others the file holds and where they begin."""
    titles = [t.region.title_line for t in parsed]
    covers: dict[str, int] = {}
    for line, name in cover_issuers(lines):
        covers.setdefault(name, line)
    # A disclosure printed without a cover begins with its 第一部分 … 概况 heading.
    part_ones = [(i + 1, f"'{squash(ln).strip('#*')}'") for i, ln in enumerate(lines)
                 if _PART_ONE.match(squash(ln).strip("#*"))]
    docs = _starts_with_tables_between(sorted((line, name) for name, line in covers.items()), titles) or \
        _starts_with_tables_between(part_ones, titles)
    if not docs:
        return []
    listed = "; ".join(f"{name} (from line {line})" for line, name in docs[:6])
    return [Finding(source_file, doc_id, "error", "ING_MULTIPLE_DOCUMENTS",
                    f"the file holds {len(docs)} disclosures: {listed}. It is landed as one document "
                    "under the first cover's name, so the others' tables sit beside it; split the "
                    "file into one file per disclosure", None, docs[1][0])]


def _starts_with_tables_between(starts: list[tuple[int, str]], titles: list[int]) -> list[tuple[int, str]]:
    """The starts that begin a document: the first, and each with a table between it and the one
    before (a contents page repeats a heading with no table between). Empty unless two."""
    if len(starts) < 2:
        return []
    docs = [starts[0]] + [b for a, b in zip(starts, starts[1:]) if any(a[0] < x < b[0] for x in titles)]
    return docs if len(docs) >= 2 else []


def _repeated_codes(t: ParsedTable, source_file: str, doc_id: str) -> list[Finding]:
    """A function code printed on two rows of a table the marts read by function code cannot be
    told apart: the marts keep it without amounts, and this says where. (Economic codes repeat
    legitimately: some templates pair each with a second classification.)"""
    rows: dict[tuple[str, str], list[int]] = {}
    for r in t.rows:
        if r.code and r.code.startswith("2") and (r.numbers or r.set_aside):
            rows.setdefault((r.side, r.code), []).append(r.line_start)
    return [Finding(source_file, doc_id, "warn", "ING_REPEATED_CODE",
                    f"{t.region.kind.name_zh}: code {code} is printed on {len(at)} rows (lines "
                    f"{', '.join(map(str, at[:6]))}{' …' if len(at) > 6 else ''}); the marts give "
                    "no amount for it", t.kind, at[1])
            for (_, code), at in rows.items() if len(at) > 1]


def _absent_tables(result: DocumentResult) -> None:
    family = result.info.template_family or "generic"
    present = {t.table_kind for t in result.tables}
    n = 900
    for kind in table_kinds():
        if family in kind.required_in and kind.kind not in present:
            n += 1
            result.tables.append(TableInfo(result.info.doc_id, n, kind.kind, "", 0, 0,
                                           status="absent"))


def _report_document(result: DocumentResult, source_file: str, lines: list[str]) -> None:
    info = result.info
    longest = max(range(len(lines)), key=lambda i: len(lines[i]), default=None)
    if longest is not None and len(lines[longest]) > LONG_LINE:
        result.findings.append(Finding(
            source_file, info.doc_id, "warn", "ING_LONG_LINE",
            f"line {longest + 1} is {len(lines[longest]):,} characters long: the extraction seems to "
            f"have lost its line breaks, and no table can be read from such a line",
            None, longest + 1))
    for attr in ("department_name", "fiscal_year", "stage"):
        if getattr(info, attr) is None:
            result.findings.append(Finding(source_file, info.doc_id, "warn", "ING_UNIDENTIFIED",
                                           f"document {attr} not found on the cover or in table headers"))


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["ingest_path", "ingest_bytes", "ingest_text", "NotADisclosure", "UnreadableInput"]
