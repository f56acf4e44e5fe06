"""The narrative's grammar: the fact patterns (ingest/data/narrative_patterns.csv, compiled and
indexed by keyword), scope qualifiers, direction words, and the phrases a sentence is read by."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..aliases import DATA, data_rows
from ..units import money_pattern, money_units


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


_LISTED = re.compile(r"(?:及|以及|和|与|、)")


_SENTENCE_END = re.compile(r"[^。!?;]*(?:[。!?;]+|$)")


SENTENCE_MAX = 2000
