"""Display formatting for the dashboard, from exact Decimals (never floats).

The marts store money in 元 as DECIMAL; readers of these documents think in 万元, the unit the
tables print. wan() shows an amount in 万元 with thousands separators and at least two
decimals, and more when the figure needs them (a document printed in 元 or with six decimals
of 万元 keeps every digit): 8420700 元 → '842.07', 12345 元 → '1.2345'.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

WAN = Decimal(10000)
MISSING = "—"


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return Decimal(value)
    raise TypeError(f"amounts are formatted from Decimal or int, not {type(value).__name__}")


def grouped(value: Decimal, min_decimals: int = 2, max_decimals: int = 6) -> str:
    """A decimal with thousands separators and min..max decimals (trailing zeros beyond the
    minimum dropped; rounded half-up only past max_decimals)."""
    value = value.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)                # '-0.00' prints as '0.00'
    places = min(max(min_decimals, -value.normalize().as_tuple().exponent), max_decimals)
    return f"{value:,.{places}f}"


def wan(yuan, missing: str = MISSING) -> str:
    """An amount in 元 shown in 万元: '842.07', '1,234.50', '1.2345'; missing for NULL."""
    value = _decimal(yuan)
    if value is None:
        return missing
    return grouped(value / WAN)


def yuan(value, missing: str = MISSING) -> str:
    """An amount shown in 元 with separators and two decimals: '163,029.41'."""
    value = _decimal(value)
    if value is None:
        return missing
    return grouped(value, min_decimals=2, max_decimals=2)


def percent(share, missing: str = MISSING) -> str:
    """A share (0.704205) as a percentage with two decimals: '70.42%'."""
    value = _decimal(share)
    if value is None:
        return missing
    return f"{(value * 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def share_of(part, whole) -> Decimal | None:
    """part / whole as an exact-enough Decimal share, None when either is missing or whole is 0."""
    part, whole = _decimal(part), _decimal(whole)
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def wan_number(yuan_value) -> float | None:
    """The 万元 value as a float, for chart geometry only (bar lengths); labels use wan()."""
    value = _decimal(yuan_value)
    return None if value is None else float(value / WAN)


def wan_decimal(yuan_value) -> Decimal | None:
    """The 万元 value as an exact Decimal (a sortable grid cell); None for NULL."""
    value = _decimal(yuan_value)
    return None if value is None else value / WAN


def count(value, missing: str = MISSING) -> str:
    return missing if value is None else f"{int(value):,}"
