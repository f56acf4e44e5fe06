"""Amount tokens: recognise and parse printed numbers exactly (Decimal, never float)."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# A printed amount: optional sign or parentheses, digits with optional thousands separators,
# optional decimals. Zero may be printed as a dash.
_AMOUNT = re.compile(r"^\(?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\)?$")
ZERO_DASHES = frozenset({"-", "—", "－", "–", "--", "——"})


def is_amount(token: str) -> bool:
    token = token.strip()
    if token in ZERO_DASHES:
        return True
    if not _AMOUNT.match(token):
        return False
    # '(12.00)' is a negative; a lone '(' or ')' is not balanced text.
    return token.startswith("(") == token.endswith(")")


def parse_amount(token: str) -> tuple[Decimal, int] | None:
    """(value, printed decimals), or None when the token is not an amount."""
    token = token.strip()
    if token in ZERO_DASHES:
        return Decimal(0), 0
    if not is_amount(token):
        return None
    negative = token.startswith("(") and token.endswith(")")
    body = token.strip("()").replace(",", "")
    try:
        value = Decimal(body)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    decimals = len(body.split(".", 1)[1]) if "." in body else 0
    return (-value if negative else value), decimals


def canonical_text(value: Decimal) -> str:
    """The decimal as plain text for the landed CSV ('1234.50', '-12.00')."""
    if value == 0:
        value = abs(value)  # '-0.00' prints as '0.00'
    return format(value, "f")
