"""Facts from paragraphs: each pattern's match read into (kind, subject, attribute, value, unit)
with its change, share, prior-year and reason parts."""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from ..model import Fact
from .grammar import (
    _ACTUAL, _AMOUNT_AT, _CHG_AMT, _CHG_COUNT, _CHG_PCT, _CLASS, _CLASS_HEADING, _CLASS_MARK,
    _CODED, _CODE_MARK, _CONNECT, _CONTEXT_MAX, _CONTINUES, _CURRENT_AFTER_PRIOR, _EQUIPMENT,
    _FLAT, _FUND_SCOPED_KINDS, _HEADING_BUDGET, _INCREASE, _ITEM, _ITEM_MARK, _LEAD, _LEAD_STAFF,
    _LEFTOVER, _LISTED, _MASK, _NAME_PREFIX, _NEGATED, _NIL_OR_NONE, _NUM_UNIT_COMPACT, _PARENS,
    _PHRASE, _PLANNED, _PRIOR_WORDS, _REASON, _REASON_MORE, _Rule, _SCOPED_KINDS, _SHARE, _SIGNAL,
    _SINGLE_FIGURES, _TOP_HEADING, _VALUE_CLASSES, _fund_scope, _narrower, _patterns,
)
from .paragraphs import _Para, _paragraphs, _sentences, narrative_sentences


# ----------------------------------------------------------------------------------------------
# Extraction
# ----------------------------------------------------------------------------------------------
def _dec(raw: str) -> Decimal:
    return Decimal(raw.replace(",", "").replace("+", ""))


def _signed(value: Decimal, sign: int) -> Decimal:
    out = value * sign
    return abs(out) if out == 0 else out


class _Doc:
    def __init__(self, doc_id: str, department: str | None = None) -> None:
        self.doc_id = doc_id
        self.department = department
        self.pat = _patterns()
        self.facts: list[tuple[int, int, int, Fact]] = []
        self.seen: set[tuple] = set()
        self.side = ""
        self.class_ctx: tuple[str, str | None] | None = None
        self.project: str | None = None
        self.para_no = 0
        self.contexts: dict[tuple[int, int, int], str] = {}
        self.heading_subject: _Rule | None = None
        self.fund_scope: str | None = None      # a section about one fund other than 一般公共预算

    # -- output ---------------------------------------------------------------------------------
    def emit(self, p: _Para, kind: str, subject: str, attr: str, pos: int, end: int,
             value: Decimal | None, unit: str | None, text: str | None = None,
             raw: str | None = None) -> None:
        if self.fund_scope is not None and kind in _FUND_SCOPED_KINDS:
            kind = f"{self.fund_scope}_{kind}"
        line = p.line_at(pos)
        value_raw = raw if raw is not None else p.text[pos:end]
        key = (kind, subject, attr, value_raw, line, text)
        if key in self.seen:
            return
        self.seen.add(key)
        fact = Fact(self.doc_id, kind, subject, attr, value_raw, value, unit, line,
                    text_value=text, context=self.context(p, pos))
        self.facts.append((line, self.para_no, pos, fact))

    def context(self, p: _Para, pos: int) -> str:
        t = p.text
        a = max(t.rfind("。", 0, pos), t.rfind(";", 0, pos)) + 1
        b = len(t)
        for stop in ("。", ";"):
            k = t.find(stop, pos)
            if k != -1:
                b = min(b, k + 1)
        if b - a > _CONTEXT_MAX:
            a = max(a, pos - 80)
            b = min(b, a + _CONTEXT_MAX)
        key = (self.para_no, a, b)
        text = self.contexts.get(key)
        if text is None:
            text = self.contexts[key] = p.original(a, b)[:_CONTEXT_MAX]
        return text

    # -- paragraphs -----------------------------------------------------------------------------
    def paragraph(self, p: _Para) -> None:
        self.para_no += 1
        if not (p.heading or p.label or _SIGNAL.search(p.plain())):
            return
        t = p.build().text
        label = self.pat.label.match(t) if p.label else None
        if label is not None:
            attr = self.pat.label_attr[label.lastgroup or ""]
            if attr == "name":
                end = _clause_end(t, label.end())
                self.project = p.original(label.end(), end).strip() or None
                return
            if self.project is not None:
                self.project_label(p, attr, label.end())
                return
        if p.heading:
            self.project = None
            if _TOP_HEADING.match(t):
                self.class_ctx = None
            heading = _CLASS_HEADING.fullmatch(t)
            if heading is not None:
                self.class_ctx = (heading.group("name"), heading.group("code"))
                return
        if p.heading:
            self.heading_subject = self.named_subject(t)
            self.fund_scope = _fund_scope(t, self.fund_scope)
        if _NUM_UNIT_COMPACT.search(t) is None and "编制" not in t and _FLAT.search(t) is None and \
                _NIL_OR_NONE.search(t) is None:
            return
        before = len(self.facts)
        self.scan_paragraph(p)
        if not p.heading and self.heading_subject is not None:
            self.under_heading(p, before)

    def named_subject(self, t: str) -> _Rule | None:
        """The one money subject a heading names without a figure ('2.公务用车购置费支出情况说明。'):
        the paragraphs under it state its amounts without naming it again."""
        if _NUM_UNIT_COMPACT.search(t):
            return None
        rules = [self.pick(kw[2]) for kw in self.pat.keywords(t, 0, len(t))]
        rules = [r for r in rules if r.value_class == "money"]
        return rules[0] if len(rules) == 1 else None

    def under_heading(self, p: _Para, before: int) -> None:
        """'预算136.48万元,支出决算136.48万元' under a heading naming the item: its budget and 决算
        figures, when the paragraph names no amount of its own."""
        rule = self.heading_subject
        if any(f.attribute in ("amount", "budget_amount", "actual_amount") for *_, f in self.facts[before:]):
            return               # the paragraph names what its figures are
        t = p.text
        for rx, attr in ((_HEADING_BUDGET, "budget_amount"), (_ACTUAL, "actual_amount")):
            m = rx.search(t)
            if m is not None:
                self.emit(p, rule.fact_kind, rule.subject, attr, m.start("num"), m.end("num"),
                          _dec(m.group("num")), m.group("unit"))

    def project_label(self, p: _Para, attr: str, pos: int) -> None:
        if not attr or self.project is None:
            return
        t = p.text
        if attr == "amount":
            m = _AMOUNT_AT.match(t, pos)
            if m is not None:
                self.emit(p, "project", self.project, "amount", m.start("num"), m.end("num"),
                          _dec(m.group("num")), m.group("unit"))
            return
        text = p.original(pos, len(t)).strip()
        if text:
            self.emit(p, "project", self.project, attr, pos, len(t), None, None, text=text, raw=text)

    # -- a paragraph's sentences ----------------------------------------------------------------
    def scan_paragraph(self, p: _Para) -> None:
        t = p.text
        w = list(t)
        for m in _LEFTOVER.finditer(t):     # '增加(减少)5万元' states no direction (R06)
            w[m.start():m.end()] = _MASK * (m.end() - m.start())
        reasons = self.mask_reasons(t, w)
        ws = "".join(w)
        ws = self.classification(p, ws, reasons)
        ws = self.equipment(p, ws)
        subs, outer = self.parentheticals(ws)
        self.scan(p, outer, 0, len(outer), reasons)
        for a, b in subs:
            self.scan(p, _unmask(outer, ws, a, b), a, b, reasons)

    def mask_reasons(self, t: str, w: list[str]) -> list[tuple[int, int]]:
        spans = []
        for m in _REASON.finditer(t):
            a = m.start()
            if spans and a < spans[-1][1]:
                continue
            b = _clause_end(t, m.end())
            while _REASON_MORE.match(t, b):
                b = _clause_end(t, b + 1)
            spans.append((a, b))
            w[a:b] = _MASK * (b - a)
        return spans

    def classification(self, p: _Para, ws: str, reasons: list[tuple[int, int]]) -> str:
        """类/款/项 lines, "(201类)" class lines and "(2012604)" coded lines; their spans are masked."""
        w = None
        for rx, marker, handler in ((_ITEM, _ITEM_MARK, self.item), (_CLASS, _CLASS_MARK, self.klass),
                                    (_CODED, _CODE_MARK, self.coded)):
            if marker.search(ws) is None:
                continue
            matches = list(rx.finditer(ws))
            if not matches:
                continue
            w = list(ws)
            for n, m in enumerate(matches):
                limit = matches[n + 1].start() if n + 1 < len(matches) else len(ws)
                end = _body_end(ws, m.end(), limit)
                kind_subject = handler(m)
                if kind_subject is None:
                    continue
                kind, subject = kind_subject
                attr = _lead_attr(m.group("tail"), "amount")
                self.emit(p, kind, subject, attr, m.start("num"), m.end("num"),
                          _dec(m.group("num")), m.group("unit"))
                if attr == "prior_amount":
                    self.current_after_prior(p, ws, kind, subject, m.end(), end)
                name = _NAME_PREFIX.sub("", m.groupdict().get("name") or "")
                if subject.isdigit() and subject.startswith("2") and len(name) >= 2:
                    # "一般公共服务支出(201类)": the name printed with a code, for R31N
                    self.emit(p, kind, subject, "name", m.start("name"), m.end("name"), None, None,
                              text=name, raw=name)
                if self.body(p, ws, kind, subject, m.end(), end, _VALUE_CLASSES["money"][2],
                             lead_found=True):
                    self.reason(p, kind, subject, m.end(), end, reasons)
                w[m.start():end] = _MASK * (end - m.start())
            ws = "".join(w)
        return ws

    def item(self, m: re.Match[str]) -> tuple[str, str]:
        c, cc = m.group("c"), m.group("cc")
        if c is None and self.class_ctx is not None:
            c, cc = self.class_ctx
        k, kc, x, xc = m.group("k"), m.group("kc"), m.group("x"), m.group("xc")
        c = _NAME_PREFIX.sub("", c) if c else c
        if cc and kc and (xc or x is None):
            return "function_item", cc + kc + (xc or "")
        names = [n for n in (c, k, x) if n]
        return "function_item", "/".join(names)

    def klass(self, m: re.Match[str]) -> tuple[str, str]:
        if m.group("code"):
            return "function_class", m.group("code")
        name = _NAME_PREFIX.sub("", m.group("name"))
        if m.group("tail").startswith("支出") and not name.endswith("支出"):
            name += "支出"          # "公共安全(类)支出" is the 类 公共安全支出
        return "function_class", name

    def coded(self, m: re.Match[str]) -> tuple[str, str] | None:
        code = m.group("code")
        if code[0] == "2":
            return ("function_class" if len(code) == 3 else "function_item"), code
        if len(code) in (3, 5):
            return "economic_class", code
        return None

    def equipment(self, p: _Para, ws: str) -> str:
        if "设备" not in ws:
            return ws
        matches = list(_EQUIPMENT.finditer(ws))
        if not matches:
            return ws
        w = list(ws)
        for m in matches:
            subject = f"large_equipment_{m.group('thr')}"
            if _planned(ws, m.start()):
                subject = "planned_" + subject
            if m.group("n") is not None:
                self.emit(p, "assets", subject, "count", m.start("n"), m.end("n"),
                          Decimal(m.group("n")), m.group("u"))
            else:
                self.emit(p, "assets", subject, "amount", m.start("amt"), m.end("amt"),
                          _dec(m.group("amt")), m.group("au"))
            w[m.start():m.end()] = _MASK * (m.end() - m.start())
        return "".join(w)

    def parentheticals(self, ws: str) -> tuple[list[tuple[int, int]], str]:
        """Parentheses that hold their own keyword and figure ("(其中:公务用车购置费 0 万元,…)") are
        read on their own; the sentence around them continues after the closing parenthesis."""
        if "(" not in ws:
            return [], ws
        subs: list[tuple[int, int]] = []
        stack: list[int] = []
        for m in _PARENS.finditer(ws):
            if m.group() == "(":
                stack.append(m.start())
            elif stack:
                a = stack.pop()
                if not stack and m.start() - a < 400:
                    inner = ws[a + 1:m.start()]
                    if _NUM_UNIT_COMPACT.search(inner) and next(self.pat.keywords(inner, 0, len(inner)), None):
                        subs.append((a + 1, m.start()))
        if not subs:
            return [], ws
        w = list(ws)
        for a, b in subs:
            w[a - 1:b + 1] = _MASK * (b + 1 - (a - 1))
        return subs, "".join(w)

    # -- keyword segments -----------------------------------------------------------------------
    def scan(self, p: _Para, ws: str, start: int, end: int, reasons: list[tuple[int, int]]) -> None:
        pat = self.pat
        phrases = [(m.start(), m.end()) for m in _PHRASE.finditer(ws, start, end)]
        kws: list[tuple[int, int, int]] = []
        for kw in pat.keywords(ws, start, end):
            if any(a < kw[0] < b for a, b in phrases):
                continue
            if kws and pat.rules[kw[2]][0].weak and _absorbable(ws, kws[-1][1], kw[0]):
                continue
            kws.append(kw)
        chain: list[tuple] = []        # keywords listed just before this one ("A及B、C共…")
        for n, kw in enumerate(kws):
            limit = kws[n + 1][0] if n + 1 < len(kws) else end
            rule = self.pick(kw[2])
            if rule.fact_kind == "total_budget" and rule.side:
                self.side = rule.side
            if n + 1 < len(kws) and _LISTED.fullmatch(ws, kw[1], limit) is not None and \
                    self.pick(kws[n + 1][2]).fact_kind == rule.fact_kind:
                chain.append((kw, rule, limit))
                continue
            if chain and re.search(r"\d", ws[kw[1]:_clause_end(ws, kw[1])]):
                # The figure after a list of subjects is their sum, not the last one's amount.
                rule = replace(rule, subject="+".join([r.subject for _, r, _ in chain] + [rule.subject]))
            else:                      # '无政府性基金和国有资本经营预算收入': each its own
                for k, r, lim in chain:
                    self.segment(p, ws, k, r, lim, reasons)
            chain = []
            self.segment(p, ws, kw, rule, limit, reasons)

    def pick(self, group: int) -> _Rule:
        rules = self.pat.rules[group]
        if len(rules) > 1:
            for r in rules:
                if r.side == self.side:
                    return r
        return rules[0]

    def segment(self, p: _Para, ws: str, kw: tuple[int, int, int], rule: _Rule, limit: int,
                reasons: list[tuple[int, int]]) -> None:
        kw_start, kw_end, _ = kw
        lead_kind, units, body_kinds = _VALUE_CLASSES[rule.value_class]
        subject = rule.subject
        if rule.planned and _planned(ws, kw_start):
            subject = "planned_" + subject
        if rule.fact_kind in _SCOPED_KINDS and _narrower(ws, kw_start, self.department):
            subject = "part_" + subject
        lead = (_LEAD_STAFF if lead_kind == "staff" else _LEAD).match(ws, kw_end, limit)
        body_start = kw_end
        found = False
        if lead is not None:
            unit = lead.group("unit")
            attr = units.get(unit)
            if attr is not None or (unit is None and None in units):
                attr = attr or units[None]
                if rule.value_class == "money":
                    attr = _lead_attr(lead.group("fill"), attr)
                    # '…支出预算593.46万元，支出决算587.55万元': the first figure is the budget the
                    # 决算 figure after it is measured against, not the amount itself.
                    if attr == "amount" and re.search(r"预算数?$", lead.group("fill") or "") and \
                            _ACTUAL.search(ws, lead.end(), _body_end(ws, lead.end(), limit)):
                        attr = "budget_amount"
                self.emit(p, rule.fact_kind, subject, attr, lead.start("num"), lead.end("num"),
                          _dec(lead.group("num")), unit)
                if attr == "prior_amount":
                    self.current_after_prior(p, ws, rule.fact_kind, subject, lead.end(),
                                             _body_end(ws, lead.end(), limit))
                body_start = lead.end()
                found = True
            elif unit is None and rule.value_class == "money" and _dec(lead.group("num")) == 0 and \
                    (lead.group("fill") or "").endswith("为"):
                # '因公出国(境)费为0': nil needs no unit (0 元 is 0 万元).
                attr = _lead_attr(lead.group("fill"), "amount")
                self.emit(p, rule.fact_kind, subject, attr, lead.start("num"), lead.end("num"),
                          Decimal(0), "元")
                body_start = lead.end()
                found = True
        if not found and rule.value_class == "money" and _NEGATED.search(ws, max(0, kw_start - 14), kw_start) \
                and not re.search(r"\d", ws[kw_end:_clause_end(ws, kw_end)]):
            # '本年度无财政拨款因公出国(境)费支出', '未安排因公出国(境)经费': none, so 0.
            neg = _NEGATED.search(ws, max(0, kw_start - 14), kw_start)
            self.emit(p, rule.fact_kind, subject, "amount", neg.start(), neg.end(), Decimal(0), "元",
                      raw=p.text[neg.start():neg.end()])
            return
        if not found and not _CONNECT.match(ws, kw_end, limit):
            return
        body_end = _body_end(ws, body_start, limit)
        changed = self.body(p, ws, rule.fact_kind, subject, body_start, body_end, body_kinds,
                            lead_found=found)
        if changed:
            self.reason(p, rule.fact_kind, subject, body_start, body_end, reasons)

    def current_after_prior(self, p: _Para, ws: str, kind: str, subject: str, a: int, b: int) -> None:
        """A statement that opens with the prior year's figure states this year's after it."""
        m = _CURRENT_AFTER_PRIOR.search(ws, a, b)
        if m is not None:
            self.emit(p, kind, subject, "amount", m.start("num"), m.end("num"), _dec(m.group("num")),
                      m.group("unit"))

    def reason(self, p: _Para, kind: str, subject: str, start: int, end: int,
               reasons: list[tuple[int, int]]) -> None:
        """The reason phrase (主要原因是…) that follows a stated change, if any."""
        for a, b in reasons:
            if start <= a <= end + 2:
                text = p.original(a, b).strip()
                if text:
                    self.emit(p, kind, subject, "reason", a, b, None, None, text=text, raw=text)
                return

    def body(self, p: _Para, ws: str, kind: str, subject: str, a: int, b: int,
             body_kinds: tuple[str, ...], lead_found: bool) -> bool:
        """Share, change, prior-year and 决算 figures in [a, b); True when a change was stated."""
        changed = False
        if "share" in body_kinds:
            m = _SHARE.search(ws, a, b)
            if m:
                self.emit(p, kind, subject, "share_pct", m.start("num"), m.end("num"),
                          _dec(m.group("num")), "%")
        if "change" in body_kinds:
            amt = _CHG_AMT.search(ws, a, b)
            pct = _CHG_PCT.search(ws, a, b)
            first = min((x for x in (amt, pct) if x is not None), key=lambda x: x.start(), default=None)
            if first is not None:
                word = first.group("dir")
                self.emit(p, kind, subject, "direction", first.start("dir"), first.end("dir"), None,
                          None, text="增加" if _INCREASE[word] > 0 else "减少", raw=word)
                changed = True
            else:
                flat = _FLAT.search(ws, a, b)
                if flat:
                    self.emit(p, kind, subject, "direction", flat.start(), flat.end(), None, None,
                              text="持平", raw=flat.group())
                    changed = True
            if amt is not None:
                sign = _INCREASE[amt.group("dir")]
                self.emit(p, kind, subject, "change_amount", amt.start("num"), amt.end("num"),
                          _signed(_dec(amt.group("num")), sign), amt.group("unit"))
                if pct is None and amt.group("pct") is not None:
                    self.emit(p, kind, subject, "change_pct", amt.start("pct"), amt.end("pct"),
                              _signed(_dec(amt.group("pct")), sign), "%")
            if pct is not None:
                self.emit(p, kind, subject, "change_pct", pct.start("num"), pct.end("num"),
                          _signed(_dec(pct.group("num")), _INCREASE[pct.group("dir")]), "%")
        for body_kind, attribute, pattern in _SINGLE_FIGURES:
            if body_kind in body_kinds:
                m = pattern.search(ws, a, b)
                if m:
                    unit = m.group("unit") if "unit" in pattern.groupindex else "%"
                    self.emit(p, kind, subject, attribute, m.start("num"), m.end("num"),
                              _dec(m.group("num")), unit)
        if "change_count" in body_kinds and lead_found:
            m = _CHG_COUNT.search(ws, a, b)
            if m:
                self.emit(p, kind, subject, "change_count", m.start("num"), m.end("num"),
                          _signed(Decimal(m.group("num")), _INCREASE[m.group("dir")]), m.group("unit"))
        return changed


def _unmask(outer: str, inner: str, a: int, b: int) -> str:
    """The working text with the parenthetical [a, b) visible again (it is masked in outer)."""
    return outer[:a] + inner[a:b] + outer[b:]


def _clause_end(t: str, pos: int) -> int:
    ends = [k for k in (t.find(";", pos), t.find("。", pos)) if k != -1]
    return min(ends) if ends else len(t)


def _body_end(ws: str, pos: int, limit: int) -> int:
    """End of the clause that starts at pos: the first ';' or '。' — unless the next sentence only
    continues the comparison ("…万元。与上年相比增加 …")."""
    end = pos
    for _ in range(3):
        k = _clause_end(ws, end)
        if k >= limit:
            return limit
        if _CONTINUES.match(ws, k + 1):
            end = k + 1
            continue
        return k
    return min(_clause_end(ws, end), limit)


def _absorbable(ws: str, prev_end: int, start: int) -> bool:
    gap = ws[prev_end:start]
    return len(gap) <= 4 and not any(ch.isdigit() or ch in ",;。:" for ch in gap)


def _planned(ws: str, pos: int) -> bool:
    a = ws.rfind("。", 0, pos) + 1
    return _PLANNED.search(ws, a, pos) is not None


def _lead_attr(fill: str | None, default: str) -> str:
    if not fill:
        return default
    if "执行数" in fill or re.search(_PRIOR_WORDS, fill):
        # '2025年"三公"经费当年预算执行数为30万元，2026年预算安排25万元', '上年预算数为…': the base,
        # not the amount.
        return "prior_amount"
    if "决算" in fill:
        return "actual_amount"
    if "年初预算" in fill:
        return "budget_amount"
    return default


def read_narrative(lines: list[str], doc_id: str, department: str | None = None
                   ) -> tuple[list[Fact], list[tuple[int, str]]]:
    """extract_facts and narrative_sentences of one document, from one reading of its paragraphs.
    department: the document's own department, which a total's qualifier may name."""
    paras = _paragraphs(lines)
    return _facts(paras, doc_id, department), _sentences(paras)


def extract_facts(lines: list[str], doc_id: str) -> list[Fact]:
    """Facts stated in the narrative of one document, ordered by source line."""
    return _facts(_paragraphs(lines), doc_id)


def _facts(paras: list[_Para], doc_id: str, department: str | None = None) -> list[Fact]:
    doc = _Doc(doc_id, department)
    for p in paras:
        doc.paragraph(p)
    doc.facts.sort(key=lambda x: (x[0], x[1], x[2]))
    return [f for _, _, _, f in doc.facts]
