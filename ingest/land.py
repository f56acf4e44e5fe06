"""Ingest a set of files and land deterministic CSV seeds (see SEEDS.md).

Every input file is accounted for in the manifest: landed, partial, duplicate or quarantined.
One bad file never stops the others.
"""
from __future__ import annotations

import csv
import dataclasses
import errno
import hashlib
import io
import json
import os
import re
import shutil
import socket
import stat
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from .amounts import canonical_text
from .forms import form_kinds
from .model import DocumentInfo, DocumentResult, Finding
from .pipeline import NotADisclosure, ingest_bytes, ingest_parts
from .readers import read
from .readers.pdf import UnreadablePdf
from .reader import UnreadableInput

# Far above any disclosure's text (the bundled ones are 30–40 kB); reading more risks memory.
MAX_FILE_BYTES = 64 * 2**20

COLUMNS = {
    "ingest_documents": ["doc_id", "source_file", "content_sha256", "encoding", "line_count",
                         "department_name", "province", "city", "county", "fiscal_year", "stage",
                         "doc_level", "publication_date", "template_family", "page_count",
                         "department_name_key"],
    "ingest_pages": ["doc_id", "page", "first_line", "last_line"],
    "ingest_tables": ["doc_id", "table_seq", "table_kind", "title_raw", "title_line", "end_line",
                      "unit_raw", "unit", "status", "note_text", "note_line", "layout", "measures",
                      "row_count"],
    "ingest_cells": ["doc_id", "table_seq", "table_kind", "row_seq", "cell_seq", "source_line",
                     "source_line_end", "row_label", "code_raw", "code", "row_item", "row_kind",
                     "project_name", "side", "measure", "amount_raw", "amount", "decimals", "unit",
                     "placement", "box_left", "box_bottom", "box_right", "box_top", "column_year",
                     "column_measure"],
    "ingest_facts": ["doc_id", "fact_seq", "fact_kind", "subject", "attribute", "value_raw", "value",
                     "unit", "source_line", "text_value", "context"],
    "ingest_sentences": ["doc_id", "sentence_seq", "source_line", "text"],
    "ingest_findings": ["source_file", "doc_id", "severity", "code", "message", "table_kind",
                        "source_line"],
    "ingest_manifest": ["source_file", "doc_id", "status", "reason", "encoding", "size_bytes",
                        "tables_found", "cells_landed", "facts_landed", "duplicate_of"],
}


@dataclass
class FileOutcome:
    source_file: str
    size_bytes: int
    result: DocumentResult | None = None
    status: str = "landed"
    reason: str = ""
    encoding: str = ""
    findings: list[Finding] = field(default_factory=list)
    path: str = ""                # where it was read, to read it again with its other parts
    part_of_doc: str = ""         # doc_id of the publication this file is a part of (land once)
    duplicate_of: str = ""        # for a duplicate: the file that lands in its place
    # What the parent keeps of a read document once its rows are spooled (result is then None):
    info: DocumentInfo | None = None
    tables_found: int = 0
    cells_landed: int = 0
    statement_cells: int = 0      # cells of the statement tables (not of 绩效目标 forms)
    facts_landed: int = 0
    spooled: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)  # file → spool, start, end, rows
    sha256: str = ""              # of the bytes read ('' when none were): the cache's key, with the name


@dataclass
class Found:
    """A path under the input folders: a file to read, or one recorded without reading it."""
    path: Path
    root: Path | None           # the folder it was found in (None: named directly)
    size_bytes: int = 0         # lstat: a symlink's own size, never its target's
    status: str = ""            # '' to read; 'skipped' or 'quarantined' otherwise
    reason: str = ""


def _inside(target: str, root: str) -> bool:
    return os.path.commonpath([target, root]) == root


def _classify(path: Path, root: Path | None) -> Found:
    """What one directory entry is. A symlink is followed only to a file inside the folder (it
    then lands as a duplicate of its target); a special file (socket, FIFO, device) is never
    opened, since reading a FIFO would block the run."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return Found(path, root, 0, "quarantined", f"cannot read: {exc.strerror}")
    size = st.st_size
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.path.realpath(path, strict=True)
        except OSError as exc:
            what = "symlink loop" if exc.errno == errno.ELOOP else "broken symlink"
            return Found(path, root, size, "skipped", f"{what} ({os.readlink(path)}): not followed")
        if root is not None and not _inside(target, os.path.realpath(root)):
            return Found(path, root, size, "skipped",
                         f"symlink to {target}, outside the folder: not followed")
        if os.path.isdir(target):
            if _inside(os.path.realpath(path.parent), target):
                return Found(path, root, size, "skipped", f"symlink loop (to {target}, a folder that "
                             "contains it): not followed")
            return Found(path, root, size, "skipped", "symlink to a folder: not followed (its files "
                         "are read where they are)")
        return Found(path, root, size)
    if stat.S_ISREG(st.st_mode):
        return Found(path, root, size)
    kind = {stat.S_IFSOCK: "a socket", stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a character device",
            stat.S_IFBLK: "a block device"}.get(stat.S_IFMT(st.st_mode), "not a regular file")
    return Found(path, root, size, "skipped", f"{kind}, not a document: not read")


def discover(paths: Iterable[str | Path]) -> list[Found]:
    """Every path under the given folders (walked recursively, symlinks never followed into
    folders), in a stable order, each either to be read or recorded with why not: the manifest
    accounts for every one. Hidden files and folders (name starting with '.', e.g. .git,
    .DS_Store) are not inputs. Raises FileNotFoundError for a path that does not exist."""
    out: list[Found] = []
    for p in paths:
        p = Path(p)
        if not os.path.lexists(p):
            raise FileNotFoundError(f"{p}: no such file or folder")
        if not p.is_dir():
            out.append(_classify(p, None))
            continue
        found: list[Found] = []

        def unreadable(exc: OSError, root=p, found=found) -> None:
            found.append(Found(Path(exc.filename), root, 0, "quarantined",
                               f"cannot read folder: {exc.strerror}"))

        for folder, dirs, files in os.walk(p, onerror=unreadable):
            rel = Path(folder).relative_to(p)
            if any(part.startswith(".") for part in rel.parts):
                dirs[:] = []
                continue
            for name in sorted(dirs):
                if not name.startswith(".") and os.path.islink(os.path.join(folder, name)):
                    found.append(_classify(Path(folder) / name, p))
            for name in files:
                if not name.startswith("."):
                    found.append(_classify(Path(folder) / name, p))
        out.extend(sorted(found, key=lambda f: str(f.path.relative_to(p))))
    return out


def in_shard(label: str, shard: int, shards: int) -> bool:
    """Whether a file (by its label) belongs to shard `shard` of `shards`: a hash of the name, so
    every machine splits a folder the same way and adding a file moves no other."""
    digest = hashlib.sha256(label.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % shards == shard - 1


def safe_label(name: str) -> str:
    """A file name as UTF-8 text: bytes that are not UTF-8 (kept by the OS as surrogates) are
    shown as \\xNN, so the seeds can always be written."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def ingest_one(path: Path, label: str) -> FileOutcome:
    """Never raises: a problem becomes a quarantine reason naming the file."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return FileOutcome(label, size, status="quarantined", reason=(
                f"{size:,} bytes is larger than any disclosure text (limit {MAX_FILE_BYTES:,}); "
                "split it into one file per document"))
        data = path.read_bytes()
    except OSError as exc:
        return FileOutcome(label, 0, status="quarantined", reason=f"cannot read: {exc.strerror}")
    out = FileOutcome(label, len(data), path=str(path), sha256=hashlib.sha256(data).hexdigest())
    try:
        out.result = ingest_bytes(data, label)      # by its content (ingest/readers)
        out.encoding = out.result.info.encoding
    except UnreadablePdf as exc:
        out.status, out.reason = "quarantined", str(exc)
    except UnreadableInput as exc:
        out.status, out.reason = "quarantined", f"unreadable: {exc}"
    except NotADisclosure as exc:
        out.status, out.reason = "quarantined", f"not a budget disclosure: {exc}"
    except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the run
        where = traceback.extract_tb(exc.__traceback__)[-1]
        out.status, out.reason = "quarantined", (
            f"ingest error {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno}); "
            "please report it with the file")
    if out.result is not None:
        _take(out, out.result)
        problems = _problems(out.result)
        if problems:
            out.status, out.reason = "partial", "; ".join(problems)
    return out


def _take(out: FileOutcome, result: DocumentResult) -> None:
    out.result, out.info, out.encoding = result, result.info, result.info.encoding
    out.tables_found = len([t for t in result.tables if t.status != "absent"])
    out.cells_landed, out.facts_landed = len(result.cells), len(result.facts)
    out.statement_cells = len(_statement_cells(result))
    out.spooled = {}


def _statement_cells(result: DocumentResult) -> list:
    """The cells of the statement tables: a 绩效目标 form alone (a 情况说明 that prints its
    targets) is not the publication's tables."""
    forms = form_kinds()
    return [c for c in result.cells if c.table_kind not in forms]


def _problems(result: DocumentResult) -> list[str]:
    """Why a document landed only partially, each with the line where it applies."""
    problems = []
    if not _statement_cells(result):
        tables = [t for t in result.tables if t.status != "absent" and t.table_kind not in form_kinds()]
        problems.append("tables found but none carries figures" if tables else "no table figures found")
        problems += [f.message for f in result.findings if f.code == "ING_LONG_LINE"]
    errors: dict[str, list[Finding]] = {}
    for f in sorted((f for f in result.findings if f.severity == "error"),
                    key=lambda f: (f.source_line or 0, f.code)):
        errors.setdefault(f.code, []).append(f)
    for code, found in errors.items():
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        page = result.page_of(first.source_line)
        at = (f" at line {first.source_line}" + (f" (page {page})" if page else "")) if first.source_line else ""
        problems.append(f"{code}{at}: {first.message}{more}")
    return problems


def _ingest_worker(args: tuple[str, str, str | None]) -> FileOutcome:
    path, label, spool = args
    o = ingest_one(Path(path), label)
    if spool and o.result is not None:
        # The rows go to this process's spool files now, so neither the worker nor the parent
        # holds a document after it is read, and nothing large is pickled back.
        o.spooled = _spool(Path(spool), document_rows(o.result))
        o.result = None
    return o


def run(paths: list[Path], labels: list[str], jobs: int = 1,
        progress: Callable[[FileOutcome], None] | None = None,
        spool: Path | None = None, relate_documents: bool = True,
        scheduler: str | None = None) -> list[FileOutcome]:
    """Read every file (in `jobs` processes, or one task per file on the Dask cluster at
    `scheduler`: ingest/distributed.py). With `spool`, each document's rows are written to
    files in that folder as soon as it is read and the outcomes keep only its identity and
    counts, so memory does not grow with the number of documents; write_seeds reads them back.
    relate_documents=False leaves the relations between files (relate) to the merge of shards."""
    if spool is not None:
        Path(spool).mkdir(parents=True, exist_ok=True)
    work = [(str(p), label, str(spool) if spool is not None else None) for p, label in zip(paths, labels)]
    outcomes: list[FileOutcome] = []
    try:
        if scheduler:
            from .distributed import run_on_cluster
            outcomes = run_on_cluster(scheduler, work, progress)
        elif jobs > 1 and len(work) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for o in pool.map(_ingest_worker, work, chunksize=max(1, min(64, len(work) // (jobs * 8)))):
                    outcomes.append(o)
                    if progress:
                        progress(o)
        else:
            for w in work:
                o = _ingest_worker(w)
                outcomes.append(o)
                if progress:
                    progress(o)
    finally:
        _close_spool()
    if relate_documents:
        relate(outcomes)
    return outcomes


def relate(outcomes: list[FileOutcome]) -> None:
    """What no file shows alone: the same content twice, one publication in several files, two
    versions of one department-year. Run once over every outcome of the landed set."""
    _mark_duplicates(outcomes)
    _join_publications(outcomes)
    _mark_versions(outcomes)


PART_OUTCOMES = "outcomes.jsonl"


def save_part(outcomes: list[FileOutcome], folder: Path, shard: tuple[int, int]) -> None:
    """A shard's part: its spool files (already in `folder`) and one JSON line per outcome, whose
    spool locations are relative to the folder, so the part can be moved to the merging machine."""
    write_outcomes(Path(folder) / PART_OUTCOMES, {"shard": list(shard)}, outcomes, Path(folder))


def load_part(folder: Path) -> tuple[tuple[int, int], list[FileOutcome]]:
    header, outcomes = read_outcomes(Path(folder) / PART_OUTCOMES, Path(folder))
    return tuple(header["shard"]), outcomes


def write_outcomes(path: Path, header: dict, outcomes: list[FileOutcome], folder: Path) -> None:
    """Spooled outcomes as JSON lines after a header line, their row files named relative to
    `folder` (a shard's part, the ingest cache). Written aside and renamed: never half a file."""
    aside = path.with_name(path.name + f".writing-{os.getpid()}")
    with open(aside, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(header, ensure_ascii=False) + "\n")
        for o in outcomes:
            if o.result is not None:
                raise ValueError(f"{o.source_file}: only spooled outcomes are kept")
            d = dataclasses.asdict(o)
            d["spooled"] = {k: [Path(v[0]).name, *v[1:]] for k, v in o.spooled.items()}
            # ASCII: a path the OS holds as bytes that are not UTF-8 (surrogates) round-trips
            fh.write(json.dumps(d) + "\n")
    os.replace(aside, path)


def read_outcomes(path: Path, folder: Path) -> tuple[dict, list[FileOutcome]]:
    with open(path, encoding="utf-8") as fh:
        header = json.loads(next(fh))
        outcomes = []
        for line in fh:
            d = json.loads(line)
            d["info"] = DocumentInfo(**d["info"]) if d["info"] else None
            d["findings"] = [Finding(**f) for f in d["findings"]]
            d["spooled"] = {k: (str(folder / v[0]), *v[1:]) for k, v in d["spooled"].items()}
            outcomes.append(FileOutcome(**d))
    return header, outcomes


def _department_year(i: DocumentInfo) -> tuple:
    """Who published it and for which year: the department's name key (identify.department_name_key:
    '中共江苏省委办公厅' on the tables and '江苏省委办公厅' on the narrative are one) in its region."""
    return (i.province, i.city, i.county, i.department_name_key, i.fiscal_year)


def _join_publications(outcomes: list[FileOutcome]) -> None:
    """A publication printed as several files (情况说明 and 公开表 apart) whose covers name the
    same department (by its name key), year and stage, exactly one of them with the tables: one document, read from
    the parts in order (the narrative parts, then the tables), landed once under the first name;
    the other files' manifest rows point to it."""
    groups: dict[tuple, list[FileOutcome]] = {}
    for o in outcomes:
        if o.info is None or o.status == "duplicate":
            continue
        i = o.info
        if i.department_name_key and i.fiscal_year and i.stage:
            groups.setdefault(_department_year(i) + (i.stage, i.doc_level), []).append(o)
    for group in groups.values():
        with_tables = [o for o in group if o.statement_cells]
        narrative = sorted((o for o in group if not o.statement_cells), key=lambda o: o.source_file)
        if len(with_tables) != 1 or not narrative:
            continue
        ordered = narrative + with_tables
        try:
            parts = [read(Path(o.path).read_bytes()) for o in ordered]
            merged = ingest_parts(parts, ordered[0].source_file)
        except (OSError, UnreadableInput, UnreadablePdf, NotADisclosure):
            continue                   # it read alone a moment ago; then each stays its own document
        first, rest = ordered[0], ordered[1:]
        names = ", ".join(o.source_file for o in rest)
        note = (f"one publication with {names} (covers name the same department, year and stage): "
                "landed as one document")
        _take(first, merged)              # the merged publication is held whole: there are few
        problems = _problems(merged)
        first.status, first.reason = ("partial", "; ".join(problems + [note])) if problems else ("landed", note)
        for o in rest:
            o.result, o.info, o.spooled, o.part_of_doc = None, None, {}, merged.info.doc_id
            o.tables_found = o.cells_landed = o.facts_landed = 0
            o.status, o.reason = "landed", f"part of the publication landed as {first.source_file}"
            o.findings.append(Finding(o.source_file, merged.info.doc_id, "info", "ING_PUBLICATION_PART",
                                      o.reason))


def _mark_duplicates(outcomes: list[FileOutcome]) -> None:
    """Same content under another name: the first name (sorted) lands, the others are duplicates."""
    first: dict[str, FileOutcome] = {}
    for o in sorted(outcomes, key=lambda o: o.source_file):
        if o.info is None:
            continue
        key = o.info.doc_id
        if key in first:
            o.status, o.duplicate_of = "duplicate", first[key].source_file
            o.reason = f"same content as {first[key].source_file}"
        else:
            first[key] = o


def _mark_versions(outcomes: list[FileOutcome]) -> None:
    """Two different versions of one department-year both land, flagged. A text file beside the
    one PDF of its department-year is that PDF's text extraction: the PDF (the published source,
    with pages and boxes) lands, the text is linked to it."""
    # A text named as a PDF beside it ('x.layout.txt' by 'x.pdf') is that PDF's extraction,
    # whatever either was identified as (a cover line one reader misses must not split them).
    pdf_by_stem = {_extraction_stem(o.source_file): o for o in outcomes
                   if _is_pdf(o) and o.info is not None and o.status != "duplicate"}
    for o in outcomes:
        pdf = pdf_by_stem.get(_extraction_stem(o.source_file))
        if pdf is not None and o is not pdf and o.info is not None and o.status != "duplicate":
            _link_extractions([pdf, o])
    seen: dict[tuple, list[FileOutcome]] = {}
    for o in outcomes:
        if o.info is None or o.status == "duplicate":
            continue
        i = o.info
        if i.department_name_key and i.fiscal_year:
            seen.setdefault(_department_year(i) + (i.stage,), []).append(o)
    for group in seen.values():
        group = _link_extractions(group)
        if len(group) > 1:
            names = sorted(g.source_file for g in group)
            for o in group:
                # At most five names: a group of thousands must not make every reason list them all.
                others = [n for n in names[:6] if n != o.source_file][:5]
                more = len(names) - 1 - len(others)
                note = (f"another version of the same department-year also landed: {', '.join(others)}"
                        + (f" and {more} more" if more else ""))
                o.reason = f"{o.reason}; {note}" if o.reason else note
                o.findings.append(Finding(
                    o.source_file, o.info.doc_id, "warn", "ING_SAME_DEPARTMENT_YEAR",
                    f"{len(group)} different documents for {o.info.department_name} "
                    f"{o.info.fiscal_year}: {', '.join(names[:5])}"
                    f"{' …' if len(names) > 5 else ''}"))


def _is_pdf(o: FileOutcome) -> bool:
    """Read as a PDF (by its content, ingest/readers), whatever its name."""
    return o.encoding.split("+")[0] == "pdf"


def _extraction_stem(source_file: str) -> str:
    """'d/x.layout.txt', 'd/x.raw.txt', 'd/x.pdf.txt' and 'd/x.pdf' all name 'd/x'."""
    stem = re.sub(r"\.(txt|md)$", "", source_file, flags=re.IGNORECASE)
    return re.sub(r"\.(pdf|[a-z]{2,8})$", "", stem, flags=re.IGNORECASE)


def _link_extractions(group: list[FileOutcome]) -> list[FileOutcome]:
    """The group less the text extractions of its PDFs (now duplicates of them): a text is its own
    PDF's (the same name, or the group's only PDF). A text lands beside its PDF only where the PDF's
    tables could not be read (the text reads more than twice its table figures): a second reading
    of a document that is read is not a second document to gate."""
    pdfs = [o for o in group if _is_pdf(o)]
    if not pdfs:
        return group
    by_stem = {_extraction_stem(p.source_file): p for p in pdfs}
    kept = []
    for o in group:
        pdf = None if o in pdfs else by_stem.get(_extraction_stem(o.source_file)) or (
            pdfs[0] if len(pdfs) == 1 else None)
        if pdf is None or o.statement_cells > 2 * pdf.statement_cells:
            kept.append(o)
            continue
        o.status, o.duplicate_of, o.part_of_doc = "duplicate", pdf.source_file, pdf.info.doc_id
        o.reason = (f"a text extraction of {pdf.source_file} (the same department, year and stage): "
                    "the PDF lands")
    return kept


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return canonical_text(v)
    return str(v)


def _box(box: tuple[float, float, float, float] | None) -> list[str]:
    """Where a figure is printed on its PDF page, to the hundredth of a point ('' when unknown)."""
    return [f"{v:.2f}" for v in box] if box else ["", "", "", ""]


# The stable order of each landed file. Every file but findings and the manifest is sorted by
# doc_id first, so a document's rows are one run of the file and documents can be written one by one.
SORT_KEYS = {
    "ingest_documents": lambda x: x[0],
    "ingest_pages": lambda x: (x[0], int(x[1])),
    "ingest_tables": lambda x: (x[0], int(x[1])),
    "ingest_cells": lambda x: (x[0], int(x[1]), int(x[3]), int(x[4])),
    "ingest_facts": lambda x: (x[0], int(x[8] or 0), int(x[1])),
    "ingest_sentences": lambda x: (x[0], int(x[1])),
    "ingest_findings": lambda x: (x[0], int(x[6] or 0), x[3], x[4]),
    "ingest_manifest": lambda x: x[0],
}
DOCUMENT_TABLES = [n for n in COLUMNS if n not in ("ingest_findings", "ingest_manifest")]
FORMATS = ("csv", "parquet")


def document_rows(r: DocumentResult) -> dict[str, list[list]]:
    """One document's rows of every landed file, each in its file's order; 'ingest_findings'
    holds the document's own findings (the file's outcome adds its own at writing)."""
    i = r.info
    rows: dict[str, list[list]] = {}
    rows["ingest_documents"] = [[_text(getattr(i, c)) for c in COLUMNS["ingest_documents"]]]
    rows["ingest_tables"] = [[_text(x) for x in (
        t.doc_id, t.table_seq, t.table_kind, t.title_raw, t.title_line or None, t.end_line or None,
        t.unit_raw, t.unit, t.status, t.note_text, t.note_line, t.layout, "|".join(t.measures),
        t.row_count)] for t in r.tables]
    rows["ingest_pages"] = [[_text(x) for x in (i.doc_id, page, first, last)] for page, first, last in r.pages]
    per_row: dict[tuple[int, int], int] = {}
    cells = []
    for c in r.cells:
        k = (c.table_seq, c.row_seq)
        per_row[k] = per_row.get(k, 0) + 1
        # Only the Decimal needs _text: the CSV writer prints None as '' and an int as str() does.
        cells.append([
            c.doc_id, c.table_seq, c.table_kind, c.row_seq, per_row[k], c.source_line,
            c.source_line_end, c.row_label, c.code_raw, c.code, c.row_item, c.row_kind,
            c.project_name, c.side, c.measure, c.amount_raw, _text(c.amount), c.decimals, c.unit,
            c.placement, *_box(c.box), c.column_year, c.column_measure])
    rows["ingest_cells"] = cells
    rows["ingest_sentences"] = [[i.doc_id, n, line, text] for n, (line, text) in enumerate(r.sentences, start=1)]
    rows["ingest_facts"] = [[
        f.doc_id, n, f.fact_kind, f.subject, f.attribute, f.value_raw, _text(f.value), f.unit,
        f.source_line, f.text_value, f.context] for n, f in enumerate(r.facts, start=1)]
    rows["ingest_findings"] = [_finding_row(f) for f in r.findings]
    for name, table in rows.items():
        table.sort(key=SORT_KEYS[name])
    return rows


def _finding_row(f: Finding) -> list[str]:
    return [_text(x) for x in (f.source_file, f.doc_id, f.severity, f.code, f.message, f.table_kind,
                               f.source_line)]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


_SPOOL_FILES: dict[tuple[str, int, str], object] = {}


def _spool(folder: Path, rows: dict[str, list[list[str]]]) -> dict[str, tuple[str, int, int, int]]:
    """Append one document's rows to this process's spool files (one per landed file), as CSV
    text; return where each run of rows is."""
    where = {}
    for name, table in rows.items():
        key = (str(folder), os.getpid(), name)
        fh = _SPOOL_FILES.get(key)
        if fh is None:
            # The host too: processes on several machines may share the folder (and a pid).
            fh = _SPOOL_FILES[key] = open(folder / f"{socket.gethostname()}-{os.getpid()}.{name}.csv", "ab")
        start = fh.tell()
        fh.write(_csv_bytes(table))
        where[name] = (fh.name, start, fh.tell(), len(table))
    for fh in _SPOOL_FILES.values():
        fh.flush()                 # a worker's files are complete after every document
    return where


def _close_spool() -> None:
    for key in [k for k in _SPOOL_FILES if k[1] == os.getpid()]:
        _SPOOL_FILES.pop(key).close()


def _spooled_bytes(where: tuple[str, int, int, int]) -> bytes:
    path, start, end, _ = where
    with open(path, "rb") as fh:
        fh.seek(start)
        return fh.read(end - start)


def _outcome_rows(o: FileOutcome, name: str, held: dict[int, dict]) -> bytes | list[list[str]]:
    """A landed outcome's rows of one file: CSV bytes when spooled, rows when held in memory."""
    if o.result is not None:
        return held[id(o)][name]
    return _spooled_bytes(o.spooled[name]) if name in o.spooled else b""


def write_seeds(outcomes: list[FileOutcome], out_dir: Path, fmt: str = "csv") -> dict[str, int]:
    """Write the landed set: one file per COLUMNS entry, as CSV seeds or (fmt='parquet') as
    Parquet files with the seeds' column types. Documents are written one at a time, from the
    spool or from the outcomes that hold them, so memory does not grow with the set."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown landing format {fmt!r} (one of {', '.join(FORMATS)})")
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(out_dir))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    landed = sorted((o for o in outcomes if o.info is not None and o.status != "duplicate"),
                    key=lambda o: o.info.doc_id)
    # Outcomes that hold their document (no spool: tests, a joined publication) are made rows once.
    held = {id(o): document_rows(o.result) for o in landed if o.result is not None}
    # The set is written into a folder beside the seeds and swapped in whole, so an interrupted or
    # failed run (disk full, killed) leaves the previous set, never a mix of old and new files.
    aside = out_dir.with_name(f".{out_dir.name}.writing-{os.getpid()}")
    counts = {}
    try:
        shutil.rmtree(aside, ignore_errors=True)
        aside.mkdir()
        for name in DOCUMENT_TABLES:
            with open(aside / f"{name}.csv", "wb") as fh:
                fh.write(_csv_bytes([COLUMNS[name]]))
                n = 0
                for o in landed:
                    rows = _outcome_rows(o, name, held)
                    if isinstance(rows, bytes):
                        fh.write(rows)
                        n += o.spooled[name][3] if name in o.spooled else 0
                    else:
                        fh.write(_csv_bytes(rows))
                        n += len(rows)
                counts[name] = n
        counts["ingest_findings"] = _write_findings(outcomes, aside / "ingest_findings.csv", held)
        counts["ingest_manifest"] = _write_manifest(outcomes, aside / "ingest_manifest.csv")
        for name in COLUMNS:
            _finish(aside / f"{name}.csv", fmt)
        ours = {f"{n}.{ext}" for n in COLUMNS for ext in FORMATS}
        if out_dir.is_dir():
            for other in out_dir.iterdir():      # files that are not ours stay with the seeds
                if other.name not in ours:
                    os.rename(other, aside / other.name)
        _swap_in(aside, out_dir)
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    return counts


def _write_findings(outcomes: list[FileOutcome], path: Path, held: dict[int, dict]) -> int:
    n = 0
    with open(path, "wb") as fh:
        fh.write(_csv_bytes([COLUMNS["ingest_findings"]]))
        for o in sorted(outcomes, key=lambda o: o.source_file):
            landed = o.info is not None and o.status != "duplicate"
            rows = [_finding_row(f) for f in o.findings]
            if landed:
                own = _outcome_rows(o, "ingest_findings", held)
                rows += list(csv.reader(io.StringIO(own.decode("utf-8")))) if isinstance(own, bytes) else own
            if o.status in ("quarantined", "duplicate"):
                doc_id = o.part_of_doc or (o.info.doc_id if o.info else "")
                rows.append(_finding_row(Finding(o.source_file, doc_id or None,
                                                 "error" if o.status == "quarantined" else "info",
                                                 "ING_" + o.status.upper(), o.reason)))
            rows.sort(key=SORT_KEYS["ingest_findings"])
            fh.write(_csv_bytes(rows))
            n += len(rows)
    return n


def _write_manifest(outcomes: list[FileOutcome], path: Path) -> int:
    rows = []
    for o in outcomes:
        doc_id = o.part_of_doc or (o.info.doc_id if o.info else "")
        landed = o.info is not None and o.status != "duplicate"
        dup_of = o.duplicate_of if o.status == "duplicate" else ""
        rows.append([_text(x) for x in (
            o.source_file, doc_id, o.status, o.reason, o.encoding, o.size_bytes,
            o.tables_found if landed else 0, o.cells_landed if landed else 0,
            o.facts_landed if landed else 0, dup_of)])
    rows.sort(key=SORT_KEYS["ingest_manifest"])
    with open(path, "wb") as fh:
        fh.write(_csv_bytes([COLUMNS["ingest_manifest"]] + rows))
    return len(rows)


def _finish(csv_path: Path, fmt: str) -> None:
    """Make the written CSV durable, or turn it into Parquet with the seeds' column types."""
    if fmt == "parquet":
        import duckdb
        con = duckdb.connect()
        try:
            rows = con.read_csv(str(csv_path), header=True, auto_detect=False,
                                columns=landed_column_types()[csv_path.stem])
            rows.write_parquet(str(csv_path.with_suffix(".parquet")), compression="zstd")
        finally:
            con.close()
        csv_path.unlink()
        csv_path = csv_path.with_suffix(".parquet")
    with open(csv_path, "rb+") as fh:
        os.fsync(fh.fileno())


def landed_column_types() -> dict[str, dict[str, str]]:
    """The landed files' column types, from where dbt reads them (dbt_project.yml's seeds)."""
    import yaml
    project = yaml.safe_load((Path(__file__).resolve().parents[1] / "dbt_project.yml").read_text(encoding="utf-8"))
    landed = project["seeds"]["budget_warehouse"]["landed"]
    return {name: dict(landed[name]["+column_types"]) for name in COLUMNS}


_RENAME_EXCHANGE = 2


def _swap_in(new: Path, target: Path) -> None:
    """Make `new` the folder at `target` in one step (Linux renameat2 RENAME_EXCHANGE); the
    previous folder ends at `new`'s path, for the caller to remove. Where the exchange is not
    available, two renames, each atomic."""
    if not target.exists():
        os.rename(new, target)
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd = -100
        if libc.renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(target),
                          _RENAME_EXCHANGE) == 0:
            return
    except (AttributeError, OSError):
        pass
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, old)
    os.rename(new, target)
    os.rename(old, new)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
