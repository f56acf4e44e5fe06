"""What a reviewer takes away from a check: each finding placed on its page (the figures the rule
compared, boxed), the original PDF annotated, a spreadsheet of the findings and a printable
summary, all in 中文.

Where a finding's figures are printed: the source lines the finding names (its own, and every
"第N行" of its detail); on those lines, the table cells whose amount is one the rule compared (their
boxes were landed with them), and the narrative facts likewise (found on their page by their
printed text). A finding with no figure to point at (a table not disclosed) is noted on the page
its line is on, else on the first page."""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

SEVERITY_ZH = {"error": "错误", "warn": "警告", "info": "提示"}
VERDICT_ZH = {"pass": "通过", "fail": "未通过", "undecided": "无法判定", "refused": "未检查"}


@dataclass
class Mark:
    page: int                       # from 1
    box: tuple[float, float, float, float] | None   # left, bottom, right, top (PDF points); None: to find
    text: str                       # the printed figure
    line: int | None = None         # its source line


@dataclass
class Finding:
    number: int
    rule_id: str
    severity: str
    message: str
    detail: str | None
    basis: str | None
    page: int | None
    source_line: int | None
    expected_yuan: Decimal | None
    actual_yuan: Decimal | None
    difference_yuan: Decimal | None
    is_waived: bool
    doc_id: str
    table_kind: str | None
    subject_code: str | None
    decision: str | None            # the reviewer's: waive | false_finding
    waiver_reason: str | None
    decided_by: str | None
    marks: list[Mark] = field(default_factory=list)
    images: list[str] = field(default_factory=list)   # its pages, marks drawn (relative to the check folder)

    @property
    def key(self) -> str:
        """The same problem in a corrected version of the document: its rule and what it is about
        (the message without its figures)."""
        return self.rule_id + "|" + re.sub(r"[0-9][0-9,.]*", "#", self.detail or self.message)


def findings_of(warehouse: Path, doc_id: str) -> tuple[list[Finding], dict[int, tuple[float, float]]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("""
            select f.rule_id, f.severity, f.message, f.detail, r.basis, f.page, f.source_line,
                   f.expected_yuan, f.actual_yuan, f.difference_yuan, f.is_waived, f.doc_id, f.table_kind,
                   f.subject_code, f.decision, f.waiver_reason, f.decided_by
            from main.fct_compliance_findings as f
            left join reference.ref_rules as r on f.rule_id = r.rule_id
            where f.doc_id = ?
            order by case f.severity when 'error' then 0 when 'warn' then 1 else 2 end,
                     f.page nulls last, f.source_line nulls last, f.rule_id""", [doc_id]).fetchall()
        findings = [Finding(k + 1, *row) for k, row in enumerate(rows)]
        cells = con.execute("""
            select source_line, source_line_end, page, amount_yuan, amount_raw,
                   box_left, box_bottom, box_right, box_top
            from main.fct_table_cells
            where doc_id = ? and amount_yuan is not null""", [doc_id]).fetchall()
        facts = con.execute("""
            select source_line, page, amount_yuan, value_raw
            from main.fct_narrative_facts
            where doc_id = ? and amount_yuan is not null and page is not null""", [doc_id]).fetchall()
        pages = dict(con.execute("select page, first_line from landed.ingest_pages where doc_id = ?",
                                 [doc_id]).fetchall()) if _has_pages(con) else {}
    finally:
        con.close()
    line_heights: dict[int, tuple[float, float]] = {}
    for line, _, _, _, _, left, bottom, _, top in cells:
        if left is not None:
            low, high = line_heights.get(line, (float(bottom), float(top)))
            line_heights[line] = (min(low, float(bottom)), max(high, float(top)))
    for f in findings:
        _place(f, cells, facts)
        if f.page is None and f.source_line is not None and pages:
            f.page = max((p for p, first in pages.items() if first <= f.source_line), default=None)
    return findings, line_heights


def _has_pages(con) -> bool:
    return bool(con.execute("select 1 from information_schema.tables where table_schema = 'landed' "
                            "and table_name = 'ingest_pages'").fetchone())


def _lines(f: Finding) -> set[int]:
    found = {int(n) for n in re.findall(r"第(\d+)行", f.detail or f.message or "")}
    if f.source_line is not None:
        found.add(f.source_line)
    return found


def _place(f: Finding, cells: list, facts: list) -> None:
    amounts = {a for a in (f.expected_yuan, f.actual_yuan) if a is not None}
    lines = _lines(f)
    if not amounts or not lines:
        return
    for line, line_end, page, amount, raw, left, bottom, right, top in cells:
        if amount in amounts and (line in lines or (line_end or line) in lines) and page is not None:
            box = None if left is None else (float(left), float(bottom), float(right), float(top))
            f.marks.append(Mark(page, box, raw, line))    # a cell read without its box: found by its text
    for line, page, amount, raw in facts:
        if amount in amounts and line in lines:
            f.marks.append(Mark(page, None, raw, line))   # a narrative figure: found on its page by its text
    if f.page is None and f.marks:
        f.page = f.marks[0].page


def locate_text_marks(pdf_path: Path, findings: list[Finding], line_heights: dict[int, tuple[float, float]]) -> None:
    """A narrative figure (or a cell read without its box) is found by its printed text on its page:
    where it is printed once, or where one of its printings sits at the height of its line (known
    from the boxed cells of that line). Anything else is not marked: a box is never guessed."""
    import pypdfium2 as pdfium

    pending = [m for f in findings for m in f.marks if m.box is None]
    if pending:
        pdf = pdfium.PdfDocument(str(pdf_path))
        searched: dict[tuple[int, str], list] = {}
        try:
            for m in pending:
                if not 1 <= m.page <= len(pdf):
                    continue
                hits = searched.setdefault((m.page, m.text), _find_all(pdf[m.page - 1], m.text))
                if len(hits) == 1:
                    m.box = hits[0]
                elif m.line in line_heights:
                    low, high = line_heights[m.line]
                    level = [h for h in hits if low - 2 <= (h[1] + h[3]) / 2 <= high + 2]
                    if len(level) == 1:
                        m.box = level[0]
        finally:
            pdf.close()
    for f in findings:
        f.marks = [m for m in f.marks if m.box is not None]


# A finding about a table that is missing or empty (R01 / R02) names the table 「…」: where the
# document names it (its contents entry, or the heading of the empty table) is where to look.
TABLE_RULES = {"R01", "R02"}


def locate_named_tables(pdf_path: Path, findings: list[Finding]) -> None:
    import pypdfium2 as pdfium

    wanted = [(f, m.group(1)) for f in findings if f.rule_id in TABLE_RULES and not f.marks
              for m in [re.search(r"「([^」]{4,40})」", f.detail or f.message or "")] if m]
    if not wanted:
        return
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for f, name in wanted:
            for number in range(1, len(pdf) + 1):
                hits = _find_all(pdf[number - 1], name)
                if hits:
                    f.marks.append(Mark(number, hits[0], name))
                    f.page = number
                    break
    finally:
        pdf.close()


def _find_all(page, text: str) -> list[tuple[float, float, float, float]]:
    textpage = page.get_textpage()
    searcher = textpage.search(text, match_whole_word=False)
    found = []
    while (hit := searcher.get_next()) is not None:
        index, count = hit
        boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
        found.append((min(b[0] for b in boxes), min(b[1] for b in boxes),
                      max(b[2] for b in boxes), max(b[3] for b in boxes)))
    return found


def page_images(pdf_path: Path, findings: list[Finding], folder: Path, scale: float = 1.5) -> None:
    """Each page a finding points at, rendered, with its marks drawn in red:
    pages/finding-<n>-p<page>.png (its own page alone when it has no mark)."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for f in findings:
            pages = sorted({m.page for m in f.marks}) or ([f.page] if f.page else [])
            for number in pages:
                if not 1 <= number <= len(pdf):
                    continue
                page = pdf[number - 1]
                image = page.render(scale=scale).to_pil().convert("RGB")
                left, _, _, top = page.get_cropbox()
                draw = ImageDraw.Draw(image)
                for m in f.marks:
                    if m.page == number:
                        x0, y0 = (m.box[0] - left) * scale, (top - m.box[3]) * scale
                        x1, y1 = (m.box[2] - left) * scale, (top - m.box[1]) * scale
                        draw.rectangle((x0 - 3, y0 - 3, x1 + 3, y1 + 3), outline=(220, 0, 0), width=3)
                name = f"finding-{f.number}-p{number}.png"
                image.save(folder / name)
                f.images.append(f"pages/{name}")
    finally:
        pdf.close()


def annotated_pdf(pdf_path: Path, findings: list[Finding], out: Path) -> None:
    """The original PDF with, per finding, a highlight over each boxed figure carrying the finding's
    text, or a note at the top of its page when there is no figure to point at."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Highlight, Text
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    reader = PdfReader(str(pdf_path))
    writer = PdfWriter(clone_from=reader)
    for f in findings:
        text = _note(f)
        placed = False
        for m in f.marks:
            if not 1 <= m.page <= len(writer.pages):
                continue
            l, b, r, t = m.box
            quad = ArrayObject([FloatObject(v) for v in (l, t, r, t, l, b, r, b)])
            annot = Highlight(rect=(l - 1, b - 1, r + 1, t + 1), quad_points=quad,
                              highlight_color="ff4040" if f.severity == "error" else "ffc000")
            annot[NameObject("/Contents")] = TextStringObject(text)
            annot[NameObject("/T")] = TextStringObject(f"{f.rule_id} {SEVERITY_ZH.get(f.severity, f.severity)}")
            writer.add_annotation(page_number=m.page - 1, annotation=annot)
            placed = True
        if not placed:
            index = (f.page or 1) - 1
            if not 0 <= index < len(writer.pages):
                index = 0
            box = writer.pages[index].mediabox
            x, y = float(box.left) + 20, float(box.top) - 40 - 18 * (f.number % 10)
            note = Text(rect=(x, y, x + 20, y + 20), text=text)
            note[NameObject("/T")] = TextStringObject(f"{f.rule_id} {SEVERITY_ZH.get(f.severity, f.severity)}")
            writer.add_annotation(page_number=index, annotation=note)
    with out.open("wb") as fh:
        writer.write(fh)


def _yuan(v: Decimal | None) -> str:
    return "" if v is None else f"{v:,.2f}"


def _note(f: Finding) -> str:
    parts = [f"[{f.rule_id}] {SEVERITY_ZH.get(f.severity, f.severity)}：{f.detail or f.message}"]
    if f.expected_yuan is not None or f.actual_yuan is not None:
        parts.append(f"应为 {_yuan(f.expected_yuan)} 元；实为 {_yuan(f.actual_yuan)} 元；差额 {_yuan(f.difference_yuan)} 元")
    if f.basis:
        parts.append(f"依据：{f.basis}")
    if f.is_waived:
        parts.append(_decided(f))
    return "\n".join(parts)


def _decided(f: Finding) -> str:
    what = "审阅人标为读取错误" if f.decision == "false_finding" else "已豁免"
    return f"（{what}：{f.waiver_reason or ''}{'，' + f.decided_by if f.decided_by else ''}）"


def findings_xlsx(findings: list[Finding], result, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    header = ["序号", "页码", "行", "规则", "严重度", "问题说明", "应为（元）", "实为（元）", "差额（元）", "规则依据", "审阅决定"]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in findings:
        ws.append([f.number, f.page, f.source_line, f.rule_id, SEVERITY_ZH.get(f.severity, f.severity),
                   f.detail or f.message,
                   f.expected_yuan, f.actual_yuan, f.difference_yuan,     # exact decimals, written as printed
                   f.basis, _decided(f) if f.is_waived else "否"])
    for col, width in zip("ABCDEFGHIJK", (6, 6, 7, 8, 8, 80, 18, 18, 16, 40, 8)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=9):
        for cell in row:
            cell.number_format = "#,##0.00"
    summary = wb.create_sheet("结论")
    for label, value in _facts(result, findings):
        summary.append([label, value])
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["B"].width = 60
    wb.save(out)


def _facts(result, findings: list[Finding]) -> list[tuple[str, str]]:
    doc = result.document or {}
    errors = [f for f in findings if f.severity == "error" and not f.is_waived]
    return [
        ("文件", result.stored.display_name if result.stored else ""),
        ("部门", str(doc.get("department_name") or "未识别")),
        ("年度", str(doc.get("fiscal_year") or "未识别")),
        ("阶段", {"budget": "预算", "final": "决算"}.get(str(doc.get("stage")), "未识别")),
        ("结论", VERDICT_ZH.get(result.verdict, result.verdict)),
        ("说明", result.message),
        ("未豁免的错误", str(len(errors))),
        ("警告", str(sum(1 for f in findings if f.severity == "warn"))),
        ("页数", str(result.pages or "")),
    ]


def summary_md(findings: list[Finding], result, changes: dict | None) -> str:
    lines = ["# 公开文件检查报告", ""]
    for label, value in _facts(result, findings):
        lines.append(f"- **{label}**：{value}")
    if changes:
        lines += ["", "## 与上一版比较", "",
                  f"- 已修正：{len(changes['fixed'])}　仍存在：{len(changes['open'])}　新出现：{len(changes['new'])}"]
        for text in changes["fixed"][:20]:
            lines.append(f"  - 已修正：{text}")
    lines += ["", "## 问题清单", ""]
    if not findings:
        lines.append("未发现问题。")
    for f in findings:
        where = f"第 {f.page} 页" if f.page else "（无页码）"
        lines.append(f"{f.number}. **[{f.rule_id}] {SEVERITY_ZH.get(f.severity, f.severity)}**，{where}："
                     f"{f.detail or f.message}" + (_decided(f) if f.is_waived else ""))
        if f.expected_yuan is not None or f.actual_yuan is not None:
            lines.append(f"   应为 {_yuan(f.expected_yuan)} 元，实为 {_yuan(f.actual_yuan)} 元，"
                         f"差额 {_yuan(f.difference_yuan)} 元。")
        if f.basis:
            lines.append(f"   依据：{f.basis}")
    return "\n".join(lines) + "\n"


class Reports:
    """The report in two halves: what needs only the built warehouse and the PDF (read at once,
    drawn while the gate validates: check/worker.py runs draw() beside it), and what needs the
    verdict (finish())."""

    def __init__(self, result, warehouse: Path):
        self.result = result
        self.folder = result.stored.folder
        self.findings, self.line_heights = findings_of(warehouse, result.doc_id)
        self.artifacts: dict = {}

    def draw(self) -> None:
        document = self.result.stored.document
        if self.result.stored.kind == "pdf":
            locate_text_marks(document, self.findings, self.line_heights)
            locate_named_tables(document, self.findings)
            page_images(document, self.findings, self.folder / "pages")
            annotated_pdf(document, self.findings, self.folder / "annotated.pdf")
            self.artifacts["annotated_pdf"] = self.folder / "annotated.pdf"

    def finish(self) -> dict:
        from .history import record_and_compare

        folder, findings, result = self.folder, self.findings, self.result
        findings_xlsx(findings, result, folder / "findings.xlsx")
        self.artifacts["findings_xlsx"] = folder / "findings.xlsx"
        changes = record_and_compare(result, findings)
        (folder / "report.md").write_text(summary_md(findings, result, changes), encoding="utf-8")
        self.artifacts["report_md"] = folder / "report.md"
        payload = {"changes": changes, "findings": [_json(f) for f in findings]}
        (folder / "findings.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        self.artifacts["findings_json"] = folder / "findings.json"
        return self.artifacts


def _json(f: Finding) -> dict:
    out = asdict(f)
    for k in ("expected_yuan", "actual_yuan", "difference_yuan"):
        out[k] = None if out[k] is None else str(out[k])
    out["key"] = f.key
    return out
