"""Queries the dashboard runs against the published warehouse: marts in schema `main` and the
rule catalogue seed `reference.ref_rules`, nothing else.

Every value reaches SQL as a bound parameter ($name); the only SQL text chosen at run time is
a fixed fragment picked by code (e.g. whether the rule catalogue exists). Rows come back as
dicts with DuckDB's exact Decimal amounts, never floats.

The dashboard opens only the published read-only copy (see dashboard/publish.py), one short
read-only connection per page run, so it never holds the warehouse a build is writing and
always sees the latest published build.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import duckdb

REPO = Path(__file__).resolve().parents[1]
DEFAULT_PUBLISHED = REPO / "build" / "published" / "warehouse.duckdb"
SEVERITIES = ("error", "warn", "info")


def published_path() -> Path:
    """The warehouse the dashboard reads: $DASHBOARD_WAREHOUSE, else the published copy."""
    return Path(os.environ.get("DASHBOARD_WAREHOUSE") or DEFAULT_PUBLISHED)


@contextmanager
def connect(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()


def _rows(con, sql: str, params: dict | None = None) -> list[dict]:
    cur = con.execute(sql, params or {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def has_relation(con, schema: str, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = $schema and table_name = $name",
        {"schema": schema, "name": name},
    ).fetchone()[0])


def columns_of(con, schema: str, name: str) -> set[str]:
    return {r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = $schema and table_name = $name",
        {"schema": schema, "name": name},
    ).fetchall()}


def has_compliance(con) -> bool:
    """Whether the warehouse holds the gate's results (its findings mart)."""
    return has_relation(con, "main", "fct_compliance_findings")


def has_scorecard(con) -> bool:
    return has_relation(con, "main", "fct_compliance_scorecard")


# --- documents -------------------------------------------------------------------------------

def documents(con) -> list[dict]:
    return _rows(con, """
        select doc_id, source_file, department_name, province, city, county, fiscal_year, stage,
            doc_level, source_unit
        from main.dim_document
        order by province nulls last, city nulls last, county nulls last, department_name, fiscal_year, doc_id
    """)


# The sidebar's filters: a document field each, every page shows only the documents they keep.
FILTER_FIELDS = ("province", "city", "fiscal_year", "stage", "doc_level")


def filter_values(docs: Sequence[dict], field: str) -> list:
    """The values a field takes across the documents, sorted (NULL left out)."""
    return sorted({d[field] for d in docs if d.get(field) is not None})


def filter_docs(docs: Sequence[dict], selected: dict[str, Sequence]) -> list[dict]:
    """The documents whose every filtered field is one of its selected values (a field with no
    selection keeps all)."""
    wanted = {field: set(values) for field, values in selected.items() if values}
    return [d for d in docs if all(d.get(field) in values for field, values in wanted.items())]


# --- compliance ------------------------------------------------------------------------------

def rules(con) -> list[dict]:
    """The rule catalogue (rule_id, severity, description_zh, description_en, basis), plus rules
    that have findings but no catalogue row (descriptions empty)."""
    catalogued = has_relation(con, "reference", "ref_rules")
    rows = _rows(con, RULES_CATALOGUE) if catalogued else []
    if has_relation(con, "main", "fct_compliance_findings"):
        rows += _rows(con, RULES_UNCATALOGUED if catalogued else RULES_OF_FINDINGS)
    return sorted(rows, key=lambda r: r["rule_id"])


RULES_CATALOGUE = "select rule_id, severity, description_zh, description_en, basis from reference.ref_rules"
RULES_OF_FINDINGS = """
    select distinct rule_id, severity, null::varchar as description_zh, null::varchar as description_en,
        null::varchar as basis
    from main.fct_compliance_findings
"""
RULES_UNCATALOGUED = RULES_OF_FINDINGS + " where rule_id not in (select rule_id from reference.ref_rules)"


def scorecard(con, doc_ids: Sequence[str]) -> list[dict]:
    return _rows(con, """
        select s.doc_id, d.department_name, d.source_file, s.severity, s.rules_evaluated, s.rules_passed,
            s.rules_failed, s.rules_unevaluable
        from main.fct_compliance_scorecard as s
        left join main.dim_document as d on s.doc_id = d.doc_id
        where list_contains($doc_ids, s.doc_id)
        order by d.department_name, s.doc_id, case s.severity when 'error' then 1 when 'warn' then 2 else 3 end
    """, {"doc_ids": list(doc_ids)})


def findings(con, doc_ids: Sequence[str], severities: Sequence[str] | None = None,
             rule_ids: Sequence[str] | None = None, include_waived: bool = True) -> list[dict]:
    """Findings of the documents doc_ids, optionally only some severities / rules, with each
    rule's description from the catalogue (NULL when the catalogue lacks the rule or is absent)."""
    sql = FINDINGS_DESCRIBED if has_relation(con, "reference", "ref_rules") else FINDINGS_UNDESCRIBED
    return _rows(con, sql, {
        "doc_ids": list(doc_ids),
        "severities": list(severities) if severities else None,
        "rule_ids": list(rule_ids) if rule_ids else None,
        "include_waived": include_waived,
    })


# Two fixed texts (with and without the rule catalogue); values are only ever bound parameters.
_FINDINGS = """
    select f.doc_id, d.department_name, d.source_file, d.province, d.city, d.county, f.rule_id, f.severity,
        {description} as description_zh, f.message, f.table_kind, f.subject_code,
        f.expected_yuan, f.actual_yuan, f.difference_yuan, f.source_line, f.page, f.is_waived,
        f.waiver_reason
    from main.fct_compliance_findings as f
    left join main.dim_document as d on f.doc_id = d.doc_id
    {describe}
    where list_contains($doc_ids, f.doc_id)
        and ($severities::varchar[] is null or list_contains($severities::varchar[], f.severity))
        and ($rule_ids::varchar[] is null or list_contains($rule_ids::varchar[], f.rule_id))
        and ($include_waived or not coalesce(f.is_waived, false))
    order by case f.severity when 'error' then 1 when 'warn' then 2 else 3 end,
        d.department_name, f.doc_id, f.rule_id, f.source_line
"""
FINDINGS_DESCRIBED = _FINDINGS.format(
    description="r.description_zh", describe="left join reference.ref_rules as r on f.rule_id = r.rule_id")
FINDINGS_UNDESCRIBED = _FINDINGS.format(description="null::varchar", describe="")


def check_counts(con, doc_ids: Sequence[str], rule_ids: Sequence[str]) -> list[dict]:
    """How many checks of each selected rule passed, failed or could not be evaluated, per
    document (fct_compliance_evaluations: one row per check)."""
    return _rows(con, """
        select e.doc_id, d.department_name, any_value(d.source_file) as source_file, e.rule_id, any_value(e.severity) as severity,
            count(*) filter (where e.outcome = 'pass') as checks_passed,
            count(*) filter (where e.outcome = 'fail') as checks_failed,
            count(*) filter (where e.outcome = 'unevaluable') as checks_unevaluable
        from main.fct_compliance_evaluations as e
        left join main.dim_document as d on e.doc_id = d.doc_id
        where list_contains($doc_ids, e.doc_id) and list_contains($rule_ids, e.rule_id)
        group by e.doc_id, d.department_name, e.rule_id
        order by d.department_name, e.doc_id, e.rule_id
    """, {"doc_ids": list(doc_ids), "rule_ids": list(rule_ids)})


# --- spending and comparison -----------------------------------------------------------------

def summaries(con, doc_ids: Sequence[str]) -> list[dict]:
    """fct_department_summary beside each document's identity, in the order of doc_ids."""
    rows = _rows(con, """
        select d.doc_id, d.department_name, d.source_file, d.province, d.city, d.county, d.fiscal_year,
            d.stage, d.doc_level, d.source_unit,
            s.total_yuan, s.basic_yuan, s.project_yuan, s.personnel_yuan, s.public_yuan,
            s.three_public_yuan, s.three_public_abroad_yuan, s.three_public_reception_yuan,
            s.three_public_vehicle_purchase_yuan, s.three_public_vehicle_operation_yuan,
            s.three_public_source, s.operating_cost_yuan, s.procurement_yuan,
            s.staff_authorized, s.staff_actual, s.basic_share, s.three_public_per_staff_yuan,
            s.personnel_per_staff_yuan, s.total_source, s.unavailable_reasons
        from main.dim_document as d
        left join main.fct_department_summary as s on d.doc_id = s.doc_id
        where list_contains($doc_ids, d.doc_id)
    """, {"doc_ids": list(doc_ids)})
    order = {doc_id: i for i, doc_id in enumerate(doc_ids)}
    return sorted(rows, key=lambda r: order[r["doc_id"]])


def function_classes(con, doc_ids: Sequence[str], level: str = "类") -> list[dict]:
    """Expenditure by function code at one level (类 by default) per document."""
    return _rows(con, """
        select doc_id, function_code, coalesce(function_name, function_name_reference, function_code)
                as function_name,
            total_yuan, basic_yuan, project_yuan, derivation, source_line
        from main.fct_expenditure_by_function
        where list_contains($doc_ids, doc_id) and function_level = $level
        order by doc_id, function_code
    """, {"doc_ids": list(doc_ids), "level": level})


def economic_classes(con, doc_ids: Sequence[str], level: str = "类") -> list[dict]:
    """基本支出 by economic code at one level (类 by default) per document."""
    return _rows(con, """
        select doc_id, economic_code, coalesce(economic_name, economic_name_reference, economic_code)
                as economic_name,
            total_yuan, personnel_yuan, public_yuan, source_line
        from main.fct_basic_expenditure_by_economic
        where list_contains($doc_ids, doc_id) and economic_level = $level
        order by doc_id, economic_code
    """, {"doc_ids": list(doc_ids), "level": level})


def three_public_items(con, doc_ids: Sequence[str]) -> list[dict]:
    """fct_three_public: one row per 三公 item at the finest level each document prints."""
    return _rows(con, """
        select doc_id, item, item_name_zh, is_three_public, amount_yuan, amount_derivation, source_line
        from main.fct_three_public
        where list_contains($doc_ids, doc_id)
        order by doc_id, source_line, item
    """, {"doc_ids": list(doc_ids)})


def projects(con, doc_ids: Sequence[str]) -> list[dict]:
    return _rows(con, """
        select doc_id, project_seq, project_name, function_code, amount_yuan, source_line
        from main.fct_project_expenditure
        where list_contains($doc_ids, doc_id)
        order by doc_id, project_seq
    """, {"doc_ids": list(doc_ids)})


def performance_targets(con, doc_ids: Sequence[str]) -> list[dict]:
    if not has_relation(con, "main", "fct_performance_targets"):
        return []        # a warehouse built before the mart existed
    return _rows(con, """
        select doc_id, target_seq, target_kind, project_name, funds_yuan, funds_source, source_line
        from main.fct_performance_targets
        where list_contains($doc_ids, doc_id)
        order by doc_id, target_seq
    """, {"doc_ids": list(doc_ids)})


# --- one document ----------------------------------------------------------------------------

def table_cells(con, doc_id: str) -> list[dict]:
    return _rows(con, """
        select table_seq, table_kind, table_title, row_seq, cell_seq, source_line, source_line_end, page,
            row_label, code, project_name, side, measure, amount_raw, amount_yuan, unit, placement
        from main.fct_table_cells
        where doc_id = $doc_id
        order by table_seq, row_seq, cell_seq
    """, {"doc_id": doc_id})


def narrative_facts(con, doc_id: str) -> list[dict]:
    return _rows(con, """
        select fact_seq, fact_kind, subject, attribute, value_raw, unit, amount_yuan, source_line,
            page, context, table_kind, table_source_line, table_amount_yuan, difference_yuan
        from main.fct_narrative_facts
        where doc_id = $doc_id
        order by fact_seq
    """, {"doc_id": doc_id})


def manifest(con, doc_id: str) -> dict | None:
    rows = _rows(con, """
        select source_file, status, reason, encoding, tables_found, cells_landed, facts_landed,
            error_findings, warn_findings, info_findings
        from main.ingest_manifest
        where doc_id = $doc_id
        order by source_file
        limit 1
    """, {"doc_id": doc_id})
    return rows[0] if rows else None


def cell_boxes(con, doc_id: str, page: int) -> list[dict]:
    """Where the cells of one page are printed (PDF points), as the ingest read them; [] for a
    warehouse whose cells carry no boxes (built from text extractions only)."""
    has_boxes = con.execute("""
        select count(*) from information_schema.columns
        where table_schema = 'main' and table_name = 'fct_table_cells' and column_name = 'box_left'""").fetchone()[0]
    if not has_boxes:
        return []
    return _rows(con, """
        select source_line, coalesce(source_line_end, source_line) as source_line_end, placement,
            box_left, box_bottom, box_right, box_top
        from main.fct_table_cells
        where doc_id = $doc_id and page = $page and box_left is not null
    """, {"doc_id": doc_id, "page": page})


def page_of_line(con, doc_id: str, line: int | None) -> int | None:
    """The page a source line is on, from the finding or the narrative fact that names it."""
    if line is None:
        return None
    for table, query in _PAGE_OF_LINE:
        if has_relation(con, "main", table):
            row = con.execute(query, {"doc_id": doc_id, "line": line}).fetchone()
            if row:
                return row[0]
    return None


_PAGE_OF_LINE = [(table, f"select page from main.{table} where doc_id = $doc_id and source_line = $line "
                         "and page is not null limit 1")
                 for table in ("fct_compliance_findings", "fct_narrative_facts")]


def departments(con, doc_ids: Sequence[str]) -> list[dict]:
    """The departments (dim_department) the given documents belong to, those with most years first;
    [] where the warehouse predates the panel."""
    if not has_relation(con, "main", "dim_department"):
        return []
    return _rows(con, """
        select dep.department_key, dep.department_name, dep.names_printed, dep.province, dep.city,
            dep.county, dep.doc_level, dep.first_fiscal_year, dep.last_fiscal_year, dep.fiscal_years,
            dep.ambiguous_years
        from main.dim_department as dep
        where dep.department_key in (
            select d.department_key from main.dim_document as d where list_contains($doc_ids, d.doc_id)
        )
        order by dep.fiscal_years desc, dep.department_name, dep.department_key
    """, {"doc_ids": list(doc_ids)})


def department_years(con, department_key: str) -> list[dict]:
    """The panel (fct_department_year) of one department, by year and stage, with each row's file."""
    return _rows(con, """
        select y.*, d.source_file
        from main.fct_department_year as y
        left join main.dim_document as d on y.doc_id = d.doc_id
        where y.department_key = $key
        order by y.fiscal_year, y.stage
    """, {"key": department_key})


def department_checks(con, department_key: str) -> list[dict]:
    """The cross-document rules (R36 last year, R37 budget) on one department's documents: every
    evaluation, failed, passed or unevaluable with its reason; [] without the gate."""
    if not has_relation(con, "main", "fct_compliance_evaluations"):
        return []
    return _rows(con, """
        select d.fiscal_year, d.stage, e.doc_id, e.rule_id, e.severity, e.outcome, e.subject_label,
            e.source_line, e.expected_yuan, e.actual_yuan, e.detail
        from main.fct_compliance_evaluations as e
        inner join main.dim_document as d on e.doc_id = d.doc_id
        where d.department_key = $key and e.rule_id in ('R36', 'R37')
        order by case e.outcome when 'fail' then 0 when 'pass' then 1 else 2 end, d.fiscal_year, e.source_line
    """, {"key": department_key})
