"""Pure functions turning query rows (dashboard/data.py) into the frames the pages show.

Every displayed amount is formatted from its Decimal by dashboard/format.py and every column
that holds an amount names its unit. Nothing here touches Streamlit or the database.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Sequence
from urllib.parse import urlencode

import pandas as pd

from ingest.safe_export import safe_csv_text

from . import format as fmt

SEVERITY_ZH = {"error": "错误 error", "warn": "警告 warn", "info": "提示 info"}
STAGE_ZH = {"budget": "预算", "final": "决算"}
SIDE_ZH = {"income": "收入", "expenditure": "支出"}
# One vocabulary with the warehouse's messages: the reference seed.
with (Path(__file__).resolve().parents[1] / "seeds" / "reference" / "ref_measures.csv").open(encoding="utf-8") as _f:
    MEASURE_ZH = {row["measure"]: row["name_zh"] for row in csv.DictReader(_f)}
UNPLACED = "未定位"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$=:"})


def md(text) -> str:
    """Document text made inert inside Streamlit markdown (no links, emphasis or HTML)."""
    return "" if text is None else str(text).translate(_MD_SPECIAL)


_CELL_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~$:"})
_BLOCK_START = re.compile(r"^(\s*\d*)([.)](?=\s)|[-+#>](?=\s|$))")


def md_cell(text):
    """Document text made inert in a cell of st.table (which renders markdown): inline marks
    escaped, and a leading '1. ', '- ', '# ' or '> ' kept from becoming a list, heading or quote.
    Figures ('842.07', '1,234.50', '-48.00') are unchanged."""
    if not isinstance(text, str):
        return text
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text.translate(_CELL_SPECIAL))


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell, column name and index label passed through md_cell."""
    out = frame.map(md_cell)
    out.columns = [md_cell(c) for c in frame.columns]
    out.index = [md_cell(i) for i in frame.index]
    return out


def measure_label(measure: str | None) -> str:
    if measure is None:
        return UNPLACED
    if measure.startswith("econ_"):
        return f"经济科目 {measure[5:]}"
    return MEASURE_ZH.get(measure, measure)


def region_label(row: dict) -> str:
    return "·".join(p for p in (row.get("province"), row.get("city"), row.get("county")) if p)


def department(row: dict) -> str:
    """The department's name, or, when the document does not give one, its file."""
    return row.get("department_name") or f"（未识别部门）{row.get('source_file') or row['doc_id']}"


def document_label(row: dict) -> str:
    """'若羌县人民政府办公室（若羌县 2024 预算）'."""
    place = row.get("county") or row.get("city") or row.get("province") or "地区未知"
    stage = STAGE_ZH.get(row.get("stage"), row.get("stage") or "")
    return f"{department(row)}（{place} {row.get('fiscal_year') or ''} {stage}）".replace("  ", " ")


def shorten(text: str | None, limit: int = 40) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def line_label(line: int | None, page: int | None = None) -> str:
    """Where a finding points: the page (a PDF's, when known) and the source line."""
    if line is None:
        return "无行号 no line"
    return (f"第 {page} 页 · " if page is not None else "") + f"第 {line} 行"


def page_range(pages: Sequence[int]) -> str:
    """'12' or '10–11': the pages a table is printed on."""
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"


def document_link(doc_id: str, line: int | None = None) -> str:
    params = {"page": "document", "doc": doc_id}
    if line is not None:
        params["line"] = line
    return "?" + urlencode(params)


# --- compliance ------------------------------------------------------------------------------

def scorecard_frame(rows: Sequence[dict]) -> pd.DataFrame:
    return pd.DataFrame([{
        "部门 department": department(r),
        "严重度 severity": SEVERITY_ZH.get(r["severity"], r["severity"]),
        "已评估 evaluated": fmt.count(r["rules_evaluated"]),
        "通过 passed": fmt.count(r["rules_passed"]),
        "未通过 failed": fmt.count(r["rules_failed"]),
        "无法评估 unevaluable": fmt.count(r["rules_unevaluable"]),
    } for r in rows], columns=["部门 department", "严重度 severity", "已评估 evaluated", "通过 passed",
                               "未通过 failed", "无法评估 unevaluable"])


def rule_title(description_zh: str | None) -> str:
    """The rule's short title: its description up to the first '：' (必备表齐全)."""
    return (description_zh or "").split("：", 1)[0]


def finding_text(r: dict) -> str:
    """What this finding says beyond its rule: the message without its '[R01] description。'
    prefix, which every finding of the rule repeats."""
    message = r["message"] or ""
    prefix = f"[{r['rule_id']}] " + (r.get("description_zh") or "")
    if r.get("description_zh") and message.startswith(prefix):
        message = message[len(prefix):].lstrip("。；; ")
    return message or rule_title(r.get("description_zh"))


# Where to look (page, line, the link) right after whose finding it is: in a grid narrower than the
# page those columns were off-screen to the right, behind the long finding text.
FINDING_COLUMNS = ["规则 rule", "严重度 severity", "部门 department", "页 page", "行 line", "查看 view",
                   "标题 title", "应为（万元）expected", "实为（万元）actual", "差额（万元）difference",
                   "发现 finding", "豁免 waived"]


def findings_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """One line per finding: the figures before the text, so they stay on screen. Where the rows
    hold several documents of one department (versions of one publication, a PDF and its text
    extraction), each is told apart by its file."""
    files_per_department: dict[str, set] = {}
    for r in rows:
        files_per_department.setdefault(department(r), set()).add(r.get("source_file"))

    def who(r: dict) -> str:
        name = department(r)
        if len(files_per_department[name]) > 1 and r.get("source_file"):
            return f"{name} · {r['source_file'].rsplit('/', 1)[-1]}"
        return name

    return pd.DataFrame([{
        "规则 rule": r["rule_id"],
        "标题 title": rule_title(r["description_zh"]),
        "严重度 severity": SEVERITY_ZH.get(r["severity"], r["severity"]),
        "部门 department": who(r),
        "应为（万元）expected": fmt.wan(r["expected_yuan"]),
        "实为（万元）actual": fmt.wan(r["actual_yuan"]),
        "差额（万元）difference": fmt.wan(r["difference_yuan"]),
        "页 page": "" if r.get("page") is None else str(r["page"]),
        "行 line": "" if r["source_line"] is None else str(r["source_line"]),
        "发现 finding": finding_text(r),
        "豁免 waived": ("是：" + (r["waiver_reason"] or "")) if r["is_waived"] else "",
        "查看 view": document_link(r["doc_id"], r["source_line"]),
    } for r in rows], columns=FINDING_COLUMNS)


def rule_texts_frame(rules: Sequence[dict]) -> pd.DataFrame:
    """The full text of each rule, for the reader who wants more than the title."""
    return pd.DataFrame([{
        "规则 rule": r["rule_id"],
        "严重度 severity": SEVERITY_ZH.get(r["severity"], r["severity"]),
        "规则 rule text": r["description_zh"] or "",
        "Rule (English)": r["description_en"] or "",
        "依据 basis": r.get("basis") or "",
    } for r in rules], columns=["规则 rule", "严重度 severity", "规则 rule text", "Rule (English)", "依据 basis"])


def check_counts_frame(rows: Sequence[dict]) -> pd.DataFrame:
    return pd.DataFrame([{
        "部门 department": department(r),
        "规则 rule": r["rule_id"],
        "严重度 severity": SEVERITY_ZH.get(r["severity"], r["severity"]),
        "通过 passed": fmt.count(r["checks_passed"]),
        "未通过 failed": fmt.count(r["checks_failed"]),
        "无法评估 unevaluable": fmt.count(r["checks_unevaluable"]),
    } for r in rows], columns=["部门 department", "规则 rule", "严重度 severity", "通过 passed", "未通过 failed",
                               "无法评估 unevaluable"])


def document_findings_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """One document's findings, compact, beside its tables."""
    return pd.DataFrame([{
        "规则 rule": f"{r['rule_id']} {SEVERITY_ZH.get(r['severity'], r['severity'])}",
        "发现 finding": (r["message"] or r["description_zh"] or "")
        + (f"（已豁免：{r['waiver_reason'] or ''}）" if r["is_waived"] else ""),
        "应为 / 实为 / 差额（万元）": f"{fmt.wan(r['expected_yuan'])} / {fmt.wan(r['actual_yuan'])} / "
                                  f"{fmt.wan(r['difference_yuan'])}",
        "页 page": "" if r.get("page") is None else str(r["page"]),
        "行 line": "" if r["source_line"] is None else str(r["source_line"]),
    } for r in rows], columns=["规则 rule", "发现 finding", "应为 / 实为 / 差额（万元）", "页 page", "行 line"])


CSV_COLUMNS = ["doc_id", "department_name", "province", "city", "county", "rule_id", "severity",
               "description_zh", "message", "table_kind", "subject_code", "expected_yuan",
               "actual_yuan", "difference_yuan", "page", "source_line", "is_waived", "waiver_reason"]


def findings_csv(rows: Sequence[dict]) -> str:
    """The findings as CSV, amounts exact in 元, every cell safe to open in a spreadsheet."""
    return safe_csv_text(([r.get(c) for c in CSV_COLUMNS] for r in rows), header=CSV_COLUMNS)


# --- spending --------------------------------------------------------------------------------

def composition_frame(rows: Sequence[dict], code_key: str, name_key: str,
                      extra: Sequence[tuple[str, str]] = ()) -> pd.DataFrame:
    """One document's classes: code, name, amount in 万元 and share of the classes' sum."""
    whole = sum((r["total_yuan"] for r in rows if r["total_yuan"] is not None), Decimal(0))
    out = []
    for r in rows:
        row = {"科目 code": r[code_key], "名称 name": r[name_key] or "", "金额（万元）amount": fmt.wan(r["total_yuan"])}
        for key, label in extra:
            row[label] = fmt.wan(r[key])
        row["占比 share"] = fmt.percent(fmt.share_of(r["total_yuan"], whole))
        out.append(row)
    columns = ["科目 code", "名称 name", "金额（万元）amount", *(label for _, label in extra), "占比 share"]
    return pd.DataFrame(out, columns=columns)


def chart_rows(rows: Sequence[dict], labels: dict[str, str], code_key: str, name_key: str) -> pd.DataFrame:
    """Long rows for a bar chart: document, class, 万元 as a float (bar length only) and the
    exact 万元 text for the tooltip and label."""
    return pd.DataFrame([{
        "document": labels.get(r["doc_id"], r["doc_id"]),
        "class": f"{r[code_key]} {r[name_key] or ''}".strip(),
        "wan": fmt.wan_number(r["total_yuan"]),
        "wan_text": fmt.wan(r["total_yuan"]) + " 万元",
    } for r in rows if r["total_yuan"] is not None], columns=["document", "class", "wan", "wan_text"])


def basic_project_frame(summaries: Sequence[dict]) -> pd.DataFrame:
    out = []
    for s in summaries:
        both = None if s["basic_yuan"] is None or s["project_yuan"] is None else s["basic_yuan"] + s["project_yuan"]
        out.append({
            "部门 department": department(s),
            "收支总计（万元）grand total": fmt.wan(s["total_yuan"]),
            "基本支出（万元）basic": fmt.wan(s["basic_yuan"]),
            "项目支出（万元）project": fmt.wan(s["project_yuan"]),
            "基本支出占比 basic share": fmt.percent(fmt.share_of(s["basic_yuan"], both)),
            "项目支出占比 project share": fmt.percent(fmt.share_of(s["project_yuan"], both)),
            "人员经费（万元）personnel": fmt.wan(s["personnel_yuan"]),
            "公用经费（万元）public": fmt.wan(s["public_yuan"]),
        })
    return pd.DataFrame(out)


THREE_PUBLIC_SOURCE_ZH = {
    "table": "三公表",
    "table_partly_placed": "三公表（表中另有未定位的数字，空白项目不计为 0）",
    "table_empty_with_note": "三公表为空并注明无此项经费（计为 0）",
    "narrative": "说明文字（表中未给出）",
}
# Why the 三公 figures are not known (fct_department_summary.three_public_source otherwise).
THREE_PUBLIC_UNKNOWN_ZH = {
    "three_public table figures not placed": "三公表的数字未能定位到栏目",
    "three_public table absent": "未公开三公表",
    "three_public table empty": "三公表为空且无说明",
    "three_public table partial": "三公表不完整",
}


def three_public_frame(summaries: Sequence[dict]) -> pd.DataFrame:
    out = []
    for s in summaries:
        source = s["three_public_source"]
        out.append({
            "部门 department": department(s),
            "三公合计（万元）total": fmt.wan(s["three_public_yuan"]),
            "因公出国（境）（万元）abroad": fmt.wan(s["three_public_abroad_yuan"]),
            "公务接待（万元）reception": fmt.wan(s["three_public_reception_yuan"]),
            "公务用车购置（万元）vehicle purchase": fmt.wan(s["three_public_vehicle_purchase_yuan"]),
            "公务用车运行维护（万元）vehicle operation": fmt.wan(s["three_public_vehicle_operation_yuan"]),
            "来源 source": THREE_PUBLIC_SOURCE_ZH.get(source, source or "无三公表"),
        })
    return pd.DataFrame(out)


def projects_frame(rows: Sequence[dict], labels: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{
        "部门 department": labels.get(r["doc_id"], r["doc_id"]),
        "项目 project": r["project_name"],
        "功能科目 function code": r["function_code"] or "",
        "金额（万元）amount": fmt.wan(r["amount_yuan"]),
        "来源行 line": "" if r["source_line"] is None else str(r["source_line"]),
    } for r in rows], columns=["部门 department", "项目 project", "功能科目 function code",
                               "金额（万元）amount", "来源行 line"])


def performance_targets_frame(rows: Sequence[dict], labels: dict[str, str]) -> pd.DataFrame:
    kinds = {"overall": "整体 department-wide", "project": "项目 project"}
    return pd.DataFrame([{
        "部门 department": labels.get(r["doc_id"], r["doc_id"]),
        "目标 target": kinds.get(r["target_kind"], r["target_kind"]),
        "项目 project": r["project_name"] or "",
        "涉及资金（万元）funds": fmt.wan(r["funds_yuan"]),
        "来源行 line": "" if r["source_line"] is None else str(r["source_line"]),
    } for r in rows], columns=["部门 department", "目标 target", "项目 project", "涉及资金（万元）funds",
                               "来源行 line"])


# --- compare ---------------------------------------------------------------------------------

def comparison_basis(summaries: Sequence[dict]) -> tuple[int | None, str | None]:
    """The (fiscal_year, stage) most of the documents share: the basis they are compared on.
    Ties go to the latest year, then to budgets."""
    counts = Counter((s["fiscal_year"], s["stage"]) for s in summaries)
    if not counts:
        return None, None
    return max(counts, key=lambda k: (counts[k], k[0] or 0, k[1] == "budget"))


def comparability(summary: dict, basis: tuple[int | None, str | None]) -> list[str]:
    """Why a document cannot be compared with the others (empty when it can)."""
    year, stage = basis
    reasons = []
    if summary["fiscal_year"] != year:
        reasons.append(f"年度 {summary['fiscal_year']}，其余为 {year}")
    if summary["stage"] != stage:
        reasons.append(f"{STAGE_ZH.get(summary['stage'], summary['stage'])}，其余为{STAGE_ZH.get(stage, stage)}")
    if summary["total_yuan"] is None:
        reasons.append("无收支总计")
    return reasons


def notes(summary: dict) -> list[str]:
    """What is missing in a comparable document (shown, but it does not exclude it)."""
    out = []
    if summary["unavailable_reasons"]:
        out.append(f"表中缺 {summary['unavailable_reasons'].count(';') + 1} 项数字（原因见导出的 unavailable_reasons）")
    if summary["three_public_source"] not in THREE_PUBLIC_SOURCE_ZH:
        source = summary["three_public_source"]
        out.append("三公不可知：" + THREE_PUBLIC_UNKNOWN_ZH.get(source, "无三公表" if source is None else "三公表未能读取"))
    if summary.get("total_source") == "narrative":
        out.append("收支总计取自说明文字")
    if not summary["staff_actual"]:
        out.append("无实有人数，人均不可算")
    return out


LEVEL_ZH = {"部门": "部门（汇总）", "单位": "单位（本级）"}

# Compare's table: one row per document; money in 万元 and per-staff in 元 kept as exact Decimals
# (so the grid sorts them as numbers), shares in %.
COMPARE_COLUMNS = {
    "部门 department": "text", "地区 region": "text", "年度 year": "text", "口径 level": "text",
    "可比 comparable": "text", "收支总计（万元）grand total": "wan", "基本支出（万元）basic": "wan",
    "项目支出（万元）project": "wan", "项目支出占比（%）project share": "percent",
    "人员经费（万元）personnel": "wan", "三公经费（万元）three public": "wan", "实有人数（人）staff": "count",
    "人均三公（元/人）three public per staff": "yuan", "人均人员经费（元/人）personnel per staff": "yuan",
    "说明 notes": "text",
}


def _percent_number(share) -> Decimal | None:
    return None if share is None else (share * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def project_share(s: dict) -> Decimal | None:
    both = None if s["basic_yuan"] is None or s["project_yuan"] is None else s["basic_yuan"] + s["project_yuan"]
    return fmt.share_of(s["project_yuan"], both)


def compare_frame(summaries: Sequence[dict]) -> pd.DataFrame:
    """One row per document (COMPARE_COLUMNS), for a grid the reader sorts by any column."""
    basis = comparison_basis(summaries)
    rows = []
    for s in summaries:
        excluded = comparability(s, basis)
        rows.append(dict(zip(COMPARE_COLUMNS, [
            department(s),
            region_label(s),
            f"{s['fiscal_year']} {STAGE_ZH.get(s['stage'], s['stage'] or '')}",
            LEVEL_ZH.get(s["doc_level"], s["doc_level"] or ""),
            "✗ 不可比" if excluded else "✓ 可比",
            fmt.wan_decimal(s["total_yuan"]),
            fmt.wan_decimal(s["basic_yuan"]),
            fmt.wan_decimal(s["project_yuan"]),
            _percent_number(project_share(s)),
            fmt.wan_decimal(s["personnel_yuan"]),
            fmt.wan_decimal(s["three_public_yuan"]),
            s["staff_actual"],
            s["three_public_per_staff_yuan"],
            s["personnel_per_staff_yuan"],
            "；".join((["不可比：" + "，".join(excluded)] if excluded else []) + notes(s)),
        ])))
    return pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))


# Measures whose spread across documents the Compare page draws: (label, unit, value of a summary).
DISTRIBUTION_MEASURES = {
    "three_public_per_staff": ("人均三公经费", "元/人", lambda s: s["three_public_per_staff_yuan"]),
    "project_share": ("项目支出占比", "%", lambda s: _percent_number(project_share(s))),
    "personnel_per_staff": ("人均人员经费", "元/人", lambda s: s["personnel_per_staff_yuan"]),
    "three_public": ("三公经费", "万元", lambda s: fmt.wan_decimal(s["three_public_yuan"])),
    "total": ("收支总计", "万元", lambda s: fmt.wan_decimal(s["total_yuan"])),
}
GROUP_FIELDS = {"province": "省 province", "city": "市 city", "fiscal_year": "年度 year",
                "stage": "阶段 stage", "doc_level": "层级 level"}


def _quartiles(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """Q1 and Q3 by linear interpolation between order statistics (exact in Decimal)."""
    ordered = sorted(values)

    def at(q: Decimal) -> Decimal:
        pos = q * (len(ordered) - 1)
        low = int(pos)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
    return at(Decimal("0.25")), at(Decimal("0.75"))


def outlier_flags(values: Sequence[Decimal]) -> list[bool]:
    """Tukey's fences: beyond 1.5 × IQR outside the quartiles (none with fewer than 4 values)."""
    if len(values) < 4:
        return [False] * len(values)
    q1, q3 = _quartiles(values)
    reach = (q3 - q1) * Decimal("1.5")
    return [v < q1 - reach or v > q3 + reach for v in values]


def distribution_rows(summaries: Sequence[dict], measure: str, group: str) -> list[dict]:
    """One row per document that has the measure: its group, exact value, and whether it is an
    outlier among all the documents shown."""
    label, unit, value_of = DISTRIBUTION_MEASURES[measure]
    rows = [{"doc_id": s["doc_id"], "department": department(s),
             "group": str(s.get(group)) if s.get(group) is not None else "未知",
             "value": value_of(s)} for s in summaries]
    rows = [r for r in rows if r["value"] is not None]
    for r, flag in zip(rows, outlier_flags([r["value"] for r in rows])):
        r["is_outlier"] = flag
        r["value_text"] = f"{fmt.grouped(r['value'], 2, 2)} {unit}"
    return rows


# --- charts ----------------------------------------------------------------------------------

def basic_project_chart_rows(summaries: Sequence[dict], labels: dict[str, str]) -> pd.DataFrame:
    """Long rows for the stacked basic / project bar of each document."""
    out = []
    for s in summaries:
        for key, part in (("basic_yuan", "基本支出"), ("project_yuan", "项目支出")):
            if s[key] is not None:
                out.append({"document": labels.get(s["doc_id"], s["doc_id"]), "part": part,
                            "wan": fmt.wan_number(s[key]), "wan_text": f"{part} {fmt.wan(s[key])} 万元"})
    return pd.DataFrame(out, columns=["document", "part", "wan", "wan_text"])


SUMMARY_THREE_PUBLIC = [("three_public_abroad_yuan", "因公出国（境）费"), ("three_public_reception_yuan", "公务接待费"),
                        ("three_public_vehicle_purchase_yuan", "公务用车购置费"),
                        ("three_public_vehicle_operation_yuan", "公务用车运行维护费")]


def three_public_chart_rows(items: Sequence[dict], labels: dict[str, str],
                            summaries: Sequence[dict] = ()) -> pd.DataFrame:
    """The 三公 items each document prints (fct_three_public, 会议费/培训费 left out); a document
    the table below lists from its narrative (no 三公 table landed) is drawn from the same figures
    the table shows, so the chart leaves out no document the table lists."""
    rows = [{"doc_id": r["doc_id"], "class": r["item_name_zh"] or r["item"], "amount": r["amount_yuan"]}
            for r in items if r["is_three_public"] and r["amount_yuan"] is not None]
    drawn = {r["doc_id"] for r in rows}
    for s in summaries:
        if s["doc_id"] in drawn or s.get("three_public_yuan") is None:
            continue
        parts = [(name, s.get(column)) for column, name in SUMMARY_THREE_PUBLIC if s.get(column) is not None]
        source = "（说明）" if s.get("three_public_source") == "narrative" else ""
        for name, amount in parts or [("“三公”经费合计", s["three_public_yuan"])]:
            rows.append({"doc_id": s["doc_id"], "class": name + source, "amount": amount})
    return pd.DataFrame([{
        "document": labels.get(r["doc_id"], r["doc_id"]),
        "class": r["class"],
        "wan": fmt.wan_number(r["amount"]),
        "wan_text": fmt.wan(r["amount"]) + " 万元",
    } for r in rows], columns=["document", "class", "wan", "wan_text"])


# --- one document's tables as printed --------------------------------------------------------

def printed_tables(cells: Sequence[dict]) -> list[dict]:
    """The landed cells regrouped into the tables the document prints: one entry per table with
    its title, unit and a frame of its rows (line number, label, code, each number as printed
    under its column). Two-sided tables (收入 | 支出) keep both sides on their printed line.
    Numbers the ingest could not place in a column are shown under 未定位."""
    tables: dict[int, list[dict]] = {}
    for c in cells:
        tables.setdefault(c["table_seq"], []).append(c)
    out = []
    for seq, tcells in sorted(tables.items()):
        two_sided = any(c["side"] for c in tcells)
        sides = [s for s in ("income", "expenditure") if any(c["side"] == s for c in tcells)] + (
            [None] if any(c["side"] is None for c in tcells) else [])
        # Column order per side: the order the measures first appear in a row.
        first_seen: dict[tuple, tuple] = {}
        for c in tcells:
            key = (c["side"], c["measure"])
            first_seen[key] = min(first_seen.get(key, (c["cell_seq"], c["row_seq"])), (c["cell_seq"], c["row_seq"]))
        rows: dict = {}
        for c in tcells:
            row_key = c["source_line"] if two_sided else c["row_seq"]
            row = rows.setdefault(row_key, {"_line": c["source_line"], "_end": c["source_line_end"], "_values": {}})
            label = c["project_name"] or c["row_label"] or ""
            row.setdefault(("label", c["side"]), label)
            row.setdefault(("code", c["side"]), c["code"] or "")
            values = row["_values"].setdefault((c["side"], c["measure"]), [])
            values.append(c["amount_raw"] or "")
        columns: list[tuple[tuple, str]] = []
        for side in sides:
            prefix = f"{SIDE_ZH.get(side, side)}·" if two_sided and side else ""
            columns.append((("code", side), f"{prefix}科目编码"))
            columns.append((("label", side), f"{prefix}项目"))
            measures = sorted((k for k in first_seen if k[0] == side), key=lambda k: (k[1] is None, first_seen[k]))
            columns += [((side, m), f"{prefix}{measure_label(m)}") for _, m in measures]
        frame_rows, lines = [], []
        for row in sorted(rows.values(), key=lambda r: (r["_line"] or 0)):
            line, end = row["_line"], row["_end"]
            record = {"行 line": f"{line}–{end}" if end and end != line else str(line)}
            for key, label in columns:
                if key[0] in ("code", "label"):
                    record[label] = row.get(key, "")
                else:
                    record[label] = " ".join(row["_values"].get(key, []))
            frame_rows.append(record)
            lines.append(set(range(line, (end or line) + 1)) if line is not None else set())
        frame = pd.DataFrame(frame_rows, columns=["行 line", *(label for _, label in columns)])
        # Drop code columns no row fills (most two-sided summaries print no codes).
        frame = frame.loc[:, [c for c in frame.columns if not c.endswith("科目编码") or (frame[c] != "").any()]]
        units = Counter(c["unit"] for c in tcells if c["unit"])
        pages = sorted({c["page"] for c in tcells if c.get("page") is not None})
        out.append({
            "table_seq": seq,
            "table_kind": tcells[0]["table_kind"],
            "title": tcells[0]["table_title"] or tcells[0]["table_kind"],
            "unit": units.most_common(1)[0][0] if units else None,
            "pages": pages,
            "frame": frame,
            "row_lines": lines,
            "lines": set().union(*lines) if lines else set(),
        })
    return out


# --- department ------------------------------------------------------------------------------

# The panel's key figures, in the order the history chart and table show them.
DEPARTMENT_FIGURES = {
    "total": "收支总计 grand total",
    "basic": "基本支出 basic",
    "project": "项目支出 project",
    "three_public": "“三公”经费 three public",
    "operating_cost": "机关运行经费 operating cost",
}
OUTCOME_ZH = {"fail": "✗ 不符", "pass": "✓ 相符", "unevaluable": "— 无法比较"}


def department_label(row: dict) -> str:
    years = f"{row['first_fiscal_year']}–{row['last_fiscal_year']}" if row["fiscal_years"] > 1 \
        else str(row["first_fiscal_year"])
    return f"{row['department_name']}（{region_label(row)}，{years}）"


def department_history_rows(years: Sequence[dict]) -> pd.DataFrame:
    """One row per year × stage × figure the panel holds, in 万元 (the chart's points; the exact
    figures are in the table beside it)."""
    out = []
    for y in years:
        for key, label in DEPARTMENT_FIGURES.items():
            value = y.get(f"{key}_yuan")
            if value is not None:
                out.append({"year": str(y["fiscal_year"]), "figure": label,
                            "stage": STAGE_ZH.get(y["stage"], y["stage"]),
                            "wan": fmt.wan_number(value), "wan_text": fmt.wan(value)})
    return pd.DataFrame(out, columns=["year", "figure", "stage", "wan", "wan_text"])


def department_years_frame(years: Sequence[dict]) -> pd.DataFrame:
    """The panel as printed figures: per year and stage, each key figure in 万元 with its change on
    last year, and for a 决算 its execution of the year's 预算."""
    out = []
    finals = any(y["stage"] == "final" for y in years)     # an execution rate is a 决算's only
    for y in years:
        row = {"年度 year": y["fiscal_year"], "阶段 stage": STAGE_ZH.get(y["stage"], y["stage"]),
               "文档 document": y.get("source_file") or (f"{y['documents_count']} 份，歧义 ambiguous"
                                                       if y["documents_count"] > 1 else "—")}
        for key, label in DEPARTMENT_FIGURES.items():
            name = label.split(" ")[0]
            row[f"{name}（万元）"] = fmt.wan(y.get(f"{key}_yuan"))
            pct = y.get(f"{key}_change_pct")
            row[f"{name}较上年"] = fmt.MISSING if pct is None else f"{pct:+}%"
            if finals and f"{key}_execution_pct" in y:
                rate = y.get(f"{key}_execution_pct")
                row[f"{name}执行率"] = fmt.MISSING if rate is None else f"{rate}%"
        out.append(row)
    return pd.DataFrame(out)


def department_three_public_frame(years: Sequence[dict]) -> pd.DataFrame:
    out = []
    for y in years:
        out.append({
            "年度 year": y["fiscal_year"], "阶段 stage": STAGE_ZH.get(y["stage"], y["stage"]),
            "三公合计（万元）total": fmt.wan(y.get("three_public_yuan")),
            "因公出国（境）（万元）abroad": fmt.wan(y.get("three_public_abroad_yuan")),
            "公务接待（万元）reception": fmt.wan(y.get("three_public_reception_yuan")),
            "公务用车购置（万元）vehicle purchase": fmt.wan(y.get("three_public_vehicle_purchase_yuan")),
            "公务用车运行维护（万元）vehicle operation": fmt.wan(y.get("three_public_vehicle_operation_yuan")),
        })
    return pd.DataFrame(out)


def department_checks_frame(rows: Sequence[dict]) -> pd.DataFrame:
    return inert(pd.DataFrame([{
        "年度 year": r["fiscal_year"], "规则 rule": r["rule_id"],
        "结果 outcome": OUTCOME_ZH.get(r["outcome"], r["outcome"]),
        "事项 subject": r["subject_label"], "说明行 line": r["source_line"],
        "详情 detail": r["detail"],
    } for r in rows], columns=["年度 year", "规则 rule", "结果 outcome", "事项 subject", "说明行 line", "详情 detail"]))
