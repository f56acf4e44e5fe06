"""Each page's logic through Streamlit's AppTest, on the fixture warehouse."""
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
    (card,) = _tables(at)
    yd = card[card["部门 department"] == "永登县政务服务中心"]
    assert yd[["严重度 severity", "已评估 evaluated", "通过 passed", "未通过 failed", "无法评估 unevaluable"]
              ].values.tolist() == [["错误 error", "10", "8", "1", "1"], ["警告 warn", "8", "8", "0", "0"]]
    findings = at.dataframe[0].value
    assert findings["规则 rule"].tolist() == ["R26", "R05", "W99"]      # errors first
    r26 = findings.iloc[0]
    assert r26["规则说明 rule description"] == "说明中的基本支出等于支出总体情况表的基本支出合计"
    assert (r26["应为（万元）expected"], r26["实为（万元）actual"], r26["来源行 line"]) == ("89.05", "137.05", "99")
    assert "R26" in _texts(at) and "137.05" in _texts(at)               # the details list
    download = at.get("download_button")[0]
    assert "CSV" in download.proto.label and not download.proto.disabled


def test_compliance_filters_narrow_the_findings_and_the_scorecard(run_app, warehouse):
    at = run_app(warehouse, "compliance")
    at.multiselect(key="c_severity").set_value(["warn"]).run()
    assert at.dataframe[0].value["规则 rule"].tolist() == ["R05", "W99"]
    assert set(_tables(at)[0]["严重度 severity"]) == {"警告 warn"}
    at.checkbox(key="c_waived").uncheck().run()
    assert at.dataframe[0].value["规则 rule"].tolist() == ["W99"]
    at.multiselect(key="c_severity").set_value([]).run()
    at.multiselect(key="c_region").set_value(["甘肃省"]).run()
    assert at.dataframe[0].value["规则 rule"].tolist() == ["R26"]
    assert at.query_params["region"] == "甘肃省"


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
    basic_project, functions, economics, three_public, _projects = _tables(at)
    assert basic_project.iloc[0][["基本支出（万元）basic", "项目支出（万元）project", "基本支出占比 basic share"]
                                 ].tolist() == ["592.99", "249.08", "70.42%"]
    assert functions.iloc[0][["科目 code", "名称 name", "金额（万元）amount", "占比 share"]].tolist() == [
        "201", "一般公共服务支出", "683.70", "81.19%"]
    assert economics["名称 name"].tolist() == ["工资福利支出", "商品和服务支出", "对个人和家庭的补助"]
    assert economics.iloc[0]["人员经费（万元）personnel"] == "542.29"
    assert three_public.iloc[0][["三公合计（万元）total", "公务接待（万元）reception", "来源 source"]].tolist() == [
        "0.25", "0.25", "三公表"]
    assert len(at.get("vega_lite_chart")) == 2                         # function and economic charts


def test_spending_for_several_documents(run_app, warehouse):
    at = run_app(warehouse, "spending", doc="doc_rq")
    at.multiselect(key="s_docs").set_value(["doc_rq", "doc_yd"]).run()
    assert not at.metric                                                # headline metrics are for one
    assert _tables(at)[0]["部门 department"].tolist() == ["若羌县人民政府办公室", "永登县政务服务中心"]
    assert "此文档没有按经济分类的基本支出表" in _texts(at)               # 永登 has none
    assert at.query_params["doc"] == ["doc_rq", "doc_yd"]


# --- compare ---------------------------------------------------------------------------------

def test_compare_puts_departments_side_by_side_and_marks_the_incomparable(run_app, warehouse):
    at = run_app(warehouse, "compare")
    (frame,) = _tables(at)
    assert list(frame.columns) == ["若羌县人民政府办公室", "永登县政务服务中心", "示例局"]
    assert frame.loc["收支总计（万元）grand total"].tolist() == ["842.07", "137.05", "12.345678"]
    assert frame.loc["人均三公（元/人）three public per staff"].tolist() == ["73.53", "66.67", "—"]
    assert frame.loc["可比 comparable", "示例局"] == "✗ 不可比"
    assert "万元" in _texts(at) and "元/人" in _texts(at)


def test_compare_by_region(run_app, warehouse):
    at = run_app(warehouse, "compare", region="甘肃省")
    assert list(_tables(at)[0].columns) == ["永登县政务服务中心", "示例局"]


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
