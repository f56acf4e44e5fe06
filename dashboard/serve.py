"""The dashboard served for a browser: `streamlit run dashboard/app.py` on a free local port over
one published warehouse, and Debian's chromium to open it. Shared by the browser test
(dashboard/tests/test_browser.py) and the page-load benchmark (dashboard/bench_pages.py).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class ServeError(Exception):
    """streamlit did not come up; the message holds its log."""


@dataclass
class Server:
    url: str
    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(published: str | Path, log_path: str | Path, start_timeout: float = 60) -> Iterator[Server]:
    """streamlit serving `published` (a copy made by dashboard.publish) until the block ends;
    its output goes to log_path. Raises ServeError when it is not healthy within start_timeout."""
    port = free_port()
    with open(log_path, "w+") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard" / "app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
             "--server.fileWatcherType", "none", "--server.maxUploadSize", "64"],
            cwd=REPO, env=dict(os.environ, DASHBOARD_WAREHOUSE=str(published)),
            stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                        if r.read().strip() == b"ok":
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise ServeError(f"streamlit did not start on {url} (exit {proc.poll()}):\n{log.read()}")
                time.sleep(0.3)
            yield Server(url, proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def peak_rss(pid: int) -> int | None:
    """The process's peak resident set so far, in bytes (VmHWM from /proc), None if unreadable."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def screenshot(page, path: str | Path) -> Path:
    """The whole page (Streamlit scrolls inside its main block, so the viewport grows to fit,
    up to 8,000 px)."""
    height = page.evaluate("""() => Math.max(...Array.from(
        document.querySelectorAll('[data-testid="stMain"], [data-testid="stMainBlockContainer"], section, body'))
        .map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height) + 40, 1000), 8000)})
    page.wait_for_timeout(600)                                   # charts re-lay out to the new size
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    return path
