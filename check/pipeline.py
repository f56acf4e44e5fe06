"""One document, checked alone: stored, probed, read, built into a scratch warehouse of its own,
gated, and reported. The shared warehouse is never written; every untrusted step runs in a child
process with limits (check/sandbox.py)."""
from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import sandbox
from .intake import Refused, Stored, store

PROJECT = Path(__file__).resolve().parent.parent
ROOT = Path(os.environ.get("CHECK_ROOT", PROJECT / "build" / "check"))
MAX_PAGES = int(os.environ.get("CHECK_MAX_PAGES", 500))

# (stage key, 中文 label): the order a check goes through
STAGES = [("store", "接收文件"), ("probe", "打开文件"), ("read", "读取页面"), ("build", "入库与计算"),
          ("judge", "规则检查"), ("report", "生成报告")]

# The gate's exit codes, with --doc: 0 pass, 1 unwaived errors, 2 cannot decide.
VERDICTS = {0: "pass", 1: "fail", 2: "undecided"}


@dataclass
class CheckResult:
    verdict: str                         # pass | fail | undecided | refused
    exit_code: int                       # 0 pass, 1 unwaived errors, 2 cannot decide (or refused)
    message: str                         # one 中文 sentence for the reviewer
    stored: Stored | None = None
    doc_id: str | None = None
    document: dict = field(default_factory=dict)
    pages: int | None = None
    seconds: dict = field(default_factory=dict)   # stage → seconds
    artifacts: dict = field(default_factory=dict)  # name → path

    @property
    def folder(self) -> Path | None:
        return self.stored.folder if self.stored else None


Progress = Callable[[str, str], None]


def _quiet(stage: str, text: str) -> None:
    pass


def _timed(seconds: dict, stage: str, started: float) -> None:
    seconds[stage] = round(time.monotonic() - started, 2)


def check_file(data: bytes, name: str | None, *, root: Path = ROOT, progress: Progress = _quiet,
               worker=None) -> CheckResult:
    """Check one uploaded file. Never raises for a bad file: a refusal is a result. worker: a warm
    check.worker.Worker (the dashboard's service keeps one); without it one is started here."""
    started = time.monotonic()
    progress("store", "接收文件")
    try:
        stored = store(data, name, root)
    except Refused as exc:
        return CheckResult("refused", 2, str(exc))
    return check_stored(stored, progress=progress, worker=worker, store_seconds=time.monotonic() - started)


def check_stored(stored: Stored, *, progress: Progress = _quiet, worker=None, store_seconds: float = 0.0) -> CheckResult:
    result = CheckResult("undecided", 2, "", stored=stored, seconds={"store": round(store_seconds, 2)})
    try:
        _run(result, progress, worker)
    except Refused as exc:
        result.verdict, result.exit_code, result.message = "refused", 2, str(exc)
    (stored.folder / "check.json").write_text(json.dumps(_summary(result), ensure_ascii=False, indent=1),
                                              encoding="utf-8")
    return result


def _run(result: CheckResult, progress: Progress, worker) -> None:
    stored, seconds = result.stored, result.seconds
    folder = stored.folder
    shown = stored.display_name

    started = time.monotonic()
    if stored.kind == "pdf":
        progress("probe", "打开文件")
        probe = sandbox.run_python(["-m", "check.probe", str(stored.document)], wall=60, cpu=60,
                                   cwd=str(PROJECT))
        if probe.returncode != 0:
            raise Refused(f"「{shown}」无法打开：读取程序{_limit_text(probe)}。")
        answer = json.loads(probe.stdout.strip().splitlines()[-1])
        if answer.get("error") == "encrypted":
            raise Refused(f"「{shown}」已加密（需要密码），无法读取；请上传未加密的版本。")
        if answer.get("error"):
            raise Refused(f"「{shown}」不是可读的 PDF：{answer['reason']}。")
        result.pages = answer["pages"]
        if result.pages > MAX_PAGES:
            raise Refused(f"「{shown}」有 {result.pages} 页，超过上限 {MAX_PAGES} 页；请只上传一个部门的公开文件。")
    _timed(seconds, "probe", started)

    started = time.monotonic()
    progress("read", f"读取 {result.pages} 页" if result.pages else "读取文本")
    landed = folder / "landed"
    shutil.rmtree(landed, ignore_errors=True)
    read = sandbox.run_python(["-m", "ingest", "--out", str(landed), "--format", "parquet", "--quiet", "--jobs", "1",
                               "--", str(stored.document.parent)], cwd=str(PROJECT))
    if read.returncode not in (0, 3, 4):
        raise Refused(f"「{shown}」读取失败：读取程序{_limit_text(read)}。")
    documents = _landed_documents(landed)
    if not documents:
        raise Refused(f"「{shown}」没有可读取的内容：{_reason_zh(_quarantine_reason(landed))}。")
    result.doc_id = documents[0]["doc_id"]
    result.document = documents[0]
    _timed(seconds, "read", started)

    started = time.monotonic()
    progress("build", "入库与计算")
    from .worker import BuildFailed, Worker

    from .report import Reports

    reports: list = []

    def alongside(warehouse: Path):
        reports.append(Reports(result, warehouse))
        return reports[0].draw

    try:
        worker = worker or Worker(stored.folder.parent)
        code = worker.build_and_gate(landed, result.doc_id, folder, alongside=alongside,
                                     judging=lambda: progress("judge", "规则检查"))
    except BuildFailed as exc:
        (folder / "build.log").write_text(str(exc), encoding="utf-8")
        raise Refused(f"「{shown}」入库失败：{exc}") from exc
    result.exit_code = code if code in VERDICTS else 2
    result.verdict = VERDICTS[result.exit_code]
    _timed(seconds, "build_and_judge", started)

    result.message = {
        "pass": "通过：未发现未豁免的错误。",
        "fail": "未通过：发现未豁免的错误，见问题清单。",
        "undecided": "无法判定：关键规则未能全部评估（有表格未能读取），见报告。",
    }[result.verdict]

    started = time.monotonic()
    progress("report", "生成报告")
    result.artifacts = reports[0].finish()     # its pages were drawn while the gate ran
    _timed(seconds, "report", started)


def _limit_text(outcome: sandbox.Outcome) -> str:
    if outcome.limit == "time":
        return "超时"
    if outcome.limit == "cpu":
        return "超过计算时间上限"
    if outcome.limit == "memory":
        return "超过内存上限"
    if outcome.returncode is not None and outcome.returncode < 0:
        return f"被系统终止（信号 {-outcome.returncode}，多为超过内存上限）"
    return f"异常退出（代码 {outcome.returncode}）"


# The reader's reasons for not landing a file (ingest_manifest.reason), in the reviewer's words.
_REASONS_ZH = [("scanned", "页面没有文字层（扫描件），暂不支持识别"), ("not a disclosure", "不像部门预决算公开文件"),
               ("encrypted", "文件已加密"), ("cannot open", "文件已损坏，无法打开")]


def _reason_zh(reason: str | None) -> str:
    if not reason:
        return "不像部门预决算公开文件"
    for key, text in _REASONS_ZH:
        if key in reason:
            return f"{text}（{reason}）"
    return reason


def _landed_documents(landed: Path) -> list[dict]:
    import duckdb

    path = landed / "ingest_documents.parquet"
    if not path.exists():
        return []
    con = duckdb.connect()
    try:
        cur = con.execute("select * from read_parquet($path)", {"path": str(path)})
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


READ_REASON_PARQUET = "select reason from read_parquet($path) where reason is not null limit 1"
READ_REASON_CSV = "select reason from read_csv_auto($path) where reason is not null limit 1"


def _quarantine_reason(landed: Path) -> str | None:
    import duckdb

    for name in ("ingest_manifest.parquet", "ingest_manifest.csv"):
        path = landed / name
        if path.exists():
            query = (READ_REASON_PARQUET if name.endswith("parquet") else READ_REASON_CSV)
            con = duckdb.connect()
            try:
                row = con.execute(query, {"path": str(path)}).fetchone()
            finally:
                con.close()
            return row[0] if row else None
    return None


def _summary(result: CheckResult) -> dict:
    return {
        "verdict": result.verdict, "exit_code": result.exit_code, "message": result.message,
        "sha256": result.stored.sha256 if result.stored else None,
        "display_name": result.stored.display_name if result.stored else None,
        "doc_id": result.doc_id, "pages": result.pages, "seconds": result.seconds,
        "document": {k: (None if v is None else str(v)) for k, v in result.document.items()},
        "artifacts": {k: str(v) for k, v in result.artifacts.items()},
    }

