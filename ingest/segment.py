"""Split a document's lines into table regions by their titles (alias data), and find where they end.

A title is a short line matching a table kind's title pattern and confirmed by a unit or
編制-unit line shortly after it (table-of-contents entries are not). A repeated title of the
same kind (a table continued on the next page) continues the table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .aliases import TableKind, squash, table_kinds
from .units import unit_line

UNIT_LINE = unit_line()            # money and non-money units, from ref_units.csv
META_LINE = re.compile(r"^(?:编\s*制\s*(?:部\s*门|单\s*位)|部门名称|单位名称\s*[:：]|预算单位\s*[:：]|表\s*[0-9一二三四五六七八九十]+\s*$)")
# Where the narrative resumes: a part heading, an explanation section, performance tables, annexes.
BOUNDARY = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|附件\s*\d*$|附表|.{0,40}(?:情况说明|总体说明|名词解释)$|"
    r"[一二三四五六七八九十]+、\s*关于|.{0,30}绩效(?:目标)?表|部门/单位整体支出绩效|.{0,20}整体支出绩效目标)"
)
NOTE_LINE = re.compile(r"^(?:备\s*注|注\s*[:：]|说明\s*[:：])|空表")
_SENTENCE = re.compile(r"[。;；]|,.*,")
# Thousands separators are not the commas of a sentence: '1,935.36 一、基本支出 1,517.95' is a row.
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def reads_as_prose(text: str) -> bool:
    """A line that reads as a sentence: 。 or ; or two commas outside figures."""
    return _SENTENCE.search(_FIGURE.sub("0", text)) is not None
NOT_TITLE = re.compile(r"说明|关于|绩效|[。;,，]|空表|注[:：]")


@dataclass
class Region:
    kind: TableKind
    title_raw: str
    title_line: int                  # 1-based
    start: int                       # index of the first line after the title
    end: int                         # index one past the last line of the table
    extra_titles: list[int] = field(default_factory=list)  # continuation titles (1-based)


def match_title(line: str) -> TableKind | None:
    s = squash(line)
    if not s or len(s) > 60 or NOT_TITLE.search(s):
        return None
    if "表" not in s:
        return None
    for kind in table_kinds():
        if kind.pattern.search(s):
            return kind
    return None


def _confirmed(lines: list[str], i: int, lookahead: int = 8) -> bool:
    """A unit or 编制单位 line follows before another title: a contents list's entries, each
    followed by the next entry, are not titles (its last entries sit just above the first table's
    unit line)."""
    seen = 0
    for j in range(i + 1, min(len(lines), i + 1 + lookahead * 3)):
        text = lines[j].strip()
        if not text:
            continue
        if BARE_NUMBER.search(squash(text)) or re.fullmatch(r"表\s*[0-9一二三四五六七八九十]+", text):
            continue         # a table's number ('表3'): in a contents list it precedes the next entry
        if UNIT_LINE.search(text) or META_LINE.search(text.replace("\t", " ")):
            return True
        if match_title(text) is not None or (_contents_entry(lines[i]) and _contents_entry(text) and "表" in text):
            return False     # another title first: this one is a contents entry
        seen += 1
        if seen >= lookahead:
            break
    return False


_CONTENTS_ENTRY = re.compile(r"^(?:表\s*\d+|\d+[.、．]|[（(]?[一二三四五六七八九十]+[)）、])")


def _contents_entry(line: str) -> bool:
    """A numbered line ('表9 …', '6. …', '（三）…') as a contents list prints its entries."""
    return bool(_CONTENTS_ENTRY.search(line.strip()))


def find_regions(lines: list[str]) -> list[Region]:
    titles: list[tuple[int, TableKind]] = []
    wrapped: set[int] = set()
    for i, line in enumerate(lines):
        if i - 1 in wrapped:
            continue                 # the tail of the title above
        kind = match_title(line)
        if kind is None and _wrapped_title_end(lines, i):
            # '…“三公”经费、会议费、培训费支出预' / '算表': a title wrapped onto a short next line
            kind = match_title(line.strip() + lines[i + 1].strip())
            if kind is not None and _confirmed(lines, i + 1):
                titles.append((i, kind))
                wrapped.add(i)
            continue
        if kind is not None and _confirmed(lines, i):
            titles.append((i, kind))
    regions: list[Region] = []
    for n, (i, kind) in enumerate(titles):
        if regions and regions[-1].kind.kind == kind.kind and regions[-1].end >= i and \
                _same_table(regions[-1].title_raw, lines[i]):
            regions[-1].extra_titles.append(i + 1)
            nxt = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
            regions[-1].end = _region_end(lines, i + 1, nxt)
            continue
        nxt = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        if i in wrapped:
            regions.append(Region(kind, lines[i].strip() + lines[i + 1].strip(), i + 1, i + 2,
                                  _region_end(lines, i + 2, nxt)))
            continue
        regions.append(Region(kind, lines[i].strip(), i + 1, i + 1, _region_end(lines, i + 1, nxt)))
    return regions


def _wrapped_title_end(lines: list[str], i: int) -> bool:
    """Line i has no 表 (but in its table number, '公开09表:') and the next line is a short tail
    ending in 表 ('表', '算表', '支出预算表'). A tail that is a title of its own ('收入预算总表') stays
    its own, unless line i is a numbered title it completes ('公开09表:一般公共预算“三公”经费、会议费、
    培训费' / '支出预算表')."""
    if i + 1 >= len(lines) or not lines[i].strip():
        return False
    line = squash(lines[i])
    head = TABLE_NUMBER.sub("", line)
    if not head or "表" in head:
        return False
    tail = squash(lines[i + 1])
    if not (0 < len(tail) <= 6 and tail.endswith("表") and not BARE_NUMBER.search(tail)):
        return False
    return match_title(lines[i + 1]) is None or (head != line and len(head) >= 4)


_TITLE_NOISE = re.compile(r"^(?:表|预算|公开)?[0-9０-９]+表?|[（(]?续(?:表)?[)）]?|续表")


def _same_table(first: str, again: str) -> bool:
    """A title printed again continues its table; another title of the same kind starts a new
    one ('…基本支出明细表（按支出功能分类科目）' then '…（按支出经济分类科目）')."""
    return _TITLE_NOISE.sub("", squash(first)) == _TITLE_NOISE.sub("", squash(again))


def _region_end(lines: list[str], start: int, limit: int) -> int:
    """End of a table body: the next title, a narrative boundary, or the end of its note."""
    in_note = False
    for j in range(start, limit):
        text = lines[j].strip()
        if not text:
            continue
        flat = text.replace("\t", " ")
        if BOUNDARY.search(flat) and not UNIT_LINE.search(flat):
            return j
        if _other_title(lines, j):
            return j
        if NOTE_LINE.search(flat) or (reads_as_prose(flat) and len(squash(flat)) > 30 and "\t" not in text):
            in_note = True
        elif in_note and _looks_like_row(text):
            # After a note only a continuation title could bring rows back; stop here.
            return j
    return limit


# A table's number printed on its own line ('公开01表', '预算08表'): it names no table.
BARE_NUMBER = re.compile(r"^[\u4e00-\u9fff]{0,4}[0-9０-９]+[\u4e00-\u9fff]?表$")
# The same number before a title on its line ('公开09表:').
TABLE_NUMBER = re.compile(r"^[\u4e00-\u9fff]{0,4}[0-9０-９]+[\u4e00-\u9fff]?表[:：]?")


def _other_title(lines: list[str], j: int) -> bool:
    """A table title no alias knows ('预算10表 政府采购预算明细表' over its unit line) still ends
    the table before it."""
    s = squash(lines[j])
    return 4 <= len(s) <= 40 and s.endswith("表") and not NOT_TITLE.search(s) and not BARE_NUMBER.search(s) and \
        not re.search(r"\d[\d,]*\.\d", s) and _confirmed(lines, j, lookahead=2)


def unrecognised_tables(lines: list[str], regions: list[Region]) -> list[tuple[int, str, list[str]]]:
    """Blocks that look like a table (a title ending 表 over a unit line, then rows of figures) but
    whose title no table kind knows: (1-based title line, title, the kinds whose title words it
    has). Their figures are not landed, so a rule must not conclude that such a table is missing.
    A table number over a recognised title ('公开01表') and a part heading are not tables."""
    titled = {r.title_line for r in regions} | {t for r in regions for t in r.extra_titles}
    out: list[tuple[int, str, list[str]]] = []
    for i in range(len(lines)):
        if i + 1 in titled or not _other_title(lines, i) or match_title(lines[i]) is not None:
            continue
        if PART_HEADING.search(squash(lines[i])) or _titled_next(lines, i, titled):
            continue
        rows = 0
        for j in range(i + 1, min(len(lines), i + 60)):
            if j > i + 1 and (_other_title(lines, j) or match_title(lines[j]) is not None):
                break
            rows += bool(_FIGURE_ROW.search(lines[j]))
        if rows >= 2:
            title = squash(lines[i])
            out.append((i + 1, lines[i].strip(), [k.kind for k in table_kinds() if k.title_words.search(title)]))
    return out


PART_HEADING = re.compile(r"^第[一二三四五六七八九十\d]+部分")


def _titled_next(lines: list[str], i: int, titled: set[int]) -> bool:
    """A recognised title within three non-empty lines before or after: this line only numbers it."""
    for step in (1, -1):
        seen, j = 0, i + step
        while 0 <= j < len(lines) and seen < 3:
            if lines[j].strip():
                if j + 1 in titled:
                    return True
                seen += 1
            j += step
    return False


_FIGURE_ROW = re.compile(r"\d[\d,]*\.\d{2}(?!\d)|\d{1,3}(?:,\d{3})+(?![\d.])")


def prints_figures(lines: list[str], region: Region) -> bool:
    """The table's body prints amounts (decimals or thousands separators), read or not."""
    return any(_FIGURE_ROW.search(lines[j]) for j in range(region.start, region.end))


_CLAUSE = re.compile(r"[，。；,;！!]")


def empty_table_note(lines: list[str], kind: TableKind, empty_words: re.Pattern[str]) -> tuple[str, int] | None:
    """Where the document says a table of this kind has nothing to show: a clause (of a line
    joined to the next, for wraps) naming the kind's title words and an emptiness word
    ('本部门无当年政府性基金预算收支，并已公开空表', '政府性基金拨款支出预算为0', a contents entry
    '…政府性基金收支表 是 不涉及'). (The note text and its 1-based line) or None."""
    def says_empty(text: str) -> bool:
        return any(kind.title_words.search(c) and empty_words.search(c) for c in _CLAUSE.split(text))

    for i, line in enumerate(lines):
        if says_empty(squash(line)):
            return line.strip(), i + 1
    for i, line in enumerate(lines[:-1]):     # a clause wrapped onto the next line
        if says_empty(squash(line) + squash(lines[i + 1])):
            return line.strip(), i + 1
    return None


def _looks_like_row(text: str) -> bool:
    return bool(re.search(r"\d+\.\d{2}\s*$", text))


def unconfirmed_tables(lines: list[str], regions: list[Region]) -> list[tuple[int, str, str]]:
    """Titles a table kind knows, printed over rows of figures, that no 单位 line confirmed (so no
    region was read under them): (1-based line, title, kind). Their figures are not landed, so a
    rule must not conclude that such a table is missing. A contents list's entries, each followed
    by the next title, are not such blocks."""
    titled = {r.title_line for r in regions} | {t for r in regions for t in r.extra_titles}
    out: list[tuple[int, str, str]] = []
    for i in range(len(lines)):
        kind = match_title(lines[i]) if i + 1 not in titled else None
        if kind is None:
            continue
        nonblank = [j for j in range(i + 1, min(len(lines), i + 12)) if lines[j].strip()][:3]
        if any(match_title(lines[j]) is not None or _other_title(lines, j) for j in nonblank):
            continue
        rows = 0
        for j in range(i + 1, min(len(lines), i + 60)):
            if _other_title(lines, j) or match_title(lines[j]) is not None:
                break
            rows += bool(_FIGURE_ROW.search(lines[j]))
        if rows >= 2:
            out.append((i + 1, lines[i].strip(), kind.kind))
    return out

