"""The dashboard's check service: one long-lived child process holding a warm worker
(check/worker.py), so an upload is checked in seconds, and a crash of anything in it is a message
on the page, never a dead dashboard: the parent restarts it.

Protocol (JSON lines): the parent writes {"folder": "<16 hex digits>"} (an upload already stored
by check.intake, named by its hash, never by the uploader's name); the child answers with
{"stage": …, "text": …} lines while it works and one {"result": <check.json>} at the end. The
child's own console output (dbt, the gate) goes to its stderr, which the parent sends to a log.

    python -m check.service --root build/check      (started by CheckService, not by hand)
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import select
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
FOLDER = re.compile(r"^[0-9a-f]{16}$")
SERVICE_MEMORY = int(os.environ.get("CHECK_SERVICE_MEMORY_BYTES", 8 * 1024 ** 3))
CHECK_SECONDS = int(os.environ.get("CHECK_SERVICE_SECONDS", 900))


class ServiceFailed(Exception):
    """The service died or timed out; it has been restarted. The message says so in 中文."""


def serve(root: Path) -> int:
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)                               # stray prints never corrupt the protocol
    sys.stdout = sys.stderr

    def send(message: dict) -> None:
        protocol.write(json.dumps(message, ensure_ascii=False) + "\n")

    from check.intake import load
    from check.pipeline import _summary, check_stored
    from check.worker import Worker

    worker = Worker(root)
    send({"ready": worker.warm_seconds})
    for line in sys.stdin:
        try:
            folder = json.loads(line)["folder"]
        except (ValueError, KeyError, TypeError):
            send({"error": "bad request"})
            continue
        if not isinstance(folder, str) or not FOLDER.match(folder):
            send({"error": "bad request"})
            continue
        try:
            result = check_stored(load(root / folder), worker=worker,
                                  progress=lambda stage, text: send({"stage": stage, "text": text}))
        except Exception as exc:          # our own failure: said on the page, the service lives on
            traceback.print_exc()
            send({"error": f"检查程序出错：{type(exc).__name__}: {exc}"})
            continue
        send({"result": _summary(result)})
    return 0


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SERVICE_MEMORY, SERVICE_MEMORY))
    os.setsid()


class CheckService:
    """The parent's handle: one check at a time; a dead or stuck child is restarted."""

    def __init__(self, root: Path, log: Path | None = None):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.log = log or self.root / "service.log"
        self.lock = threading.Lock()
        self.proc: subprocess.Popen | None = None

    def _start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "check.service", "--root", str(self.root)], cwd=PROJECT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(self.log, "ab"),
            text=True, encoding="utf-8", preexec_fn=_limit)
        ready = self._read(deadline=time.monotonic() + 300)
        if "ready" not in ready:
            raise ServiceFailed(f"检查服务未能启动：{ready}")

    def _read(self, deadline: float) -> dict:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise ServiceFailed("检查超时，检查服务已重新启动；请重试。")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if not ready:
                continue
            line = self.proc.stdout.readline()
            if not line:
                code = self.proc.poll()
                self.stop()
                raise ServiceFailed(f"检查服务意外退出（代码 {code}），已重新启动；请重试。")
            return json.loads(line)

    def check(self, folder_name: str, progress=lambda stage, text: None) -> dict:
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            self.proc.stdin.write(json.dumps({"folder": folder_name}) + "\n")
            self.proc.stdin.flush()
            deadline = time.monotonic() + CHECK_SECONDS
            while True:
                message = self._read(deadline)
                if "stage" in message:
                    progress(message["stage"], message["text"])
                elif "result" in message:
                    return message["result"]
                else:
                    raise ServiceFailed(message.get("error") or f"检查服务答复有误：{message}")

    def stop(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, 9)
            except ProcessLookupError:
                pass
            self.proc.wait()
            self.proc = None


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m check.service")
    parser.add_argument("--root", required=True)
    sys.exit(serve(Path(parser.parse_args().root)))
