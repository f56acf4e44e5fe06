"""A 序号 (sequence) column before the code column (西安市商务局 2026, 表8 on page 49, read from the
page): '2 301 工资福利支出 …'. The leading integers count 1, 2, 3 … down the table, so they are a
sequence and not a code; a table whose leading numbers do not count (sparse 款 codes '01', '02'
under their 类) keeps reading them as codes, and an economic 款 after a 款 is its sibling (economic
codes stop at 款), not a 7-digit 项."""
from __future__ import annotations

from decimal import Decimal

from ingest.pipeline import ingest_path

HEADER = """2026年西安市某某局部门预算

表8
部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）
                                                  金额单位：元
"""

SEQUENCED = HEADER + """序
  部门经济科目编码   部门经济科目名称   政府经济科目编码   政府经济科目名称   合计   人员经费支出   公用经费支出   备注
号
1                  合计                                         48032297.20    44686355.45   3345941.75
2    301           工资福利支出                                     39644798.05    39644798.05         0.00
3          30101   基本工资             50101        工资奖金津补贴       5862880.80     5862880.80         0.00
4          30101   基本工资             50501        工资福利支出       4740321.60     4740321.60         0.00
5    302           商品和服务支出                                     8387499.15    5041557.40    3345941.75
"""

# The same figures under split codes: 类 '301', then its 款 as '01' rows (no sequence column).
SPARSE = HEADER + """  科目编码   科目名称   合计   人员经费支出   公用经费支出
合计                                         48032297.20    44686355.45   3345941.75
301           工资福利支出                                     39644798.05    39644798.05         0.00
01   基本工资                   10603202.40     10603202.40         0.00
02   津贴补贴                   29041595.65     29041595.65         0.00
302           商品和服务支出                                     8387499.15    5041557.40    3345941.75
"""


def _totals(text: str, tmp_path) -> dict:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    result = ingest_path(path)
    return {(c.code, c.measure): c.amount for c in result.cells_of("general_budget_basic")}


def test_a_sequence_column_is_no_code_and_the_codes_after_it_are_read(tmp_path):
    cells = _totals(SEQUENCED, tmp_path)
    assert cells[("301", "total")] == Decimal("39644798.05")
    assert cells[("302", "public")] == Decimal("3345941.75")
    assert cells[(None, "total")] == Decimal("48032297.20")
    assert {code for code, _ in cells} == {None, "301", "30101", "302"}


def test_leading_numbers_that_do_not_count_stay_codes(tmp_path):
    cells = _totals(SPARSE, tmp_path)
    assert cells[("30101", "total")] == Decimal("10603202.40")
    assert cells[("30102", "total")] == Decimal("29041595.65")
    assert cells[("301", "total")] == Decimal("39644798.05")
