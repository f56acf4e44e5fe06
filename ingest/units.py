"""Units a document prints (ingest/data/ref_units.csv, also the dbt seed `ref_units`), and the
bounds of what the warehouse can hold as an exact amount.

A unit is money (元, 万元 …, with its factor to 元) or not (%, 人, 辆, 平方米 …): a non-money
figure is landed with its unit and never converted to 元.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .aliases import data_rows

# amount_yuan is DECIMAL(24,4) and the printed value DECIMAL(24,6): 20 and 18 integer digits.
# No budget comes near 10¹⁴ 元 (a hundred trillion, about the whole country's yearly spending
# three times over), so a larger figure is a misreading or a typo, not an amount.
PLAUSIBLE_YUAN = Decimal(10) ** 14
PRINTED_DIGITS = 18
PRINTED_DECIMALS = 6
YUAN_DECIMALS = 4


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str                      # money | percent | count | area
    yuan_factor: Decimal | None    # money units only


@lru_cache(maxsize=None)
def units() -> dict[str, Unit]:
        return {r["unit"]: Unit(r["unit"], r["unit_kind"],
                            Decimal(r["yuan_factor"]) if r["yuan_factor"] else None)
            for r in data_rows("ref_units.csv")}


@lru_cache(maxsize=None)
def money_units() -> tuple[str, ...]:
    """The money units of ref_units, longest first (an alternation must try 万元 before 元)."""
    return tuple(sorted((u.unit for u in units().values() if u.kind == "money"), key=len, reverse=True))


def money_pattern() -> str:
    """The money units as a regular-expression alternation: the one list every reader of a
    printed amount uses (tables, forms, narrative)."""
    return "|".join(re.escape(u) for u in money_units())


def is_money(unit: str | None) -> bool:
    """Money, or undeclared (a table without a 单位 line is read as money of unknown unit)."""
    return unit is None or unit == "" or (unit in units() and units()[unit].kind == "money")


@lru_cache(maxsize=None)
def unit_line() -> re.Pattern[str]:
    """'单位：万元' (also '金额单位：', '单位：人民币元') or a non-money '单位：人'. A non-money unit must
    end the word ('单位：个人' is not a unit), money units keep their old, looser match."""
    def alt(words):
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    money = [u.unit for u in units().values() if u.kind == "money"]
    other = [u.unit for u in units().values() if u.kind != "money"]
    return re.compile(rf"(?:金额)?单\s*位\s*[:：]\s*(?:人民币)?(?:({alt(money)})|({alt(other)})"
                      rf"(?![\u3400-\u9fff]))")


def unit_of_line(text: str) -> tuple[str, str] | None:
    """(the matched text, the unit) of a unit line, or None."""
    m = unit_line().search(text)
    if m is None:
        return None
    return m.group(0), m.group(1) or m.group(2)


def unholdable(value: Decimal, decimals: int, unit: str | None) -> str | None:
    """Why the warehouse cannot hold this printed figure exactly, or None when it can."""
    if decimals > PRINTED_DECIMALS:
        return f"printed to {decimals} decimals (the warehouse keeps {PRINTED_DECIMALS})"
    digits = len(str(abs(value).to_integral_value(rounding="ROUND_FLOOR")))
    if digits > PRINTED_DIGITS:
        return f"{digits} integer digits (the warehouse holds {PRINTED_DIGITS})"
    u = units().get(unit or "")
    factor = u.yuan_factor if u and u.yuan_factor is not None else (Decimal(1) if is_money(unit) else None)
    if factor is None:
        return None
    yuan = abs(value) * factor
    if yuan >= PLAUSIBLE_YUAN:
        return f"{yuan:,.0f} 元 is beyond any budget (limit {PLAUSIBLE_YUAN:,.0f} 元)"
    if -(value * factor).normalize().as_tuple().exponent > YUAN_DECIMALS and value != 0:
        return "finer than 0.0001 元 once converted to 元"
    return None
