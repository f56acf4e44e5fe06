"""The reviewer's check from the command line (python -m check): a real disclosure gets its
verdict, each finding on its page (the highlight covers the printed figure, read back from the
PDF itself), a spreadsheet and a summary; hostile files are refused with a reason and leave
nothing behind but their own folder; a corrected version says what it fixed."""
from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from check.history import record_and_compare
from check.intake import MAX_NAME, Refused, display_name, store
from check.pipeline import check_file

HERE = Path(__file__).parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
import hostile  # noqa: E402

# 湖州市交通运输局 2026: its 财政拨款收支总表 (表04, page 28, read from the page) prints 一般公共预算
# 35673.03 万元 where the 部门收支总表 (page 21) prints 52244.36; the narrative (page 7) states
# 财政拨款收支总预算 192207.76 万元. Hand-reviewed as real in data/handread/findings_review.csv.
HUZHOU = REPO / "data/pdf/corpus/unlabeled/湖州/2026年湖州市交通运输局部门预算.pdf"
# 西安市审计局 2026: no error finding (its one finding is a warning).
XIAN_AUDIT = REPO / "data/pdf/corpus/unlabeled/西安/2026年西安市审计局部门预算.pdf"


SHELL_NAME = "湖州 交通 $(touch pwned) `touch pwned2`; rm -rf x [最终版].pdf"


def _cli(path: Path, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check", str(path), "--root", str(root)], cwd=REPO,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def huzhou(tmp_path_factory):
    root = tmp_path_factory.mktemp("checks")
    # uploaded under a name a shell would run: it must never reach a shell or a path
    named = tmp_path_factory.mktemp("upload") / SHELL_NAME
    named.write_bytes(HUZHOU.read_bytes())
    run = _cli(named, root)
    folders = [p for p in root.iterdir() if re.fullmatch(r"[0-9a-f]{16}", p.name)]
    assert len(folders) == 1, run.stdout + run.stderr
    return SimpleNamespace(run=run, root=root, folder=folders[0],
                           findings=json.loads((folders[0] / "findings.json").read_text(encoding="utf-8")))


def test_a_disclosure_with_errors_fails_with_exit_1_and_says_each_stage(huzhou):
    assert huzhou.run.returncode == 1, huzhou.run.stdout + huzhou.run.stderr
    for stage in ("接收文件", "打开文件", "读取 40 页", "入库与计算", "规则检查", "生成报告", "结论：未通过"):
        assert stage in huzhou.run.stdout
    rules = [f["rule_id"] for f in huzhou.findings["findings"] if f["severity"] == "error"]
    assert sorted(rules) == ["R23", "R23", "R26"]


def _finding(huzhou, rule: str, page: int) -> dict:
    (found,) = [f for f in huzhou.findings["findings"] if f["rule_id"] == rule and f["page"] == page]
    return found


def _text_in(pdf: Path, page: int, rect) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        left, bottom, right, top = (float(v) for v in rect)
        return doc[page - 1].get_textpage().get_text_bounded(left, bottom, right, top).strip()
    finally:
        doc.close()


def test_the_annotated_pdf_highlights_the_printed_figures_with_the_findings_text(huzhou):
    from pypdf import PdfReader

    pdf = huzhou.folder / "annotated.pdf"
    reader = PdfReader(str(pdf))
    notes = {}
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            notes.setdefault(number, []).append((annot["/Subtype"], str(annot.get("/Contents")), annot["/Rect"]))
    # R23 on page 28: the highlight covers 35673.03, as printed there
    r23 = [(rect) for subtype, text, rect in notes[28] if subtype == "/Highlight" and "[R23]" in text
           and "一般公共预算拨款收入" in text]
    assert [_text_in(pdf, 28, rect) for rect in r23] == ["35673.03"]
    # and on page 21, 52244.36 (the 部门收支总表's figure it was compared with)
    r23_21 = [rect for subtype, text, rect in notes[21] if subtype == "/Highlight" and "[R23]" in text
              and "一般公共预算拨款收入" in text]
    assert [_text_in(pdf, 21, rect) for rect in r23_21] == ["52244.36"]
    # R26 on page 7: the narrative's 192207.76
    r26 = [rect for subtype, text, rect in notes[7] if subtype == "/Highlight" and "[R26]" in text]
    assert [_text_in(pdf, 7, rect) for rect in r26] == ["192207.76"]
    # every finding is on the PDF, with its 中文 text
    total = sum(1 for annots in notes.values() for _, text, _ in annots if text.startswith("["))
    assert total >= len(huzhou.findings["findings"])


def test_each_finding_s_page_image_draws_its_box_where_the_figure_is(huzhou):
    from PIL import Image

    finding = _finding(huzhou, "R26", 7)
    (image,) = finding["images"]
    (mark,) = finding["marks"]
    picture = Image.open(huzhou.folder / image).convert("RGB")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(huzhou.folder / "input" / "document.pdf"))
    left, _, _, top = doc[6].get_cropbox()
    doc.close()
    scale = 1.5
    x0, y0 = (mark["box"][0] - left) * scale - 3, (top - mark["box"][3]) * scale - 3
    x1, y1 = (mark["box"][2] - left) * scale + 3, (top - mark["box"][1]) * scale + 3
    red = lambda p: p[0] > 180 and p[1] < 60 and p[2] < 60  # noqa: E731
    edge = [picture.getpixel((int(x), int(y0))) for x in range(int(x0) + 2, int(x1) - 2)]
    assert edge and all(red(p) for p in edge)                   # the box's top edge, drawn in red
    inside = picture.getpixel((int((x0 + x1) / 2), int((y0 + y1) / 2)))
    assert not red(inside)                                       # the figure itself stays readable


def test_the_spreadsheet_lists_every_finding_with_page_rule_and_exact_amounts(huzhou):
    from openpyxl import load_workbook

    sheet = load_workbook(huzhou.folder / "findings.xlsx")["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("序号", "页码", "行", "规则", "严重度", "问题说明")
    assert len(rows) - 1 == len(huzhou.findings["findings"])
    r23 = [r for r in rows[1:] if r[3] == "R23" and "一般公共预算拨款收入" in r[5]]
    assert [(r[1], r[4], Decimal(str(r[6])), Decimal(str(r[7]))) for r in r23] == \
        [(21, "错误", Decimal("356730300"), Decimal("522443600"))]


def test_the_summary_is_in_chinese_and_names_the_verdict(huzhou):
    text = (huzhou.folder / "report.md").read_text(encoding="utf-8")
    assert "# 公开文件检查报告" in text and "**结论**：未通过" in text and "湖州市交通运输局" in text


def test_a_name_a_shell_would_run_is_only_shown_never_used(huzhou):
    assert huzhou.folder.parent == huzhou.root and len(huzhou.folder.name) == 16
    upload = json.loads((huzhou.folder / "upload.json").read_text(encoding="utf-8"))
    assert upload["display_name"] == SHELL_NAME                    # shown as it came, a name only
    assert sorted(p.name for p in (huzhou.folder / "input").iterdir()) == ["document.pdf"]
    assert not list(REPO.glob("pwned*")) and not list(huzhou.root.rglob("pwned*"))


def test_a_passing_disclosure_exits_0(tmp_path):
    run = _cli(XIAN_AUDIT, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "结论：通过" in run.stdout


def test_a_missing_file_and_a_refused_one_exit_2(tmp_path):
    assert _cli(tmp_path / "nothing.pdf", tmp_path / "root").returncode == 2
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    run = _cli(empty, tmp_path / "root")
    assert run.returncode == 2 and "空文件" in run.stdout


@pytest.mark.parametrize("name, make, said", hostile.HOSTILE, ids=[h[0][:12] for h in hostile.HOSTILE])
def test_a_hostile_file_is_refused_with_a_reason_and_touches_nothing_else(tmp_path, monkeypatch, name, make, said):
    warehouse = REPO / "warehouse.duckdb"
    before = warehouse.stat().st_mtime_ns if warehouse.exists() else None
    root = tmp_path / "checks"
    result = check_file(make(), name, root=root)
    assert result.verdict == "refused" and result.exit_code == 2, (result.verdict, result.message)
    assert result.message.startswith(f"「{display_name(name)}」")
    assert "/" not in display_name(name) and len(display_name(name)) <= MAX_NAME
    if said:
        assert said in result.message, result.message
    # nothing outside the check's own folder
    outside = [p for p in tmp_path.rglob("*") if root not in p.parents and p != root]
    assert outside == []
    assert (warehouse.stat().st_mtime_ns if warehouse.exists() else None) == before


def test_names_are_shown_safely_and_long_ones_cut():
    assert display_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert display_name("C:\\Users\\x\\预算.pdf") == "预算.pdf"
    assert display_name("a\x00b\x1b[31m.pdf") == "ab[31m.pdf"
    long = display_name("预" * 5000 + ".pdf")
    assert len(long) == MAX_NAME and long.endswith("…")
    assert display_name("") == "未命名文件"


def test_an_upload_over_the_size_cap_is_refused_before_it_is_stored(tmp_path, monkeypatch):
    monkeypatch.setattr("check.intake.MAX_BYTES", 1000)
    with pytest.raises(Refused, match="超过上限"):
        store(b"%PDF-1.4\n" + b" " * 2000, "big.pdf", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_corrected_version_says_what_it_fixed_kept_and_added(tmp_path):
    def result(sha: str) -> SimpleNamespace:
        folder = tmp_path / sha[:16]
        folder.mkdir()
        return SimpleNamespace(stored=SimpleNamespace(folder=folder, sha256=sha),
                               document={"department_name": "某某局", "fiscal_year": 2026, "stage": "budget"})

    def finding(rule: str, detail: str) -> SimpleNamespace:
        return SimpleNamespace(rule_id=rule, detail=detail, message=detail,
                               key=rule + "|" + "".join("#" if c.isdigit() else c for c in detail))

    first = [finding("R23", "财政拨款收支总表 一般公共预算 35673.03 ≠ 52244.36"), finding("R33", "教育支出 3797.62 两处不同")]
    assert record_and_compare(result("a" * 64), first) is None           # nothing to compare yet
    second = [finding("R33", "教育支出 3797.62 两处不同"), finding("R27", "未说明公务用车购置费")]
    changes = record_and_compare(result("b" * 64), second)
    assert [len(changes[k]) for k in ("fixed", "open", "new")] == [1, 1, 1]
    assert changes["fixed"][0].startswith("[R23]") and changes["new"][0].startswith("[R27]")
    history = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    assert list(history) == ["某某局|2026|budget"] and history["某某局|2026|budget"]["sha256"] == "b" * 64


def test_make_check_runs_the_command(tmp_path):
    """`make check DOC=…` is the same command (its exit code is the check's)."""
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    run = subprocess.run(["make", "-s", "check", f"DOC={empty}", f"CHECK_ROOT={tmp_path / 'root'}"], cwd=REPO,
                         capture_output=True, text=True, timeout=600,
                         env={k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS")})
    assert run.returncode == 2 and "空文件" in run.stdout, run.stdout + run.stderr


def test_the_dashboard_s_service_survives_its_own_failures_and_a_killed_child(tmp_path):
    """A failure inside a check is a message and the service lives on; a killed service is
    restarted by the next check."""
    from check.service import CheckService, ServiceFailed

    service = CheckService(tmp_path)
    try:
        refused = store(hostile.broken_xref(), "坏目录.pdf", tmp_path)
        assert service.check(refused.folder.name)["verdict"] == "refused"
        (tmp_path / "0123456789abcdef").mkdir()               # a folder with no stored upload in it
        with pytest.raises(ServiceFailed, match="检查程序出错"):
            service.check("0123456789abcdef")
        first = service.proc.pid
        assert service.check(refused.folder.name)["verdict"] == "refused"   # still the same child
        assert service.proc.pid == first
        os.killpg(first, 9)
        service.proc.wait()
        stages = []
        summary = service.check(refused.folder.name, lambda stage, text: stages.append(stage))
        assert summary["verdict"] == "refused" and service.proc.pid != first and stages[0] == "probe"
    finally:
        service.stop()


def test_a_decision_is_kept_as_a_whole_csv_row_with_who_and_when(tmp_path):
    from check.decide import BadDecision, record

    path = tmp_path / "ref_waivers.csv"
    row = record("de6f2a8d0b844", "R23", "", "waive", '更正公告已说明, 见"第2号"', "张三", path=path)
    record("de6f2a8d0b844", "R26", "*", "false_finding", "说明的数字是另一口径", "李四", path=path)
    import csv

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [(r["rule_id"], r["subject_code"], r["decision"], r["decided_by"]) for r in rows] == \
        [("R23", "", "waive", "张三"), ("R26", "*", "false_finding", "李四")]
    assert rows[0]["reason"] == '更正公告已说明, 见"第2号"' and rows[0]["decided_at"] == row["decided_at"]
    for bad in [("x", "R23", "", "waive", "r", "b"), ("de6f2a8d0b844", "R2", "", "waive", "r", "b"),
                ("de6f2a8d0b844", "R23", "", "maybe", "r", "b"), ("de6f2a8d0b844", "R23", "", "waive", " ", "b"),
                ("de6f2a8d0b844", "R23", "", "waive", "r", "")]:
        with pytest.raises(BadDecision):
            record(*bad, path=path)
    assert len(list(csv.DictReader(path.open(encoding="utf-8")))) == 2


def test_a_missing_table_finding_points_where_the_document_names_that_table():
    """R01/R02 name the table 「…」; the mark goes where the document prints that name first (its
    contents entry, or the empty table's heading): 湖州市交通运输局 prints 财政拨款收支预算总表 in
    表04's title (page 28, read from the page)."""
    from check.report import Finding, locate_named_tables

    def finding(rule: str, detail: str) -> Finding:
        return Finding(1, rule, "error", detail, detail, None, None, None, None, None, None, False,
                       "d", None, None, None, None, None)

    named = finding("R01", "模板要求的「财政拨款收支预算总表」未公开")
    absent = finding("R01", "模板要求的「上年结转结余情况明细表」未公开")
    locate_named_tables(HUZHOU, [named, absent])
    (mark,) = named.marks
    assert named.page == mark.page
    assert _text_in(HUZHOU, mark.page, mark.box).endswith("财政拨款收支预算总表")
    assert absent.marks == [] and absent.page is None          # named nowhere: nothing to point at
