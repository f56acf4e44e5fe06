"""One line's parts: its code (split, bracketed, dashed, sequence-numbered), its trailing figures
and their units, figures cut over lines; a row's label and kind once read."""
from __future__ import annotations

import re

from ..aliases import row_item, squash, strip_numbering
from ..amounts import UNIT_SUFFIXES, is_amount, looks_numeric, read_amount
from ..geometry import Word
from ..model import Finding
from .header import _total_labels, clean_label
from .rows import Number, Row, _BRACKET_CODE, _DASH_CODE, _ECONOMIC_CLASS, _FUNCTION_CLASS


def _split_code(tokens: list[str], table_kind: str) -> tuple[str, list[str], list[str]]:
    """Leading code tokens → (code_raw, code digit parts, remaining tokens)."""
    if not tokens:
        return "", [], tokens
    first = tokens[0]
    m = _BRACKET_CODE.match(first)
    if m:
        rest = ([m.group(2)] if m.group(2) else []) + tokens[1:]
        return first if not m.group(2) else f"[{m.group(1)}]", [m.group(1)], rest
    m = _DASH_CODE.match(first)
    if m:
        return m.group(1), [m.group(1)], [m.group(2)] + tokens[1:]
    if re.fullmatch(r"\d{5}|\d{7}", first) and len(tokens) > 1 and not is_amount(tokens[1]):
        return first, [first], tokens[1:]
    if re.fullmatch(r"\d{5}|\d{7}", first) and len(tokens) == 1:
        return first, [first], []
    # A row whose name wrapped onto the lines around it starts with its code, then its amounts:
    # a bare integer before amounts printed with decimals is no amount of that row.
    if re.fullmatch(r"\d{5}|\d{7}", first) and len(tokens) > 1 and re.fullmatch(r"-?[\d,]+\.\d+", tokens[1]) \
            and (_FUNCTION_CLASS.match(first[:3]) or _ECONOMIC_CLASS.match(first[:3])):
        return first, [first], tokens[1:]
    # A 类 the same way: three digits before a row of amounts that all print decimals.
    if re.fullmatch(r"\d{3}", first) and len(tokens) > 1 and \
            all(re.fullmatch(r"-?[\d,]+\.\d+", t) for t in tokens[1:]) and \
            (_FUNCTION_CLASS.match(first) or _ECONOMIC_CLASS.match(first)):
        return first, [first], tokens[1:]
    if _FUNCTION_CLASS.match(first) or _ECONOMIC_CLASS.match(first):
        parts = [first]
        for t in tokens[1:3]:
            if re.fullmatch(r"\d{2}", t):
                parts.append(t)
            else:
                break
        rest = tokens[len(parts):]
        # '143 143' is two amounts in a 元 table, not a code: a code is followed by a name or ends the line.
        if rest and is_amount(rest[0]) and len(parts) == 1:
            return "", [], tokens
        return " ".join(parts), parts, rest
    if re.fullmatch(r"\d{2}", first) and len(tokens) > 1 and not is_amount(tokens[1]):
        return first, [first], tokens[1:]      # sparse code: 款/项 row carrying only its digits
    return "", [], tokens


def _trailing_numbers(tokens: list[str]) -> tuple[list[str], list[Number]]:
    """The figures that end a row. A token that looks like a figure but reads as no amount
    ('1e30', '2,3,64') is one of them, with no value, so it is reported instead of becoming
    part of the row's name."""
    tokens = _attach_units(tokens)
    nums: list[Number] = []
    k = len(tokens)
    while k > 0 and looks_numeric(tokens[k - 1]):
        k -= 1
    for t in tokens[k:]:
        nums.append(_number(t))
    return tokens[:k], nums


_UNIT_WORDS = frozenset(UNIT_SUFFIXES)


def _attach_units(tokens: list[str]) -> list[str]:
    """'12.5 %' and '15.00 万元' printed with a space are one figure with its unit."""
    if _UNIT_WORDS.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    for t in tokens:
        if t in _UNIT_WORDS and out and is_amount(out[-1]) and not _unit_of(out[-1]):
            out[-1] = f"{out[-1]} {t}"
        else:
            out.append(t)
    return out


_UNIT_CUT = re.compile(r"单\s*位\s*[:：]\s*(?:人民币)?([万千亿])\s*$")


def _wrapped_unit(lines: list[str], j: int) -> tuple[str, str] | None:
    """'单位:万' at a line's end and '元' ending the next line: a unit wrapped in its narrow cell."""
    m = _UNIT_CUT.search(lines[j])
    if m is None or j + 1 >= len(lines) or not re.search(r"(?:^|\s)元\s*$", lines[j + 1]):
        return None
    return m.group(0) + "元", m.group(1) + "元"


def _unit_of(token: str) -> str:
    a = read_amount(token)
    return a.unit if a else ""


def _number(raw: str, column: int | None = None) -> Number:
    a = read_amount(raw)
    if a is None:
        return Number(raw, None, 0, column)
    return Number(raw, a.value, a.decimals, column, a.unit)


# A figure cut at a line end: '1,234.' or '1,234,' ends a line, or '.56' / ',567.89' starts one.
_CUT_TAIL = re.compile(r"^\(?[-+]?[0-9][0-9,]*[.,]$")


_CUT_HEAD = re.compile(r"^[.,][0-9][0-9,.]*\)?(?:%|亿元|万元|千元|元)?$")


_REST_OF_FIGURE = re.compile(r"^[0-9][0-9,.]*\)?(?:%|亿元|万元|千元|元)?$")


def join_split_figures(lines: list[str], idxs: list[int], kind_zh: str, kind: str, doc_id: str,
                       source_file: str, findings: list[Finding]) -> tuple[dict[int, str], dict[int, int]]:
    """Space layout: a figure printed over two lines.

    The pieces are joined only when they can be nothing else: one piece is not a figure on its
    own ('1,234.' or '.56'), the next line holds nothing but the other piece, and together they
    read as one amount. Any other cut piece is dropped from its line, its row is marked so that
    no rule places its numbers, and a finding names the line. A figure is never guessed.
    Returns the rewritten line texts and, per line that received a piece, the line it came from.
    """
    texts: dict[int, str] = {}
    joined: dict[int, int] = {}
    nonblank = [j for j in idxs if lines[j].strip()]
    for n, j in enumerate(nonblank):
        if j in texts:
            continue                     # its only token was joined into the line above
        tokens = lines[j].split()
        last = tokens[-1]
        nxt = nonblank[n + 1] if n + 1 < len(nonblank) else None
        piece = lines[nxt].split() if nxt is not None else []
        if len(piece) == 1 and "\t" not in lines[nxt].strip():
            rest = piece[0]
            cut = (_CUT_TAIL.match(last) and _REST_OF_FIGURE.match(rest)) or \
                  (_CUT_HEAD.match(rest) and is_amount(last) and not _unit_of(last))
            if cut and is_amount(last + rest):
                texts[j] = lines[j].rstrip()[:-len(last)] + last + rest
                texts[nxt] = ""
                joined[j] = nxt
                findings.append(Finding(
                    source_file, doc_id, "info", "ING_FIGURE_JOINED",
                    f"{kind_zh}: '{last}' (line {j + 1}) and '{rest}' (line {nxt + 1}) are one "
                    f"figure printed over two lines, read as {last + rest}", kind, j + 1))
                continue
        dropped = []
        if _CUT_TAIL.match(last):
            dropped.append(last)
            tokens = tokens[:-1]
        if tokens and _CUT_HEAD.match(tokens[0]):
            dropped.append(tokens[0])
            tokens = tokens[1:]
        if dropped:
            texts[j] = " ".join(tokens)
            findings.append(Finding(
                source_file, doc_id, "error", "ING_SPLIT_FIGURE",
                f"{kind_zh} line {j + 1}: {' and '.join(repr(d) for d in dropped)} is part of a "
                f"figure cut over lines that cannot be joined for certain; not landed, and the "
                f"row's other numbers are left unplaced", kind, j + 1))
            joined[j] = -1               # marks the row as damaged
    return texts, joined


class CodeContext:
    """Completes sparse codes (款/项 rows printing only their own digits) from the rows above."""

    def __init__(self) -> None:
        self.last: str | None = None

    def resolve(self, parts: list[str]) -> str | None:
        if not parts:
            return None
        if len(parts) == 1 and len(parts[0]) == 2:
            if self.last is None:
                return None
            parent = self.last if len(self.last) == 3 else self.last[:-2] if len(self.last) == 7 else self.last
            if len(self.last) == 5:
                # after a 款 row, a lone 2-digit code is its 项; economic codes stop at 款, so
                # there it is the next 款 of the same 类
                parent = self.last[:3] if self.last[0] in "35" else self.last
            code = parent + parts[0]
        else:
            code = "".join(parts)
        if len(code) not in (3, 5, 7):
            return None
        # Economic codes stop at 款 (5 digits) nationally; a province's 7-digit 子目 (Beijing's
        # 3021101) keeps its text in code_raw but gets no canonical code.
        if len(code) == 7 and code[0] in "35":
            return None
        self.last = code
        return code


def _sequence_column(lines: list[str], idxs: list[int]) -> set[int]:
    """The lines whose first token is a 序号 (sequence) column's number ('2 301 工资福利支出 …').
    Told from a code or an amount by the table's own arithmetic: the leading integers of the
    table's lines that print a name count 1, 2, 3 … (from 1 or 2, each the previous + 1, none
    zero-padded like a 款 code '01'), on at least three lines. Anything less is no sequence column."""
    found: list[tuple[int, int]] = []
    for j in idxs:
        tokens = lines[j].replace("\t", " ").split()
        if len(tokens) >= 2 and re.fullmatch(r"[1-9]\d{0,2}", tokens[0]) and \
                re.search(r"[\u4e00-\u9fff]", lines[j]):
            found.append((j, int(tokens[0])))
    if len(found) < 3 or found[0][1] > 2:
        return set()
    if any(b != a + 1 for (_, a), (_, b) in zip(found, found[1:])):
        return set()
    return {j for j, _ in found}


def _locate(nums: list[Number], words: list[Word]) -> None:
    """The trailing figures of a line take the extents of its trailing words ('12.5 %' is two)."""
    k = len(words)
    for n in reversed(nums):
        c = len(n.raw.split())
        if c > k:
            return
        part = words[k - c:k]
        n.span = (part[0][1], part[-1][2], max(w[3] for w in part))
        if part[0][4] is not None:
            n.box = (part[0][1], min(w[4] for w in part), part[-1][2], max(w[5] for w in part))
        k -= c


# The code columns' header cells (类 / 款 / 项) printed on the first row's line beside its name.
_CODE_HEADER = re.compile(r"^类\s*款\s*项\s*(?=\S)")


_SEQUENCE = re.compile(r"^\d{1,3}\s+(\S.*)$")


def _finish_row(r: Row, kind: str) -> None:
    r.label = clean_label(r.label)
    if r.code is None:
        r.label = _CODE_HEADER.sub("", r.label)
        # '1 合计': a 序号 (sequence) column's number before the total row's name.
        seq = _SEQUENCE.match(r.label)
        if seq and squash(seq.group(1)) in _total_labels():
            r.label = seq.group(1)
    s = strip_numbering(r.label)
    if r.code is None and (s in _total_labels() or re.sub(r"\(.*\)$", "", s) in _total_labels()):
        r.row_kind = "total"
    elif r.code is not None:
        r.row_kind = {3: "category", 5: "item", 7: "item"}.get(len(r.code), "line")
    r.row_item = row_item(r.label, kind) if r.label else None
    if r.row_item is None and r.side and s == "总计":
        r.row_item = f"{r.side}_grand_total"       # a two-sided table's '总计' on either side
