"""Amount tokens: recognise and parse printed numbers exactly (Decimal, never float).

Printed forms read (a token is one whitespace-free piece of a line or one tab cell):
- thousands separators: 1,234.56 (groups of three; '1,23' is not an amount);
- full-width digits, points and commas: １２３．４５ (folded by NFKC, as the reader does);
- zero printed as a dash: -, --, —, ——, –, ―, － (decimals 0);
- negatives: -12.00, −12.00 (U+2212) or (12.00); a sign inside brackets '(-12)' is refused as
  ambiguous;
- a percentage or a trailing unit word: 12.5%, 15.00万元, 15.00 万元 — the unit is returned with the value,
  so a cell can carry its own unit instead of the table's.
A blank is not a printed figure and is never read as 0 here: it lands no cell.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .units import money_pattern, money_units

UNIT_SUFFIXES = ("%",) + money_units()
_AMOUNT = re.compile(r"^(\()?([-+])?((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)(\))?"
                     rf"(?: ?(%|{money_pattern()}))?$")
# After NFKC: '－' is '-', '——' stays. A lone U+2212 is also a dash.
ZERO_DASHES = frozenset({"-", "--", "—", "——", "–", "––", "―", "－", "−"})


@dataclass(frozen=True)
class Amount:
    value: Decimal
    decimals: int          # printed decimals
    unit: str = ""         # '' or the printed suffix: '%', '元', '千元', '万元', '亿元'


# Every printed amount starts with one of these (full-width forms before folding included);
# checking it first keeps the tokenizer from folding every word of a label.
_FIRST = frozenset("0123456789(+-—–―−（＋－０１２３４５６７８９")
_WIDE = re.compile(r"[\uff00-\uffef\u2212]")


def fold(token: str) -> str:
    """Full-width forms to ASCII (NFKC) and the minus sign U+2212 to '-'."""
    token = token.strip()
    if not token.isascii() and _WIDE.search(token):
        token = unicodedata.normalize("NFKC", token).replace("\u2212", "-").strip()
    return token


def _match(token: str) -> re.Match | None:
    m = _AMOUNT.match(token)
    if m is None:
        return None
    open_paren, sign, _, close_paren, _ = m.groups()
    if bool(open_paren) != bool(close_paren) or (open_paren and sign):
        return None        # '(12' is not balanced; '(-12)' could mean either sign
    return m


def read_amount(token: str) -> Amount | None:
    """The amount a token prints, or None when the token is not an amount."""
    token = token.strip()
    if not token or token[0] not in _FIRST:
        return None
    token = fold(token)
    if token in ZERO_DASHES:
        return Amount(Decimal(0), 0)
    m = _match(token)
    if m is None:
        return None
    open_paren, sign, body, _, unit = m.groups()
    try:
        value = Decimal(body.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None
    if open_paren or sign == "-":
        value = -value
    decimals = len(body.split(".", 1)[1]) if "." in body else 0
    return Amount(value, decimals, unit or "")


def parse_amount(token: str) -> tuple[Decimal, int] | None:
    """(value, printed decimals) of a plain amount (no unit suffix), or None."""
    a = read_amount(token)
    if a is None or a.unit:
        return None
    return a.value, a.decimals


def is_amount(token: str) -> bool:
    """A printed figure, with or without a unit suffix (the tokenizer's hot path: no Decimal)."""
    token = token.strip()
    if not token or token[0] not in _FIRST:
        return False
    token = fold(token)
    return token in ZERO_DASHES or _match(token) is not None


# Digits with separators, a decimal point, an exponent, brackets or a sign, and nothing else:
# '1e30', '2,3,64', '1.2.3' look like figures although no printed amount reads so.
_NUMERIC_LOOKING = re.compile(r"^(?:\([-+]?[0-9][0-9,.]*(?:[eE][-+]?[0-9]+)?\)|"
                             r"[-+]?[0-9][0-9,.]*(?:[eE][-+]?[0-9]+)?)%?$")


def looks_numeric(token: str) -> bool:
    """A token a reader takes for a figure, whether or not it is a valid printed amount."""
    token = token.strip()
    if not token or token[0] not in _FIRST:
        return False
    return is_amount(token) or _NUMERIC_LOOKING.match(fold(token)) is not None


def canonical_text(value: Decimal) -> str:
    """The decimal as plain text for the landed CSV ('1234.50', '-12.00')."""
    if value == 0:
        value = abs(value)  # '-0.00' prints as '0.00'
    return format(value, "f")
