"""The dashboard's queries (dashboard/data.py) and the frames built from them (dashboard/shape.py),
on the fixture warehouse."""
import csv
import io
from decimal import Decimal

import pytest

from dashboard import data, shape


@pytest.fixture
def con(warehouse):
    with data.connect(warehouse) as c:
        yield c


ALL = ["doc_rq", "doc_yd", "doc_sl"]


def test_connection_is_read_only(con):
    with pytest.raises(Exception, match="read-only"):
        con.execute("create table main.x (i integer)")


def test_findings_carry_the_rule_description_both_figures_and_the_source_line(con):
    (r26,) = data.findings(con, ALL, rule_ids=["R26"])
    assert r26["department_name"] == "永登县政务服务中心"
    assert r26["description_zh"] == "说明中的基本支出等于支出总体情况表的基本支出合计"
    assert (r26["expected_yuan"], r26["actual_yuan"], r26["difference_yuan"]) == (
        Decimal("890500"), Decimal("1370500"), Decimal("480000"))
    assert isinstance(r26["expected_yuan"], Decimal)
    assert r26["source_line"] == 99


def test_findings_filter_by_province_severity_rule_and_waiver(con):
    def rules(**kw):
        return sorted(f["rule_id"] for f in data.findings(con, **kw))
    assert rules(doc_ids=ALL) == ["R05", "R26", "W99"]
    assert rules(doc_ids=ALL, severities=["warn"]) == ["R05", "W99"]
    assert rules(doc_ids=ALL, rule_ids=["R05", "R26"]) == ["R05", "R26"]
    assert rules(doc_ids=ALL, include_waived=False) == ["R26", "W99"]
    gansu = [d["doc_id"] for d in data.filter_docs(data.documents(con), {"province": ["甘肃省"]})]
    assert sorted(gansu) == ["doc_sl", "doc_yd"]
    assert rules(doc_ids=gansu) == ["R26"]
    assert rules(doc_ids=[]) == []


def test_values_are_bound_never_spliced_into_sql(con):
    hostile = "doc_yd' or '1'='1"
    assert data.findings(con, [hostile]) == []
    assert data.table_cells(con, hostile) == []
    assert data.findings(con, ALL, rule_ids=["R26') or true --"]) == []


def test_rules_list_catalogue_rules_and_uncatalogued_rules_with_findings(con):
    rules = {r["rule_id"]: r for r in data.rules(con)}
    assert set(rules) == {"R05", "R26", "R30", "W99"}
    assert rules["W99"]["description_zh"] is None


def test_a_warehouse_before_the_gate_has_no_compliance(warehouse_without_gate):
    with data.connect(warehouse_without_gate) as con:
        assert not data.has_compliance(con)
        assert data.rules(con) == []


def test_scorecard_is_per_document_and_severity_errors_first(con):
    card = data.scorecard(con, ["doc_yd"])
    assert [(r["severity"], r["rules_failed"], r["rules_unevaluable"]) for r in card] == [
        ("error", 1, 1), ("warn", 0, 0)]


def test_findings_csv_is_exact_in_yuan_and_safe_against_formulas(con):
    rows = data.findings(con, ALL)
    parsed = list(csv.DictReader(io.StringIO(shape.findings_csv(rows))))
    by_rule = {r["rule_id"]: r for r in parsed}
    assert by_rule["R26"]["expected_yuan"] == "890500.0000"
    assert by_rule["R26"]["difference_yuan"] == "480000.0000"
    assert by_rule["R05"]["is_waived"] == "true"
    # The message '=HYPERLINK(...)' reaches the CSV as text a spreadsheet does not evaluate.
    assert by_rule["W99"]["message"] == "'=HYPERLINK(\"http://example.com\",\"x\")"


def test_findings_frame_labels_every_amount_with_its_unit_and_links_to_the_row(con):
    frame = shape.findings_frame(data.findings(con, ALL, rule_ids=["R26"]))
    row = frame.iloc[0]
    assert row["应为（万元）expected"] == "89.05"
    assert row["实为（万元）actual"] == "137.05"
    assert row["差额（万元）difference"] == "48.00"
    assert row["查看 view"] == "?page=document&doc=doc_yd&line=99"
    assert (row["页 page"], row["行 line"]) == ("5", "99")
    assert row["规则 rule"] == "R26" and row["标题 title"] == "说明中的基本支出等于支出总体情况表的基本支出合计"
    assert all("万元" in c for c in frame.columns if c.startswith(("应为", "实为", "差额")))


def test_summaries_keep_the_requested_order_and_decimals(con):
    rows = data.summaries(con, ["doc_yd", "doc_rq"])
    assert [r["doc_id"] for r in rows] == ["doc_yd", "doc_rq"]
    assert rows[1]["total_yuan"] == Decimal("8420700")


def test_function_classes_fall_back_to_the_code_when_no_name_is_printed(con):
    rows = data.function_classes(con, ["doc_yd"])
    assert [(r["function_code"], r["function_name"]) for r in rows] == [("201", "201"), ("208", "208")]


def test_composition_shares_are_of_the_classes_sum(con):
    frame = shape.composition_frame(data.function_classes(con, ["doc_rq"]), "function_code", "function_name")
    assert frame["科目 code"].tolist() == ["201", "208", "210", "221"]
    assert frame.loc[0, "金额（万元）amount"] == "683.70"
    assert frame.loc[0, "占比 share"] == "81.19%"


def test_compare_marks_the_document_of_another_year_and_stage_as_not_comparable(con):
    frame = shape.compare_frame(data.summaries(con, ALL)).set_index("部门 department")
    assert list(frame.index) == ["若羌县人民政府办公室", "永登县政务服务中心", "示例局"]
    assert frame["可比 comparable"].tolist() == ["✓ 可比", "✓ 可比", "✗ 不可比"]
    assert "年度 2023，其余为 2024" in frame.loc["示例局", "说明 notes"]
    assert "无实有人数" in frame.loc["示例局", "说明 notes"]
    # exact Decimals, so the grid sorts them as numbers and nothing is rounded away
    assert frame.loc["若羌县人民政府办公室", "收支总计（万元）grand total"] == Decimal("842.07")
    assert frame.loc["示例局", "收支总计（万元）grand total"] == Decimal("12.345678")
    assert frame.loc["若羌县人民政府办公室", "人均人员经费（元/人）personnel per staff"] == Decimal("163029.41")
    assert frame.loc["若羌县人民政府办公室", "项目支出占比（%）project share"] == Decimal("29.58")
    assert frame.loc["示例局", "人员经费（万元）personnel"] is None


def test_no_english_key_in_the_chinese_notes(con):
    """示例局's 人员经费 is unavailable for a reason the mart gives with English keys, and its 三公
    table is absent: the notes say both in 中文."""
    notes = shape.compare_frame(data.summaries(con, ALL)).set_index("部门 department").loc["示例局", "说明 notes"]
    assert "表中缺 1 项数字" in notes and "未公开三公表" in notes
    assert "general_budget_basic" not in notes and "three_public" not in notes


def test_outliers_are_beyond_tukeys_fences():
    values = [Decimal(v) for v in ("10", "11", "12", "13", "14", "40")]
    # Q1 = 11.25, Q3 = 13.75, IQR = 2.5: fences 7.5 and 17.5
    assert shape.outlier_flags(values) == [False] * 5 + [True]
    assert shape.outlier_flags(values[:3]) == [False] * 3            # too few to tell


def test_distribution_rows_keep_exact_values_and_flag_outliers(con):
    rows = shape.distribution_rows(data.summaries(con, ALL), "three_public_per_staff", "province")
    assert [(r["department"], r["group"], r["value"]) for r in rows] == [
        ("若羌县人民政府办公室", "新疆维吾尔自治区", Decimal("73.53")), ("永登县政务服务中心", "甘肃省", Decimal("66.67"))]
    assert not any(r["is_outlier"] for r in rows)
    assert rows[0]["value_text"] == "73.53 元/人"


def test_three_public_chart_leaves_out_meeting_costs(con):
    frame = shape.three_public_chart_rows(data.three_public_items(con, ALL), {})
    assert "会议费" not in frame["class"].tolist()
    assert frame[frame["class"] == "公务接待费"]["wan_text"].tolist() == ["0.25 万元"]
    assert frame[frame["document"] == "doc_yd"]["class"].tolist() == ["“三公”经费合计"]


def test_filters_keep_documents_matching_every_field(con):
    docs = data.documents(con)
    assert data.filter_values(docs, "fiscal_year") == [2023, 2024]
    kept = data.filter_docs(docs, {"province": ["甘肃省"], "fiscal_year": [2024], "stage": []})
    assert [d["doc_id"] for d in kept] == ["doc_yd"]
    assert len(data.filter_docs(docs, {})) == 3


def test_check_counts_are_per_document_and_rule(con):
    rows = {(r["doc_id"], r["rule_id"]): r for r in data.check_counts(con, ALL, ["R05"])}
    assert set(rows) == {("doc_rq", "R05"), ("doc_yd", "R05")}
    assert (rows["doc_rq", "R05"]["checks_passed"], rows["doc_rq", "R05"]["checks_failed"]) == (2, 1)
    assert rows["doc_yd", "R05"]["checks_unevaluable"] == 1


def test_printed_tables_keep_both_sides_of_a_two_sided_table_on_their_line(con):
    (table,) = shape.printed_tables(data.table_cells(con, "doc_rq"))
    assert table["title"] == "部门收支总体情况表" and table["unit"] == "万元"
    frame = table["frame"]
    assert list(frame.columns) == ["行 line", "收入·项目", "收入·合计", "支出·科目编码", "支出·项目", "支出·合计"]
    last = frame.iloc[-1]
    assert (last["行 line"], last["收入·项目"], last["收入·合计"], last["支出·项目"], last["支出·合计"]) == (
        "129", "收入总计", "842.07", "支出总计", "842.07")
    assert frame.iloc[0]["支出·科目编码"] == "201"


def test_printed_tables_show_unplaced_numbers_in_their_own_column(con):
    (table,) = shape.printed_tables(data.table_cells(con, "doc_yd"))
    frame = table["frame"]
    assert list(frame.columns) == ["行 line", "科目编码", "项目", "合计", "基本支出", "项目支出", "未定位"]
    assert frame.iloc[0][["项目", "合计", "基本支出", "项目支出"]].tolist() == ["合计", "137.05", "89.05", "48.00"]
    assert frame.iloc[1]["未定位"] == "12.34"
    assert table["row_lines"] == [{337}, {338}]


def test_markdown_from_documents_is_inert():
    assert shape.md("[x](http://evil) **b** <img> :red[y]") == (
        "\\[x\\]\\(http\\:\\/\\/evil\\) \\*\\*b\\*\\* \\<img\\> \\:red\\[y\\]".replace("\\/", "/"))


@pytest.mark.parametrize("printed, inert", [
    ("1. 一般公共预算拨款", "1\\. 一般公共预算拨款"),      # would become a numbered list
    ("- 其他", "\\- 其他"),
    ("其中:一般财力", "其中\\:一般财力"),                  # Streamlit's :directive[...] syntax
    ("[x](http://e.com)", "\\[x\\](http\\://e.com)"),
    ("842.07", "842.07"), ("-48.00", "-48.00"), ("1,234.50", "1,234.50"), ("(一)基本支出", "(一)基本支出"),
])
def test_table_cells_from_documents_are_inert_in_st_table(printed, inert):
    assert shape.md_cell(printed) == inert


def test_findings_without_a_rule_catalogue_have_no_descriptions(warehouse):
    import duckdb
    con = duckdb.connect(str(warehouse))
    con.execute("drop table reference.ref_rules")
    con.close()
    with data.connect(warehouse) as con:
        assert sorted(r["rule_id"] for r in data.rules(con)) == ["R05", "R26", "W99"]
        (r26,) = data.findings(con, ALL, rule_ids=["R26"])
        assert r26["description_zh"] is None and r26["actual_yuan"] == Decimal("1370500")


def test_exports_keep_amounts_exact_and_cells_spreadsheet_safe(con):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dashboard import export
    rows = data.summaries(con, ALL)
    table = pq.read_table(io.BytesIO(export.parquet_bytes(rows, ["doc_id", "total_yuan", "staff_actual",
                                                                 "operating_cost_yuan"])))
    assert pa.types.is_decimal(table.schema.field("total_yuan").type)
    assert table.column("total_yuan").to_pylist() == [Decimal("8420700"), Decimal("1370500"), Decimal("123456.78")]
    assert table.schema.field("operating_cost_yuan").type == pa.string()        # all empty: still a column
    findings = data.findings(con, ALL)
    text = export.csv_bytes(findings, ["rule_id", "message", "difference_yuan"]).decode("utf-8")
    assert text.startswith("\ufeff")                   # spreadsheets then read the Chinese as UTF-8
    parsed = {r["rule_id"]: r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert parsed["R26"]["difference_yuan"] == "480000.0000"
    assert parsed["W99"]["message"].startswith("'=")


def test_the_xlsx_export_keeps_amounts_exact_and_never_holds_a_formula(con):
    from openpyxl import load_workbook

    from dashboard import export
    rows = data.summaries(con, ALL)
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(rows, ["doc_id", "total_yuan"])))["data"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("doc_id", "total_yuan")
    assert sorted(Decimal(str(v[1])) for v in values[1:]) == [Decimal("123456.78"), Decimal("1370500"), Decimal("8420700")]
    findings = data.findings(con, ALL)
    sheet = load_workbook(io.BytesIO(export.xlsx_bytes(findings, ["rule_id", "message"])))["data"]
    (w99,) = [r for r in sheet.iter_rows(values_only=True) if r[0] == "W99"]
    assert w99[1].startswith("'=")                     # a formula-looking message stays text


def test_findings_of_two_versions_of_one_department_are_told_apart_by_their_file():
    from dashboard import shape

    base = dict(doc_id="d1", department_name="某某局", source_file="sz/某某局.pdf", rule_id="R26", severity="error",
                description_zh="说明与表一致", message="m", expected_yuan=None, actual_yuan=None,
                difference_yuan=None, page=3, source_line=40, is_waived=False, waiver_reason=None)
    other = dict(base, doc_id="d2", source_file="sz/某某局.txt")
    alone = dict(base, doc_id="d3", department_name="另一局", source_file="sz/另一局.pdf")
    frame = shape.findings_frame([base, other, alone])
    assert frame["部门 department"].tolist() == ["某某局 · 某某局.pdf", "某某局 · 某某局.txt", "另一局"]


def test_the_three_public_chart_draws_every_document_the_table_lists():
    """A document whose 三公 figures come from its narrative (no 三公 table landed) is listed by the
    table, so it is drawn too, from the same figures; one with no figure at all is in neither."""
    items = [dict(doc_id="d1", item="reception", item_name_zh="公务接待费", is_three_public=True,
                  amount_yuan=Decimal("2500"))]
    summaries = [dict(doc_id="d1", three_public_yuan=Decimal("2500"), three_public_source="table"),
                 dict(doc_id="d2", three_public_yuan=Decimal("300000"), three_public_source="narrative",
                      three_public_abroad_yuan=None, three_public_reception_yuan=Decimal("100000"),
                      three_public_vehicle_purchase_yuan=None, three_public_vehicle_operation_yuan=Decimal("200000")),
                 dict(doc_id="d3", three_public_yuan=Decimal("5000"), three_public_source="narrative"),
                 dict(doc_id="d4", three_public_yuan=None, three_public_source=None)]
    frame = shape.three_public_chart_rows(items, {}, summaries)
    assert frame[["document", "class", "wan_text"]].values.tolist() == [
        ["d1", "公务接待费", "0.25 万元"], ["d2", "公务接待费（说明）", "10.00 万元"],
        ["d2", "公务用车运行维护费（说明）", "20.00 万元"], ["d3", "“三公”经费合计（说明）", "0.50 万元"]]
