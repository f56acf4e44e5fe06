"""Form tables: tables printed as labelled fields rather than columns (绩效目标表).

A 项目支出绩效目标表 prints '项目名称 | <name> | 项目负责人 | …' and '年度预算总额： | 131.44 |
其中：财政拨款 | 131.44'; a 部门整体绩效目标表 prints its funds by source ('本级安排 415.89') or by
type ('人员经费 82.42 … 项目支出 48'). No header names columns, so the grid parser cannot read
them. Here each amount is the figure printed right after a field label (row_items.csv, rows for
the form's kind) before any other label: it lands with that field as its row_item and placement
'form_label'. A label followed by no figure lands nothing; a figure after no label is left out.
Only the fields before the indicator grid (一级指标 …) are read: indicator values ('≤15万元') are
targets, not the form's funds.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .aliases import data_rows, squash, strip_numbering, table_kinds
from .amounts import read_amount
from .segment import Region, match_title
from .parse import Number, ParsedTable, Row, join_wrapped
from .units import money_pattern

FORM_SCAN_LINES = 120         # a form's funds come before its indicators (a long 年度目标 may precede them)
_SEPARATORS = re.compile(r"[:：]")
_UNIT_IN_LABEL = re.compile(rf"[(（]\s*({money_pattern()})\s*[)）]")
_PART_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|.{0,20}名词解释$)")


@lru_cache(maxsize=None)
def _form_kinds():
    """Table kinds whose fields are labelled (row_items.csv rows name them); title patterns from
    table_kinds.csv."""
    rows = list(data_rows("form_labels.csv"))
    kinds = {r["table_kind"] for r in rows}
    # Only the fields declared for a form's kind: '上年结转' is a form's field, not the
    # carry-over line other tables print.
    for r in data_rows("row_items.csv"):
        for k in r["table_kinds"].split("|"):
            if k in kinds:
                rows.append({"table_kind": k, "role": "field:" + r["row_item"], "labels": r["alias"]})
    labels: dict[tuple[str, str], tuple[str, ...]] = {}
    for r in rows:
        labels[(r["table_kind"], r["role"])] = labels.get((r["table_kind"], r["role"]), ()) + \
            tuple(squash(x) for x in r["labels"].split("|"))
    return tuple(k for k in table_kinds() if k.kind in kinds), labels


def form_kinds() -> frozenset[str]:
    """The table kinds read as forms: one table per form printed (a project's each)."""
    return frozenset(k.kind for k in _form_kinds()[0])


def _form_title(line: str):
    s = squash(line)
    if not s or len(s) > 60 or re.search(r"[。；;，,]", s) or not s.endswith("表"):
        return None
    for kind in _form_kinds()[0]:
        if kind.pattern.search(s):
            return kind
    return None


def _tokens(line: str) -> list[str]:
    """A line's pieces: tab cells or space-separated words, with '年度预算总额：131.44' cut after
    its colon."""
    out = []
    for piece in (line.split("\t") if "\t" in line else line.split()):
        for part in re.split(r"(?<=[:：])", piece):
            if part.strip():
                out.append(part.strip())
    return out


def _field(text: str, kind: str) -> str | None:
    label = strip_numbering(_UNIT_IN_LABEL.sub("", _SEPARATORS.sub("", squash(text))))
    for (k, role), aliases in _form_kinds()[1].items():
        if k == kind and role.startswith("field:") and label in aliases:
            return role[len("field:"):]
    return None


def parse_forms(lines: list[str], doc_id: str, source_file: str) -> list[ParsedTable]:
    """Every form table of the document, in printed order."""
    kinds, labels = _form_kinds()
    if not kinds:
        return []
    titles = [(i, k) for i, ln in enumerate(lines) if (k := _form_title(ln)) is not None]
    out: list[ParsedTable] = []
    for n, (i, kind) in enumerate(titles):
        end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        for j in range(i + 1, end):
            if match_title(lines[j]) is not None or _PART_HEADING.search(squash(lines[j])):
                end = j
                break
        table = _parse_form(lines, i, min(end, i + 1 + FORM_SCAN_LINES), kind, labels)
        if table is not None:
            out.append(table)
    return out


def _parse_form(lines, i, end, kind, labels) -> ParsedTable | None:
    stops = labels.get((kind.kind, "stop"), ())
    names = labels.get((kind.kind, "name"), ())
    grid = labels.get((kind.kind, "grid"), ())
    rows: list[Row] = []
    project_name = None
    unit_raw = unit = None
    layout = "space"
    for j in range(i + 1, end):
        text = lines[j]
        flat = squash(text)
        if any(g in flat for g in grid):
            break                      # the indicator grid: its values are targets, not funds
        if "\t" in text:
            layout = "tab"
        # '项目资金(万' / '元)': a unit wrapped inside its label cell
        if unit is None and (m := _UNIT_IN_LABEL.search(squash("".join(lines[j:min(j + 3, end)])))):
            unit_raw, unit = m.group(0), m.group(1)
        tokens = _tokens(text)
        k = 0
        while k < len(tokens):
            token = squash(_SEPARATORS.sub("", tokens[k]))
            if token in names and project_name is None:
                taken = []
                k += 1
                while k < len(tokens) and squash(_SEPARATORS.sub("", tokens[k])) not in stops \
                        and _field(tokens[k], kind.kind) is None:
                    taken.append(tokens[k])
                    k += 1
                project_name = join_wrapped(taken) or None
                continue
            item = _field(tokens[k], kind.kind)
            if item is None:
                k += 1
                continue
            k += 1
            if k < len(tokens) and (a := read_amount(tokens[k])) is not None and not a.unit:
                row = Row(len(rows) + 1, j + 1, j + 1, label=tokens[k - 1], row_item=item, row_kind="item")
                row.numbers.append(Number(tokens[k], a.value, a.decimals))
                row.placed[0] = ("total", "form_label")
                rows.append(row)
                k += 1
    if not rows:
        return None                    # a heading or contents entry that names a form
    for r in rows:
        r.project_name = project_name
        if project_name:
            r.row_kind = "project"
    region = Region(kind, lines[i].strip(), i + 1, i + 1, end)
    return ParsedTable(kind.kind, region, unit_raw, unit, layout, ["total"], [], None, rows,
                       None, None, [])

