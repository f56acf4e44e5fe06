"""The narrative's paragraphs and sentences: lines joined into paragraphs (page breaks, table rows
and headings apart), sentences for the wording rules."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from .grammar import (
    SENTENCE_MAX, _ALNUM, _BARE_NUM, _COLUMNS, _DIGIT, _HEADING, _HEADING_ENDS, _HEADING_START,
    _LABEL, _MASK, _NUM_WITH_UNIT, _PAGE_NO, _PAGE_START, _SENTENCE_END, _SENTENCE_PUNCT, _SPACE,
    _TOKEN, _WS_ANY, _WS_KEEP,
)


def _is_table_row(raw: str) -> bool:
    if "\t" in raw:
        return True
    if _DIGIT.search(raw) is None:
        return False
    s = raw.strip()
    toks = s.split()
    nums = sum(1 for t in toks if _BARE_NUM.fullmatch(t))
    if nums and nums == len(toks):
        return True
    if nums and _COLUMNS.search(s):
        return True
    return nums >= 2 and not _SENTENCE_PUNCT.search(s) and not _NUM_WITH_UNIT.search(s)


# ----------------------------------------------------------------------------------------------
# Paragraphs
# ----------------------------------------------------------------------------------------------
class _Para:
    """Joined lines of one paragraph in compact form, with the way back to lines and columns.

    The compact text (spaces removed except between two ASCII letters/digits, lines joined without
    a separator) is built only for paragraphs that may hold a fact."""

    __slots__ = ("lines", "heading", "label", "text", "starts", "line_nos", "tok_c", "raws")

    def __init__(self, heading: bool, label: bool) -> None:
        self.lines: list[tuple[int, str, str]] = []   # (1-based line, raw, stripped)
        self.heading = heading
        self.label = label
        self.text = ""
        self.starts: list[int] = []        # compact offset where each joined line begins
        self.line_nos: list[int] = []      # its 1-based source line
        self.tok_c: list = []              # per line: (compact offsets, raw columns) of its tokens
        self.raws: list[str] = []

    def plain(self) -> str:
        return "".join(s for _, _, s in self.lines)

    def build(self) -> _Para:
        if self.raws:                              # built already (the facts pass, then the sentences)
            return self
        parts: list[str] = []
        pos = 0
        for line_no, raw, stripped in self.lines:
            if _MASK in raw:
                raw = raw.replace(_MASK, " ")
                stripped = raw.strip()
                if not stripped:
                    continue
            if _SPACE.search(stripped):
                # keep one space only between two ASCII letters/digits ("201 03 50"), drop the rest
                stripped = _WS_KEEP.sub("\x00", stripped)
                stripped = _WS_ANY.sub("", stripped).replace("\x00", " ")
            # lines join without a separator: a number wrapped mid-way ("229." + "49") rejoins
            self.starts.append(pos)
            self.line_nos.append(line_no)
            self.raws.append(raw)
            parts.append(stripped)
            pos += len(stripped)
        self.text = "".join(parts)
        self.tok_c = [None] * len(self.raws)     # token tables, made on demand by _raw_col
        return self

    def line_at(self, pos: int) -> int:
        return self.line_nos[max(0, bisect_right(self.starts, pos) - 1)]

    def _tokens(self, li: int) -> tuple[list[int], list[int]]:
        """For line li: the compact offset and raw column where each printed token starts."""
        tc: list[int] = []
        tr: list[int] = []
        pos = self.starts[li]
        prev = ""
        for m in _TOKEN.finditer(self.raws[li]):
            tok = m.group()
            start = m.start()
            if prev in _ALNUM and tok[0] in _ALNUM:
                tok = " " + tok
                start -= 1
            tc.append(pos)
            tr.append(start)
            pos += len(tok)
            prev = tok[-1]
        self.tok_c[li] = (tc, tr)
        return tc, tr

    def _raw_col(self, li: int, pos: int) -> int:
        tables = self.tok_c[li] or self._tokens(li)
        tc, tr = tables
        ti = max(0, bisect_right(tc, pos) - 1)
        return tr[ti] + (pos - tc[ti])

    def original(self, a: int, b: int) -> str:
        """The printed text of compact span [a, b), line breaks removed, spaces collapsed."""
        if b <= a:
            return ""
        out = []
        li = max(0, bisect_right(self.starts, a) - 1)
        while li < len(self.starts) and self.starts[li] < b:
            end = self.starts[li + 1] if li + 1 < len(self.starts) else len(self.text)
            lo, hi = max(a, self.starts[li]), min(b, end)
            if lo < hi:
                out.append(self.raws[li][self._raw_col(li, lo):self._raw_col(li, hi - 1) + 1])
            li += 1
        return " ".join("".join(out).split())


def _paragraphs(lines: list[str]) -> list[_Para]:
    paras: list[_Para] = []
    cur: _Para | None = None
    closed = True
    for i, raw in enumerate(lines):
        if "\t" in raw:                          # a tab-separated table row
            cur, closed = None, True
            continue
        s = raw.strip()
        if not s:
            continue
        c0 = s[0]
        if c0 in _PAGE_START and _PAGE_NO.fullmatch(s):
            continue
        if _DIGIT.search(s) and _is_table_row(s):
            cur, closed = None, True
            continue
        if cur is not None and closed and cur.heading and len(s) <= 6 and s.endswith("说明"):
            cur.lines.append((i + 1, raw, s))   # the wrapped tail of a heading: "…基本支出情况" + "说明"
            continue
        heading = c0 in _HEADING_START and _HEADING.match(s) is not None
        if cur is None or closed or heading:
            cur = _Para(heading, ":" in s and _LABEL.match(s) is not None)
            paras.append(cur)
        elif ":" in s and _LABEL.match(s):
            cur = _Para(False, True)
            paras.append(cur)
        cur.lines.append((i + 1, raw, s))
        # a sentence ends a paragraph; so does the last line of a heading ("…情况说明")
        closed = s.endswith(("。", "!", "?")) or (cur.heading and s.endswith(_HEADING_ENDS))
    return paras


def narrative_sentences(lines: list[str]) -> list[tuple[int, str]]:
    """The narrative's sentences (compact text, a run of 。!?; ends one and stays with it, so
    '主要原因是。' and '。。' are kept as printed), each with the source line it starts on. Table
    rows and page numbers are not narrative."""
    return _sentences(_paragraphs(lines))


def _sentences(paras: list[_Para]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for p in paras:
        p.build()
        t = p.text
        for m in _SENTENCE_END.finditer(t):
            text = m.group().strip()
            if 2 <= len(text) <= SENTENCE_MAX:     # longer is no sentence: a line that lost its breaks
                # An ASCII '"' is kept as its full-width form: DuckDB 2.0's CSV reader misreads a
                # seed whose quoted field escapes one ('""三公""') next to multi-byte text.
                out.append((p.line_at(m.start()), text.replace('"', "＂")))
    return out
