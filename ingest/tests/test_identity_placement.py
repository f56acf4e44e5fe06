"""Structure from a table's own arithmetic (placement.place_identity, place_total_row): each
decides only when exactly one column or row satisfies the identity, and otherwise leaves the
figures as they were (unplaced, reported), never guessing. Small tables built in the test."""
from __future__ import annotations

from decimal import Decimal

from ingest.geometry import Column
from ingest.placement import place_identity, place_local, place_total_row
from ingest.parse import Number, ParsedTable, Row

# 支出总计 | 基本支出 | 项目支出 | 小计 (a procurement subtotal whose heading was printed apart)
COLUMNS = [Column(0, 10, "支出总计", None, "total"), Column(20, 30, "基本支出", "basic"),
           Column(40, 50, "项目支出", "project"), Column(60, 70, "小计", None, "total")]


def _row(seq: int, code: str | None, values: list[str], kind: str = "line") -> Row:
    numbers = [Number(v, Decimal(v), 2, span=(20 * k + 2, 20 * k + 9, 1.0)) for k, v in enumerate(values)]
    return Row(seq, seq, seq, code_raw=code or "", code=code, label="某某局" if code is None else "类",
               row_kind=kind, numbers=numbers)


def _table(rows: list[Row]) -> ParsedTable:
    t = ParsedTable("expenditure_summary", None, "单位：万元", "万元", "space", ["basic", "project"], [],
                    None, rows, None, None, [], columns=[Column(c.x0, c.x1, c.name, c.measure, c.repeat_of)
                                                        for c in COLUMNS])
    place_local(t)
    return t


def test_the_column_that_adds_up_on_every_row_is_the_total_and_the_other_stays_unplaced():
    t = _table([_row(1, None, ["100.00", "60.00", "40.00", "30.00"]),
                _row(2, "201", ["80.00", "40.00", "40.00", "30.00"], "category"),
                _row(3, "208", ["20.00", "20.00", "0.00", "0.00"], "category")])
    place_identity(t, Decimal("0.01"))
    assert [r.placed[0] for r in t.rows] == [("total", "identity")] * 3
    assert all(r.placed[3] == (None, "unplaced") for r in t.rows)


def test_no_column_is_the_total_when_both_or_neither_add_up():
    both = _table([_row(1, None, ["100.00", "60.00", "40.00", "100.00"])])
    place_identity(both, Decimal("0.01"))
    neither = _table([_row(1, None, ["100.00", "60.00", "30.00", "80.00"])])
    place_identity(neither, Decimal("0.01"))
    for t in (both, neither):
        assert t.rows[0].placed[0] == (None, "unplaced") and "total" not in t.measures


def _placed_rows(first: list[str], class_basic: str) -> ParsedTable:
    t = _table([_row(1, None, first), _row(2, "201", ["80.00", class_basic, "40.00", "30.00"], "category"),
                _row(3, "208", ["20.00", "20.00", "0.00", "0.00"], "category")])
    place_identity(t, Decimal("0.01"))
    place_total_row(t, Decimal("0.01"))
    return t


def test_the_row_equal_to_the_sum_of_the_classes_is_the_total_row():
    t = _placed_rows(["100.00", "60.00", "40.00", "30.00"], "40.00")
    assert t.rows[0].row_kind == "total"
    assert {m: rule for m, rule in t.rows[0].placed.values() if m} == \
        {"total": "identity_total", "basic": "identity_total", "project": "identity_total"}


def test_a_row_that_does_not_add_up_to_the_classes_is_not_made_the_total():
    t = _placed_rows(["100.00", "60.00", "40.00", "30.00"], "45.00")   # the classes' basic: 65.00
    assert t.rows[0].row_kind == "line"
    assert {rule for _, rule in t.rows[0].placed.values()} <= {"position", "identity", "unplaced"}


# A 决算's 三公 table (公开09表, as 西安 prints it): 小计 | 因公出国 | 小计 | 购置 | 运行 | 接待 | 会议费,
# both 小计 reading as the total; the kind's sums (column_identities.csv) tell them apart.
THREE_PUBLIC = [Column(0, 10, "小计", None, "total"), Column(20, 30, "因公出国", "abroad"),
                Column(40, 50, "小计", None, "total"), Column(60, 70, "购置", "vehicle_purchase"),
                Column(80, 90, "运行", "vehicle_operation"), Column(100, 110, "接待", "reception"),
                Column(120, 130, "会议费", "meeting")]


def _three_public(values: list[list[str]]) -> ParsedTable:
    rows = []
    for seq, row in enumerate(values, start=1):
        numbers = [Number(v, Decimal(v), 2, span=(20 * k + 2, 20 * k + 9, 1.0)) for k, v in enumerate(row)]
        rows.append(Row(seq, seq, seq, label="决算数", numbers=numbers))
    t = ParsedTable("three_public", None, "单位：万元", "万元", "space", [], [], None, rows, None, None, [],
                    columns=[Column(c.x0, c.x1, c.name, c.measure, c.repeat_of) for c in THREE_PUBLIC])
    t.measures = [c.measure for c in t.columns if c.measure]
    place_local(t)
    place_identity(t, Decimal("0.01"))
    return t


def test_a_three_public_table_tells_its_total_from_its_vehicle_subtotal_by_their_sums():
    # 593.46 = 0 + 136.48 + 455.12 + 1.86 (会议费 86.81 is no part of it); 591.60 = 136.48 + 455.12
    t = _three_public([["593.46", "0.00", "591.60", "136.48", "455.12", "1.86", "86.81"]])
    assert t.rows[0].placed[0] == ("total", "identity")
    assert t.rows[0].placed[2] == ("vehicle_total", "identity")


def test_a_three_public_table_whose_sums_do_not_hold_places_neither_subtotal():
    t = _three_public([["600.00", "0.00", "591.60", "136.48", "400.00", "1.86", "86.81"]])
    assert t.rows[0].placed[0] == (None, "unplaced") and t.rows[0].placed[2] == (None, "unplaced")
