"""Acceptance tests: the four bundled disclosures, ingested, against values typed by hand.

The expected values live in ``ingest/tests/expected/<file stem>.yaml``; they were read off the
documents in ``data/raw/`` by a person, never copied from parser output. Every amount is compared
as an exact Decimal in the printed unit (万元); ``null`` means the document prints nothing there,
so nothing may be landed there either.

Besides the table-driven comparisons, each known trap of these documents has its own test, named
for the behaviour it pins (wrapped names, rows with fewer numbers than columns, a lost column,
absent tables, combined and bracketed codes, the horizontal 三公 table, provenance).
"""
from __future__ import annotations

import functools
import sys
import unicodedata
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # so `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(ROOT))

from ingest.forms import form_kinds  # noqa: E402

RAW_DIR = ROOT / "data" / "raw"
EXPECTED_DIR = Path(__file__).resolve().parent / "expected"
EXPECTED_FILES = sorted(EXPECTED_DIR.glob("*.yaml"))
STEMS = [p.stem for p in EXPECTED_FILES]

DOC1 = "001_40f9bb7e09049ed6"   # Xinjiang 11 tables, tab grid; 一般公共预算支出表 lost its 基本支出 column
DOC2 = "002_7c0bf2efb0e5d549"   # Xinjiang 11 tables, plain pdftotext: wrapped names, short rows
DOC3 = "003_efef946b7b5e825f"   # Xinjiang 11 tables, four of them not printed
DOC4 = "004_34e44ed35e487193"   # Gansu 12 tables: combined codes, [30201] codes, horizontal 三公

# Placement rules a landed number may carry (ingest/SEEDS.md); 'unplaced' means measure is None.
NAMED_RULES = {"position", "count_match", "total_first", "economic_code", "twin_table", "form_label",
               "subtotal", "single_measure"}
ROW_KEYS = {"code", "name", "project_name"}  # every other key of a row is a measure


# ---------------------------------------------------------------------------------------------
# helpers

@functools.lru_cache(maxsize=None)
def expected(stem: str) -> dict:
    with open(EXPECTED_DIR / f"{stem}.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@functools.lru_cache(maxsize=None)
def ingested(stem: str):
    """The parser's result for one bundled document (ingested once per test session)."""
    from ingest.pipeline import ingest_path  # imported here: the module may not exist yet
    return ingest_path(RAW_DIR / f"{stem}.txt")


@functools.lru_cache(maxsize=None)
def source_lines(stem: str) -> tuple[list[str], list[str]]:
    """The file's lines as stored and as the reader normalises them (index i = line i + 1)."""
    from ingest.reader import split_lines
    text = (RAW_DIR / f"{stem}.txt").read_text(encoding="utf-8")
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return raw, split_lines(text)


def dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def accepted(spec) -> list:
    """A YAML expectation as the list of values it accepts ({any_of: [...]} or one value)."""
    if isinstance(spec, dict) and "any_of" in spec:
        return list(spec["any_of"])
    return [spec]


def squash(text: str | None) -> str | None:
    """Compare labels ignoring whitespace and full/half width: wraps and PDF gaps vary."""
    if text is None:
        return None
    return "".join(unicodedata.normalize("NFKC", text).split())


def row_cells(result, kind: str, row: dict) -> list:
    """Cells of the expected row: same canonical code and project; code None means the total row."""
    projects = accepted(row.get("project_name"))
    cells = [c for c in result.cells_of(kind)
             if c.code == row.get("code") and c.project_name in projects]
    if row.get("code") is None:
        cells = [c for c in cells if c.row_kind == "total"]
    return cells


def row_desc(kind: str, row: dict) -> str:
    parts = [kind, f"code={row.get('code')}"]
    if row.get("project_name") is not None:
        parts.append(f"project_name={row['project_name']}")
    if row.get("name"):
        parts.append(f"({row['name']})")
    return " ".join(parts)


def cell_desc(c) -> str:
    return (f"{c.table_kind} line {c.source_line}-{c.source_line_end} code={c.code} "
            f"label={c.row_label!r} project={c.project_name!r} measure={c.measure} "
            f"amount_raw={c.amount_raw!r} placement={c.placement}")


def single_cell(result, kind: str, measure: str | None, **keys):
    hits = [c for c in result.cells_of(kind) if c.measure == measure
            and all(getattr(c, k) == v for k, v in keys.items())]
    assert len(hits) == 1, (f"expected exactly one {kind}/{measure} cell with {keys}, found "
                            f"{len(hits)}: " + "; ".join(cell_desc(c) for c in hits))
    return hits[0]


def row_table_params(*, with_rows_only: bool = False):
    params = []
    for stem in STEMS:
        for kind, rows in (expected(stem).get("rows") or {}).items():
            if rows or not with_rows_only:
                params.append(pytest.param(stem, kind, id=f"{stem[:3]}-{kind}"))
    return params


# ---------------------------------------------------------------------------------------------
# the expectations themselves

def _vocabulary(csv_name: str, column: str) -> set[str]:
    import csv
    with open(ROOT / "ingest" / "data" / csv_name, encoding="utf-8", newline="") as fh:
        return {row[column] for row in csv.DictReader(fh)}


def test_expected_files_cover_the_bundled_documents_in_canonical_terms():
    """Guards the hand-typed YAML: one per document, and only names the project defines."""
    assert STEMS == sorted(p.stem for p in RAW_DIR.glob("*.txt")), (STEMS, RAW_DIR)
    kinds = _vocabulary("table_kinds.csv", "table_kind")
    measures = _vocabulary("measure_aliases.csv", "measure")
    items = _vocabulary("row_items.csv", "row_item")
    problems = []
    for stem in STEMS:
        exp = expected(stem)
        assert exp["source_file"] == f"{stem}.txt", stem
        used_kinds = {*exp["tables"], *(exp.get("not_in_document") or []), *(exp.get("rows") or {})}
        problems += [f"{stem}: table kind {k}" for k in used_kinds - kinds]
        for kind, rows in (exp.get("rows") or {}).items():
            for row in rows:
                problems += [f"{stem} {kind}: measure {m}" for m in set(row) - ROW_KEYS - measures]
                for value in row.values():
                    if isinstance(value, float):  # an unquoted amount would lose its printed form
                        problems.append(f"{stem} {kind}: unquoted amount {value}")
        for item in exp["three_public"]:
            if item["measure"] not in measures:
                problems.append(f"{stem} three_public: measure {item['measure']}")
            if item.get("row_item", "three_public_total") not in items:
                problems.append(f"{stem} three_public: row_item {item['row_item']}")
    assert not problems, "expectations use names the project does not define:\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------------------------------------
# document info and table statuses

@pytest.mark.parametrize("stem", STEMS)
def test_document_info_matches_the_document(stem):
    info = ingested(stem).info
    problems = []
    for field, spec in expected(stem)["document"].items():
        got = getattr(info, field)
        if got not in accepted(spec):
            problems.append(f"{field}: expected {spec!r}, got {got!r}")
    assert info.source_file.endswith(f"{stem}.txt"), info.source_file
    assert not problems, f"{stem}: DocumentInfo differs from the document:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_table_statuses_and_units(stem):
    result, exp = ingested(stem), expected(stem)
    problems = []
    for kind, spec in exp["tables"].items():
        table = result.table(kind)
        if table is None:
            problems.append(f"{kind}: no TableInfo (expected status {spec!r})")
            continue
        if table.status not in accepted(spec):
            problems.append(f"{kind}: status {table.status!r}, expected {spec!r} "
                            f"(title line {table.title_line})")
        if table.status != "absent" and table.unit != "万元":
            problems.append(f"{kind}: unit {table.unit!r} (unit_raw {table.unit_raw!r}), expected '万元'")
    for kind in exp.get("not_in_document") or []:
        table = result.table(kind)
        if table is not None and table.status != "absent":
            problems.append(f"{kind}: not in this document's template, yet recorded as "
                            f"{table.status!r} at line {table.title_line}")
    assert not problems, f"{stem}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("stem", STEMS)
def test_each_table_kind_is_recorded_once(stem):
    """Tables continued across pages (repeated headers) stay one table."""
    # A form table (绩效目标表) is printed once per project: each is its own table.
    counts = Counter(t.table_kind for t in ingested(stem).tables if t.table_kind not in form_kinds())
    dupes = {k: n for k, n in counts.items() if n > 1}
    assert not dupes, f"{stem}: table kinds recorded more than once: {dupes}"


@pytest.mark.parametrize("stem", STEMS)
def test_absent_and_empty_tables_land_no_cells(stem):
    result = ingested(stem)
    problems = []
    for kind, spec in expected(stem)["tables"].items():
        if set(accepted(spec)) <= {"absent", "empty_with_note"}:
            problems += [cell_desc(c) for c in result.cells_of(kind)]
    assert not problems, (f"{stem}: numbers landed in tables the document prints empty or not "
                          f"at all (a note's '2024' or a column-number row?):\n  " + "\n  ".join(problems))


# ---------------------------------------------------------------------------------------------
# table values

@pytest.mark.parametrize("stem", STEMS)
def test_income_expenditure_grand_totals(stem):
    result = ingested(stem)
    exp = expected(stem)["income_expenditure_summary"]
    for row_item, side in (("income_grand_total", "income"), ("expenditure_grand_total", "expenditure")):
        got = result.value("income_expenditure_summary", "total", row_item=row_item, side=side)
        assert got == dec(exp[row_item]), f"{stem}: {row_item} (side {side}) = {got}, expected {exp[row_item]}"


@pytest.mark.parametrize(("stem", "kind"), row_table_params(with_rows_only=True))
def test_table_rows_match_hand_typed_values(stem, kind):
    """Every expected row: each measure's amount (or its absence), one row, the row's label."""
    result = ingested(stem)
    problems = []
    for row in expected(stem)["rows"][kind]:
        cells = row_cells(result, kind, row)
        where = row_desc(kind, row)
        if len({c.row_seq for c in cells}) > 1:
            problems.append(f"{where}: split over rows {sorted({c.row_seq for c in cells})}")
        if row.get("name") is not None:
            labels = {c.row_label for c in cells}
            if any(squash(label) != squash(row["name"]) for label in labels):
                problems.append(f"{where}: row_label {labels}, expected {row['name']!r}")
        for measure, want in row.items():
            if measure in ROW_KEYS:
                continue
            hits = [c for c in cells if c.measure == measure]
            if len(hits) > 1:
                problems.append(f"{where} {measure}: {len(hits)} cells "
                                f"{[c.amount_raw for c in hits]}, expected one")
                continue
            got = hits[0].amount if hits else None
            if got != dec(want):
                problems.append(f"{where} {measure}: got {got}, expected {want}"
                                + (f" [{hits[0].placement}, line {hits[0].source_line}]" if hits else ""))
    assert not problems, f"{stem} {kind}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("stem", "kind"), row_table_params())
def test_table_has_exactly_the_expected_rows(stem, kind):
    """No row missing, none invented (a year, a 序号 or a column-number row read as a row)."""
    result = ingested(stem)
    want = Counter()
    for row in expected(stem)["rows"][kind]:
        if any(v is not None for k, v in row.items() if k not in ROW_KEYS):
            want[(row.get("code"), squash(accepted(row.get("project_name"))[0]))] += 1
    rows = {}
    for c in result.cells_of(kind):
        rows.setdefault(c.row_seq, (c.code, squash(c.project_name)))
    got = Counter(rows.values())
    missing, extra = want - got, got - want
    assert not missing and not extra, (f"{stem} {kind}: rows missing {sorted(missing.elements(), key=str)}, "
                                       f"unexpected {sorted(extra.elements(), key=str)}")


@pytest.mark.parametrize("stem", STEMS)
def test_three_public_values(stem):
    result = ingested(stem)
    problems = []
    for item in expected(stem)["three_public"]:
        keys = {"row_item": item["row_item"]} if "row_item" in item else {}
        got = result.value("three_public", item["measure"], **keys)
        if got != dec(item["amount"]):
            problems.append(f"{keys or 'unit row'} {item['measure']}: got {got}, expected {item['amount']}")
    assert not problems, f"{stem} three_public:\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------------------------------------
# 002: plain pdftotext

def test_002_wrapped_row_names_join_into_one_row():
    result = ingested(DOC2)
    cases = [  # kind, code, project, full name, first line, last line, 合计 amount
        ("income_summary", "2080505", None, "机关事业单位基本养老保险缴费支出", 199, 203, "16.93"),
        ("income_summary", "2010399", None, "其他政府办公厅(室)及相关机构事务支出", 187, 191, "269.32"),
        ("general_budget_project", "2010399", "2024 年政务服务运行维护费",
         "其他政府办公厅(室)及相关机构事务支出", 477, 481, "249.17"),
        ("general_budget_project", "2010399", "2024 年全国文明城市创建复验及市级精神文明示范窗口建设项目",
         "其他政府办公厅(室)及相关机构事务支出", 483, 491, "20.15"),
    ]
    for kind, code, project, name, first, last, total in cases:
        cells = [c for c in result.cells_of(kind) if c.code == code and c.project_name == project]
        assert cells, f"{kind} {code} {project}: no cells"
        assert len({c.row_seq for c in cells}) == 1, f"{kind} {code}: split into several rows"
        for c in cells:
            assert squash(c.row_label) == squash(name), f"{kind} {code}: label {c.row_label!r}, expected {name!r}"
            assert (c.source_line, c.source_line_end) == (first, last), cell_desc(c)
        assert result.value(kind, "total", code=code, project=project) == Decimal(total)


def test_002_short_function_rows_placed_by_subtotal():
    """'201 03 50 事业运行 143.01 143.01' prints 2 of 3 numbers: only the subtotals decide."""
    result = ingested(DOC2)
    kind = "expenditure_summary"
    assert result.value(kind, "total", code="2010350") == Decimal("143.01")
    assert result.value(kind, "basic", code="2010350") == Decimal("143.01")
    assert result.value(kind, "project", code="2010350") is None
    assert single_cell(result, kind, "basic", code="2010350").placement == "subtotal"

    assert result.value(kind, "total", code="2010399") == Decimal("269.32")
    assert result.value(kind, "project", code="2010399") == Decimal("269.32")
    assert result.value(kind, "basic", code="2010399") is None
    assert single_cell(result, kind, "project", code="2010399").placement == "subtotal"


def test_002_basic_rows_placed_by_economic_code():
    """'301 01 基本工资 39.71 39.71': 301 is 人员经费; '302 01 办公费 7.46 7.46': 302 is 公用经费."""
    result = ingested(DOC2)
    kind = "general_budget_basic"
    cell = single_cell(result, kind, "personnel", code="30101")
    assert (cell.amount, cell.placement) == (Decimal("39.71"), "economic_code")
    assert result.value(kind, "public", code="30101") is None
    cell = single_cell(result, kind, "public", code="30201")
    assert (cell.amount, cell.placement) == (Decimal("7.46"), "economic_code")
    assert result.value(kind, "personnel", code="30201") is None


PROJECTS_002 = {"2024 年政务服务运行维护费": Decimal("249.17"),
                "2024 年全国文明城市创建复验及市级精神文明示范窗口建设项目": Decimal("20.15")}


def test_002_project_names_beginning_with_digits_stay_names():
    result = ingested(DOC2)
    kind = "general_budget_project"
    for project, total in PROJECTS_002.items():
        assert result.value(kind, "total", code="2010399", project=project) == total
    years = [cell_desc(c) for c in result.cells_of(kind) if c.amount is not None and c.amount == 2024]
    assert not years, "the year of a project name was landed as an amount:\n  " + "\n  ".join(years)


def test_002_undecidable_economic_split_is_unplaced_and_reported():
    """Each project row prints 合计 and one of 11 economic columns: the column cannot be told."""
    result = ingested(DOC2)
    kind = "general_budget_project"
    for project, total in PROJECTS_002.items():
        cells = [c for c in result.cells_of(kind) if c.project_name == project]
        assert len(cells) == 2, f"{project}: expected 2 printed numbers, got " + "; ".join(map(cell_desc, cells))
        placed = [c for c in cells if c.measure is not None]
        unplaced = [c for c in cells if c.measure is None]
        assert [c.measure for c in placed] == ["total"], "; ".join(map(cell_desc, placed))
        assert len(unplaced) == 1 and unplaced[0].amount == total, "; ".join(map(cell_desc, cells))
        assert unplaced[0].placement == "unplaced", cell_desc(unplaced[0])
        first = min(c.source_line for c in cells)
        last = max(c.source_line_end for c in cells)
        reported = [f for f in result.findings
                    if (f.source_line is not None and first <= f.source_line <= last)
                    or project in (f.message or "")]
        assert reported, f"no ingest finding names the row of {project!r} (lines {first}-{last})"
    guessed = [cell_desc(c) for c in result.cells_of(kind) if (c.measure or "").startswith("econ_")]
    assert not guessed, "an economic column was guessed:\n  " + "\n  ".join(guessed)


# ---------------------------------------------------------------------------------------------
# 001: the 一般公共预算支出情况表 printed without its 基本支出 column

def test_001_general_budget_expenditure_lost_basic_column_is_not_filled_by_position():
    result = ingested(DOC1)
    kind = "general_budget_expenditure"
    cells = result.cells_of(kind)
    assert cells, "no cells landed for the 一般公共预算支出情况表"
    basic = [cell_desc(c) for c in cells if c.measure == "basic"]
    assert not basic, "a number was landed as 基本支出, which this extraction does not print:\n  " + "\n  ".join(basic)
    wrong_rule = [cell_desc(c) for c in cells if c.placement not in NAMED_RULES - {"position"}]
    assert not wrong_rule, ("the tab grid does not match the header here, so no number may be placed "
                            "by 'position' or left unplaced:\n  " + "\n  ".join(wrong_rule))
    for row in expected(DOC1)["rows"][kind]:
        for measure in ("total", "project"):
            keys = {"code": row["code"]} if row["code"] else {"row_kind": "total"}
            assert result.value(kind, measure, **keys) == dec(row[measure]), (row, measure)
    table = result.table(kind)
    reported = [f for f in result.findings
                if f.table_kind == kind
                or (table is not None and f.source_line is not None
                    and table.title_line <= f.source_line <= table.end_line)]
    assert reported, "no ingest finding reports the table's missing 基本支出 column"


# ---------------------------------------------------------------------------------------------
# 003: tables listed in the contents but not printed

def test_003_tables_not_printed_are_recorded_absent():
    result = ingested(DOC3)
    for kind in ("income_summary", "general_budget_project", "gov_fund_expenditure", "carryover"):
        table = result.table(kind)
        assert table is not None and table.status == "absent", (kind, table)
        assert result.cells_of(kind) == [], kind


def test_003_three_public_reception_only():
    result = ingested(DOC3)
    assert result.value("three_public", "total", row_item="three_public_total") == Decimal("0.25")
    assert result.value("three_public", "total", row_item="reception") == Decimal("0.25")
    assert result.value("three_public", "total", row_item="abroad") is None
    assert result.value("three_public", "total", row_item="vehicle_total") is None


# ---------------------------------------------------------------------------------------------
# 004: Gansu template

CODES_004 = {"2010301", "2080505", "2089999", "2101102", "2210201"}


def test_004_combined_seven_digit_codes():
    result = ingested(DOC4)
    for kind in ("expenditure_summary", "general_budget_expenditure", "general_budget_basic"):
        cells = result.cells_of(kind)
        codes = {c.code for c in cells if c.row_kind != "total"}
        assert codes == CODES_004, (kind, codes)
        raw = {(c.code, c.code_raw.strip()) for c in cells if c.code}
        assert all(code == code_raw for code, code_raw in raw), (kind, raw)
    assert result.value("expenditure_summary", "basic", code="2010301") == Decimal("69.54")
    assert result.value("expenditure_summary", "project", code="2010301") == Decimal("48")
    assert result.value("general_budget_basic", "personnel", code="2010301") == Decimal("62.91")


def test_004_operating_cost_bracketed_codes_and_serial_numbers():
    """'1\t[30201]办公费\t0.15': the code is '30201' and the 序号 '1' is not an amount."""
    result = ingested(DOC4)
    kind = "operating_cost"
    cell = single_cell(result, kind, "total", code="30201")
    assert cell.amount == Decimal("0.15") and "30201" in cell.code_raw, cell_desc(cell)
    assert result.value(kind, "total", code="30202") is None  # the row prints only its 序号 "2"
    cells = result.cells_of(kind)
    assert sorted(c.amount for c in cells) == sorted(
        Decimal(a) for a in ("3.37", "0.15", "0.09", "0.17", "2.06", "0.27", "0.63")), \
        "\n  ".join(map(cell_desc, cells))
    assert {c.measure for c in cells} == {"total"}, "\n  ".join(map(cell_desc, cells))


def test_004_horizontal_three_public_unit_row():
    result = ingested(DOC4)
    assert result.value("three_public", "total") == Decimal("0.04")
    assert result.value("three_public", "reception") == Decimal("0.04")
    for measure in ("abroad", "vehicle_total", "vehicle_purchase", "vehicle_operation", "meeting", "training"):
        assert result.value("three_public", measure) is None, measure
    cells = result.cells_of("three_public")
    assert len(cells) == 2 and {c.source_line for c in cells} == {439}, "\n  ".join(map(cell_desc, cells))


# ---------------------------------------------------------------------------------------------
# provenance

@pytest.mark.parametrize("stem", STEMS)
def test_every_cell_leads_back_to_its_line(stem):
    """source_line..source_line_end is inside the file and the table, and holds the printed number."""
    result = ingested(stem)
    raw, normalised = source_lines(stem)
    tables = {t.table_seq: t for t in result.tables}
    assert result.cells, f"{stem}: no cells landed"
    problems = []
    for c in result.cells:
        where = cell_desc(c)
        if c.doc_id != result.info.doc_id:
            problems.append(f"doc_id {c.doc_id} != {result.info.doc_id}: {where}")
        if not 1 <= c.source_line <= c.source_line_end <= len(raw):
            problems.append(f"line span outside the file: {where}")
            continue
        span = range(c.source_line - 1, c.source_line_end)
        if not c.amount_raw or not any(c.amount_raw in raw[i] or c.amount_raw in normalised[i] for i in span):
            problems.append(f"amount_raw not printed on the cited lines: {where}")
        try:
            parsed = Decimal(c.amount_raw.replace(",", ""))
        except (InvalidOperation, AttributeError):
            problems.append(f"amount_raw is not a number: {where}")
        else:
            if c.amount != parsed:
                problems.append(f"amount {c.amount} differs from amount_raw: {where}")
            printed = len(c.amount_raw.split(".")[1]) if "." in c.amount_raw else 0
            if c.decimals != printed:
                problems.append(f"decimals {c.decimals}, printed {printed}: {where}")
        table = tables.get(c.table_seq)
        if table is None or table.table_kind != c.table_kind:
            problems.append(f"table_seq {c.table_seq} is not a {c.table_kind} table: {where}")
        elif not table.title_line <= c.source_line <= c.source_line_end <= table.end_line:
            problems.append(f"outside its table (lines {table.title_line}-{table.end_line}): {where}")
        if c.measure is None and c.placement != "unplaced":
            problems.append(f"no measure but placement {c.placement!r}: {where}")
        if c.measure is not None and c.placement not in NAMED_RULES:
            problems.append(f"placed by an unnamed rule: {where}")
    assert not problems, f"{stem}: {len(problems)} cells fail provenance:\n  " + "\n  ".join(problems[:40])


@pytest.mark.parametrize("stem", STEMS)
def test_column_number_rows_are_not_landed(stem):
    """'※ ※ ※ ※ 1 2 3' (002) and '**\t1\t2\t3' (004) number the columns; they are not amounts."""
    raw, _ = source_lines(stem)
    landed = [cell_desc(c) for c in ingested(stem).cells
              if 1 <= c.source_line <= len(raw) and raw[c.source_line - 1].strip().startswith(("※", "**"))]
    assert not landed, f"{stem}: column numbers landed as amounts:\n  " + "\n  ".join(landed)


# ---------------------------------------------------------------------------------------------
# the parser must work from headers and aliases, not from knowing these files

def _bundled_doc_ids() -> list[str]:
    from ingest.reader import content_hash, split_lines
    return [content_hash(split_lines((RAW_DIR / f"{stem}.txt").read_text(encoding="utf-8")))[:12]
            for stem in STEMS]


def test_ingest_source_does_not_name_bundled_documents():
    package = ROOT / "ingest"
    sources = [p for p in sorted(package.rglob("*.py")) if "tests" not in p.relative_to(package).parts]
    assert sources, "no ingest sources found to check"
    forbidden = ["喀什", "乌鲁木齐", "若羌", "永登", "巴音郭楞", "兰州",   # their regions (and departments)
                 *(stem.split("_", 1)[1][:8] for stem in STEMS),            # file hash stems
                 *_bundled_doc_ids()]                                       # content-hash doc ids
    hits = []
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hits += [f"{path.relative_to(ROOT)}:{number}: {word}" for word in forbidden if word in line]
    assert not hits, "ingest code names a bundled document or its region:\n  " + "\n  ".join(hits)
