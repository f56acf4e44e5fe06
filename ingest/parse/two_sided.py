"""The two-sided layout of the 收支总表: income on the left, expenditure on the right, on one line."""
from __future__ import annotations

import re

from ..aliases import strip_numbering
from ..amounts import is_amount, looks_numeric
from .cells import _attach_units, _finish_row, _number
from .header import join_wrapped
from .rows import Number, Row


_SIDE_SPLIT = re.compile(r"^(\d{3})$")


_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})、|^[(（]\d{1,2}[)）]")


_FIGURE_THEN_ORDINAL = re.compile(r"(\d\.\d+)(?=[一二三四五六七八九十]+、)")


def _two_sided_rows(raw: str, j: int, layout: str, kind: str, make_row) -> list[Row]:
    """Split a line of a two-sided (income | expenditure) table into its segments."""
    if layout == "tab":
        tokens = []
        for cell in raw.split("\t"):
            cell = cell.strip()
            tokens.append(cell if cell else "\x00")     # keep cell boundaries
    else:
        # '18,417.70一、一般公共服务支出': an income figure printed flush against the expenditure
        # side's numbered label is two tokens.
        tokens = _attach_units(_FIGURE_THEN_ORDINAL.sub(r"\1 ", raw).split())
    segments: list[tuple[list[str], list[Number]]] = []
    label: list[str] = []
    nums: list[Number] = []
    for k, t in enumerate(tokens):
        if t == "\x00":
            if label and not nums:
                continue
            continue
        nxt = next((x for x in tokens[k + 1:] if x != "\x00"), None)
        is_code = bool(_SIDE_SPLIT.match(t)) and nxt is not None and not is_amount(nxt) \
            and t.startswith("2")
        if not is_code and label and looks_numeric(t):
            nums.append(_number(t, k if layout == "tab" else None))
            continue
        if nums or (is_code and label):
            segments.append((label, nums))
            label, nums = [], []
        if layout == "tab" and label and not nums and not is_code and _starts_new_cell(tokens, k):
            segments.append((label, nums))
            label, nums = [], []
        elif layout == "space" and label and not nums and _ORDINAL.match(t):
            # '二、财政专户管理事业收入 二、项目支出 417.41': an income item printed blank, then the
            # expenditure item; each numbered item starts its own segment.
            segments.append((label, nums))
            label, nums = [], []
        label.append(t)
    if label or nums:
        segments.append((label, nums))
    rows = []
    for n, (lab, ns) in enumerate(segments):
        text = join_wrapped([" ".join(lab)])
        if not text and not ns:
            continue
        r = make_row()
        r.numbers = ns
        code_m = re.match(r"^(2\d\d)\s*(.*)$", text)
        if code_m:
            r.code_raw, r.code, text = code_m.group(1), code_m.group(1), code_m.group(2)
        r.label = text
        if len(segments) >= 2:
            r.side = "income" if n == 0 else "expenditure"
        else:
            r.side = "expenditure" if (r.code or _expenditure_label(text)) else "income"
        _finish_row(r, kind)
        if r.code:
            r.row_kind = "category"
        rows.append(r)
    return rows


def _starts_new_cell(tokens: list[str], k: int) -> bool:
    return k > 0 and tokens[k - 1] == "\x00"


def _expenditure_label(text: str) -> bool:
    s = strip_numbering(text)
    return "支出" in s or "结转下年" in s or "结余分配" in s
