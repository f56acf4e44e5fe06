"""Untrusted files are read in a child process with limits on memory, CPU time and wall time, so a
PDF that hangs the reader, eats memory or crashes it becomes a message, not a dead app."""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass

MEMORY_BYTES = int(os.environ.get("CHECK_MEMORY_BYTES", 3 * 1024 ** 3))
CPU_SECONDS = int(os.environ.get("CHECK_CPU_SECONDS", 300))
WALL_SECONDS = int(os.environ.get("CHECK_WALL_SECONDS", 600))


@dataclass(frozen=True)
class Outcome:
    returncode: int | None     # None: killed for exceeding a limit
    stdout: str
    stderr: str
    limit: str | None = None   # which limit stopped it: 'memory' | 'cpu' | 'time'


def _limits(memory: int, cpu: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setsid()            # its own process group: a timeout kills it and its children
    return apply


def run_python(args: list[str], *, memory: int = MEMORY_BYTES, cpu: int = CPU_SECONDS,
               wall: int = WALL_SECONDS, env: dict | None = None, cwd: str | None = None) -> Outcome:
    """`python -m …` in a child with the limits; arguments are a list (never a shell string)."""
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_limits(memory, cpu), env=env, cwd=cwd)
    try:
        out, err = proc.communicate(timeout=wall)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return Outcome(None, out, err, "time")
    rc = proc.returncode
    if rc in (-signal.SIGXCPU, -signal.SIGKILL) and rc != 0:
        return Outcome(None, out, err, "cpu")
    if rc != 0 and ("MemoryError" in err or "std::bad_alloc" in err or "Cannot allocate memory" in err):
        return Outcome(None, out, err, "memory")
    return Outcome(rc, out, err)
