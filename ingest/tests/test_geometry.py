"""The positional placer on small synthetic pages: header cells → columns, figures → columns.

Words are (text, left, right, character height) as ingest/readers/pdf.py gives them; the layout-text cases
go through ingest_text as a `pdftotext -layout` extraction would, offsets being positions.
"""
from __future__ import annotations

from decimal import Decimal

from ingest import geometry
from ingest.pipeline import ingest_text
from ingest.parse import header_measures

H = 10.0


def w(text: str, x0: float, x1: float | None = None) -> geometry.Word:
    return (text, x0, x1 if x1 is not None else x0 + H * len(text), H)


def names(kind: str):
    return lambda s: header_measures(s, kind)


def test_a_parent_heading_spans_its_children():
    header = [[w("项目", 10), w("合计", 150), w("财政拨款", 275)],
              [w("一般公共预算", 230), w("政府性基金", 310)]]
    cols = geometry.header_columns(header, names("expenditure_summary"))
    assert [c.measure for c in cols] == [None, "total", "general_budget", "gov_fund"]


def test_a_wrapped_name_is_one_column():
    header = [[w("项目", 10), w("一般公共预", 200), w("政府性基金", 320)],
              [w("算", 220)]]
    cols = geometry.header_columns(header, names("expenditure_summary"))
    assert [c.name for c in cols] == ["项目", "一般公共预算", "政府性基金"]
    assert [c.measure for c in cols] == [None, "general_budget", "gov_fund"]


def test_a_letter_spaced_name_is_one_cell():
    header = [[w("项目", 10), w("合", 150), w("计", 175), w("基本支出", 250)]]
    cols = geometry.header_columns(header, names("expenditure_summary"))
    assert [c.name for c in cols] == ["项目", "合计", "基本支出"]


def test_a_subtotal_under_a_heading_is_the_heading_s_measure():
    # Three cells 120 wide under a heading whose name reaches over the middle one only.
    header = [[w("“三公”经费合计", 10), w("公务用车购置及运行费", 330)],
              [w("小计", 250), w("公务用车购置费", 345), w("公务用车运行费", 465)]]
    cols = geometry.header_columns(header, names("three_public"))
    assert [c.measure for c in cols] == ["total", "vehicle_total", "vehicle_purchase", "vehicle_operation"]


def test_fund_types_under_each_item_are_parts_of_the_item():
    # 深圳's 三公 header: 一般公共预算 | 政府性基金预算 under each item heading.
    header = [[w("因公出国(境)费", 100), w("公务接待费", 400)],
              [w("一般公共预算", 60), w("政府性基金预算", 190), w("一般公共预算", 340), w("政府性基金预算", 470)]]
    cols = geometry.header_columns(header, names("three_public"))
    assert [(c.measure, c.part_of) for c in cols] == [
        (None, "abroad"), (None, "abroad"), (None, "reception"), (None, "reception")]


def test_a_heading_printed_whole_elsewhere_makes_no_cross_tab():
    # 公务接待费 also has a column of its own: the fund types under the headings are not read as
    # its parts; they stay repeats nobody places, and the whole column keeps its measure.
    header = [[w("因公出国(境)费", 100), w("公务接待费", 400), w("公务接待费", 640)],
              [w("一般公共预算", 60), w("政府性基金预算", 190), w("一般公共预算", 340), w("政府性基金预算", 470)]]
    cols = geometry.header_columns(header, names("three_public"))
    assert [(c.measure, c.part_of, c.repeat_of) for c in cols] == [
        (None, None, "general_budget"), (None, None, "gov_fund"), (None, None, "general_budget"),
        (None, None, "gov_fund"), ("reception", None, None)]


def test_columns_under_two_year_headings_keep_the_documents_year():
    header = [[w("2025年预算数", 120), w("2026年预算数", 420)],
              [w("因公出国(境)费", 40), w("公务接待费", 200), w("因公出国(境)费", 340), w("公务接待费", 500)]]
    cols = geometry.header_columns(header, names("three_public"), fiscal_year=2026)
    assert [(c.measure, c.other_year, c.other_year_measure) for c in cols] == [
        (None, 2025, "abroad"), (None, 2025, "reception"), ("abroad", None, None), ("reception", None, None)]


def test_two_year_headings_of_different_figures_are_not_paired():
    # last year's 执行数 beside this year's 预算数: another figure, not last year's same one
    header = [[w("2025年执行数", 120), w("2026年预算数", 420)],
              [w("因公出国(境)费", 40), w("公务接待费", 200), w("因公出国(境)费", 340), w("公务接待费", 500)]]
    cols = geometry.header_columns(header, names("three_public"), fiscal_year=2026)
    assert [(c.measure, c.other_year) for c in cols] == [(None, None), (None, None), ("abroad", None), ("reception", None)]


def test_two_headings_read_as_one_word_are_two_columns():
    # An OCR engine read '政府性基金预算' and '国有资本经营预算', printed side by side, as one word
    # (上海市民政局 2026, 财政拨款收支预算总表): each keeps its share of the word's width.
    header = [[w("项目", 10), w("合计", 120), w("一般公共预算", 200),
               w("政府性基金预算国有资本经营预算", 300, 510)]]
    cols = geometry.header_columns(header, names("expenditure_summary"))
    assert [c.measure for c in cols] == [None, "total", "general_budget", "gov_fund", "state_capital"]
    assert [c.name for c in cols][3:] == ["政府性基金预算", "国有资本经营预算"]
    assert cols[3].x1 == cols[4].x0 == 300 + 210 * 7 / 15
    figures = [[(130, 160, H), (330, 390, H)]]      # printed under 合计 and 政府性基金预算
    assert geometry.place_figures(figures, cols) == [[1, 3]]


def test_an_item_s_amount_heading_is_one_column():
    header = [[w("项目", 10), w("机关运行经费预算数", 120)]]
    cols = geometry.header_columns(header, names("operating_cost"))
    assert len(cols) == 2


def test_a_subtotal_two_lines_under_its_heading_and_a_name_wrapped_over_three_lines():
    # 江苏省人民检察院 2019 公开09表 (p20), word boxes as PDFium gives them: '因公出' / '国（境）' /
    # '费' is one name between two '小计'; the right '小计' stands under '公务用车购置及运行维护费'
    # two lines below it, its siblings '公务用车购' / '置费' wrapped onto the line between.
    header = [[w("“三公”经费", 255, 315)],
              [w("公务用车购置及运行维护费", 252, 360)],
              [w("合计", 95, 115), w("因公出", 186, 213), w("公务接", 399, 426), w("会议费", 440, 470),
               w("培训费", 484, 514)],
              [w("国（境）", 184, 220), w("公务用车购", 277, 322), w("公务用车运", 337, 382)],
              [w("小计", 148, 166), w("费", 195, 204), w("小计", 237, 255), w("待费", 404, 422)],
              [w("置费", 290, 308), w("行维护费", 341, 377)]]
    cols = geometry.header_columns(header, names("three_public"))
    assert [c.measure for c in cols] == [None, None, "abroad", "vehicle_total", "vehicle_purchase",
                                         "vehicle_operation", "reception", "meeting", "training"]
    # 合计 (with 会议费 and 培训费) and the 三公 小计 both name the total: neither is placed by name.
    assert [c.repeat_of for c in cols[:2]] == ["total", "total"]


def test_a_heading_s_late_child_undoes_the_neighbours_it_adopted():
    # 西安市审计局 2026 表3 (p24) as OCR boxes it: '合计' and '政府性基金拨款' were adopted to centre
    # '其中：专项资金' under '一般公共预算拨款' until its '小计' appears a line lower.
    header = [[w("一般公共预算拨款", 380, 427)],
              [w("合计", 301, 316), w("其中：专项资金", 418, 460), w("政府性基金拨款", 467, 507)],
              [w("小计", 374, 384)]]
    cols = geometry.header_columns(header, names("expenditure_summary"))
    assert [c.measure for c in cols] == ["total", "general_budget", None, "gov_fund"]


def test_a_header_naming_one_measure_twice_has_no_columns():
    header = [[w("合计", 10), w("小计", 100)]]
    assert geometry.header_columns(header, names("expenditure_summary")) is None


def test_figures_go_under_their_column_and_a_blank_column_stays_blank():
    cols = [geometry.Column(0, 40, "项目", None), geometry.Column(150, 170, "合计", "total"),
            geometry.Column(240, 300, "一般公共预算", "general_budget"),
            geometry.Column(360, 410, "政府性基金", "gov_fund")]
    rows = [[(130, 175, H), (250, 300, H), (365, 410, H)],   # every column filled
            [(130, 175, H), (365, 410, H)]]                  # 一般公共预算 left blank
    assert geometry.place_figures(rows, cols) == [[1, 2, 3], [1, 3]]


def test_a_short_figure_takes_the_column_it_is_aligned_with():
    # '5.00' right-aligned in a wide cell lies between two names; it ends where the column's
    # other figures end.
    cols = [geometry.Column(100, 120, "合计", "total"), geometry.Column(220, 240, "基本支出", "basic")]
    rows = [[(100, 160, H), (200, 260, H)], [(230, 260, H)]]
    assert geometry.place_figures(rows, cols)[1] == [1]
    # Without an aligned figure to go by, it has no column.
    assert geometry.place_figures([[(125, 215, H)]], cols) == [None]


def layout_row(name: str, *figures: str) -> str:
    """A line as `pdftotext -layout` prints it: each figure ends at its column's right edge
    (offsets 30, 46, 62), the name from offset 2."""
    line = "  " + name
    for edge, figure in zip((30, 46, 62), figures):
        if figure:
            line = line.ljust(edge - len(figure)) + figure
    return line


HEADER = ["部门支出总体情况表", "单位：万元", "  项目" + " " * 20 + "合计" + " " * 10 + "基本支出" + " " * 8 + "项目支出"]
LAYOUT = "\n".join(HEADER + [
    layout_row("合计", "1,935.36", "1,517.95", "417.41"),
    layout_row("行政运行", "1,517.95", "1,517.95", ""),
    layout_row("信访业务", "417.41", "", "417.41"),
    layout_row("一般行政管理事务", "10.00", "", "10.00"),
    layout_row("机关服务", "5.00", "5.00", ""),
    layout_row("其他信访事务", "3.00", "", "3.00"),
    layout_row("事业运行", "2.00", "2.00", ""),
    layout_row("其他支出", "1.00", "", "1.00"),
    layout_row("专项业务", "4.00", "", "4.00"),
    layout_row("信息化建设", "6.00", "", "6.00"),
    "\f" + HEADER[0], HEADER[1], HEADER[2],
    layout_row("继续教育", "7.00", "", "7.00"),
]) + "\n"


def test_a_layout_extraction_places_each_figure_by_its_column():
    res = ingest_text(LAYOUT, "layout.txt")
    cells = [c for c in res.cells if c.table_kind == "expenditure_summary"]
    by = {(c.row_label, c.measure): c.amount for c in cells}
    assert by[("合计", "basic")] == Decimal("1517.95")
    assert by[("合计", "project")] == Decimal("417.41")
    # One figure besides the total: its column decides, not its count.
    assert by[("行政运行", "basic")] == Decimal("1517.95")
    assert by[("信访业务", "project")] == Decimal("417.41")
    assert ("信访业务", "basic") not in by
    # The table continued on the next page, under its repeated header.
    assert by[("继续教育", "project")] == Decimal("7.00")
    assert {c.placement for c in cells} == {"position"}
