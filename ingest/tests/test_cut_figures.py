"""A figure cut over lines after a digit (深圳市人力资源和社会保障局 2026, 项目支出总表 on page 151,
read from the page): the narrow 总计 column prints '435,216.1' on the name's first line and '7' on
its last, and each piece reads as an amount on its own. The table's own figures tell: they print
two decimals, so a figure printed with one is cut. Its row, the row of its other figures and the
row of the tail '7' are left unplaced and reported; nothing of them lands as a placed amount. A
table that prints one decimal throughout is read as before."""
from __future__ import annotations

from decimal import Decimal

from ingest.pipeline import ingest_path

HEAD = """2026年深圳市人力资源和社会保障局部门预算

表5
项目支出总表
部门名称：深圳市人力资源和社会保障局                                    单位：万元
     支出项目类别     总计     一般公共预算拨款    政府性基金预算拨款    国有资本经营预算拨款    财政专户管理资金
"""

CUT = HEAD + """深圳市人力资源和社会保       435,216.1
                              401,100.54       0.00       0.00   14,036.67
障局                        7
       促进就业管理          7.10        7.10        0.00       0.00        0.00
       技工教育管理       335.48        335.48       0.00       0.00        0.00
       教育费附加        178.70        178.70       0.00       0.00        0.00
       劳动关系管理      6,363.32       362.24       0.00       0.00    6,001.08
       民办技校补助      445.00        445.00       0.00       0.00        0.00
"""

# The same rows printed to one decimal throughout: nothing is cut.
ONE_DECIMAL = HEAD + """       促进就业管理          7.1        7.1        0.0       0.0        0.0
       技工教育管理       335.5        335.5       0.0       0.0        0.0
       教育费附加        178.7        178.7       0.0       0.0        0.0
       劳动关系管理      6,363.3       362.2       0.0       0.0    6,001.1
       民办技校补助      445.0        445.0       0.0       0.0        0.0
"""


def _placed(result, measure: str, label: str) -> list[Decimal]:
    return [c.amount for c in result.cells_of("project_expenditure")
            if c.measure == measure and c.row_label == label and c.placement != "unplaced"]


def _ingest(text: str, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return ingest_path(path)


def test_a_figure_cut_after_a_digit_and_its_tail_are_reported_and_never_placed(tmp_path):
    result = _ingest(CUT, tmp_path)
    cut = {"435216.1", "401100.54", "14036.67", "7"}
    cells = result.cells_of("project_expenditure")
    assert {str(c.amount) for c in cells if c.placement == "unplaced"} >= cut
    assert not [c for c in cells if str(c.amount) in cut and c.placement != "unplaced"]
    assert [f.source_line for f in result.findings if f.code == "ING_SPLIT_FIGURE"] == [7]
    # the rows below, printed whole, are read as before
    assert _placed(result, "special_account", "劳动关系管理") == [Decimal("6001.08")]


def test_a_table_printing_one_decimal_throughout_is_not_cut(tmp_path):
    result = _ingest(ONE_DECIMAL, tmp_path)
    assert not [f for f in result.findings if f.code == "ING_SPLIT_FIGURE"]
    assert _placed(result, "total", "劳动关系管理") == [Decimal("6363.3")]
