"""A table's header: its words → measures, the tab grid of a cell-separated header, numbering rows."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..aliases import (
    data_rows, find_measures, measure_aliases_for, row_item, squash, strip_numbering,
)
from ..amounts import looks_numeric
from ..geometry import Column
from .rows import LABEL_HEADER_EXACT, LABEL_HEADER_WORDS, _CJK, _CJK_GAP, _NUMBERING_ROW


@lru_cache(maxsize=None)
def _header_ignore() -> tuple[str, ...]:
    phrases = [squash(r["phrase"]) for r in data_rows("header_ignore.csv")]
    return tuple(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=None)
def _groups() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in data_rows("measure_groups.csv"):
        out.setdefault(r["group_measure"], []).append(r["member_measure"])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _total_labels() -> frozenset[str]:
    return frozenset(squash(r["label"]) for r in data_rows("total_labels.csv"))


def clean_label(text: str) -> str:
    """Join a wrapped name: drop spaces between CJK characters, collapse the rest."""
    text = " ".join(text.split())
    return _CJK_GAP.sub("", text)


def join_wrapped(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out and not (re.search(rf"[{_CJK}()（）]$", out) and re.match(rf"^[{_CJK}()（）]", part)):
            out += " "
        out += part
    return clean_label(out)


def header_measures(text: str, kind: str) -> list[str]:
    """Canonical measures named by a header block, in column order (groups expanded in place).
    NFKC as the reader folds lines: a PDF's word boxes keep the printed '（境）'."""
    s = squash(unicodedata.normalize("NFKC", text))
    for phrase in _header_ignore():
        s = s.replace(phrase, "|" * len(phrase))
    hits = find_measures(s.replace("|", "#"), kind)
    groups = _groups()
    names = [(a.target, a.is_group) for _, a in hits]
    out: list[str] = []
    i = 0
    consumed: set[int] = set()
    for idx, (name, is_group) in enumerate(names):
        if idx in consumed:
            continue
        if is_group and name in groups:
            members = [j for j in range(idx + 1, len(names))
                       if names[j][0] in groups[name] and j not in consumed]
            out.extend(names[j][0] for j in members)
            consumed.update(members)
            continue
        if is_group:
            continue
        out.append(name)
        i += 1
    return out


def _cell_measure(cell: str, kind: str) -> str | None:
    """The measure a single header cell names exactly (tab layouts), or None."""
    s = strip_numbering(cell)
    if not s:
        return None
    for a in measure_aliases_for(kind):
        if s == a.alias:
            return None if a.is_group else a.target
    return None


def _is_label_header(cell: str) -> bool:
    """A header cell naming a label column (code, name, item), not an amount column."""
    s = squash(cell)
    return s in LABEL_HEADER_EXACT or (len(s) <= 12 and any(w in s for w in LABEL_HEADER_WORDS))


def tab_grid(header_rows: list[list[str]], kind: str, measures: list[str]) -> dict[int, str] | None:
    """Column → measure from tab-separated header rows, or None when the grid is inconsistent.

    Consistent means: every measure the header names sits in a column of its own, and no column
    is named both as a measure and as a label column (the sign of a column lost in extraction).
    """
    width = max((len(r) for r in header_rows), default=0)
    grid: dict[int, str] = {}
    shadowed: list[str] = []      # a group heading over sub-columns in the same column
    for col in range(width):
        roles = []
        for r in header_rows:
            if col >= len(r) or not r[col].strip():
                continue
            m = _cell_measure(r[col], kind)
            if m:
                roles.append(("m", m))
            elif _is_label_header(r[col]):
                roles.append(("l", r[col]))
        kinds_seen = {k for k, _ in roles}
        if "m" in kinds_seen and "l" in kinds_seen:
            return None
        ms = [m for k, m in roles if k == "m"]
        if ms:
            grid[col] = ms[-1]   # the deepest header row is the most specific
            shadowed.extend(ms[:-1])
    if not grid or sorted(list(grid.values()) + shadowed) != sorted(measures):
        return None
    return grid


_NUMBERING_LABELS = frozenset({"栏次", "行次"})


def _numbering_count(text: str) -> int | None:
    """A column-numbering row ('※ 1 2 3', '栏次 1 2 3 4'): how many columns it numbers."""
    tokens = text.replace("\t", " ").split()
    if len(tokens) >= 3 and tokens[0] in _NUMBERING_LABELS and \
            tokens[1:] == [str(k) for k in range(1, len(tokens))]:
        return len(tokens) - 1
    if len(tokens) >= 3 and tokens == [str(k) for k in range(1, len(tokens) + 1)]:
        return len(tokens)       # '1 2 3 4 5 6 7' alone (its '**' marks lost in extraction)
    if len(tokens) >= 2 and all(_NUMBERING_ROW.match(t) for t in tokens) and any(
            t[0] in "※*" for t in tokens):
        return sum(1 for t in tokens if t.isdigit())
    return None


def _measures_by_position(rows: list, kind: str) -> list[str]:
    """A two-sided header whose cells could not be built (names wrapped down narrow cells): the
    measures each header word names, left to right; both sides' totals must be among them."""
    found = sorted((w[1], m) for ws in rows if ws for w in ws for m in header_measures(w[0], kind)[:1])
    measures = [m for _, m in found]
    return measures if measures.count("total") >= 2 else []


def _is_header_words(tokens: list[str], kind: str) -> bool:
    """'本年收入 本年支出': the two sides' headings (names of row items too), no figure."""
    return len(tokens) == 2 and not any(looks_numeric(t) for t in tokens) and \
        all(row_item(t, kind) in ("income_current_total", "expenditure_current_total") for t in tokens)


def _is_header_repeat(flat: str, kind: str) -> bool:
    """A header printed again (a table continued on a page): column names and no figure at all
    (a two-sided row may end with a blank cell after its figures)."""
    tokens = flat.split()
    return not any(looks_numeric(t) for t in tokens) and len(find_measures(flat, kind)) >= 2
