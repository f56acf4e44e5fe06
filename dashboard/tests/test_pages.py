"""Each page's logic through Streamlit's AppTest, on the fixture warehouse."""
from decimal import Decimal

import pandas as pd


def _texts(at) -> str:
    """Every text the page shows in markdown, captions, alerts and metrics, joined."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.info, at.error, at.warning) for e in kind]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(parts)


def _tables(at) -> list[pd.DataFrame]:
    return [t.value for t in at.table]


def _printed(at, column: str) -> pd.DataFrame:
    """The first table of the Document page with this column (its left side: tables as printed)."""
    return next(t for t in _tables(at) if column in t.columns)


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# --- the app as a whole ---------------------------------------------------------------------

def test_without_a_published_warehouse_the_app_says_how_to_make_one(run_app, tmp_path):
    at = run_app(tmp_path / "missing.duckdb", "compliance")
    assert "No published warehouse" in at.error[0].value
    assert "make build" in at.error[0].value


def test_the_sidebar_switches_pages_and_the_url_follows(run_app, warehouse):
    at = run_app(warehouse, "compliance")
    assert at.header[0].value == "合规 Compliance"
    at.sidebar.radio(key="page").set_value("compare").run()
    assert at.header[0].value == "比较 Compare"
    assert at.query_params["page"] == "compare"


# --- compliance ------------------------------------------------------------------------------

def test_compliance_shows_scorecard_findings_and_a_download(run_app, warehouse):
    at = run_app(warehouse, "compliance")
    card, rule_texts = _tables(at)
    yd = card[card["部门 department"] == "永登县政务服务中心"]
    assert yd[["严重度 severity", "已评估 evaluated", "通过 passed", "未通过 failed", "无法评估 unevaluable"]
              ].values.tolist() == [["错误 error", "10", "8", "1", "1"], ["警告 warn", "8", "8", "0", "0"]]
    findings = at.dataframe[0].value
    assert findings["规则 rule"].tolist() == ["R26", "R05", "W99"]      # errors first
    r26 = findings.iloc[0]
    # one line: the short title, the figures in 万元, page and line; the rule text is not repeated
    assert r26[["标题 title", "应为（万元）expected", "实为（万元）actual", "差额（万元）difference", "页 page",
                "行 line"]].tolist() == ["说明中的基本支出等于支出总体情况表的基本支出合计", "89.05", "137.05",
                                         "48.00", "5", "99"]
    assert r26["发现 finding"] == "说明中基本支出 137.05 万元，表中为 89.05 万元"
    assert "规则说明 rule description" not in findings.columns
    # the full rule text on demand, for the rules that have findings
    assert rule_texts["规则 rule"].tolist() == ["R26", "R05", "W99"]          # W99 is not catalogued: no text
    assert "A function class equals the sum of its 款" in rule_texts["Rule (English)"].tolist()
    csv_button, parquet_button, xlsx_button = at.get("download_button")
    assert "CSV" in csv_button.proto.label and not csv_button.proto.disabled
    assert "Parquet" in parquet_button.proto.label and not parquet_button.proto.disabled
    assert "Excel" in xlsx_button.proto.label and not xlsx_button.proto.disabled


def test_compliance_filters_narrow_the_findings_and_the_scorecard(run_app, warehouse):
    at = run_app(warehouse, "compliance")
    at.multiselect(key="c_severity").set_value(["warn"]).run()
    assert at.dataframe[0].value["规则 rule"].tolist() == ["R05", "W99"]
    assert set(_tables(at)[0]["严重度 severity"]) == {"警告 warn"}
    at.checkbox(key="c_waived").uncheck().run()
    assert at.dataframe[0].value["规则 rule"].tolist() == ["W99"]
    at.multiselect(key="c_severity").set_value([]).run()
    at.multiselect(key="f_province").set_value(["甘肃省"]).run()
    assert at.dataframe[0].value["规则 rule"].tolist() == ["R26"]
    assert at.query_params["province"] == "甘肃省"


def test_a_rule_filter_narrows_the_scorecard_to_that_rules_checks(run_app, warehouse):
    at = run_app(warehouse, "compliance", rule="R05")
    checks = _tables(at)[0]
    assert checks[["部门 department", "规则 rule", "通过 passed", "未通过 failed", "无法评估 unevaluable"]
                  ].values.tolist() == [["永登县政务服务中心", "R05", "0", "0", "1"],
                                        ["若羌县人民政府办公室", "R05", "2", "1", "0"]]


def test_compliance_filter_by_rule_comes_from_the_url(run_app, warehouse):
    at = run_app(warehouse, "compliance", rule="R05")
    assert at.multiselect(key="c_rule").value == ["R05"]
    assert at.dataframe[0].value["规则 rule"].tolist() == ["R05"]
    assert at.dataframe[0].value.iloc[0]["豁免 waived"] == "是：四舍五入，已与财政局核对"


def test_compliance_without_the_gate_says_so_instead_of_failing(run_app, warehouse_without_gate):
    at = run_app(warehouse_without_gate, "compliance")
    assert "no compliance results in this warehouse" in at.info[0].value
    assert not at.dataframe and not at.table


# --- spending --------------------------------------------------------------------------------

def test_spending_for_one_document(run_app, warehouse):
    at = run_app(warehouse, "spending", doc="doc_rq")
    assert _metric(at, "收支总计（万元）") == "842.07"
    assert _metric(at, "三公经费（万元）") == "0.25"
    basic_project, functions, economics, three_public, _projects, targets = _tables(at)
    # basic vs project, function, economic and 三公 charts; an export under each table
    assert len(at.get("vega_lite_chart")) == 4
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(labels) == 18 and sum("Parquet" in label for label in labels) == 6 \
        and sum("Excel" in label for label in labels) == 6
    assert basic_project.iloc[0][["基本支出（万元）basic", "项目支出（万元）project", "基本支出占比 basic share"]
                                 ].tolist() == ["592.99", "249.08", "70.42%"]
    assert functions.iloc[0][["科目 code", "名称 name", "金额（万元）amount", "占比 share"]].tolist() == [
        "201", "一般公共服务支出", "683.70", "81.19%"]
    assert economics["名称 name"].tolist() == ["工资福利支出", "商品和服务支出", "对个人和家庭的补助"]
    assert economics.iloc[0]["人员经费（万元）personnel"] == "542.29"
    assert three_public.iloc[0][["三公合计（万元）total", "公务接待（万元）reception", "来源 source"]].tolist() == [
        "0.25", "0.25", "三公表"]
    assert targets[["目标 target", "项目 project", "涉及资金（万元）funds", "来源行 line"]].values.tolist() == [
        ["整体 department-wide", "", "842.07", "510"], ["项目 project", "政府办业务经费", "249.08", "528"]]


def test_spending_for_several_documents(run_app, warehouse):
    at = run_app(warehouse, "spending", doc="doc_rq")
    at.multiselect(key="s_docs").set_value(["doc_rq", "doc_yd"]).run()
    assert not at.metric                                                # headline metrics are for one
    assert _tables(at)[0]["部门 department"].tolist() == ["若羌县人民政府办公室", "永登县政务服务中心"]
    assert "此文档没有按经济分类的基本支出表" in _texts(at)               # 永登 has none
    assert at.query_params["doc"] == ["doc_rq", "doc_yd"]


# --- compare ---------------------------------------------------------------------------------

def test_compare_is_one_sortable_row_per_document_and_marks_the_incomparable(run_app, warehouse):
    at = run_app(warehouse, "compare")
    frame = at.dataframe[0].value.set_index("部门 department")
    assert list(frame.index) == ["若羌县人民政府办公室", "永登县政务服务中心", "示例局"]
    assert frame["收支总计（万元）grand total"].tolist() == [Decimal("842.07"), Decimal("137.05"), Decimal("12.345678")]
    assert frame.loc["示例局", "可比 comparable"] == "✗ 不可比"
    assert "万元" in _texts(at) and "元/人" in _texts(at)
    assert len(at.get("vega_lite_chart")) == 1                          # the distribution
    assert "2 份文档有人均三公经费" in _texts(at)


def test_compare_follows_the_sidebar_filters(run_app, warehouse):
    at = run_app(warehouse, "compare", province="甘肃省")
    assert at.dataframe[0].value["部门 department"].tolist() == ["永登县政务服务中心", "示例局"]
    at.multiselect(key="f_fiscal_year").set_value([2024]).run()
    assert at.dataframe[0].value["部门 department"].tolist() == ["永登县政务服务中心"]
    assert at.query_params["fiscal_year"] == "2024"


# --- document --------------------------------------------------------------------------------

def test_document_shows_its_tables_as_printed(run_app, warehouse):
    at = run_app(warehouse, "document", doc="doc_rq")
    assert _metric(at, "收支总计（万元）") == "842.07"
    printed = _printed(at, "收入·项目")
    assert printed.iloc[-1][["收入·项目", "收入·合计", "支出·项目", "支出·合计"]].tolist() == [
        "收入总计", "842.07", "支出总计", "842.07"]
    assert "部门收支总体情况表" in _texts(at)


def test_document_locates_the_row_a_finding_points_to(run_app, warehouse):
    at = run_app(warehouse, "document", doc="doc_yd", line="99")
    finding = at.radio(key="d_finding_doc_yd")
    assert finding.value == 0 and "R26" in finding.options[0]
    texts = _texts(at)
    assert "137.05 万元" in texts                                       # the narrative sentence at line 99
    assert "单位支出总体情况表" in texts and "⟵ 所选行" in texts          # and the table row it contradicts
    assert "第 99、337 行" in texts
    # The page each leads to: the finding's (and the sentence's) page 5, the table's page 12.
    assert "第 5 页 · 第 99 行" in finding.options[0]
    assert "第 5 页 · 第 99 行（说明文字）" in texts and "第 12 页" in texts


def test_document_without_the_gate_still_shows_tables(run_app, warehouse_without_gate):
    at = run_app(warehouse_without_gate, "document", doc="doc_yd")
    assert "no compliance results in this warehouse" in at.info[0].value
    assert _printed(at, "基本支出").iloc[0]["基本支出"] == "89.05"


def test_compliance_with_findings_but_no_scorecard_shows_the_findings(run_app, warehouse):
    import duckdb
    con = duckdb.connect(str(warehouse))
    con.execute("drop table main.fct_compliance_scorecard")
    con.close()
    at = run_app(warehouse, "compliance")
    assert "No scorecard in this warehouse" in _texts(at)
    assert at.dataframe[0].value["规则 rule"].tolist() == ["R26", "R05", "W99"]


def test_classes_with_no_printed_amount_say_so_instead_of_an_empty_chart(run_app, warehouse):
    import duckdb

    con = duckdb.connect(str(warehouse))
    con.execute("update main.fct_basic_expenditure_by_economic set total_yuan = null where doc_id = 'doc_rq'")
    con.close()
    at = run_app(warehouse, "spending", doc="doc_rq")
    assert len(at.get("vega_lite_chart")) == 3              # basic vs project, functions, 三公: no empty frame
    assert any("均未印出" in i.value for i in at.info)


def _pdf(path, pages: int) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as fh:
        writer.write(fh)


def test_the_document_page_shows_the_printed_page_when_its_pdf_is_at_hand(run_app, warehouse, tmp_path, monkeypatch):
    import duckdb

    con = duckdb.connect(str(warehouse))
    con.execute("update main.dim_document set source_file = 'gs/yd.pdf' where doc_id = 'doc_yd'")
    con.close()
    docs = tmp_path / "docs"
    (docs / "gs").mkdir(parents=True)
    _pdf(docs / "gs" / "yd.pdf", 12)
    monkeypatch.setenv("DASHBOARD_DOCS", str(docs))
    at = run_app(warehouse, "document", doc="doc_yd", line="99")
    assert [s.value for s in at.subheader if s.value.startswith("原文第")] == ["原文第 5 页 Page 5 as printed"]
    assert any("未能定位到列" in w.value for w in at.warning)             # the one unplaced number, said plainly
    (docs / "gs" / "yd.pdf").unlink()
    at = run_app(warehouse, "document", doc="doc_yd", line="99")          # no PDF at hand: no page, no error
    assert not [s for s in at.subheader if s.value.startswith("原文第")]


def test_a_source_file_outside_the_documents_folder_is_never_opened(tmp_path, monkeypatch):
    from dashboard import page_image

    docs = tmp_path / "docs"
    docs.mkdir()
    _pdf(tmp_path / "secret.pdf", 1)
    _pdf(docs / "a.pdf", 1)
    monkeypatch.setenv("DASHBOARD_DOCS", str(docs))
    assert page_image.source_pdf("a.pdf") == (docs / "a.pdf").resolve()
    assert page_image.source_pdf("../secret.pdf") is None
    assert page_image.source_pdf(str(tmp_path / "secret.pdf")) is None
    assert page_image.source_pdf("a.txt") is None


def test_the_page_image_boxes_the_selected_line_in_red_and_the_rest_in_blue(tmp_path):
    import io

    from PIL import Image

    from dashboard import page_image

    _pdf(tmp_path / "p.pdf", 1)
    boxes = [dict(source_line=337, source_line_end=337, placement="position", box_left=100, box_bottom=700,
                  box_right=160, box_top=712),
             dict(source_line=338, source_line_end=338, placement="position", box_left=100, box_bottom=680,
                  box_right=160, box_top=692)]
    image = Image.open(io.BytesIO(page_image.render(tmp_path / "p.pdf", 1, boxes, {337}))).convert("RGB")
    s = page_image.SCALE
    red = image.getpixel((int(130 * s), int((842 - 712) * s) - 3))
    blue = image.getpixel((int(130 * s), int((842 - 692) * s) - 1))
    assert red[0] > 180 and red[1] < 60 and blue[2] > 180 and blue[0] < 100, (red, blue)
    assert page_image.render(tmp_path / "p.pdf", 2, boxes, {337}) is None


# --- department ------------------------------------------------------------------------------

def test_a_department_s_history_its_changes_and_its_cross_year_checks(run_app, panel_warehouse):
    at = run_app(panel_warehouse, "department", province="江苏省")
    assert at.query_params["department"] == "江苏省/部门/人民检察院"
    years = at.table[0].value
    assert years["年度 year"].tolist() == [2017, 2018, 2019]
    assert years["收支总计（万元）"].tolist() == ["17,996.68", "21,955.35", "24,169.74"]
    assert years["收支总计较上年"].tolist() == ["—", "+22.00%", "+10.09%"]
    assert len(at.get("vega_lite_chart")) == 1                          # a line per figure
    three_public = at.table[1].value
    assert three_public["公务接待（万元）reception"].tolist() == ["156.55", "116.50", "101.26"]
    checks = at.table[2].value
    assert checks["结果 outcome"].tolist() == ["✗ 不符", "✓ 相符"]
    assert "1 项不符" in _texts(at)


def test_the_department_page_without_a_panel_says_so(run_app, warehouse):
    at = run_app(warehouse, "department")
    assert "没有可识别的部门" in _texts(at)
