"""The dashboard over the marts: Compliance, Spending, Compare, Document, Department.

    make dashboard        # streamlit run dashboard/app.py on localhost:$DASHBOARD_PORT (8501)

Reads only the published read-only copy of the warehouse ($DASHBOARD_WAREHOUSE, default
build/published/warehouse.duckdb, refreshed by every successful `make build`), through one
short read-only connection per page run. The page is chosen in the sidebar and kept in the URL
(?page=compliance|spending|compare|document|department|check, &doc=<doc_id>, &line=<source line>,
&department=<department_key>), so a
finding links to the document row it points to. The check page (dashboard/check_page.py) takes an
upload and checks it alone (check/), never touching the published warehouse. DASHBOARD_PASSWORD,
when set, is asked for once per session before any page. Amounts are shown in 万元 (per-staff figures in 元/人),
formatted from the marts' exact decimals.
"""
from __future__ import annotations

import hmac
import os
import sys
from datetime import datetime
from pathlib import Path

if __package__ in (None, ""):                     # `streamlit run dashboard/app.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import check_page, data, export, page_image, shape
from dashboard import format as fmt

PAGES = {
    "compliance": "合规 Compliance",
    "spending": "支出 Spending",
    "compare": "比较 Compare",
    "document": "文档 Document",
    "department": "部门历年 Department",
    "check": "审阅 Check",
}
NO_COMPLIANCE = "no compliance results in this warehouse"
HIGHLIGHT = "background-color: #ffe58f"


def _query_page() -> str:
    page = st.query_params.get("page")
    return page if page in PAGES else "compliance"


def _query_docs(doc_ids: list[str]) -> list[str]:
    return [d for d in st.query_params.get_all("doc") if d in doc_ids]


def _query_list(key: str, allowed) -> list[str]:
    return [v for v in st.query_params.get_all(key) if v in allowed]


def _query_line() -> int | None:
    try:
        return int(st.query_params.get("line", ""))
    except ValueError:
        return None


def _set_query(**params) -> None:
    """Keep the URL in step with the selection (values only set when they changed)."""
    for key, value in params.items():
        if value is None or value == []:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != ([str(v) for v in value] if isinstance(value, list) else [str(value)]):
            st.query_params[key] = value


def _table(frame, highlight_rows: list[bool] | None = None, **kwargs) -> None:
    """st.table, which renders markdown in cells: document text goes in inert (shape.inert).
    highlight_rows marks rows (a finding's line) in HIGHLIGHT."""
    shown = shape.inert(frame)
    if highlight_rows is None:
        st.table(shown, **kwargs)
        return
    position = {label: i for i, label in enumerate(shown.index)}
    st.table(shown.style.apply(
        lambda row: [HIGHLIGHT if highlight_rows[position[row.name]] else ""] * len(row), axis=1), **kwargs)


# A table with one row per document (and severity or rule) is drawn as st.table up to this many
# rows; longer, as a scrolling grid: st.table draws every row at once, so at 10³ documents the
# scorecard was 2,000 rows, 40,000 px long, took seconds to draw and pushed the findings out of sight.
TABLE_MAX_ROWS = 40
GRID_HEIGHT = 420


def _long_table(frame) -> None:
    """st.table for a short frame, else a sortable scrolling grid of GRID_HEIGHT px."""
    if len(frame) <= TABLE_MAX_ROWS:
        _table(frame, hide_index=True)
    else:
        st.dataframe(frame, hide_index=True, width="stretch", height=GRID_HEIGHT)


def _labels(docs: list[dict]) -> dict[str, str]:
    return {d["doc_id"]: shape.document_label(d) for d in docs}


def _no_compliance() -> None:
    st.info(f"本仓库没有合规检查结果 — {NO_COMPLIANCE}. 合规检查（the gate）写入 "
            "`main.fct_compliance_findings` 后，这里显示每份文档的规则结果。")


def _bar_chart(frame, axis_title: str, y: str = "class", color: str = "document", stacked: bool = False,
               height_per_bar: int = 26) -> None:
    """Horizontal bars of 万元, exact 万元 in the label and tooltip. Only the width fits the page
    (autosize fit-x): the height is bars × height_per_bar plus what the axis and legend need, so
    bars never shrink to a hairline however long the legend is."""
    side_by_side = not stacked and frame[color].nunique() > 1
    bars = alt.Chart(frame).mark_bar().encode(
        y=alt.Y(f"{y}:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("wan:Q", title=axis_title, stack="zero" if stacked else None),
        color=alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400, columns=1)),
        tooltip=[alt.Tooltip("document:N", title="文档"), alt.Tooltip(f"{y}:N", title="科目"),
                 alt.Tooltip("wan_text:N", title="金额")],
        **({"yOffset": alt.YOffset(f"{color}:N")} if side_by_side else {}),
    )
    layers = [bars] if stacked else [bars, bars.mark_text(align="left", dx=3).encode(text="wan_text:N")]
    bands = frame[y].nunique() * (frame[color].nunique() if side_by_side else 1)
    chart = alt.layer(*layers).properties(
        height=max(2, bands) * height_per_bar, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    st.altair_chart(chart, width="stretch")


def _distribution_chart(rows: list[dict], measure_label: str, unit: str, group_label: str) -> None:
    """Each document a point on the measure's axis, one row per group; outliers red and named."""
    frame = pd.DataFrame([{"部门": r["department"], "group": r["group"], "value": float(r["value"]),
                           "value_text": r["value_text"], "outlier": "离群 outlier" if r["is_outlier"] else "一般 typical"}
                          for r in rows])
    groups = frame["group"].nunique()
    base = alt.Chart(frame).encode(
        y=alt.Y("group:N", title=group_label, axis=alt.Axis(labelLimit=200)),
        x=alt.X("value:Q", title=f"{measure_label}（{unit}）"))
    points = base.mark_circle(size=60, opacity=0.7).encode(
        color=alt.Color("outlier:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=["一般 typical", "离群 outlier"], range=["#4c78a8", "#e45756"])),
        yOffset=alt.YOffset("jitter:Q", scale=alt.Scale(domain=[0, 1], range=[-10, 10])),
        tooltip=[alt.Tooltip("部门:N"), alt.Tooltip("group:N", title=group_label),
                 alt.Tooltip("value_text:N", title=measure_label)],
    ).transform_calculate(jitter="random()")
    names = base.transform_filter(alt.datum.outlier == "离群 outlier").mark_text(
        align="left", dx=6, dy=-6, fontSize=11).encode(text="部门:N")
    chart = alt.layer(points, names).properties(
        height=max(2, groups) * 48, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    st.altair_chart(chart, width="stretch")


def _bars_or_say(frame) -> None:
    """A bar chart of the classes' amounts, or, when none is printed (every amount blank or
    unplaced), say so: an empty chart frame reads as a broken page."""
    if len(frame):
        _bar_chart(frame, "万元")
    else:
        st.info("各类的金额均未印出（或未能定位到列），无图可画；下表列出所读到的科目。")


def _export(rows: list[dict], columns: list[str], name: str, key: str) -> None:
    """CSV, Parquet and .xlsx of what the page shows: the queried rows, amounts exact in 元."""
    left, right, third = st.columns(3)
    left.download_button(f"下载 CSV（{len(rows)} 行，金额：元）", data=export.csv_bytes(rows, columns),
                         file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", disabled=not rows)
    right.download_button(f"下载 Parquet（{len(rows)} 行）", data=export.parquet_bytes(rows, columns),
                          file_name=f"{name}.parquet", mime="application/octet-stream", key=f"{key}_parquet",
                          disabled=not rows)
    third.download_button(f"下载 Excel（{len(rows)} 行）", data=export.xlsx_bytes(rows, columns),
                          file_name=f"{name}.xlsx", key=f"{key}_xlsx", disabled=not rows,
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# --- pages -----------------------------------------------------------------------------------

FINDING_EXPORT = ["doc_id", "department_name", "source_file", "province", "city", "county", "rule_id", "severity",
                  "description_zh", "message", "table_kind", "subject_code", "expected_yuan", "actual_yuan",
                  "difference_yuan", "page", "source_line", "is_waived", "waiver_reason"]


def compliance_page(con, docs: list[dict]) -> None:
    st.header("合规 Compliance")
    if not data.has_compliance(con):
        _no_compliance()
        return
    rules = {r["rule_id"]: r for r in data.rules(con)}
    c1, c2, c3 = st.columns([2, 4, 2])
    sev_sel = c1.multiselect("严重度 severity", list(data.SEVERITIES), key="c_severity",
                             default=_query_list("severity", data.SEVERITIES),
                             format_func=lambda s: shape.SEVERITY_ZH.get(s, s), placeholder="全部 all")
    rule_sel = c2.multiselect("规则 rule", list(rules), key="c_rule", placeholder="全部 all",
                              default=_query_list("rule", rules),
                              format_func=lambda r: f"{r} {shape.rule_title(rules[r]['description_zh'])}".strip())
    include_waived = c3.checkbox("含已豁免 include waived", value=True, key="c_waived")
    _set_query(severity=sev_sel, rule=rule_sel)
    doc_ids = [d["doc_id"] for d in docs]

    if rule_sel:
        st.subheader("所选规则的检查 Checks of the selected rules")
        st.caption("每份文档、每条所选规则：通过、未通过、无法评估（缺所需的表或数字）的检查数。")
        counts = [r for r in data.check_counts(con, doc_ids, rule_sel) if not sev_sel or r["severity"] in sev_sel]
        if counts:
            _long_table(shape.check_counts_frame(counts))
        else:
            st.write("所选范围内没有这些规则的检查。")
    else:
        st.subheader("记分卡 Scorecard")
        st.caption("每份文档按严重度：已评估、通过、未通过、无法评估（缺所需的表或数字）的规则数。")
        card = [r for r in data.scorecard(con, doc_ids) if not sev_sel or r["severity"] in sev_sel] \
            if data.has_scorecard(con) else None
        if card is None:
            st.write("本仓库没有记分卡（main.fct_compliance_scorecard）。No scorecard in this warehouse.")
        elif card:
            _long_table(shape.scorecard_frame(card))
        else:
            st.write("所选范围内没有记分卡。")

    rows = data.findings(con, doc_ids, sev_sel, rule_sel, include_waived)
    st.subheader(f"发现 Findings（{len(rows)}）")
    st.caption("每行一个发现；金额单位：万元。应为 = 规则要求的数（如各项之和），实为 = 文档所印，差额 = 实为 − 应为；"
               "页、行 = 原文位置，点「打开」在文档页中定位该行。规则全文见下方「规则全文」。")
    if rows:
        st.dataframe(shape.findings_frame(rows), hide_index=True, width="stretch",
                     column_config={"查看 view": st.column_config.LinkColumn(display_text="打开 open"),
                                    "发现 finding": st.column_config.TextColumn(width="large")})
    else:
        st.write("没有符合筛选条件的发现。")
    shown_rules = [rules[r] for r in dict.fromkeys(r["rule_id"] for r in rows) if r in rules]
    with st.expander(f"规则全文 Rule texts（{len(shown_rules)}）"):
        _table(shape.rule_texts_frame(shown_rules), hide_index=True)
    _export(rows, FINDING_EXPORT, "compliance_findings", "c_export")


def spending_page(con, docs: list[dict]) -> None:
    st.header("支出 Spending")
    labels = _labels(docs)
    doc_ids = list(labels)
    chosen = st.multiselect("文档 documents", doc_ids, default=_query_docs(doc_ids) or doc_ids[:1],
                            format_func=labels.get, key="s_docs")
    _set_query(doc=chosen)
    if not chosen:
        st.info("选择至少一份文档。Choose at least one document.")
        return
    summaries = data.summaries(con, chosen)
    if len(chosen) == 1:
        s = summaries[0]
        cols = st.columns(4)
        cols[0].metric("收支总计（万元）", fmt.wan(s["total_yuan"]))
        cols[1].metric("基本支出（万元）", fmt.wan(s["basic_yuan"]))
        cols[2].metric("项目支出（万元）", fmt.wan(s["project_yuan"]))
        cols[3].metric("三公经费（万元）", fmt.wan(s["three_public_yuan"]))

    st.subheader("基本支出与项目支出 Basic vs project")
    bp = shape.basic_project_chart_rows(summaries, labels)
    if len(bp):
        _bar_chart(bp, "万元", y="document", color="part", stacked=True)
    _table(shape.basic_project_frame(summaries), hide_index=True)
    _export(summaries, SUMMARY_EXPORT, "department_summary", "s_summary")

    functions = data.function_classes(con, chosen)
    st.subheader("按功能分类（类）By function class")
    if functions:
        _bars_or_say(shape.chart_rows(functions, labels, "function_code", "function_name"))
        for doc_id in chosen:
            rows = [r for r in functions if r["doc_id"] == doc_id]
            if rows:
                if len(chosen) > 1:
                    st.caption(labels[doc_id])
                _table(shape.composition_frame(rows, "function_code", "function_name",
                                                 [("basic_yuan", "基本支出（万元）basic"),
                                                  ("project_yuan", "项目支出（万元）project")]), hide_index=True)
        _export(functions, ["doc_id", "function_code", "function_name", "total_yuan", "basic_yuan", "project_yuan",
                            "derivation", "source_line"], "expenditure_by_function", "s_functions")
    else:
        st.write("所选文档没有按功能分类的支出。")

    economics = data.economic_classes(con, chosen)
    st.subheader("基本支出按经济分类（类）Basic expenditure by economic class")
    if economics:
        _bars_or_say(shape.chart_rows(economics, labels, "economic_code", "economic_name"))
        for doc_id in chosen:
            rows = [r for r in economics if r["doc_id"] == doc_id]
            if len(chosen) > 1:
                st.caption(labels[doc_id])
            if rows:
                _table(shape.composition_frame(rows, "economic_code", "economic_name",
                                                 [("personnel_yuan", "人员经费（万元）personnel"),
                                                  ("public_yuan", "公用经费（万元）public")]), hide_index=True)
            else:
                st.write("此文档没有按经济分类的基本支出表（或未能入库）。")
        _export(economics, ["doc_id", "economic_code", "economic_name", "total_yuan", "personnel_yuan",
                            "public_yuan", "source_line"], "basic_expenditure_by_economic", "s_economics")
    else:
        st.write("所选文档没有按经济分类的基本支出。")

    st.subheader("三公经费 Three public expenses")
    items = data.three_public_items(con, chosen)
    item_bars = shape.three_public_chart_rows(items, labels, summaries)
    if len(item_bars):
        _bar_chart(item_bars, "万元")
    _table(shape.three_public_frame(summaries), hide_index=True)
    _export(items, ["doc_id", "item", "item_name_zh", "is_three_public", "amount_yuan", "amount_derivation",
                    "source_line"], "three_public", "s_three_public")

    projects = data.projects(con, chosen)
    with st.expander(f"项目支出明细 Projects（{len(projects)}）"):
        _table(shape.projects_frame(projects, labels), hide_index=True)
        _export(projects, ["doc_id", "project_seq", "project_name", "function_code", "amount_yuan", "source_line"],
                "project_expenditure", "s_projects")

    targets = data.performance_targets(con, chosen)
    with st.expander(f"绩效目标表 Performance targets（{len(targets)}）"):
        _table(shape.performance_targets_frame(targets, labels), hide_index=True)
        _export(targets, ["doc_id", "target_seq", "target_kind", "project_name", "funds_yuan", "funds_source",
                          "source_line"], "performance_targets", "s_targets")


SUMMARY_EXPORT = ["doc_id", "department_name", "source_file", "province", "city", "county", "fiscal_year", "stage",
                  "doc_level", "source_unit", "total_yuan", "total_source", "basic_yuan", "project_yuan",
                  "personnel_yuan", "public_yuan", "three_public_yuan", "three_public_abroad_yuan",
                  "three_public_reception_yuan", "three_public_vehicle_purchase_yuan",
                  "three_public_vehicle_operation_yuan", "three_public_source", "operating_cost_yuan",
                  "procurement_yuan", "staff_authorized", "staff_actual", "basic_share",
                  "three_public_per_staff_yuan", "personnel_per_staff_yuan", "unavailable_reasons"]
COMPARE_FORMATS = {"wan": "%,.2f", "yuan": "%,.2f", "percent": "%.2f", "count": "%d"}


def compare_page(con, docs: list[dict]) -> None:
    st.header("比较 Compare")
    summaries = data.summaries(con, [d["doc_id"] for d in docs])
    year, stage = shape.comparison_basis(summaries)
    st.caption(f"侧栏筛选后的 {len(summaries)} 份文档，每行一份，点列名排序。金额单位：万元；人均为元/人（按实有人数）。"
               f"比较口径：{year} 年{shape.STAGE_ZH.get(stage, stage or '')}；"
               "年度或预算/决算不同、或没有收支总计的文档标为「✗ 不可比」，缺的数字为空并在说明中写明原因。"
               "口径：部门 = 部门汇总（含所属单位），单位 = 单位本级。")
    # The department stays pinned at the left while the figures scroll (the grid is wider than
    # the page: its columns after 收支总计 were out of sight).
    config = {name: st.column_config.NumberColumn(format=COMPARE_FORMATS[kind])
              for name, kind in shape.COMPARE_COLUMNS.items() if kind in COMPARE_FORMATS}
    first = next(iter(shape.COMPARE_COLUMNS))
    config[first] = st.column_config.TextColumn(pinned=True)
    st.dataframe(shape.compare_frame(summaries), hide_index=True, width="stretch", key="k_table",
                 column_config=config)
    _export(summaries, SUMMARY_EXPORT, "compare", "k_export")

    st.subheader("分布 Distribution")
    c1, c2 = st.columns(2)
    measures = shape.DISTRIBUTION_MEASURES
    measure = c1.selectbox("指标 measure", list(measures), key="k_measure",
                           format_func=lambda m: f"{measures[m][0]}（{measures[m][1]}）")
    group = c2.selectbox("分组 group by", list(shape.GROUP_FIELDS), key="k_group", format_func=shape.GROUP_FIELDS.get)
    label, unit, _ = measures[measure]
    rows = shape.distribution_rows(summaries, measure, group)
    if rows:
        outliers = [r for r in rows if r["is_outlier"]]
        st.caption(f"{len(rows)} 份文档有{label}；离群（四分位距 1.5 倍以外，按所示全部文档计）{len(outliers)} 份，"
                   "红点并标名称。")
        _distribution_chart(rows, label, unit, shape.GROUP_FIELDS[group])
        _export(rows, ["doc_id", "department", "group", "value", "is_outlier"], f"distribution_{measure}", "k_dist")
    else:
        st.write(f"所选文档都没有{label}。")


def department_page(con, docs: list[dict]) -> None:
    st.header("部门历年 Department")
    departments = data.departments(con, [d["doc_id"] for d in docs])
    if not departments:
        st.write("侧栏筛选后的文档没有可识别的部门（文档未印部门名称，或仓库早于部门面板）。"
                 "No department among the filtered documents.")
        return
    keys = [d["department_key"] for d in departments]
    wanted = st.query_params.get("department")
    by_key = {d["department_key"]: d for d in departments}
    key = st.selectbox("部门 department", keys, index=keys.index(wanted) if wanted in keys else 0,
                       format_func=lambda k: shape.department_label(by_key[k]), key="p_department")
    _set_query(department=key)
    dep = by_key[key]
    years = data.department_years(con, key)
    st.caption(f"部门键 key `{key}`；各文档印出的名称：{dep['names_printed']}。金额单位：万元。"
               "较上年 = 与上一年度同阶段文档相比；执行率 = 决算 / 同年预算。"
               + (f"同年同阶段有多份文档、面板不取其数字：{dep['ambiguous_years']}。" if dep["ambiguous_years"] else ""))
    history = shape.department_history_rows(years)
    if history.empty:
        st.write("该部门各年文档都没有可用的主要数字。No key figure in any year.")
    else:
        chart = alt.Chart(history).mark_line(point=True).encode(
            x=alt.X("year:O", title="年度 year"),
            y=alt.Y("wan:Q", title="万元"),
            color=alt.Color("figure:N", title=None, legend=alt.Legend(orient="bottom")),
            strokeDash=alt.StrokeDash("stage:N", title=None),
            tooltip=[alt.Tooltip("year:O", title="年度"), alt.Tooltip("figure:N", title="指标"),
                     alt.Tooltip("stage:N", title="阶段"), alt.Tooltip("wan_text:N", title="金额（万元）")],
        ).properties(height=320)
        st.altair_chart(chart, width="stretch")
    _table(shape.department_years_frame(years), hide_index=True)
    st.subheader("“三公”经费 Three public expenses")
    _table(shape.department_three_public_frame(years), hide_index=True)
    st.subheader("跨年度与预决算核对 Cross-year checks (R36, R37)")
    checks = data.department_checks(con, key)
    if not checks:
        st.write("没有跨年度或预决算核对结果（没有所需的另一年度或阶段的文档，或仓库尚未运行规则）。")
    else:
        failed = sum(1 for c in checks if c["outcome"] == "fail")
        st.caption(f"{len(checks)} 项：{failed} 项不符；无法比较的写明原因。")
        _long_table(shape.department_checks_frame(checks))


@st.cache_data(max_entries=32, show_spinner=False)
def _page_png(path: str, mtime: float, page: int, boxes: tuple, lines: tuple) -> bytes | None:
    return page_image.render(Path(path), page, [dict(b) for b in boxes], set(lines))


def _printed_page(con, doc: dict, cells: list[dict], marked: set[int], line: int | None) -> None:
    """The page the selected line is on, as printed, with our boxes; and, plainly, how many of the
    document's numbers we could not place."""
    unplaced = sum(1 for c in cells if c["placement"] == "unplaced")
    if unplaced:
        st.warning(f"本文档有 {unplaced} 个数字未能定位到列（未计入任何规则的比较；见下表各行的「未定位」与 "
                   "fct_table_cells.placement = 'unplaced'）。")
    pages = {c["page"] for c in cells if line is not None and c["page"] is not None
             and c["source_line"] <= line <= (c["source_line_end"] or c["source_line"])}
    page = min(pages) if pages else data.page_of_line(con, doc["doc_id"], line)
    path = page_image.source_pdf(doc["source_file"])
    if page is None or path is None:
        return
    boxes = tuple(tuple(sorted(b.items())) for b in data.cell_boxes(con, doc["doc_id"], page))
    png = _page_png(str(path), path.stat().st_mtime, page, boxes, tuple(sorted(marked)))
    if png:
        st.subheader(f"原文第 {page} 页 Page {page} as printed")
        st.image(png, caption="红框：所选发现所在行的数字；蓝框：读入并定位到列的数字（未框出的数字未能定位或未读入）。")


def document_page(con, docs: list[dict]) -> None:
    st.header("文档 Document")
    labels = _labels(docs)
    doc_ids = list(labels)
    wanted = _query_docs(doc_ids)
    doc_id = st.selectbox("文档 document", doc_ids, index=doc_ids.index(wanted[0]) if wanted else 0,
                          format_func=labels.get, key="d_doc")
    if wanted and wanted[0] != doc_id:
        line_param = None                        # another document was chosen: drop the old line
    else:
        line_param = _query_line()
    doc = next(d for d in docs if d["doc_id"] == doc_id)
    manifest = data.manifest(con, doc_id)
    s = data.summaries(con, [doc_id])[0]
    st.caption(f"{shape.region_label(doc)} · {doc['fiscal_year']} {shape.STAGE_ZH.get(doc['stage'], doc['stage'])} · "
               f"文件 {shape.md(doc['source_file'])} · 单位 {doc['source_unit'] or '—'}"
               + (f" · 入库 {manifest['status']}" + (f"（{shape.md(manifest['reason'])}）" if manifest["reason"] else "")
                  if manifest else ""))
    cols = st.columns(4)
    cols[0].metric("收支总计（万元）", fmt.wan(s["total_yuan"]))
    cols[1].metric("基本支出（万元）", fmt.wan(s["basic_yuan"]))
    cols[2].metric("项目支出（万元）", fmt.wan(s["project_yuan"]))
    cols[3].metric("三公经费（万元）", fmt.wan(s["three_public_yuan"]))

    left, right = st.columns([3, 2], gap="medium")
    with right:
        st.subheader("规则结果 Rule results")
        line = line_param
        if data.has_compliance(con):
            card = data.scorecard(con, [doc_id]) if data.has_scorecard(con) else []
            if card:
                _table(shape.scorecard_frame(card).drop(columns=["部门 department"]), hide_index=True)
            found = data.findings(con, [doc_id])
            if found:
                choices = list(range(len(found)))
                default = next((i for i, f in enumerate(found) if f["source_line"] == line_param), 0)
                pick = st.radio(
                    "定位发现 locate a finding", choices, index=default, key=f"d_finding_{doc_id}",
                    format_func=lambda i: (f"{shape.md(found[i]['rule_id'])} · {shape.line_label(found[i]['source_line'], found[i]['page'])} · "
                                           f"{shape.md(shape.shorten(found[i]['description_zh'] or found[i]['message']))}"))
                line = found[pick]["source_line"]
                _table(shape.document_findings_frame(found), hide_index=True)
            else:
                st.write("此文档没有发现。No findings for this document.")
        else:
            _no_compliance()
        _set_query(doc=doc_id, line=line)
        facts = [f for f in data.narrative_facts(con, doc_id) if line is not None and f["source_line"] == line]
        # The line a finding points to, and the table rows the narrative there is checked against.
        marked = ({line} if line is not None else set()) | {
            f["table_source_line"] for f in facts if f["table_source_line"] is not None}
        if facts:
            st.markdown(f"**{shape.line_label(line, facts[0]['page'])}（说明文字）**")
            st.markdown("> " + shape.md(facts[0]["context"]))
            for f in facts:
                if f["table_amount_yuan"] is not None:
                    st.caption(f"说明「{shape.md(f['value_raw'])}{shape.md(f['unit'] or '')}」即 {fmt.wan(f['amount_yuan'])} 万元，"
                               f"表（第 {f['table_source_line']} 行）{fmt.wan(f['table_amount_yuan'])} 万元")

    with left:
        cells = data.table_cells(con, doc_id)
        _printed_page(con, doc, cells, marked, line)
        st.subheader("表格（按原文）Tables as printed")
        st.caption("数字为原文所印（单位见各表）；「行」为原文行号；黄色为所选发现指向的行。"
                   + (f" 定位：第 {'、'.join(str(n) for n in sorted(marked))} 行。" if marked else ""))
        for table in shape.printed_tables(cells):
            hit = bool(marked & table["lines"])
            st.markdown(f"**{shape.md(table['title'])}**" + (f" · 单位：{shape.md(table['unit'])}" if table["unit"] else "")
                        + (f" · 第 {shape.page_range(table['pages'])} 页" if table["pages"] else "")
                        + (" · ⟵ 所选行" if hit else ""))
            marks = [bool(marked & lines) for lines in table["row_lines"]] if hit else None
            _table(table["frame"], marks, hide_index=True)
        _export(cells, ["table_seq", "table_kind", "table_title", "row_seq", "cell_seq", "page", "source_line",
                        "row_label", "code", "project_name", "side", "measure", "amount_raw", "amount_yuan",
                        "unit", "placement"], f"table_cells_{doc_id}", "d_cells")


FILTER_LABELS = {"province": "省 province", "city": "市 city", "fiscal_year": "年度 year", "stage": "阶段 stage",
                 "doc_level": "层级 level"}


def _filters(docs: list[dict]) -> list[dict]:
    """The sidebar's filters, kept in the URL (&province=…&fiscal_year=…); every page shows only
    the documents they keep."""
    st.sidebar.markdown("**筛选 Filters**")
    selected = {}
    for field in data.FILTER_FIELDS:
        options = data.filter_values(docs, field)
        wanted = [o for o in options if str(o) in st.query_params.get_all(field)]
        selected[field] = st.sidebar.multiselect(
            FILTER_LABELS[field], options, default=wanted, key=f"f_{field}", placeholder="全部 all",
            format_func=lambda v, field=field: shape.STAGE_ZH.get(v, v) if field == "stage" else str(v))
    _set_query(**selected)
    return data.filter_docs(docs, selected)


def _signed_in() -> bool:
    """A deployment may set DASHBOARD_PASSWORD: every page then asks for it once per session."""
    expected = os.environ.get("DASHBOARD_PASSWORD")
    if not expected or st.session_state.get("signed_in"):
        return True
    given = st.text_input("密码 Password", type="password", key="password")
    if given and hmac.compare_digest(given.encode(), expected.encode()):
        st.session_state["signed_in"] = True
        st.rerun()
    if given:
        st.error("密码不对。Wrong password.")
    return False


def main() -> None:
    st.set_page_config(page_title="预算公开 Budget disclosures", page_icon="📊", layout="wide")
    path = data.published_path()
    page = st.sidebar.radio("页面 Page", list(PAGES), index=list(PAGES).index(_query_page()),
                            format_func=PAGES.get, key="page")
    _set_query(page=page)
    if not _signed_in():
        return
    if page == "check":                 # needs no warehouse: a check builds its own
        check_page.render()
        return
    if not path.is_file():
        st.error(f"没有已发布的仓库 No published warehouse at {path}. "
                 "Run `make build` (it publishes a read-only copy after a successful build), "
                 "or `python -m dashboard.publish <warehouse.duckdb>`.")
        st.stop()
    published = datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    st.sidebar.caption(f"数据 data: `{path.name}`，发布于 published {published}（只读 read-only）")
    with data.connect(path) as con:
        every = data.documents(con)
        if not every:
            st.warning("仓库中没有文档。The warehouse holds no documents.")
            return
        docs = _filters(every)
        st.sidebar.caption(f"{len(docs)} / {len(every)} 份文档 documents")
        if not docs:
            st.warning("没有符合筛选条件的文档。No document matches the filters.")
            return
        {"compliance": compliance_page, "spending": spending_page,
         "compare": compare_page, "document": document_page, "department": department_page}[page](con, docs)


main()
