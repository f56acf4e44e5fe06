"""Narrative facts: the figures a disclosure states in sentences, with the line each is printed on.

``extract_facts(lines, doc_id)`` reads the normalised lines of one document (``lines[i]`` is source
line i + 1) and returns :class:`~ingest.model.Fact` records. Table rows are skipped (tab-separated
lines, lines that are mostly bare numbers, column-aligned lines); wrapped sentence lines are joined
into paragraphs (blank lines and page numbers inside a sentence are skipped) and every fact keeps
the source line where its number is printed.

Vocabulary (fact_kind / subject / attribute)
--------------------------------------------
Attributes of amounts: ``amount`` (unit as printed: 元/万元/亿元), ``share_pct`` (占 N%, unit '%'),
``change_amount`` and ``change_pct`` (signed: 减少/下降/降低 → negative), ``direction``
(``text_value`` 增加/减少/持平, ``value_raw`` the word as printed, ``value`` None), ``prior_amount``
(比上年预算数 N 万元增加 …), ``budget_amount`` / ``actual_amount`` / ``completion_pct``
(决算: 年初预算为 N, 支出决算为 M, 完成预算的 P%), ``reason`` (text: 主要原因是… after a change),
``name`` (text: the name printed with a function code, "一般公共服务支出(201类)").

===================  ========================================================================
fact_kind            subjects
===================  ========================================================================
total_budget         budget_total (收支总预算/收支总计), income_total (收入预算), expenditure_total
                     (支出预算), income_current_total / expenditure_current_total (本年收入/支出合计:
                     the year's, without 上年结转), fiscal_total (财政拨款收支总预算), general_budget_total
                     (一般公共预算拨款合计/当年支出), fiscal_expenditure_total (财政拨款支出),
                     gov_fund_expenditure, state_capital_expenditure
income_source        general_budget, gov_fund, state_capital, fiscal, carryover, other, other_funds,
                     institution (事业收入), operating, superior_subsidy, subordinate_remit,
                     special_account, unit_funds
expenditure_type     basic, project, reserve (预留机动经费), carryover, carryover_out
basic_split          personnel (人员经费), public (公用经费)
function_class       3-digit code when printed ("(201类)", "(201)"), else the 类 name as printed
function_item        7/5-digit code when every level prints its code, else "类/款/项" names
economic_class       3/5-digit economic code printed as "工资福利支出(301)9963.32 万元"
three_public         total, abroad, vehicle_total, vehicle_purchase, vehicle_operation, reception,
                     meeting (会议费), training (培训费)
operating_cost       total (机关/单位/事业单位运行经费)
procurement          total, goods, works, services, sme_reserved, small_micro_reserved
assets               building (area_m2, amount), vehicle and vehicle_<use> (count, amount),
                     furniture, other, fixed_assets_total, vehicle_purchase_budget (amount),
                     large_equipment_<threshold 万元> (count or amount); planned purchases in a
                     sentence that says 购置/采购/拟新增… get the prefix ``planned_``
staff                authorized, authorized_admin, authorized_institution, actual, in_service,
                     retired, retired_early (离休), retired_total (离退休): ``count`` and
                     ``change_count`` (增加/减少 N 人, signed)
project              the project name: amount, policy_basis, period, implementer, allocation (text)
performance          overall, fiscal_projects, nonfiscal_projects, target_projects: count, amount
===================  ========================================================================

The keywords of every subject and the project-list labels are data
(``ingest/data/narrative_patterns.csv``); this module holds only the sentence grammar: a keyword,
a short lead ("预算数为", "2024年"), a number and its unit, then share / change / reason phrases up to
the end of the clause. CSV columns: ``pattern`` is a regex with (?:…) groups only (at one position
the pattern with the longest fixed part wins); ``value_class`` says which units and follow-up
phrases apply (money | staff | vehicle | building | perf; ``label`` for project-list labels, whose
``attribute`` names the fact); ``side`` chooses between two rows with the same words by the last
total seen (收入预算 → income, 支出预算 → expenditure); ``weak`` = 1 marks generic words that belong
to the keyword right before them ("“三公”经费预算支出"); ``planned`` = 1 prefixes ``planned_`` to
the subject inside a purchase sentence. A number printed without a unit word gets no fact when the subject needs a
unit (amounts): "邮电费 8，" is a broken figure, not 8 of anything. Head counts may be unitless
("编制数 15"); their unit is then None.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from .aliases import DATA, data_rows
from .model import Fact
from .units import money_pattern, money_units

_DATA = DATA / "narrative_patterns.csv"

_MASK = "\ue000"          # replaces text that must not be read (reasons, consumed spans); same length
_CJK = "\u4e00-\u9fff"
_NUM = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MONEY = money_pattern()
_UNIT = rf"{_MONEY}|平方米|m2|人次|人|名|辆|台\(套\)|台|套|个|%"
_CONTEXT_MAX = 200

# ----------------------------------------------------------------------------------------------
# Line classes
# ----------------------------------------------------------------------------------------------
_DIGIT = re.compile(r"\d")
_BARE_NUM = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?|[※\-—–]+")
_PAGE_NO = re.compile(r"[-─—–\s]*(?:第\s*)?\d{1,3}\s*页?[-─—–\s]*")
_SENTENCE_PUNCT = re.compile(r"[,。;:、]")
_NUM_WITH_UNIT = re.compile(r"\d\s*(?:万|元|%|人|辆|平方米|个)|\d{4}\s*年")
_COLUMNS = re.compile(r"\S\s{3,}\S.*\S\s{3,}\S")
_NUMBERING = r"(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\(\d{1,2}\)|\d{1,2}[、.](?!\d))"
_HEADING = re.compile(rf"\s*(?:{_NUMBERING}|表\s*[一二三四五六七八九十\d]+|附件|目\s*录)")
_HEADING_ENDS = ("说明", "情况", "概况", "职能", "职责")
_HEADING_START = frozenset("第一二三四五六七八九十(0123456789表附目")
_PAGE_START = frozenset("-─—–第0123456789")
_TOP_HEADING = re.compile(r"\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_LABEL = re.compile(rf"\s*{_NUMBERING}?\s*(?!其中|包括|主要|原因|说明|注)[{_CJK}/]{{3,14}}\s*:")
_TOKEN = re.compile(r"\S+")
_SPACE = re.compile(r"\s")
_WS_KEEP = re.compile(r"(?<=[0-9A-Za-z])\s+(?=[0-9A-Za-z])")
_WS_ANY = re.compile(r"\s+")
_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


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
# Pattern data
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Rule:
    fact_kind: str
    subject: str
    pattern: str
    value_class: str
    side: str
    weak: bool
    planned: bool
    attribute: str


@dataclass(frozen=True)
class _Patterns:
    candidates: re.Pattern[str]         # the two-character starts of all keywords
    by_prefix: dict[str, tuple[re.Pattern[str], tuple[int, ...]]]  # start → its keywords
    rules: tuple[tuple[_Rule, ...], ...]  # rules of keyword group i
    label: re.Pattern[str]              # project-list labels
    label_attr: dict[str, str]          # label group name → attribute

    def keywords(self, ws: str, start: int, end: int):
        """(start, end, group) of keyword matches in ws[start:end], leftmost first, non-overlapping;
        at one position the pattern with the longest fixed part wins."""
        search = self.candidates.search
        pos = start
        while True:
            c = search(ws, pos, end)
            if c is None:
                return
            p = c.start()
            rx, groups = self.by_prefix[c.group()]
            m = rx.match(ws, p, end)
            if m is None:
                pos = p + 1
                continue
            yield p, m.end(), groups[(m.lastindex or 1) - 1]
            pos = m.end()


def _parser():
    try:
        from re import _constants as const, _parser as parser  # Python ≥ 3.11
    except ImportError:  # pragma: no cover
        import sre_constants as const  # type: ignore[no-redef]
        import sre_parse as parser  # type: ignore[no-redef]
    return const, parser


_PREFIX = 2


def _starts(pattern: str) -> set[str]:
    """Every text of _PREFIX characters a match of pattern can start with (keywords are short,
    literal-like patterns; anything looser is refused so a typo in the data fails loudly)."""
    const, parser = _parser()

    def loose() -> ValueError:
        return ValueError(f"{_DATA.name}: keyword {pattern!r} starts too loosely to index")

    def seq(items, k: int) -> set[str]:
        out = {""}
        for op, av in items:
            if all(len(x) >= k for x in out):
                break
            nxt = set()
            for x in out:
                if len(x) >= k:
                    nxt.add(x)
                else:
                    nxt.update(x + y for y in item(op, av, k - len(x)))
            out = nxt
            if len(out) > 512:
                raise loose()
        return {x[:k] for x in out}

    def item(op, av, k: int) -> set[str]:
        if op is const.LITERAL:
            return {chr(av)}
        if op is const.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is const.LITERAL:
                    chars.add(chr(a))
                elif o is const.RANGE and a[1] - a[0] < 64:
                    chars.update(chr(x) for x in range(a[0], a[1] + 1))
                else:
                    raise loose()
            return chars
        if op is const.SUBPATTERN:
            return seq(av[-1], k)
        if op is const.BRANCH:
            return set().union(*(seq(alt, k) for alt in av[1]))
        if op in (const.MAX_REPEAT, const.MIN_REPEAT):
            lo, hi, sub = av
            one = seq(sub, k)
            out: set[str] = {""} if lo == 0 else set()
            reps = {""}
            for n in range(1, min(hi, k) + 1):
                reps = {(x + y)[:k] for x in reps for y in one}
                if n >= lo:
                    out |= reps
            if lo > k:
                out |= reps
            return out
        if op in (const.ASSERT, const.ASSERT_NOT, const.AT):
            return {""}
        raise loose()

    starts = seq(parser.parse(pattern).data, _PREFIX)
    if any(len(x) < _PREFIX for x in starts):
        raise ValueError(f"{_DATA.name}: keyword {pattern!r} can match fewer than {_PREFIX} characters")
    return starts


def _min_width(pattern: str) -> tuple[int, int]:
    _, parser = _parser()
    lo, hi = parser.parse(pattern).getwidth()
    return lo, min(hi, 1000)


# Facts about spending by function or by type that a section about one fund (政府性基金,
# 国有资本经营) states for that fund alone: landed as '<fund>_<kind>', so no rule reads them as
# the department's all-funds or 一般公共预算 figures.
_FUND_SCOPED_KINDS = frozenset({"function_class", "function_item", "expenditure_type"})
_FUND_WORDS = (("gov_fund", re.compile(r"政府性基金")), ("state_capital", re.compile(r"国有资本经营")))
_ANY_FUND = re.compile(r"一般公共预算|财政拨款|政府性基金|国有资本经营")


def _fund_scope(heading: str, current: str | None) -> str | None:
    """The fund a heading puts its section under: the one fund it names apart from the 一般公共预算
    ('2.政府性基金预算当年拨款结构情况'), none when it names the 一般公共预算 or 财政拨款, and the
    section's own otherwise, unless it is a top heading ('四、…'), which starts afresh."""
    named = [fund for fund, words in _FUND_WORDS if words.search(heading)]
    if _ANY_FUND.search(heading):
        return named[0] if len(named) == 1 and not re.search(r"一般公共预算|财政拨款", heading) else None
    return None if _TOP_HEADING.match(heading) else current


# Where the words before a keyword start: the clause's beginning, after an ordinal.
_CLAUSE_MARK = re.compile(r"[。；;，,：:()（）、]")
_LEADING_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)[.．、]?")
# The facts R26 compares with the department's own totals.
_SCOPED_KINDS = frozenset({"total_budget", "expenditure_type"})


@lru_cache(maxsize=None)
def _qualifiers() -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None, bool], ...]:
    return tuple((re.compile(r["qualifier"]), re.compile(r["unless"]) if r["unless"] else None,
                  r["unless_department"] == "1") for r in data_rows("scope_qualifiers.csv"))


def _narrower(ws: str, kw_start: int, department: str | None) -> bool:
    """The words right before a total's keyword narrow it to a part (a project, a fund, a
    transfer, another 预算单位: ingest/data/scope_qualifiers.csv): the sentence is not about the
    department's own figure."""
    start = max(0, kw_start - 40)
    for m in _CLAUSE_MARK.finditer(ws, start, kw_start):
        start = m.end()
    prefix = _LEADING_ORDINAL.sub("", re.sub(r"\s+", "", ws[start:kw_start]))
    for qualifier, unless, unless_department in _qualifiers():
        m = qualifier.search(prefix)
        if m is None or (unless is not None and unless.search(prefix)):
            continue
        named = re.sub(r"(?:本级)?(?:部门|单位)?$", "", prefix)
        # Another unit only when the department's own name is known and is not the one named.
        if unless_department and (not department or named in department or department in named):
            continue
        return True
    return False


@lru_cache(maxsize=None)
def _patterns() -> _Patterns:
    rows = data_rows(_DATA.name)
    groups: dict[str, list[_Rule]] = {}
    labels: list[tuple[str, str]] = []
    for r in rows:
        rule = _Rule(r["fact_kind"], r["subject"], r["pattern"], r["value_class"], r["side"],
                     r["weak"] == "1", r["planned"] == "1", r["attribute"])
        compiled = re.compile(rule.pattern)
        if compiled.groups:
            raise ValueError(f"{_DATA.name}: pattern {rule.pattern!r} must use (?:…) groups only")
        if rule.value_class == "label":
            labels.append((rule.pattern, rule.attribute))
        else:
            groups.setdefault(rule.pattern, []).append(rule)
    # At one position the pattern with the longest fixed part wins (一般公共预算拨款合计 before
    # 一般公共预算): Python alternation takes the first alternative that matches.
    ordered = sorted(groups, key=lambda p: tuple(-w for w in _min_width(p)))
    per_start: dict[str, list[int]] = {}
    for n, pattern in enumerate(ordered):
        for start in _starts(pattern):
            per_start.setdefault(start, []).append(n)
    by_prefix = {start: (re.compile("|".join(f"({ordered[n]})" for n in ns)), tuple(ns))
                 for start, ns in per_start.items()}
    candidates = re.compile("|".join(re.escape(x) for x in sorted(per_start)))
    label_alts = []
    label_attr = {}
    for n, (pattern, attr) in enumerate(labels):
        label_alts.append(f"(?P<L{n}>{pattern})")
        label_attr[f"L{n}"] = attr
    label = re.compile(rf"{_NUMBERING}?(?:{'|'.join(label_alts)}):")
    return _Patterns(candidates, by_prefix, tuple(tuple(groups[p]) for p in ordered), label, label_attr)


# ----------------------------------------------------------------------------------------------
# Sentence grammar (compact text: spaces removed except between two ASCII letters/digits)
# ----------------------------------------------------------------------------------------------
# Between a keyword and its number: "预算数为", "财政拨款预算", "(以合同签订为准)为" — but never a
# comparison ("比上年增加 5 万元" is a change, not the amount).
_FILL_CHAR = rf"(?:(?!比|较|增|减|下降|降低|上升|占|涉及|同比|与上年|与\d)[^\d,;。:、<>=≤≥≦≧%()\[\]费{_MASK}]|\([^()\d]{{0,12}}\))"
_LEAD = re.compile(
    rf"[。:]?{_MASK}*(?:\d{{4}}年度?)?(?P<fill>{_FILL_CHAR}{{0,14}}?)[:]?(?P<num>{_NUM})(?P<unit>{_UNIT})?")
_LEAD_STAFF = re.compile(
    rf"(?:数|人数|人员|总数|为|共|共有)?(?P<num>\d+)(?P<unit>人|名)?(?![\d.万元%个年月日台辆])")
_CONNECT = re.compile(
    rf"[。:]?{_MASK}*(?:\d{{4}}年度?)?{_FILL_CHAR}{{0,14}}?"
    r"(?=比|较|与上年|与去年|与\d{4}|同比|增加|减少|增长|下降|降低|上升|持平|无变化|占|涉及|决算|年初预算)")
_SHARE = re.compile(rf"占(?:比)?[^\d,;。%]{{0,15}}?(?P<num>{_NUM})%")


def _direction_words() -> dict[str, tuple[int, str]]:
    """word → (sign, usage) from ingest/data/direction_words.csv, which the gate's R28 reads too."""
    return {r["word"]: (int(r["sign"]), r["usage"]) for r in data_rows("direction_words.csv")}


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_WORDS = _direction_words()


def _template_leftovers() -> re.Pattern[str]:
    """A template's alternatives left in ('增加(减少)'): ingest/data/wording_flaws.csv, R06 rows,
    which the gate's R06 reads too."""
    return re.compile("|".join(f"(?:{r['pattern']})" for r in data_rows("wording_flaws.csv") if r["rule_id"] == "R06"))


_LEFTOVER = _template_leftovers()
_DIR = _alternation(w for w, (sign, usage) in _WORDS.items() if usage == "change")
_CHG_AMT = re.compile(rf"(?P<dir>{_DIR})了?(?P<num>{_NUM})(?P<unit>{_MONEY})(?:\((?P<pct>{_NUM})%\))?")
_CHG_PCT = re.compile(rf"(?P<dir>{_DIR}|{_alternation(w for w, (_, u) in _WORDS.items() if u == 'rate')})了?(?:为)?(?P<num>{_NUM})%")
_FLAT = re.compile(_alternation(w for w, (_, usage) in _WORDS.items() if usage == "flat"))
# The prior year's figure: after 比/较/与 ("比上年执行数120万元增长…"), or stated on its own
# ("上年执行数为120万元", "2025年执行数120万元": an 执行数 is of a year that has ended).
_PRIOR_WORDS = r"(?:上年|去年|上一年)度?(?:预算|预计执行|执行)?数"
_PRIOR = re.compile(
    rf"(?:(?:比|较|与)(?:上年|去年|上一年|\d{{4}}年)(?:(?!增|减|下降|降低|上升|持平)[^,;。\d]){{0,20}}?"
    rf"|{_PRIOR_WORDS}为?|\d{{4}}年度?(?:预计)?执行数为?)(?P<num>{_NUM})(?P<unit>{_MONEY})")
# This year's amount printed after the prior one ("2025年执行数为120万元,2026年预算数为150万元").
_CURRENT_AFTER_PRIOR = re.compile(
    rf"(?:\d{{4}}年度?|本年度?|今年)(?:预算数|预算)(?:为|安排)?(?P<num>{_NUM})(?P<unit>{_MONEY})")
_ACTUAL = re.compile(rf"(?:支出)?决算(?:数)?为?(?P<num>{_NUM})(?P<unit>{_MONEY})")
_COMPLETION = re.compile(rf"完成(?:年初)?预算的(?P<num>{_NUM})%")
_ARRANGED = re.compile(rf"(?:\d{{4}}年度?)?预算安排(?:为)?(?P<num>{_NUM})(?P<unit>{_MONEY})")
_CHG_COUNT = re.compile(r"(?P<dir>增加|减少)(?P<num>\d+)(?P<unit>人|名)?(?![\d.])")
_VALUE = re.compile(rf"价值(?P<num>{_NUM})(?P<unit>{_MONEY})")
_INVOLVED = re.compile(rf"涉及[^\d,;。]{{0,12}}?(?P<num>{_NUM})(?P<unit>{_MONEY})")
# Body kinds that carry one figure each: (body kind, attribute, pattern with num[/unit]; no unit → %).
_SINGLE_FIGURES = (
    ("prior", "prior_amount", _PRIOR),
    ("actual", "actual_amount", _ACTUAL),
    ("completion", "completion_pct", _COMPLETION),
    ("arranged", "amount", _ARRANGED),
    ("value", "amount", _VALUE),
    ("involved", "amount", _INVOLVED),
)
_CONTINUES = re.compile(rf"{_MASK}*(?:与上年|与去年|与\d{{4}}年|比上年|较上年|比\d{{4}}|较\d{{4}}|同比)")
_CMP_TAIL = rf"(?:上年|去年|上一年|\d{{4}}年|年初)[^,;。]{{0,40}}?(?:{_DIR}|持平|一致|相比|无变化|不变)"
# Phrases whose words must not start a new subject: "占“三公”经费的 31.14%", "比 2025 年“三公”经费…增加".
# (Each alternative starts with a literal so the regex engine can skip ahead quickly.)
_PHRASE = re.compile(rf"占(?:比)?[^\d,;。%]{{0,15}}?{_NUM}%|比{_CMP_TAIL}|较{_CMP_TAIL}|与{_CMP_TAIL}")
_REASON = re.compile(r"主要原因|具体原因|原因|主要是|主要为|主要用于(?!以下|如下)|主要包括|具体包括")
_REASON_MORE = re.compile(r";[二三四五六七八九十]是")
_PLANNED = re.compile(r"购置|采购|拟新增|新增配置|新增配备|拟配置|拟购")

# Classification lines. A 款/项 name may carry a short parenthesis: 政府办公厅(室)及相关机构事务.
_NAMEK = rf"(?:[{_CJK}]|\((?!\d*[类款项]\))[{_CJK}]{{1,6}}\)){{1,40}}?"
_TAIL = (rf"(?:[”\x22:。]|{_MASK}++|科目|支出|\d{{4}}年度?|上年度?|预算数为|预算数|预算为|年初预算为|预算|"
         rf"(?:预计)?执行数为?|为){{0,12}}?")
_ITEM = re.compile(
    rf"(?<![{_CJK}])(?:(?P<c>[{_CJK}]{{2,24}}?)\((?P<cc>\d{{3}})?类\))?"
    rf"(?P<k>{_NAMEK})\((?P<kc>\d{{2}})?款\)(?:(?P<x>{_NAMEK})\((?P<xc>\d{{2}})?项\))?"
    rf"(?P<tail>{_TAIL})(?P<num>{_NUM})(?P<unit>{_MONEY})")
_CLASS = re.compile(
    rf"(?<![{_CJK}])(?P<name>[{_CJK}]{{2,24}}?)\((?P<code>\d{{3}})?类\)(?P<tail>{_TAIL})(?P<num>{_NUM})(?P<unit>{_MONEY})")
_CODED = re.compile(
    rf"(?<![{_CJK}])(?P<name>{_NAMEK})\((?P<code>[235]\d{{2}}(?:\d{{2}}){{0,2}})\)(?P<tail>{_TAIL})(?P<num>{_NUM})(?P<unit>{_MONEY})")
_ITEM_MARK = re.compile(r"款\)")
_CLASS_MARK = re.compile(r"类\)")
_CODE_MARK = re.compile(r"\([235]\d{2}(?:\d{2}){0,2}\)")
_CLASS_HEADING = re.compile(rf"{_NUMBERING}?(?P<name>[{_CJK}]{{2,24}})\((?P<code>\d{{3}})?类\)")
_EQUIPMENT = re.compile(
    rf"(?:单位价值|单价|价值)?在?(?P<thr>\d+)万元(?:\(含\))?以上的?(?:大型)?设备(?:\([^()]{{0,8}}\))?"
    rf"(?:价值(?P<amt>{_NUM})(?P<au>{_MONEY})|(?P<n>\d+)(?P<u>台\(套\)|台|套))")
_NAME_PREFIX = re.compile(r"^(?:其中|包括|主要用于以下方面|主要用于|用于|即|为)")
_AMOUNT_AT = re.compile(rf"[^\d,;。]{{0,6}}?(?P<num>{_NUM})(?P<unit>{_MONEY})")

_INCREASE = {w: sign for w, (sign, _) in _WORDS.items() if sign}

_VALUE_CLASSES = {
    # value class → (lead regex, unit → attribute, body patterns)
    "money": ("lead", {unit: "amount" for unit in money_units()},
              ("share", "change", "prior", "actual", "completion", "arranged")),
    "staff": ("staff", {"人": "count", "名": "count", None: "count"}, ("change_count",)),
    "vehicle": ("lead", {"辆": "count", "台": "count"}, ("value",)),
    "building": ("lead", {"平方米": "area_m2", "m2": "area_m2"}, ("value",)),
    "perf": ("lead", {"个": "count", **{unit: "amount" for unit in money_units()}}, ("involved",)),
}


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


_NUM_UNIT_COMPACT = re.compile(rf"\d(?:{_UNIT})")
_PARENS = re.compile(r"[()]")
# Nil stated without a figure's unit: '因公出国(境)为0', '本年度无财政拨款因公出国(境)费支出'.
_NIL = r"为\s*0(?![\d.])"
_NEGATION = r"无|未安排|没有|未发生"
_SIGNAL = re.compile(r"\d\s*(?:万|亿|千|元|%|人|名|辆|台|套|个|平方米|m2)|编制|持平|无变化|一致|不变|无增减|"
                     rf"{_NIL}|{_NEGATION}")
_NIL_OR_NONE = re.compile(rf"{_NIL}|{_NEGATION}")
_NEGATED = re.compile(rf"(?:{_NEGATION})(?:当年|本年度?)?(?:财政拨款|一般公共预算)?(?:安排的?)?$")
_HEADING_BUDGET = re.compile(rf"(?<!决算)预算(?:数)?为?(?P<num>{_NUM})(?P<unit>{_MONEY})")


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


_LISTED = re.compile(r"(?:及|以及|和|与|、)")


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


_SENTENCE_END = re.compile(r"[^。!?;]*(?:[。!?;]+|$)")
SENTENCE_MAX = 2000


def read_narrative(lines: list[str], doc_id: str, department: str | None = None
                   ) -> tuple[list[Fact], list[tuple[int, str]]]:
    """extract_facts and narrative_sentences of one document, from one reading of its paragraphs.
    department: the document's own department, which a total's qualifier may name."""
    paras = _paragraphs(lines)
    return _facts(paras, doc_id, department), _sentences(paras)


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


def extract_facts(lines: list[str], doc_id: str) -> list[Fact]:
    """Facts stated in the narrative of one document, ordered by source line."""
    return _facts(_paragraphs(lines), doc_id)


def _facts(paras: list[_Para], doc_id: str, department: str | None = None) -> list[Fact]:
    doc = _Doc(doc_id, department)
    for p in paras:
        doc.paragraph(p)
    doc.facts.sort(key=lambda x: (x[0], x[1], x[2]))
    return [f for _, _, _, f in doc.facts]
