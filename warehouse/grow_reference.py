"""Grow the classification reference by the codes real documents print.

    python -m warehouse.grow_reference build/gate/codes_not_in_reference.csv [--reference seeds/reference]

No complete machine-readable catalogue of 政府收支分类科目 is published. The hand-kept core of
ref_function_codes / ref_economic_codes is extended by what the documents print: the gate lists
every well-formed code the reference has not seen for its year (R09U, codes_not_in_reference.csv),
and this adds each as an *observed* row: the name most documents print, the fiscal years it was
seen in (valid_from_year … valid_to_year) and, in `source`, "observed in N document(s): …" with
the files. A code already observed widens its years and documents. Nothing of the core is changed.

A code is added only when its parent (款 of a 项, 类 of a 款) is in the reference, so the reference
stays a tree; a name with digits or Latin letters (a neighbouring column run into it) or a code
with no printed name is not added. What was skipped is said, so the listing can be read by hand.

Exit codes: EXIT_CODES below (`--help` lists them).
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from ingest import cli

OBSERVED = "observed in "
FILES = {"function": "ref_function_codes.csv", "economic": "ref_economic_codes.csv"}
CODE_COLUMN = {"function": "function_code", "economic": "economic_code"}
LEVEL_COLUMN = {"function": "function_level", "economic": "economic_level"}
_NOT_A_NAME = re.compile(r"[0-9A-Za-z]")
EXIT_CODES = {0: "the observed rows were added or widened (or there was nothing to add)",
              2: f"the listing or the reference cannot be read (or written), or {cli.USAGE}"}


def clean_name(name: str) -> str | None:
    """The printed name as the reference keeps names (NFKC, no spaces), or None when it cannot be
    a classification name."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    text = re.sub(r"^[、.．:：\-]+", "", text)
    if len(text) < 2 or len(text) > 40 or _NOT_A_NAME.search(text):
        return None
    return text


def parent_of(code: str, system: str) -> str | None:
    if len(code) == 3:
        return None
    return code[:3] if system == "economic" else code[:-2]


def _observed_source(files: set[str]) -> str:
    listed = " | ".join(sorted(files))
    return f"{OBSERVED}{len(files)} document{'s' if len(files) != 1 else ''}: {listed}"


def _observed_files(source: str) -> set[str]:
    return set(source.split(": ", 1)[1].split(" | ")) if source.startswith(OBSERVED) else set()


def read_listing(path: Path) -> dict[str, dict[str, dict]]:
    """{system: {code: {"names": Counter, "years": set, "files": set, "level": str}}}"""
    seen: dict[str, dict[str, dict]] = {"function": {}, "economic": {}}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            system = row["code_system"]
            if system not in seen or not row["fiscal_year"]:
                continue
            entry = seen[system].setdefault(row["code"], {"names": Counter(), "years": set(), "files": set(),
                                                          "level": row["code_level"]})
            name = clean_name(row["name_zh"])
            files = set(filter(None, row["seen_in"].split(" | ")))
            if name:
                entry["names"][name] += len(files) or 1
            entry["years"].add(int(row["fiscal_year"]))
            entry["files"] |= files
    return seen


def grow(listing: Path, reference: Path) -> tuple[int, list[str]]:
    """Add the listing's codes to the reference files; returns (rows added or widened, skipped)."""
    seen = read_listing(listing)
    changed, skipped = 0, []
    for system, codes in seen.items():
        path = reference / FILES[system]
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fields, rows = reader.fieldnames, list(reader)
        code_col, level_col = CODE_COLUMN[system], LEVEL_COLUMN[system]
        known = {r[code_col] for r in rows}
        by_key = {(r[code_col], r["name_zh"]): r for r in rows if r["source"].startswith(OBSERVED)}
        # Parents first, so a 款 observed beside its 项 makes room for it.
        for code in sorted(codes, key=lambda c: (len(c), c)):
            entry = codes[code]
            if not entry["names"]:
                skipped.append(f"{code}: no printed name to keep")
                continue
            name = max(entry["names"].items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
            parent = parent_of(code, system)
            if parent is not None and parent not in known:
                skipped.append(f"{code} {name}: its parent {parent} is not in the reference")
                continue
            row = by_key.get((code, name))
            if row is None:
                row = {f: "" for f in fields}
                row.update({code_col: code, level_col: entry["level"], "parent_code": parent or "",
                            "name_zh": name, "source": ""})
                if system == "economic":
                    row["code_system"] = "department" if code.startswith("3") else "government"
                rows.append(row)
                by_key[(code, name)] = row
                known.add(code)
                years = entry["years"]
            else:
                years = entry["years"] | {int(row["valid_from_year"]), int(row["valid_to_year"])}
            files = _observed_files(row["source"]) | entry["files"]
            new = {"valid_from_year": str(min(years)), "valid_to_year": str(max(years)),
                   "source": _observed_source(files)}
            if any(row[k] != v for k, v in new.items()):
                row.update(new)
                changed += 1
        skipped += _cover_parents(rows, code_col, system)
        core = [r for r in rows if not r["source"].startswith(OBSERVED)]
        observed = sorted((r for r in rows if r["source"].startswith(OBSERVED)),
                          key=lambda r: (r[code_col], r["valid_from_year"], r["name_zh"]))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(core + observed)
    return changed, skipped


def _years(row: dict) -> range:
    return range(int(row["valid_from_year"]), int(row["valid_to_year"] or 9999) + 1)


def _cover_parents(rows: list[dict], code_col: str, system: str) -> list[str]:
    """A code in force in a year implies its parent in force then: an observed parent widens its
    years to its children's; a child a hand-kept parent does not cover is dropped (said)."""
    skipped = []
    for row in sorted((r for r in rows if r["source"].startswith(OBSERVED)),
                      key=lambda r: -len(r[code_col])):
        parent = parent_of(row[code_col], system)
        if parent is None:
            continue
        parents = [r for r in rows if r[code_col] == parent]
        years = _years(row)
        missing = [y for y in (years.start, years.stop - 1)
                   if not any(y in _years(r) for r in parents)]
        if not missing:
            continue
        observed = [r for r in parents if r["source"].startswith(OBSERVED)]
        if observed:
            target = observed[0]
            target["valid_from_year"] = str(min(int(target["valid_from_year"]), years.start))
            target["valid_to_year"] = str(max(int(target["valid_to_year"]), years.stop - 1))
        else:
            rows.remove(row)
            skipped.append(f"{row[code_col]} {row['name_zh']}: its parent {parent} is not known in {missing[0]}")
    return skipped


def main(argv: list[str] | None = None) -> int:
    parser = cli.parser("python -m warehouse.grow_reference", __doc__.split("\n\n")[0], EXIT_CODES)
    parser.add_argument("listing", help="codes_not_in_reference.csv written by the gate")
    parser.add_argument("--reference", default="seeds/reference", help="folder of ref_*_codes.csv")
    args = parser.parse_args(argv)
    try:
        changed, skipped = grow(Path(args.listing), Path(args.reference))
    except (OSError, KeyError, ValueError, csv.Error) as exc:
        print(f"grow_reference: {args.listing}: {exc}", file=sys.stderr)
        return 2
    print(f"grow_reference: {changed} observed row(s) added or widened in {args.reference}")
    for reason in skipped:
        print(f"  not added: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
