"""Distinct copies of a published PDF, for the PDF route of the benchmark: copy k prints another
department's name wherever the original prints its own, and nothing else changes.

A department's name is drawn as glyph codes in the page's content stream. In copy k some of the
name's characters (never its region, never its last character: '局', '委员会' stay) are drawn
with other glyphs of the same embedded font, ones the document prints elsewhere, so its text layer
reads another name ('深圳市信访局' → '深圳市信商局'). A font's ideographs share one width, so
nothing moves (a test copy would show it if one did not). A template is made once per PDF: the name's glyphs to change are shown by their own `Tj`
(the same text position: a string shown in two pieces advances as one), marked by a code no font
uses, in an uncompressed content stream; a copy is then the template's bytes with each mark
replaced by the code of that copy's character, the same length, so the file's offsets stand.

A PDF whose test copy does not read as the original with only the name changed (its name drawn by
a font without a ToUnicode map, or in pieces drawn out of reading order, …) is not used:
`templates` says why, and the bench reports how many PDFs give copies.
"""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Never printed by a copy: a region's name (a copy must stay in its region), nor the words of a
# cover or table title around a name.
AVOID = set("年度部门单位预算决算公开表合计总收支")
MARK = 0xFFF0          # marks 0xFFF0 … 0xFFFF: the n-th changed glyph slot, one per (position, font)
CJK = re.compile(r"[\u4e00-\u9fff]")
SHOW = {b"Tj", b"TJ", b"'", b'"'}


@dataclass
class Template:
    source: Path
    name: str                         # the name as the original prints it
    positions: list[int]              # indexes in name whose character each copy changes
    choices: list[list[str]]          # per position: the characters a copy may print there
    codes: list[dict[str, int]]       # per mark: character → the code its font draws it with
    mark_position: list[int]          # per mark: its index in positions
    data: bytes                       # the template PDF, marks in place of the changed glyphs
    pages: int = 0
    department_year: tuple = ()       # (province, city, county, fiscal year, stage)
    region: str = ""                  # printed before name

    def department_of(self, k: int) -> tuple:
        """Copy k's department-year as ingest tells departments apart: its region, year, stage and
        name key (ingest/identify.department_name_key: '中共江苏省委办公厅' and '江苏省委办公厅' are one)."""
        from types import SimpleNamespace

        from ingest.identify import department_name_key
        province, city, county, year, stage = self.department_year
        info = SimpleNamespace(department_name=self.region + self.name_of(k), province=province, city=city,
                               county=county)
        return (*self.department_year, department_name_key(info))

    def variants(self) -> int:
        n = 1
        for c in self.choices:
            n *= len(c)
        return n

    def name_of(self, k: int) -> str:
        chars = list(self.name)
        for j, pos in enumerate(self.positions):
            k, digit = divmod(k, len(self.choices[j]))
            chars[pos] = self.choices[j][digit]
        return "".join(chars)

    def changing_all(self) -> int:
        """A copy number whose name differs from the original at every position."""
        k, radix = 0, 1
        for c in self.choices:
            k, radix = k + radix, radix * len(c)
        return k

    def copy(self, k: int) -> bytes:
        new = self.name_of(k)
        data = self.data
        for m, j in enumerate(self.mark_position):
            code = self.codes[m][new[self.positions[j]]]
            data = data.replace(b"<%04x>" % (MARK + m), b"<%04x>" % code)
        return data


def verify(template: Template, k: int, original: str, copy: str) -> str | None:
    """Why copy k's text layer is not the original's with the name changed, or None."""
    old, new = template.name, template.name_of(k)
    if len(original) != len(copy):
        return "its text layer changed length"
    changed = {(a, b) for a, b in zip(old, new) if a != b}
    if any(a != b and (a, b) not in changed for a, b in zip(original, copy)):
        return "its text layer changed beyond the name"
    flat = re.compile(r"\s+")
    if flat.sub("", copy).count(new) != flat.sub("", original).count(old):
        return "some of its name's mentions stayed as they were"
    return None


def _to_unicode(font) -> dict[int, str] | None:
    """A two-byte font's code → character map from its ToUnicode CMap (None: not such a font)."""
    if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
        return None
    text = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    out: dict[int, str] = {}

    def chars(hexes: str) -> str:
        return bytes.fromhex(hexes).decode("utf-16-be", errors="replace")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            out[int(src, 16)] = chars(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, rest in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])", block):
            lo, hi = int(lo, 16), int(hi, 16)
            if rest.startswith("["):
                for i, d in enumerate(re.findall(r"<([0-9a-fA-F]*)>", rest)):
                    out[lo + i] = chars(d)
            else:
                first = int(rest[1:-1], 16)
                width = len(rest) - 2
                for i in range(hi - lo + 1):
                    out[lo + i] = chars(f"{first + i:0{width}x}")
    return out


def _raw(s) -> bytes | None:
    """A shown string's bytes (pypdf parses some as text), or None for a TJ adjustment."""
    from pypdf.generic import ByteStringObject, TextStringObject
    if isinstance(s, TextStringObject):
        return s.get_encoded_bytes()        # the bytes pypdf writes back: the ones it read
    if isinstance(s, ByteStringObject):
        return bytes(s)
    return None


def _glyphs(operations, fonts) -> list[tuple[int, int, int, str, str]]:
    """Every glyph the content stream shows with a two-byte font, in drawing order:
    (operation, operand element or -1, code offset, font name, character)."""
    from pypdf.generic import ArrayObject
    out = []
    font = None
    for i, (operands, op) in enumerate(operations):
        if op == b"Tf":
            font = operands[0]
        elif op in SHOW and font in fonts and fonts[font] is not None:
            cmap = fonts[font]
            target = operands[-1]
            items = list(enumerate(target)) if isinstance(target, ArrayObject) else [(-1, target)]
            for e, s in items:
                raw = _raw(s)
                if raw is None:
                    continue
                for off in range(0, len(raw) - 1, 2):
                    code = raw[off] << 8 | raw[off + 1]
                    out.append((i, e, off, font, cmap.get(code, "")))
    return out


def _region_characters() -> set[str]:
    from ingest.identify import regions
    return {ch for r in regions().values() for text in (r.name, *r.aliases) for ch in text}


def _font_key(ref) -> object:
    return ref.indirect_reference.idnum if getattr(ref, "indirect_reference", None) else id(ref)


def _holders(writer):
    """Every content stream that draws text: each page's, and each form XObject's it draws, with
    the fonts of its resources: (ContentStream, {font name: font key}, write back)."""
    from pypdf.generic import ContentStream, NameObject
    maps: dict = {}
    seen: set = set()
    out = []

    def fonts_of(res) -> dict:
        found = {}
        for fname, fref in ((res or {}).get("/Font") or {}).items():
            key = _font_key(fref)
            if key not in maps:
                maps[key] = _to_unicode(fref.get_object())
            found[fname] = key
        return found

    def walk(cs, res, write):
        res = res.get_object() if res is not None else {}
        out.append((cs, fonts_of(res), write))
        forms = {}
        for xname, xref in (res.get("/XObject") or {}).items():
            x = xref.get_object()
            if x.get("/Subtype") == "/Form" and _font_key(xref) not in seen:
                forms[xname] = (xref, x)
        for operands, op in cs.operations:
            if op == b"Do" and operands and operands[0] in forms:
                xref, x = forms.pop(operands[0])
                seen.add(_font_key(xref))

                def write_form(new, x=x):
                    # Stored unfiltered: a copy's marks must be findable in the file's bytes.
                    for k in ("/Filter", "/DecodeParms"):
                        if k in x:
                            del x[NameObject(k)]
                    x._data = new.get_data()
                walk(ContentStream(x, writer), x.get("/Resources") or res, write_form)

    for page in writer.pages:
        if page.get_contents() is None:
            continue
        walk(ContentStream(page.get_contents(), writer), page.get("/Resources"),
             lambda new, page=page: page.replace_contents(new))
    return out, maps


def make_template(source: Path, name: str, region: str, copies: int) -> Template | str:
    """The template for `copies` distinct copies of source, whose department prints as name
    (its region's name first, if it prints it: region), or the reason none can be made."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject
    writer = PdfWriter(clone_from=PdfReader(source))
    # The name less its region ('信访局' of '深圳市信访局'): what the document prints wherever it
    # names itself, in a sentence or wrapped over two lines.
    if region and name.startswith(region):
        name = name[len(region):]
    # Never a region's character: '中共江苏省委办公厅' keeps its '江苏省'.
    positions_all = [i for i in range(len(name) - 1) if CJK.match(name[i]) and name[i] not in _region_characters()]
    if not positions_all:
        return "its name has no character to change"
    holders, maps = _holders(writer)
    # Where the name is drawn: runs of its characters in drawing order, spaces aside.
    hits = []                          # (holder, [glyph per character of name])
    for h, (cs, fonts, _) in enumerate(holders):
        glyphs = [g for g in _glyphs(cs.operations, {f: maps[k] for f, k in fonts.items()}) if g[4].strip()]
        text = "".join(g[4] if len(g[4]) == 1 else "\0" for g in glyphs)
        for m in re.finditer(re.escape(name), text):
            hits.append((h, glyphs[m.start():m.end()]))
    if not hits:
        return "its name is not drawn with a two-byte font that has a ToUnicode map"
    # Characters a copy may print at a position: CJK characters every font drawing it there has.
    choices, positions = [], []
    for pos in positions_all:
        common = None
        for h, run in hits:
            have = {ch for ch in maps[holders[h][1][run[pos][3]]].values() if len(ch) == 1 and CJK.match(ch)}
            common = have if common is None else common & have
        ok = sorted((common or set()) - {name[pos]} - AVOID - _region_characters())
        if ok:
            positions.append(pos)
            choices.append([name[pos]] + ok)
    # As few positions as give enough variants, the most varied first.
    chosen, n = [], 1
    for j in sorted(range(len(positions)), key=lambda j: -len(choices[j])):
        if n >= copies:
            break
        chosen.append(j)
        n *= len(choices[j])
    if n < copies:
        return f"its fonts give only {n} distinct names, {copies} are needed"
    chosen.sort()
    positions = [positions[j] for j in chosen]
    choices = [choices[j] for j in chosen]
    marks: dict[tuple, int] = {}       # (position index, font key) → mark number
    codes: list[dict[str, int]] = []
    mark_position: list[int] = []
    targets: dict[int, dict[int, dict]] = {}      # holder → operation → {(element, offset): mark}
    for h, run in hits:
        for j, pos in enumerate(positions):
            g = run[pos]
            key = holders[h][1][g[3]]
            if (j, key) not in marks:
                if len(marks) >= 16:
                    return "its name is drawn with too many fonts"
                marks[(j, key)] = len(marks)
                inverse: dict[str, int] = {}
                for code, ch in sorted(maps[key].items()):
                    inverse.setdefault(ch, code)
                codes.append(inverse)
                mark_position.append(j)
            targets.setdefault(h, {}).setdefault(g[0], {})[(g[1], g[2])] = marks[(j, key)]
    for h, ops in targets.items():
        cs, _, write = holders[h]
        new_ops = []
        for i, (operands, op) in enumerate(cs.operations):
            t = ops.get(i)
            if t is None:
                new_ops.append((operands, op))
                continue
            # The operation drawn in pieces, each changed glyph by a Tj of its own.
            if op in (b"'", b'"'):        # moving to the next line first, with nothing shown
                new_ops.append((list(operands[:-1]) + [ByteStringObject(b"")], op))
            target = operands[-1]
            items = list(enumerate(target)) if isinstance(target, ArrayObject) else [(-1, target)]
            run: list = []
            for e, s in items:
                raw = _raw(s)
                if raw is None:
                    run.append(s)
                    continue
                start = 0
                for off in range(0, len(raw) - 1, 2):
                    if (e, off) in t:
                        if off > start:
                            run.append(ByteStringObject(raw[start:off]))
                        if run:
                            new_ops.append(([ArrayObject(run)], b"TJ"))
                            run = []
                        new_ops.append(([ByteStringObject((MARK + t[(e, off)]).to_bytes(2, "big"))], b"Tj"))
                        start = off + 2
                if start < len(raw):
                    run.append(ByteStringObject(raw[start:]))
            if run:
                new_ops.append(([ArrayObject(run)], b"TJ"))
        cs.operations = new_ops
        write(cs)
    buf = io.BytesIO()
    writer.write(buf)
    data = buf.getvalue()
    placed = [0] * len(marks)
    for ops in targets.values():
        for t in ops.values():
            for m in t.values():
                placed[m] += 1
    if any(data.count(b"<%04x>" % (MARK + m)) != placed[m] for m in range(len(marks))):
        return "its marks are not each where a changed glyph is"
    return Template(source, name, positions, choices, codes, mark_position, data)


def _printed_name(info) -> tuple[str, str] | None:
    """(region prefix, the rest) of the department's name as the document prints it: '深圳市信访局'
    → ('深圳市', '信访局'); a qualifier the tables add ('(本级)') left out."""
    from ingest.identify import regions
    name = re.split(r"[(（]", info.department_name or "")[0]
    if not name or not info.fiscal_year:
        return None
    printed = sorted({p for r in (info.province, info.city, info.county) if r and r in regions()
                      for p in (r, *regions()[r].aliases)}, key=len, reverse=True)
    region = ""
    while True:
        p = next((p for p in printed if name.startswith(region + p)), None)
        if p is None:
            return region, name[len(region):]
        region += p


@lru_cache(maxsize=None)
def _read(f: Path):
    """(its text layer, its pages, (region, name), (province, city, county, year, stage)) of a PDF usable as a template, or why it is not."""
    from ingest.pipeline import NotADisclosure, ingest_pdf
    from ingest.readers.pdf import UnreadablePdf, read_pdf
    data = f.read_bytes()
    try:
        original = read_pdf(data)
        if original.pages_without_text:
            return "pages without a text layer"
        info = ingest_pdf(data, f.name).info
    except (UnreadablePdf, NotADisclosure) as exc:
        return f"not read as a disclosure: {str(exc)[:60]}"
    printed = _printed_name(info)
    if not printed:
        return "no department name or year"
    return original.text, original.pages, printed, (info.province, info.city, info.county, info.fiscal_year,
                                                     info.stage)


def templates(files: list[Path], copies: int, say=print) -> tuple[list[Template], dict[Path, str]]:
    """Templates for the PDFs that can give `copies` distinct copies each, and why each other file
    cannot. A file is used when its every page has a text layer (no OCR), it reads as a disclosure
    naming its department and year, and a test copy (every varied position changed) reads as the
    original with only the name changed."""
    from ingest.readers.pdf import read_pdf
    made: list[Template] = []
    rejected: dict[Path, str] = {}
    texts: dict[str, Path] = {}
    for i, f in enumerate(files):
        read = _read(f)
        if isinstance(read, str):
            rejected[f] = read
            continue
        text, pages, printed, t_key = read
        sha = hashlib.sha256(text.encode()).hexdigest()
        if sha in texts:
            rejected[f] = f"the same text as {texts[sha].name}"
            continue
        texts[sha] = f
        t = make_template(f, printed[0] + printed[1], printed[0], copies)
        if isinstance(t, str):
            rejected[f] = t
            continue
        k = t.changing_all()
        why = verify(t, k, text, read_pdf(t.copy(k)).text)
        if why:
            rejected[f] = why
            continue
        t.pages, t.department_year, t.region = pages, t_key, printed[0]
        made.append(t)
        if (i + 1) % 20 == 0:
            say(f"pdf templates: {i + 1}/{len(files)} read, {len(made)} usable")
    return made, rejected
