"""What the previous run read, kept so that an unchanged file is not read again.

A run of `python -m ingest` keeps, beside the landed set (`.<out>.ingest-cache`), the rows of every
file it read as the spool wrote them (`*.rows`, CSV text) and one JSON line per file: its name,
the SHA-256 of its bytes and where its rows are. The next run reads only the files whose name or
bytes are new; the others' outcomes are taken from the cache as they were before the relations
between files were made, and those relations (duplicates, a publication in several files, two
versions of one department-year) are made again over every file, so the landed set is the one a
run that reads everything lands (tested byte for byte).

The cache is used only when it was written by the same ingest code (`fingerprint`: the package,
its vocabulary, the pinned requirements and Python) and every file it points into is as it was
left (size and modification time). Otherwise, or when it cannot be read, every file is read again
and the run says why; `--reread` does so on purpose (and keeps what it read). The cache is rewritten after every run;
when more than half of its bytes belong to files no longer in the set, it is compacted.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sys
from pathlib import Path

from .land import FileOutcome, Found, read_outcomes, sha256_file, write_outcomes

PACKAGE = Path(__file__).resolve().parent
OUTCOMES = "outcomes.jsonl"
ROWS_SUFFIX = ".rows"                 # not .csv: the cache may sit under dbt's seed paths


def cache_dir(out: Path) -> Path:
    return Path(out).with_name(f".{Path(out).name}.ingest-cache")


def fingerprint() -> str:
    """What decides a file's landed rows besides its bytes and name."""
    digest = hashlib.sha256(sys.version.encode())
    requirements = PACKAGE.parent / "requirements.txt"
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and "tests" not in p.relative_to(PACKAGE).parts)
    for f in ([requirements] if requirements.is_file() else []) + files:
        digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


class Cache:
    """One run's use of the cache folder: `split` the files into those kept and those to read,
    then `save` every file's outcome (before `relate`) for the next run."""

    def __init__(self, folder: Path, reuse: bool = True):
        self.folder = Path(folder)
        self.kept: dict[str, FileOutcome] = {}
        self.why_not = ""             # why nothing is reused ('' when the cache was read)
        self._lock = None
        self._fingerprint = fingerprint()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.folder / "lock", "a")
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if self._lock is not None:
                self._lock.close()
                self._lock = None
            self.why_not = (f"another ingest uses {self.folder}" if isinstance(exc, BlockingIOError)
                            else f"cannot use {self.folder}: {exc.strerror or exc}")
            return
        if reuse:
            self._load()
        else:
            self.why_not = "--reread"

    @property
    def usable(self) -> bool:
        return self._lock is not None

    def _load(self) -> None:
        path = self.folder / OUTCOMES
        if not path.exists():
            self.why_not = "no earlier run kept one"
            return
        try:
            header, outcomes = read_outcomes(path, self.folder)
            if header.get("fingerprint") != self._fingerprint:
                self.why_not = "it was kept by other ingest code"
                return
            for name, (size, mtime_ns) in header["files"].items():
                st = os.stat(self.folder / name)
                if (st.st_size, st.st_mtime_ns) != (size, mtime_ns):
                    self.why_not = f"its file {name} was changed since it was kept"
                    return
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.why_not = f"it cannot be read ({type(exc).__name__}: {exc})"
            return
        self.kept = {o.source_file: o for o in outcomes if o.sha256}

    def split(self, files: list[Found], labels: list[str]) -> tuple[dict[int, FileOutcome], list[int]]:
        """The outcomes of the files whose name and bytes are unchanged (by the files' index), and
        the indexes of the files to read."""
        reused: dict[int, FileOutcome] = {}
        to_read = []
        for k, (f, label) in enumerate(zip(files, labels)):
            kept = self.kept.pop(label, None)       # each kept outcome serves one file
            try:
                same = kept is not None and kept.size_bytes == f.size_bytes and sha256_file(f.path) == kept.sha256
            except OSError:
                same = False          # read again: the reader says what is wrong with it
            if same:
                kept.path = str(f.path)    # where it is now, to read it again with its other parts
                reused[k] = kept
            else:
                to_read.append(k)
        return reused, to_read

    def save(self, outcomes: list[FileOutcome], spool: Path) -> str:
        """Keep every outcome for the next run: the spool's files move into the cache (the
        outcomes' row locations with them). Returns '' or why the cache could not be written
        (the run goes on; the next one reads every file)."""
        if not self.usable:
            return self.why_not
        try:
            token = f"{os.getpid()}-{os.urandom(4).hex()}"
            moved = {}
            for p in sorted(Path(spool).glob("*.csv")) if Path(spool).is_dir() else []:
                target = self.folder / f"{token}.{p.stem}{ROWS_SUFFIX}"
                os.rename(p, target)
                moved[str(p)] = str(target)
            for o in outcomes:
                o.spooled = {k: (moved.get(v[0], v[0]), *v[1:]) for k, v in o.spooled.items()}
            referenced = {Path(v[0]).name for o in outcomes for v in o.spooled.values()}
            held = {name: (self.folder / name).stat().st_size for name in referenced}
            used = sum(v[2] - v[1] for o in outcomes for v in o.spooled.values())
            if used * 2 < sum(held.values()):
                self._compact(outcomes, token)
                referenced = {Path(v[0]).name for o in outcomes for v in o.spooled.values()}
            files = {}
            for name in sorted(referenced):
                st = os.stat(self.folder / name)
                files[name] = [st.st_size, st.st_mtime_ns]
            write_outcomes(self.folder / OUTCOMES, {"fingerprint": self._fingerprint, "files": files},
                           outcomes, self.folder)
            for p in self.folder.glob(f"*{ROWS_SUFFIX}"):
                if p.name not in referenced:
                    p.unlink()
        except OSError as exc:
            return f"cannot keep the cache in {self.folder}: {exc.strerror or exc}"
        return ""

    def _compact(self, outcomes: list[FileOutcome], token: str) -> None:
        """Copy the rows still in use into fresh files, in the outcomes' order."""
        handles = {}
        try:
            for o in outcomes:
                moved = {}
                for name, (path, start, end, n) in o.spooled.items():
                    fh = handles.get(name)
                    if fh is None:
                        fh = handles[name] = open(self.folder / f"{token}.compact.{name}{ROWS_SUFFIX}", "wb")
                    with open(path, "rb") as src:
                        src.seek(start)
                        data = src.read(end - start)
                    moved[name] = (fh.name, fh.tell(), fh.tell() + len(data), n)
                    fh.write(data)
                o.spooled = moved
        finally:
            for fh in handles.values():
                fh.close()

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None
