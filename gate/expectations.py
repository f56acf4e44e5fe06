"""Great Expectations suites on the marts: what the warehouse itself must look like.

The compliance rules (dbt, `fct_compliance_findings`) judge a *disclosure*; these suites judge the
*warehouse* that the rules read: value sets, canonical code shapes, signs and ranges, one row per
document where the grain says so, every fact pointing at a known document, required columns
filled. A failure here means a parser or model bug (or a document shape nobody anticipated), not a
department's mistake, so the gate reports it as a warning and it never changes the exit code.

Suites are data: `SUITES` maps each mart (relation in schema `main`) to a list of expectation
specs, `{"expect": <GX 1.x class name>, **its kwargs}`. Two placeholders are resolved when the
suite runs, from the frames being validated:

- `Ref(table, column)`: the distinct non-null values of another mart's column (or a reference
  seed's, as "schema.table"), for "every fact's doc_id is a document" and similar;
- `RowCount(table)`: another mart's row count (one summary row per document).

A `when` in a spec restricts the rows an expectation applies to, as a tuple: (column, "==", value),
(column, "!=", value), (column, "in", [values]) or (column, "not null"); e.g. a function code has
5 digits where function_level == "款". It becomes a GX 1.x row condition object. Each suite also checks that every column it
names exists (one clear failure instead of an exception per expectation).

Frames are read from DuckDB into pandas (GX's SQL route does not work with DuckDB); DECIMAL
amounts arrive as float64, which is exact enough for signs and ranges. The GX context is
ephemeral: nothing is written to disk and no Data Docs are built.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import asdict, dataclass, field
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

MAX_SAMPLE = 5  # unexpected values kept per expectation


@dataclass(frozen=True)
class Ref:
    """The distinct non-null values of `table.column`, read when the suite runs (plus `extra`)."""

    table: str
    column: str
    extra: tuple = ()


@dataclass(frozen=True)
class RowCount:
    """The row count of another mart, read when the suite runs."""

    table: str


# --- spec helpers: each returns plain dicts, so the suites below read as a table ---------------

# Anchored with \Z, not $: GX's pandas regex is re.search, and $ would accept a trailing newline.
# [0-9], not \d: Python's \d accepts any Unicode digit (全角 ０-９ included).
FUNCTION_CODE = r"^2[0-9]{2}(?:[0-9]{2}){0,2}\Z"  # 类 3, 款 5, 项 7 digits
ECONOMIC_CODE = r"^[35][0-9]{2}(?:[0-9]{2})?\Z"  # 类 3, 款 5 digits (301…, 501… government side)
DIVISION_CODE = r"^[0-9]{6}\Z"


def not_null(*columns: str, when: tuple | None = None) -> list[dict]:
    return [_spec("ExpectColumnValuesToNotBeNull", column=c, when=when) for c in columns]


def in_set(column: str, values, when: tuple | None = None) -> dict:
    return _spec("ExpectColumnValuesToBeInSet", column=column, value_set=values, when=when)


def matches(column: str, regex: str, when: tuple | None = None) -> dict:
    return _spec("ExpectColumnValuesToMatchRegex", column=column, regex=regex, when=when)


def at_least(minimum, *columns: str, strict: bool = False) -> list[dict]:
    return [_spec("ExpectColumnValuesToBeBetween", column=c, min_value=minimum, strict_min=strict)
            for c in columns]


def between(column: str, low, high) -> dict:
    return _spec("ExpectColumnValuesToBeBetween", column=column, min_value=low, max_value=high)


def unique(*columns: str) -> dict:
    if len(columns) == 1:
        return _spec("ExpectColumnValuesToBeUnique", column=columns[0])
    return _spec("ExpectCompoundColumnsToBeUnique", column_list=list(columns))


def _spec(expect: str, when: tuple | None = None, **kwargs) -> dict:
    spec = {"expect": expect, **kwargs}
    if when:
        spec["when"] = when
    return spec


def condition_label(when: tuple | None) -> str | None:
    """'function_level == "款"', 'status in ["quarantined", "duplicate"]', 'x is not null'."""
    if not when:
        return None
    column, op, *value = when
    if op == "not null":
        return f"{column} is not null"
    return f"{column} {op} {json.dumps(value[0], ensure_ascii=False)}"


def _row_condition(when: tuple):
    from great_expectations.expectations.row_conditions import Column

    column, op, *value = when
    if op == "==":
        return Column(column) == value[0]
    if op == "!=":
        return Column(column) != value[0]
    if op == "in":
        return Column(column).is_in(value[0])
    if op == "not null":
        return Column(column).is_not_null()
    raise ValueError(f"unknown condition {when!r}")


DOCS = Ref("dim_document", "doc_id")
SEVERITIES = ["error", "warn", "info"]
LEVELS = ["类", "款", "项"]

# Amount columns that are levels (never negative). Differences and changes (difference_yuan,
# narrative change_amount) are signed and deliberately absent; table cells are unconstrained
# because a printed table may carry signed columns (增减, 调整).
SUMMARY_AMOUNTS = [
    "total_yuan", "basic_yuan", "project_yuan", "personnel_yuan", "public_yuan",
    "three_public_yuan", "three_public_abroad_yuan", "three_public_reception_yuan",
    "three_public_vehicle_purchase_yuan", "three_public_vehicle_operation_yuan",
    "operating_cost_yuan", "procurement_yuan",
    "three_public_per_staff_yuan", "personnel_per_staff_yuan",
]
PROJECT_ECON = [f"econ_{c}_yuan" for c in (301, 302, 303, 307, 309, 310, 311, 312, 313, 399)]

MONEY_PLACEMENTS = ["position", "count_match", "total_first", "economic_code", "identity", "identity_total",
                    "twin_table", "subtotal", "single_measure", "form_label", "only_part"]

SUITES: dict[str, list[dict]] = {
    "dim_document": [
        *not_null("doc_id", "source_file", "stage", "required_tables_absent"),
        unique("doc_id"),
        unique("source_file"),
        _spec("ExpectTableRowCountToBeBetween", min_value=1),
        in_set("stage", ["budget", "final"]),
        in_set("doc_level", ["部门", "单位"]),
        in_set("template_family", ["xj11", "gs12", "generic"]),
        in_set("source_unit", Ref("reference.ref_units", "unit", extra=("mixed",))),
        matches("division_code", DIVISION_CODE),
        between("fiscal_year", 2000, 2100),
        *at_least(0, "required_tables_absent"),
        *at_least(1, "line_count"),
        # every document came through the manifest
        in_set("doc_id", Ref("ingest_manifest", "doc_id")),
    ],
    "fct_department_summary": [
        *not_null("doc_id"),
        # exactly one row per document: unique, every document present, nothing else
        unique("doc_id"),
        in_set("doc_id", DOCS),
        _spec("ExpectColumnDistinctValuesToEqualSet", column="doc_id", value_set=DOCS),
        _spec("ExpectTableRowCountToEqual", value=RowCount("dim_document")),
        *at_least(0, *SUMMARY_AMOUNTS),
        between("basic_share", 0, 1),
        *at_least(0, "staff_authorized", "staff_actual"),
        in_set("operating_cost_source", ["table", "narrative"]),
        # a figure is NULL only with a reason
        *not_null("three_public_source"),
        in_set("total_source", ["table", "narrative"]),
        *not_null("operating_cost_source", when=("operating_cost_yuan", "not null")),
    ],
    "fct_expenditure_by_function": [
        *not_null("doc_id", "function_code", "function_level", "source_table_kind", "derivation"),
        unique("doc_id", "function_code"),
        in_set("doc_id", DOCS),
        matches("function_code", FUNCTION_CODE),
        in_set("function_level", LEVELS),
        matches("function_code", r"^[0-9]{3}\Z", when=("function_level", "==", "类")),
        matches("function_code", r"^[0-9]{5}\Z", when=("function_level", "==", "款")),
        matches("function_code", r"^[0-9]{7}\Z", when=("function_level", "==", "项")),
        matches("function_class_code", r"^2[0-9]{2}\Z"),
        between("share_of_total", 0, 1),
        in_set("source_table_kind", ["expenditure_summary", "general_budget_expenditure"]),
        in_set("derivation", ["printed", "sum_of_children"]),
        *at_least(0, "total_yuan", "basic_yuan", "project_yuan"),
        *at_least(0, "step_yuan", strict=True),
        *at_least(1, "source_line"),
    ],
    "fct_basic_expenditure_by_economic": [
        *not_null("doc_id", "economic_code", "economic_level", "printings"),
        unique("doc_id", "economic_code"),
        in_set("doc_id", DOCS),
        matches("economic_code", ECONOMIC_CODE),
        in_set("economic_level", ["类", "款"]),
        matches("economic_code", r"^[0-9]{3}\Z", when=("economic_level", "==", "类")),
        matches("economic_code", r"^[0-9]{5}\Z", when=("economic_level", "==", "款")),
        matches("economic_class_code", r"^[35][0-9]{2}\Z"),
        in_set("basic_split_reference", ["personnel", "public"]),
        *at_least(0, "total_yuan", "personnel_yuan", "public_yuan"),
        *at_least(0, "step_yuan", strict=True),
        *at_least(1, "printings", "source_line"),
    ],
    "fct_project_expenditure": [
        *not_null("doc_id", "project_seq", "project_name"),
        unique("doc_id", "project_seq"),
        in_set("doc_id", DOCS),
        matches("function_code", FUNCTION_CODE),
        *at_least(1, "project_seq"),
        *at_least(0, "amount_yuan", *PROJECT_ECON),
        *at_least(0, "step_yuan", strict=True),
    ],
    "fct_performance_targets": [
        *not_null("doc_id", "target_seq", "target_kind", "source_line"),
        unique("doc_id", "target_seq"),
        in_set("doc_id", DOCS),
        in_set("target_kind", ["overall", "project"]),
        in_set("funds_source", ["funds_total", "expenditure_total", "income_total", "sum_of_sources"]),
        *at_least(0, "funds_yuan", "fiscal_yuan"),
        *at_least(1, "target_seq", "source_line"),
    ],
    "fct_three_public": [
        *not_null("doc_id", "item", "item_name_zh", "is_three_public", "amount_derivation"),
        unique("doc_id", "item"),
        in_set("doc_id", DOCS),
        in_set("item", ["total", "abroad", "reception", "vehicle_total", "vehicle_purchase",
                        "vehicle_operation", "meeting", "training"]),
        in_set("amount_derivation", ["printed", "sum_of_sources", "unplaced"]),
        in_set("layout", ["vertical", "horizontal"]),
        *at_least(0, "amount_yuan", "general_budget_yuan", "gov_fund_yuan", "state_capital_yuan"),
        *at_least(0, "step_yuan", strict=True),
    ],
    "fct_table_cells": [
        *not_null("doc_id", "table_seq", "table_kind", "row_seq", "cell_seq", "placement"),
        unique("doc_id", "table_seq", "row_seq", "cell_seq"),
        in_set("doc_id", DOCS),
        in_set("table_kind", Ref("reference.table_kinds", "table_kind")),
        in_set("placement", [*MONEY_PLACEMENTS, "non_money", "other_year", "unplaced"]),
        # a cell has a measure exactly when a named rule placed it in a money column (a figure
        # in 行次, % or 人 is landed as non_money, with no measure: ingest/SEEDS.md)
        *not_null("measure", when=("placement", "in", MONEY_PLACEMENTS)),
        in_set("row_kind", ["total", "category", "item", "project", "line"]),
        in_set("side", ["income", "expenditure"]),
        in_set("code_system", ["function", "economic", "income"]),
        in_set("code_level", LEVELS),
        matches("code", FUNCTION_CODE, when=("code_system", "==", "function")),
        matches("code", ECONOMIC_CODE, when=("code_system", "==", "economic")),
        in_set("unit", Ref("reference.ref_units", "unit")),
        *at_least(0, "step_yuan", strict=True),
        *at_least(1, "source_line"),
        _spec("ExpectColumnPairValuesAToBeGreaterThanB",
              column_A="source_line_end", column_B="source_line", or_equal=True),
    ],
    "fct_unit_figures": [
        *not_null("doc_id", "table_seq", "table_kind", "source_line", "budget_unit_name", "is_department_row",
                  "measure", "placement"),
        unique("doc_id", "table_seq", "source_line", "measure"),
        in_set("doc_id", DOCS),
        in_set("table_kind", Ref("reference.table_kinds", "table_kind")),
        in_set("placement", MONEY_PLACEMENTS),
        *at_least(0, "step_yuan", strict=True),
        *at_least(1, "source_line"),
    ],
    "fct_compliance_findings": [
        *not_null("doc_id", "source_file", "rule_id", "severity", "message", "is_waived"),
        in_set("doc_id", DOCS),
        in_set("source_file", Ref("dim_document", "source_file")),
        in_set("severity", SEVERITIES),
        in_set("rule_id", Ref("reference.ref_rules", "rule_id")),
        matches("message", r"^\[[A-Z][0-9A-Za-z_]*\] "),  # "[<rule_id>] …"
        # a waiver always carries its reason, and says which decision it is
        *not_null("waiver_reason", "decision", when=("is_waived", "==", True)),
        in_set("decision", ["waive", "false_finding"]),
        *at_least(0, "tolerance_yuan"),
        *at_least(1, "source_line"),
    ],
    "fct_compliance_scorecard": [
        *not_null("doc_id", "severity", "rules_evaluated", "findings", "unwaived_findings"),
        unique("doc_id", "severity"),
        in_set("doc_id", DOCS),
        in_set("severity", SEVERITIES),
        *at_least(0, "rules_evaluated", "rules_passed", "rules_failed", "rules_unevaluable",
                  "checks_unevaluable", "findings", "unwaived_findings", "false_findings"),
        _spec("ExpectColumnPairValuesAToBeGreaterThanB",
              column_A="findings", column_B="unwaived_findings", or_equal=True),
    ],
    "ingest_manifest": [
        *not_null("source_file", "status", "error_findings", "warn_findings", "info_findings"),
        unique("source_file"),
        in_set("status", ["landed", "partial", "quarantined", "duplicate", "skipped"]),
        # every file not landed says why; a landed or partial file is a document
        *not_null("reason", when=("status", "in", ["quarantined", "duplicate", "skipped"])),
        *not_null("duplicate_of", when=("status", "==", "duplicate")),
        *not_null("doc_id", when=("status", "in", ["landed", "partial"])),
        in_set("doc_id", DOCS, when=("status", "in", ["landed", "partial"])),
        *at_least(0, "size_bytes", "tables_found", "cells_landed", "facts_landed",
                  "error_findings", "warn_findings", "info_findings"),
    ],
}


@dataclass
class ResultRow:
    """One expectation's outcome, as plain data (summary.md / summary.json)."""

    suite: str
    expectation: str  # GX snake_case name, e.g. expect_column_values_to_match_regex
    column: str | None  # column(s) it applies to, comma-separated for compound ones
    success: bool
    unexpected_count: int | None = None
    unexpected_values: list = field(default_factory=list)
    condition: str | None = None  # the rows it applies to, when not all (see condition_label)
    observed: Any = None  # observed value of table-level expectations
    error: str | None = None  # GX raised instead of evaluating (e.g. a missing column)

    def as_dict(self) -> dict:
        return asdict(self)


def referenced_columns(specs: list[dict]) -> list[str]:
    """The columns a suite names (in order of first mention)."""
    seen: dict[str, None] = {}
    for spec in specs:
        for key in ("column", "column_A", "column_B"):
            if spec.get(key):
                seen[spec[key]] = None
        for col in spec.get("column_list", []):
            seen[col] = None
    return list(seen)


def referenced_tables() -> list[str]:
    """Schema-qualified reference tables (not marts) the suites read values from."""
    tables = {v.table for specs in SUITES.values() for spec in specs for v in spec.values()
              if isinstance(v, Ref) and "." in v.table}
    return sorted(tables)


def load_frames(con, doc_ids: list[str] | None = None, with_undocumented: bool = False,
                doc_range: tuple[str, str] | None = None) -> dict:
    """Read every mart in SUITES (only the given documents' rows, if any, or those whose doc_id
    is within doc_range; with_undocumented: also the rows of no document, such as a quarantined
    file's manifest row) and the referenced seeds. Values are pandas frames; a relation that
    does not exist maps to None.
    """
    existing = {f"{s}.{t}" for s, t in con.execute(
        "select table_schema, table_name from information_schema.tables").fetchall()}
    frames: dict = {}
    for mart in SUITES:
        if f"main.{mart}" not in existing:
            frames[mart] = None
        elif doc_range is not None:
            frames[mart] = con.execute("select * from query_table(?) where doc_id between ? and ? "
                                       "or (? and doc_id is null)",
                                       [f"main.{mart}", *doc_range, with_undocumented]).df()
        elif doc_ids is None:
            # query_table(?) binds the table name as a parameter: no SQL text is ever built.
            frames[mart] = con.execute("select * from query_table(?)", [f"main.{mart}"]).df()
        else:
            frames[mart] = con.execute("select * from query_table(?) where list_contains(?, doc_id) "
                                       "or (? and doc_id is null)",
                                       [f"main.{mart}", list(doc_ids), with_undocumented]).df()
    for table in referenced_tables():
        schema, name = table.split(".", 1)
        frames[table] = (con.execute("select * from query_table(?)", [f"{schema}.{name}"]).df()
                         if table in existing else None)
    return frames


class _Unresolved(Exception):
    pass


def _resolve(value, frames: dict):
    if isinstance(value, Ref):
        frame = frames.get(value.table)
        if frame is None:
            raise _Unresolved(f"reference {value.table} is missing")
        if value.column not in frame.columns:
            raise _Unresolved(f"reference column {value.table}.{value.column} is missing")
        values = [v for v in frame[value.column].dropna().unique().tolist()]
        return sorted(set(values) | set(value.extra), key=str)
    if isinstance(value, RowCount):
        frame = frames.get(value.table)
        if frame is None:
            raise _Unresolved(f"reference {value.table} is missing")
        return len(frame)
    return value


def build_suite(gx, mart: str, specs: list[dict], frames: dict, frame) -> tuple[Any, list[ResultRow]]:
    """A GX ExpectationSuite for one mart; specs that cannot be built become failed rows."""
    suite = gx.ExpectationSuite(name=mart)
    unbuilt: list[ResultRow] = []
    columns = referenced_columns(specs)
    all_specs = [{"expect": "ExpectTableColumnsToMatchSet", "column_set": columns, "exact_match": False},
                 *specs]
    for index, spec in enumerate(all_specs):
        kwargs = {k: v for k, v in spec.items() if k not in ("expect", "when")}
        try:
            kwargs = {k: _resolve(v, frames) for k, v in kwargs.items()}
        except _Unresolved as exc:
            unbuilt.append(_row_from_spec(mart, spec, success=False, error=str(exc)))
            continue
        if spec.get("when"):
            kwargs["row_condition"] = _row_condition(spec["when"])
        expectation_cls = getattr(gx.expectations, spec["expect"])
        suite.add_expectation(expectation_cls(
            **kwargs, meta={"gate_index": index, "gate_condition": condition_label(spec.get("when"))}))
    return suite, unbuilt


def _row_from_spec(mart: str, spec: dict, success: bool, error: str | None = None) -> ResultRow:
    name = "".join("_" + c.lower() if c.isupper() else c for c in spec["expect"]).lstrip("_")
    return ResultRow(suite=mart, expectation=name, column=_column_label(spec), success=success,
                     condition=condition_label(spec.get("when")), error=error)


def _column_label(kwargs: dict) -> str | None:
    if kwargs.get("column"):
        return kwargs["column"]
    if kwargs.get("column_list"):
        return ", ".join(kwargs["column_list"])
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']} >= {kwargs['column_B']}"
    return None


def _plain(value):
    """A JSON-safe rendering of one unexpected value."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        try:
            return _plain(value.item())
        except (TypeError, ValueError):
            pass
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _exception_message(info) -> str | None:
    """GX puts either one {raised_exception, exception_message} or one per failed metric."""
    if not info:
        return None
    if "raised_exception" in info:
        return info.get("exception_message") if info.get("raised_exception") else None
    messages = [v.get("exception_message") for v in info.values()
                if isinstance(v, dict) and v.get("raised_exception")]
    return "; ".join(dict.fromkeys(m for m in messages if m)) or None


def _rows_from_validation(mart: str, result) -> list[ResultRow]:
    rows = []
    ordered = sorted(result.results, key=lambda r: (r.expectation_config.meta or {}).get("gate_index", 0))
    for r in ordered:
        config = r.expectation_config
        kwargs = config.kwargs
        detail = r.result or {}
        if config.type == "expect_table_columns_to_match_set":
            missing = (detail.get("details") or {}).get("mismatched", {}).get("missing", [])
            observed = {"missing": _plain(missing)} if missing else None
            column = None
        else:
            observed = _plain(detail.get("observed_value"))
            column = _column_label(kwargs)
        rows.append(ResultRow(
            suite=mart,
            expectation=config.type,
            column=column,
            success=bool(r.success),
            unexpected_count=detail.get("unexpected_count"),
            unexpected_values=_plain(_distinct(detail.get("partial_unexpected_list") or []))[:MAX_SAMPLE],
            condition=(config.meta or {}).get("gate_condition"),
            observed=observed,
            error=_exception_message(r.exception_info),
        ))
    return rows


def _distinct(values: list) -> list:
    out, seen = [], set()
    for v in values:
        key = repr(_plain(v))
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def import_great_expectations() -> None:
    """Import GX (about 3 s) ahead of the first validation, e.g. while the dbt gate test runs."""
    import great_expectations  # noqa: F401
    from great_expectations.data_context.types.base import DataContextConfig  # noqa: F401


def _source():
    """A pandas data source in a new in-memory GX context: no Data Docs site (not even a
    temporary folder), no progress bars. One per validation: a context keeps what it validated
    (about 90 MB per 1,000 documents), and a new one costs milliseconds once GX is imported."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (DataContextConfig, InMemoryStoreBackendDefaults,
                                                            ProgressBarsConfig)
    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
                               progress_bars=ProgressBarsConfig(globally=False))
    return gx.get_context(mode="ephemeral", project_config=config).data_sources.add_pandas("gate")


def validate_frames(frames: dict, suites: dict[str, list[dict]] | None = None) -> list[ResultRow]:
    """Run each suite on its frame; return one ResultRow per expectation, in definition order."""
    import great_expectations as gx

    suites = SUITES if suites is None else suites
    source = _source()
    rows: list[ResultRow] = []
    for mart, specs in suites.items():
        frame = frames.get(mart)
        if frame is None:
            rows.append(ResultRow(suite=mart, expectation="table_exists", column=None, success=False,
                                  error=f"main.{mart} does not exist"))
            continue
        suite, unbuilt = build_suite(gx, mart, specs, frames, frame)
        batch = (source.add_dataframe_asset(mart)
                 .add_batch_definition_whole_dataframe("whole")
                 .get_batch(batch_parameters={"dataframe": frame}))
        result = batch.validate(suite, result_format="SUMMARY")
        rows.extend(_rows_from_validation(mart, result))
        rows.extend(unbuilt)
    return rows


# Documents validated at once: the frames of a batch, not of the warehouse, are in memory.
GX_BATCH_DOCUMENTS = 2000


def run_suites(con, doc_ids: list[str] | None = None, batch_documents: int = GX_BATCH_DOCUMENTS,
               jobs: int = 1, warehouse: str | None = None, memory_limit: str = "1GB") -> list[ResultRow]:
    """Load the marts (or only the given documents' rows) from an open DuckDB connection and
    validate them, in batches of documents. Every expectation is about the rows of one document
    (a document's rows are all in one batch) or about rows against shared reference tables, so
    the batches together decide what one validation of everything decides; the rows of no
    document (a quarantined file) go with the first batch. With jobs > 1 and the warehouse's
    path, the batches are validated in that many processes, each reading the warehouse itself
    (read-only, DuckDB capped at memory_limit); the result is the same, in the same order."""
    if doc_ids is None:
        ids = [r[0] for r in con.execute("select doc_id from main.dim_document order by doc_id").fetchall()] \
            if _has(con, "main.dim_document") else []
        if len(ids) <= batch_documents:
            return validate_frames(load_frames(con, None))
    else:
        ids = list(doc_ids)
        if len(ids) <= batch_documents:
            return validate_frames(load_frames(con, ids))
    ids.sort()
    # The whole warehouse in order: a batch is a range of doc_ids (a scan, not a list lookup).
    work = [((chunk[0], chunk[-1]), None, k == 0) if doc_ids is None else (None, chunk, False)
            for k, chunk in ((k, ids[k:k + batch_documents]) for k in range(0, len(ids), batch_documents))]
    if jobs > 1 and warehouse is not None and len(work) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        # spawn: the parent holds an open DuckDB connection, which a forked child must not share
        with ProcessPoolExecutor(max_workers=min(jobs, len(work)),
                                 mp_context=multiprocessing.get_context("spawn")) as pool:
            batches = list(pool.map(_validate_batch, [(warehouse, memory_limit, *w) for w in work]))
    else:
        batches = [_validate_on(con, *w) for w in work]
    return [_combine(rows) for rows in zip(*batches)]


def _validate_on(con, doc_range, chunk, first) -> list[ResultRow]:
    return validate_frames(load_frames(con, chunk, with_undocumented=first, doc_range=doc_range))


def _validate_batch(args: tuple) -> list[ResultRow]:
    """One batch in a worker process: its own read-only connection to the warehouse."""
    import duckdb
    warehouse, memory_limit, *work = args
    con = duckdb.connect(warehouse, read_only=True, config={"memory_limit": memory_limit})
    try:
        return _validate_on(con, *work)
    finally:
        con.close()


def _has(con, relation: str) -> bool:
    schema, name = relation.split(".")
    return bool(con.execute("select count(*) from information_schema.tables where table_schema = ? "
                            "and table_name = ?", [schema, name]).fetchone()[0])


def _combine(rows: tuple[ResultRow, ...]) -> ResultRow:
    """One expectation's outcome over all batches: it holds when it holds in every batch;
    counts add up; the sample of unexpected values is the first MAX_SAMPLE distinct ones."""
    first = rows[0]
    counts = [r.unexpected_count for r in rows if r.unexpected_count is not None]
    observed = [r.observed for r in rows]
    if all(isinstance(o, int) and not isinstance(o, bool) for o in observed):
        combined_observed = sum(observed)
    else:
        failing = [r.observed for r in rows if not r.success]
        combined_observed = failing[0] if failing else first.observed
    return ResultRow(
        suite=first.suite, expectation=first.expectation, column=first.column,
        success=all(r.success for r in rows),
        unexpected_count=sum(counts) if counts else None,
        unexpected_values=_distinct([v for r in rows for v in r.unexpected_values])[:MAX_SAMPLE],
        condition=first.condition, observed=combined_observed,
        error=next((r.error for r in rows if r.error), None))
