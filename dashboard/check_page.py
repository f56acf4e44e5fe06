"""The reviewer's page: upload one disclosure, see its verdict and each problem on its page, take
away the annotated PDF, the findings spreadsheet and the summary. The upload is stored under its
content hash here; the check runs in the check service (check/service.py: a child process with a
warm worker, restarted if it dies), whose reader is a further child with limits; it builds a
scratch warehouse of its own, so the published warehouse the other pages read is never written."""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import streamlit as st

from check.decide import BadDecision, record
from check.intake import MAX_BYTES, Refused, store
from check.pipeline import ROOT, STAGES
from check.report import SEVERITY_ZH, VERDICT_ZH
from check.service import CheckService, ServiceFailed

VERDICT_STYLE = {"pass": st.success, "fail": st.error, "undecided": st.warning, "refused": st.warning}
CHECK_ID = re.compile(r"^[0-9a-f]{16}$")


def _load(folder: Path) -> tuple[dict, dict] | None:
    try:
        summary = json.loads((folder / "check.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    findings_path = folder / "findings.json"
    findings = json.loads(findings_path.read_text(encoding="utf-8")) if findings_path.exists() else {}
    return summary, findings


def _downloads(folder: Path, summary: dict) -> None:
    name = Path(summary.get("display_name") or "document").stem
    files = [("annotated.pdf", "下载批注 PDF", "application/pdf", f"{name}-批注.pdf"),
             ("findings.xlsx", "下载问题清单 .xlsx",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"{name}-问题清单.xlsx"),
             ("report.md", "下载检查报告 .md", "text/markdown", f"{name}-检查报告.md")]
    columns = st.columns(len(files))
    for column, (file, label, mime, download_name) in zip(columns, files):
        path = folder / file
        if path.exists():
            column.download_button(label, path.read_bytes(), file_name=download_name, mime=mime,
                                   key=f"dl-{file}")


def _finding(folder: Path, f: dict) -> None:
    where = f"第 {f['page']} 页" if f.get("page") else "无页码"
    title = f"{f['number']}. [{f['rule_id']}] {SEVERITY_ZH.get(f['severity'], f['severity'])} · {where}"
    with st.container(border=True):
        st.markdown(f"**{title}**")
        if f.get("is_waived"):
            what = "审阅人标为本项目读取错误" if f.get("decision") == "false_finding" else "已接受为例外（豁免）"
            st.caption(f"{what}：{f.get('waiver_reason') or ''}" + (f"（{f['decided_by']}）" if f.get("decided_by") else ""))
        text, image = st.columns([2, 3])
        with text:
            st.text(f.get("detail") or f.get("message"))
            if f.get("expected_yuan") is not None or f.get("actual_yuan") is not None:
                st.text(f"应为 {_yuan(f.get('expected_yuan'))} 元\n实为 {_yuan(f.get('actual_yuan'))} 元\n"
                        f"差额 {_yuan(f.get('difference_yuan'))} 元")
            if f.get("basis"):
                st.caption(f"依据：{f['basis']}")
            if not f.get("marks"):
                st.caption("此项没有可圈出的数字（如某表未公开），页面为其所在页。" if f.get("images")
                           else "此项没有对应的页面位置。")
            if not f.get("is_waived"):
                _decision_form(f)
        with image:
            for relative in f.get("images") or []:
                path = folder / relative
                if path.exists():
                    st.image(str(path), caption=relative.rsplit("-p", 1)[-1].replace(".png", " 页"))


def _decision_form(f: dict) -> None:
    """Accept the finding with a reason, or mark it as our reading error: kept as data
    (check/decide.py → ref_waivers), counted from the next check or build on."""
    with st.expander("审阅决定"):
        with st.form(f"decide-{f['number']}"):
            choice = st.radio("决定", ["接受为例外（豁免）", "本项目读取错误（误报）"], key=f"choice-{f['number']}")
            reason = st.text_input("理由", key=f"reason-{f['number']}")
            by = st.text_input("决定人", key=f"by-{f['number']}")
            if st.form_submit_button("保存决定"):
                decision = "waive" if choice.startswith("接受") else "false_finding"
                try:
                    record(f["doc_id"], f["rule_id"], f.get("subject_code"), decision, reason, by)
                except BadDecision as exc:
                    st.error(str(exc))
                else:
                    st.success("已记录。点“重新检查”即按此决定重新判定；下次构建仓库时也会计入。")


def _yuan(value) -> str:
    """An exact decimal (as findings.json keeps it) with thousands separators, to the 分."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):,}"


def show(folder: Path) -> None:
    loaded = _load(folder)
    if loaded is None:
        st.warning("找不到这次检查的结果。")
        return
    summary, payload = loaded
    VERDICT_STYLE.get(summary["verdict"], st.info)(
        f"结论：{VERDICT_ZH.get(summary['verdict'], summary['verdict'])} — {summary['message']}")
    document = summary.get("document") or {}
    if document:
        st.caption(f"{summary.get('display_name')} · {document.get('department_name') or '部门未识别'} · "
                   f"{document.get('fiscal_year') or '年度未识别'} · {summary.get('pages') or '?'} 页 · "
                   "用时 " + "，".join(f"{k} {v:.1f}s" for k, v in (summary.get("seconds") or {}).items()))
    if summary["verdict"] == "refused":
        return
    _downloads(folder, summary)
    if st.button("重新检查（计入审阅决定）"):
        _recheck(folder.name)
    changes = payload.get("changes")
    if changes:
        st.info(f"与上一版（{changes['previous_checked_at']}）比较：已修正 {len(changes['fixed'])} 项，"
                f"仍存在 {len(changes['open'])} 项，新出现 {len(changes['new'])} 项。")
        if changes["fixed"]:
            with st.expander("已修正的问题"):
                for text in changes["fixed"]:
                    st.text(text)
    findings = payload.get("findings") or []
    errors = sum(1 for f in findings if f["severity"] == "error" and not f.get("is_waived"))
    st.subheader(f"问题清单：{len(findings)} 项（未豁免的错误 {errors} 项）")
    if not findings:
        st.write("未发现问题。")
    for f in findings:
        _finding(folder, f)


def _recheck(folder_name: str) -> None:
    with st.status("重新检查…", expanded=False) as status:
        try:
            _service().check(folder_name, lambda stage, text: status.update(label=text))
        except ServiceFailed as exc:
            st.error(str(exc))
            return
    st.rerun()


@st.cache_resource
def _service() -> CheckService:
    """One check service per dashboard process (a warm worker in a child process)."""
    return CheckService(ROOT)


def render() -> None:
    st.header("审阅 Check")
    st.caption("上传一个部门的预算或决算公开文件（PDF，或其 Excel、Word、网页版本；扫描件经 OCR 读取），在发布前检查：每个问题显示在其所在页，并圈出比较的数字。"
               f"文件不超过 {MAX_BYTES // 1048576} MB；检查在独立的临时仓库中进行，不改动已发布的数据。")
    uploaded = st.file_uploader("公开文件（PDF、Excel、Word、网页、扫描图片或文本）", key="upload",
                                type=["pdf", "xlsx", "xls", "docx", "html", "htm", "png", "jpg", "jpeg", "tif", "tiff", "txt"])
    if uploaded is not None and st.button("开始检查", type="primary"):
        try:
            stored = store(uploaded.getvalue(), uploaded.name, ROOT)
        except Refused as exc:
            VERDICT_STYLE["refused"](f"结论：未检查 — {exc}")
            st.session_state.pop("check", None)
            return
        labels = dict(STAGES)
        with st.status("检查中…（首次检查需先启动检查服务，约十秒）", expanded=True) as status:
            def progress(stage: str, text: str) -> None:
                status.update(label=f"{labels.get(stage, stage)}：{text}")
                st.write(f"{labels.get(stage, stage)}：{text}")
            try:
                summary = _service().check(stored.folder.name, progress)
            except ServiceFailed as exc:
                status.update(label="检查未完成", state="error")
                st.error(str(exc))
                return
            status.update(label=f"完成：{VERDICT_ZH.get(summary['verdict'], summary['verdict'])}",
                          state="complete", expanded=False)
        st.session_state["check"] = stored.folder.name
        st.query_params["check"] = stored.folder.name
    wanted = st.session_state.get("check") or st.query_params.get("check")
    if wanted and CHECK_ID.match(wanted):
        show(ROOT / wanted)
