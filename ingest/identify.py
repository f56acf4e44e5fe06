"""Identify a document: department, region, fiscal year, stage, level, publication date, template."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .aliases import data_rows, squash
from .model import DocumentInfo

# '2026年度部门预算', '2026 部门预算' (年 left out before 部门/单位), '2019年部门综合预算'.
TITLE = re.compile(r"(20\d\d)\s*(?:年\s*度?\s*(?:[省市区县]级\s*)?|(?=部门|单位))(部门|单位)?[（(/]?\s*(?:单位)?[）)]?\s*"
                   r"(?:综合\s*)?(预算|决算)")
# '2026年深圳市信访局部门预算': the year first, then the issuer, on the cover's one line.
YEAR_FIRST_TITLE = re.compile(r"^(20\d\d)年度?(\S{2,40}?)(部门|单位)(预算|决算)(?:公开|信息公开)?$")
# '2018 年度江苏省高级人民法院预算公开': the word 部门 left out, the title then ends in 公开.
YEAR_FIRST_PUBLIC = re.compile(r"^(20\d\d)年度?(\S{2,40}?)()(预算|决算)(?:信息)?公开$")
# A table's own title with its year ('2017年政府采购预算表'): a tables-only file's only date.
TABLE_TITLE_YEAR = re.compile(r"(20\d\d)\s*年\s*度?")
TABLE_TITLE_LINE = re.compile(r"^[^，。,:：;；]{0,20}20\d\d年度?[^，。,:：;；]{2,30}表$")
ISSUER = re.compile(r"^(?:编\s*制\s*(?:部\s*门|单\s*位)|部门名称|单位名称|预算单位|部\s*门)\s*[:：]\s*(\S[^\t]*?)"
                    r"(?:\s+(?:金额)?单\s*位\s*[:：].*)?$")
DATE_ONLY = re.compile(r"^\s*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
GS_NUMBERED = re.compile(r"^表[一二三四五六七八九十]+、")


@dataclass(frozen=True)
class Region:
    name: str
    level: str
    parent: str | None
    code: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=None)
def regions() -> dict[str, Region]:
        return {r["region_name"]: Region(r["region_name"], r["level"], r["parent_name"] or None,
                                      r["division_code"],
                                      tuple(a for a in r["aliases"].split("|") if a))
            for r in data_rows("regions.csv")}


def _find_region(texts: list[str]) -> Region | None:
    rank = {"county": 0, "prefecture": 1, "province": 2}
    found = []
    for t in texts:
        for reg in regions().values():
            if reg.name in t or (reg.level != "province" and any(a in t for a in reg.aliases)):
                found.append(reg)
        if found:
            break
    if not found:
        return None
    return min(found, key=lambda r: rank[r.level])


def _chain(reg: Region | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {"province": None, "city": None, "county": None}
    key = {"province": "province", "prefecture": "city", "county": "county"}
    while reg is not None:
        out[key[reg.level]] = reg.name
        reg = regions().get(reg.parent) if reg.parent else None
    return out


def _strip_region_prefix(name: str) -> str:
    """'<province><prefecture><county>X局' → '<county>X局': keep only the lowest region's name."""
    changed = True
    while changed:
        changed = False
        for reg in regions().values():
            if reg.level in ("province", "prefecture") and name.startswith(reg.name):
                rest = name[len(reg.name):]
                if any(rest.startswith(r.name) for r in regions().values()):
                    name, changed = rest, True
    return name


def _names_an_issuer(text: str) -> bool:
    """A department's name, not a part heading ('第一部分'), a contents entry ('三、部门主要工作任务
    ……2'), a sentence, an annex mark or a bare year."""
    return not re.search(r"[。,:]|第.{1,3}部分|附件|\.{3}|…|^[一二三四五六七八九十]+、", text) and \
        len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2


def _year_first_title(head: list[str], k: int) -> re.Match | None:
    """A year-first cover title on line k, or wrapped anywhere onto a short next line
    ('2026 年深圳市人民政府办公厅部门预' / '算')."""
    one = squash(head[k])
    if not re.match(r"20\d\d年", one):
        return None
    nxt = squash(head[k + 1]) if k + 1 < len(head) else ""
    for title in (YEAR_FIRST_TITLE, YEAR_FIRST_PUBLIC):
        m = title.match(one) or (title.match(one + nxt) if 0 < len(nxt) <= 12 else None)
        if m and (title is YEAR_FIRST_TITLE or _names_an_issuer(m.group(2)) and "预算" not in m.group(2)):
            return m
    return None


def _title_text(head: list[str], k: int) -> str:
    """Line k, or line k with the next when the cover wraps right after the year
    ('湖州市退役军人事务局 2026 年' / '部门预算', '江苏省2018年度' / '省级部门预算公开报表') or after
    部门 ('江苏省人大常委会办公厅2018年度部门' / '预算公开')."""
    nxt = head[k + 1] if k + 1 < len(head) else ""
    if re.search(r"20\d\d\s*年\s*度?\s*(?:部门|单位)?$", head[k]) and 0 < len(squash(nxt)) <= 12 and \
            re.match(r"(?:[省市区县]级)?(?:部门|单位)|(?:预算|决算)", squash(nxt)):
        return f"{head[k]} {nxt}"
    return head[k]


def identify(lines: list[str], info: DocumentInfo, table_titles: list[str]) -> None:
    head = [ln.strip() for ln in lines[:400] if ln.strip()]
    title_idx = None
    for k, ln in enumerate(head[:80]):
        m = TITLE.search(_title_text(head, k))
        year_first = None if m else _year_first_title(head, k)
        if m or year_first:
            year, level, stage = (m.group(1), m.group(2), m.group(3)) if m else \
                (year_first.group(1), year_first.group(3), year_first.group(4))
            info.fiscal_year = int(year)
            info.stage = "final" if stage == "决算" else "budget"
            if level:
                info.doc_level = level
            title_idx = k
            break
    if info.doc_level is None:
        words = "".join(head[:80])
        info.doc_level = "单位" if "单位预算" in words and "部门预算" not in words else "部门"
    issuer = None
    for ln in lines:
        m = ISSUER.match(ln.strip().replace("\t", " "))
        if m:
            candidate = m.group(1).strip()
            if candidate and not re.search(r"[\d.]{3,}", candidate):
                issuer = squash(candidate)
                break
    table_issuer = issuer
    if title_idx is not None:
        # The cover: the department's name is printed on the title line before the year, or above it.
        issuer = None
        title = _title_text(head, title_idx)
        m = TITLE.search(title)
        year_first = _year_first_title(head, title_idx)
        before = re.sub(r"(?:部门|单位)$", "", squash(title[:m.start()])) if m else \
            year_first.group(2) if year_first else ""
        if len(before) >= 4 and _names_an_issuer(before):
            issuer = before
        elif title_idx > 0 and 4 <= len(squash(head[title_idx - 1])) <= 40 \
                and _names_an_issuer(head[title_idx - 1]):
            issuer = re.sub(r"(?:部门|单位)$", "", squash(head[title_idx - 1]))   # '北京市教育委员会部门'
            if title_idx > 1 and _find_region([squash(head[title_idx - 2])]) \
                    and len(squash(head[title_idx - 2])) <= 20:
                issuer = squash(head[title_idx - 2]) + issuer
    # A table's 部门名称 names the department unless the cover prints it whole where the table's
    # cell cut it short ('江苏省人大' under the cover's '江苏省人大常委会办公厅').
    if table_issuer is not None and not (issuer and issuer.startswith(table_issuer) and issuer != table_issuer):
        issuer = table_issuer
    region = _find_region([issuer or ""] + head[:30])
    info.__dict__.update(_chain(region))
    if issuer:
        info.department_name = _strip_region_prefix(issuer)
    if info.fiscal_year is None:
        _date_from_table_titles(info, table_titles + [ln for ln in lines if TABLE_TITLE_LINE.match(squash(ln))])
    info.department_name_key = department_name_key(info)
    for ln in reversed(lines):
        m = DATE_ONLY.match(ln)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                info.publication_date = f"{y:04d}-{mo:02d}-{d:02d}"
                break
    if any(GS_NUMBERED.match(squash(t)) for t in table_titles):
        info.template_family = "gs12"
    elif any(re.match(r"^表\s*\d+$", ln) for ln in head) and \
            any("上年结转结余情况明细表" in squash(ln) for ln in head):
        info.template_family = "xj11"
    else:
        info.template_family = "generic"


def _date_from_table_titles(info: DocumentInfo, table_titles: list[str]) -> None:
    """A file of tables with no cover ('2017年政府采购预算表' the only date it prints): its tables'
    titles date it when every year they name is one, and tell the stage when they all say it."""
    titles = [squash(t) for t in table_titles]
    years = {int(y) for t in titles for y in TABLE_TITLE_YEAR.findall(t)}
    if len(years) != 1:
        return
    info.fiscal_year = years.pop()
    stages = {"final" if "决算" in t else "budget" for t in titles if "决算" in t or "预算" in t}
    if len(stages) == 1:
        info.stage = stages.pop()


@lru_cache(maxsize=None)
def _name_forms() -> tuple[tuple[str, str], ...]:
    rows = sorted(data_rows("department_name_forms.csv"), key=lambda r: int(r["seq"]))
    return tuple((r["pattern"], r["replacement"] or "") for r in rows)


def department_name_key(info: DocumentInfo) -> str | None:
    """The department's name less the document's own region names ('江苏省', '江苏'), with the
    forms of ingest/data/department_name_forms.csv applied in order: '中共江苏省委办公厅' and
    '江苏省委办公厅' are both '委办公厅'. One key for every year and stage of a department."""
    if not info.department_name:
        return None
    printed = [p for name in (info.province, info.city, info.county) if name and name in regions()
               for p in (name, *regions()[name].aliases)]
    region = "(?:" + "|".join(re.escape(p) for p in sorted(printed, key=len, reverse=True)) + ")+" \
        if printed else "(?!)"
    key = squash(info.department_name)
    for pattern, replacement in _name_forms():
        key = re.sub(pattern.replace("{region}", region), replacement, key)
    return key or None


COVER_DISCLOSURE = re.compile(r"(?:部门|单位)\s*(?:/\s*单位\s*)?(?:预算|决算)|(?:预算|决算)\s*(?:信息)?\s*公开")


_CLAUSE_PUNCT = re.compile(r"[。,;，；]")


def cover_issuers(lines: list[str]) -> list[tuple[int, str]]:
    """Every cover title in the text ('X局 2024 年部门预算公开', or the year line under the name),
    as (1-based line, issuer name), wherever it stands: a file holding two documents has two."""
    out: list[tuple[int, str]] = []
    previous = ""
    for i, ln in enumerate(lines):
        s = squash(ln)
        if not s:
            continue
        if len(s) <= 60 and "表" not in s and not _CLAUSE_PUNCT.search(s):
            m = TITLE.search(s)
            if m and COVER_DISCLOSURE.search(s):
                before = re.sub(r"^附件\d*", "", s[:m.start()])
                name = before if len(before) >= 4 else (
                    previous if 4 <= len(previous) <= 40 and not re.search(
                        r"[。,:：]|目录|第.部分|附件|^\d", previous) else "")
                if name:
                    out.append((i + 1, _strip_region_prefix(name)))
        previous = s
    return out
