"""Alias data kept as CSV files in ingest/data: table kinds, header words → measures, row labels → items.

A new region's wording is a new row in a CSV, not a new code path.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


_SQUASH = re.compile(r"[\s\"“”'‘’]+")


@lru_cache(maxsize=1 << 16)     # the same lines are squashed by several passes over a document
def squash(text: str) -> str:
    """Remove all whitespace and quote marks: header words wrap and space out freely."""
    return _SQUASH.sub("", text)


@lru_cache(maxsize=None)
def data_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a vocabulary file of ingest/data (also a dbt seed): the one place ingest reads them."""
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


@dataclass(frozen=True)
class TableKind:
    kind: str
    priority: int
    pattern: re.Pattern[str]
    name_zh: str
    required_in: tuple[str, ...]
    title_words: re.Pattern[str]     # what any title of this kind contains


@dataclass(frozen=True)
class Alias:
    target: str
    alias: str          # squashed
    kinds: tuple[str, ...]  # () = any table kind
    is_group: bool = False

    def applies(self, table_kind: str) -> bool:
        return not self.kinds or table_kind in self.kinds


@lru_cache(maxsize=None)
def table_kinds() -> tuple[TableKind, ...]:
    out = [TableKind(r["table_kind"], int(r["priority"]), re.compile(r["title_pattern"]),
                     r["name_zh"], tuple(x for x in r["required_in"].split("|") if x),
                     re.compile(r["title_words"]))
           for r in data_rows("table_kinds.csv")]
    return tuple(sorted(out, key=lambda k: k.priority))


def _aliases(name: str, target_col: str) -> tuple[Alias, ...]:
    out = []
    for r in data_rows(name):
        kinds = () if r["table_kinds"] in ("", "*") else tuple(r["table_kinds"].split("|"))
        out.append(Alias(r[target_col], squash(r["alias"]), kinds, r.get("is_group") == "1"))
    # Longest alias first, so 一般公共预算基本支出 wins over 一般公共预算.
    return tuple(sorted(out, key=lambda a: -len(a.alias)))


@lru_cache(maxsize=None)
def measure_aliases() -> tuple[Alias, ...]:
    return _aliases("measure_aliases.csv", "measure")


@lru_cache(maxsize=None)
def row_item_aliases() -> tuple[Alias, ...]:
    return _aliases("row_items.csv", "row_item")


@lru_cache(maxsize=None)
def measure_aliases_for(table_kind: str) -> tuple[Alias, ...]:
    return tuple(a for a in measure_aliases() if a.alias and a.applies(table_kind))


def find_measures(text: str, table_kind: str) -> list[tuple[int, Alias]]:
    """All non-overlapping measure aliases in squashed header text, as (offset, alias), in order."""
    s = squash(text)   # '#' cell marks stay
    taken = [False] * len(s)
    hits: list[tuple[int, Alias]] = []
    for a in measure_aliases_for(table_kind):
        if a.alias not in s:
            continue
        start = 0
        while True:
            i = s.find(a.alias, start)
            if i < 0:
                break
            if not any(taken[i:i + len(a.alias)]):
                hits.append((i, a))
                for j in range(i, i + len(a.alias)):
                    taken[j] = True
            start = i + 1
    return sorted(hits, key=lambda h: h[0])


_NUMBERING = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、.]|[(（]?\d{1,2}[)）、.](?!\d)|其中:|其中：)+")


def strip_numbering(label: str) -> str:
    return _NUMBERING.sub("", squash(label))


@lru_cache(maxsize=None)
def _row_item_index() -> dict[str, tuple[Alias, ...]]:
    index: dict[str, list[Alias]] = {}
    for a in row_item_aliases():
        index.setdefault(a.alias, []).append(a)
        index.setdefault(re.sub(r"\(.*?\)$", "", a.alias), []).append(a)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=65536)
def row_item(label: str, table_kind: str) -> str | None:
    """The canonical item a row label names, matching the whole label (after numbering).

    A trailing bracketed remark ('公务用车购置及运行费(小计)') may be left off on either side.
    """
    s = strip_numbering(label)
    if not s:
        return None
    index = _row_item_index()
    for key in (s, re.sub(r"\(.*?\)$", "", s)):
        for a in index.get(key, ()):
            if a.applies(table_kind):
                return a.target
    return None
