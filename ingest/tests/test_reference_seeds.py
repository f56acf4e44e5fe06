"""Hand-kept reference seeds (seeds/reference/) and the region table (ingest/data/regions.csv).

Plain CSV reading, no dbt: the code seeds must cover every code the ingest lands for the bundled
documents, keep their hierarchy and validity periods consistent, and resolve the known renames;
the region table must carry codes whose prefixes agree with their parents'.
"""
from __future__ import annotations

import codecs
import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "seeds" / "reference"
LANDED = ROOT / "seeds" / "landed"
REGIONS = ROOT / "ingest" / "data" / "regions.csv"

FUNCTION_COLUMNS = ["function_code", "function_level", "parent_code", "name_zh", "valid_from_year",
                    "valid_to_year", "source"]
ECONOMIC_COLUMNS = ["economic_code", "economic_level", "parent_code", "name_zh", "code_system",
                    "basic_split", "three_public_item", "valid_from_year", "valid_to_year", "source"]
FUNCTION_LENGTH = {"类": 3, "款": 5, "项": 7}
ECONOMIC_LENGTH = {"类": 3, "款": 5}
BUNDLED_YEAR = 2024


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _valid_in(row: dict[str, str], year: int) -> bool:
    start = int(row["valid_from_year"])
    end = int(row["valid_to_year"]) if row["valid_to_year"] else 9999
    return start <= year <= end


def _years(row: dict[str, str], last: int = 2030) -> range:
    end = int(row["valid_to_year"]) if row["valid_to_year"] else last
    return range(int(row["valid_from_year"]), end + 1)


@pytest.fixture(scope="module")
def function_codes() -> list[dict[str, str]]:
    header, rows = _read(REFERENCE / "ref_function_codes.csv")
    assert header == FUNCTION_COLUMNS
    return rows


@pytest.fixture(scope="module")
def economic_codes() -> list[dict[str, str]]:
    header, rows = _read(REFERENCE / "ref_economic_codes.csv")
    assert header == ECONOMIC_COLUMNS
    return rows


@pytest.fixture(scope="module")
def landed_cells() -> list[dict[str, str]]:
    _, rows = _read(LANDED / "ingest_cells.csv")
    return rows


@pytest.fixture(scope="module")
def landed_years() -> dict[str, int]:
    _, rows = _read(LANDED / "ingest_documents.csv")
    return {r["doc_id"]: int(r["fiscal_year"]) for r in rows if r["fiscal_year"]}


def _names_by_year(rows: list[dict[str, str]], key: str, code: str, year: int) -> set[str]:
    return {r["name_zh"] for r in rows if r[key] == code and _valid_in(r, year)}


# ---------------------------------------------------------------------------------------------
# file format

@pytest.mark.parametrize("name", ["ref_function_codes.csv", "ref_economic_codes.csv"])
def test_seed_files_are_plain_utf8_csv(name):
    data = (REFERENCE / name).read_bytes()
    assert not data.startswith(codecs.BOM_UTF8), f"{name} starts with a BOM"
    assert b"\r\n" not in data, f"{name} has CRLF line ends"
    text = data.decode("utf-8")
    assert text.endswith("\n")
    with open(REFERENCE / name, encoding="utf-8", newline="") as fh:
        widths = {len(row) for row in csv.reader(fh)}
    assert len(widths) == 1, f"{name}: rows of different widths {widths} (unquoted comma?)"


# ---------------------------------------------------------------------------------------------
# 支出功能分类

def test_every_function_code_landed_for_the_bundled_documents_is_known_for_their_year(
        function_codes, landed_cells, landed_years):
    landed = {(c["doc_id"], c["code"]) for c in landed_cells if c["code"].startswith("2")}
    assert len({code for _, code in landed}) >= 20, "too few function codes landed to prove coverage"
    assert set(landed_years.values()) == {BUNDLED_YEAR}
    known = defaultdict(set)
    for row in function_codes:
        for year in _years(row):
            known[year].add(row["function_code"])
    missing = sorted(f"{code} (doc {doc}, FY{landed_years[doc]})" for doc, code in landed
                     if code not in known[landed_years[doc]])
    assert not missing, "function codes landed but not in ref_function_codes:\n  " + "\n  ".join(missing)


def test_landed_function_names_match_the_reference_wording(function_codes, landed_cells, landed_years):
    # 永登 (gs12) prints 2080505 as 机关事业单位养老保险缴费支出; the reference keeps the official
    # wording and notes the abbreviation in its source column.
    abbreviated = {("2080505", "机关事业单位养老保险缴费支出")}
    mismatched = set()
    for cell in landed_cells:
        code, label = cell["code"], re.sub(r"\s+", "", cell["row_label"])
        if not code.startswith("2") or not label or (code, label) in abbreviated:
            continue
        if label not in _names_by_year(function_codes, "function_code", code, landed_years[cell["doc_id"]]):
            mismatched.add(f"{code} {label} (line {cell['source_line']})")
    assert not mismatched, "landed names differ from ref_function_codes:\n  " + "\n  ".join(sorted(mismatched))


def test_function_code_length_matches_its_level_and_parent_is_its_prefix(function_codes):
    assert len(function_codes) > 100
    bad = []
    for row in function_codes:
        code, level, parent = row["function_code"], row["function_level"], row["parent_code"]
        if not re.fullmatch(r"2\d+", code) or len(code) != FUNCTION_LENGTH.get(level):
            bad.append(f"{code}: level {level}")
        expected_parent = "" if level == "类" else code[:-2]
        if parent != expected_parent:
            bad.append(f"{code}: parent {parent!r}, expected {expected_parent!r}")
    assert not bad, "\n".join(bad)


def test_every_kuan_and_xiang_has_its_parent_for_every_year_it_is_valid(function_codes):
    missing = []
    for row in function_codes:
        if not row["parent_code"]:
            continue
        for year in _years(row):
            if not _names_by_year(function_codes, "function_code", row["parent_code"], year):
                missing.append(f"{row['function_code']} {row['name_zh']}: no {row['parent_code']} in {year}")
                break
    assert not missing, "\n".join(missing)


def test_no_overlapping_validity_for_the_same_code_and_name(function_codes):
    periods = defaultdict(list)
    for row in function_codes:
        periods[(row["function_code"], row["name_zh"])].append(row)
    overlaps = []
    for (code, name), rows in periods.items():
        seen: set[int] = set()
        for row in rows:
            if row["valid_to_year"]:
                assert int(row["valid_to_year"]) >= int(row["valid_from_year"]), row
            years = set(_years(row))
            if seen & years:
                overlaps.append(f"{code} {name}: {sorted(seen & years)}")
            seen |= years
    assert not overlaps, "\n".join(overlaps)


@pytest.mark.parametrize("code, old, new", [
    ("207", "文化体育与传媒支出", "文化旅游体育与传媒支出"),
    ("210", "医疗卫生与计划生育支出", "卫生健康支出"),
    ("220", "国土海洋气象等支出", "自然资源海洋气象等支出"),
])
def test_renamed_classes_resolve_to_the_name_of_the_year(function_codes, code, old, new):
    assert _names_by_year(function_codes, "function_code", code, 2017) == {old}
    assert _names_by_year(function_codes, "function_code", code, 2018) == {old}
    assert _names_by_year(function_codes, "function_code", code, 2019) == {new}
    assert _names_by_year(function_codes, "function_code", code, BUNDLED_YEAR) == {new}


def test_both_wordings_of_215_are_accepted_today(function_codes):
    assert _names_by_year(function_codes, "function_code", "215", BUNDLED_YEAR) == {
        "资源勘探工业信息等支出", "资源勘探信息等支出"}


def test_function_names_use_ascii_brackets(function_codes):
    bad = [f"{r['function_code']} {r['name_zh']}" for r in function_codes
           if re.search(r"[（）\s]", r["name_zh"]) or not r["name_zh"]]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name", ["ref_function_codes.csv", "ref_economic_codes.csv"])
def test_every_row_cites_a_document_line_or_a_confidence_mark(name):
    # A row either points at the line that prints it, carries classification.md's mark
    # ([V] seen in a named source, [S] peer project, [R] recalled, to be confirmed), or was
    # observed in vendored corpus documents (warehouse/grow_reference.py), which must exist.
    _, rows = _read(REFERENCE / name)
    bad = [f"{r[next(iter(r))]} {r['name_zh']}: {r['source']!r}" for r in rows
           if not re.search(r"(bundled \d{3}|corpus \S+ (layout|raw)) line \d+|\[[VSR]\]", r["source"])
           and not r["source"].startswith("observed in ")]
    assert not bad, "\n".join(bad)
    corpus = REFERENCE.parents[1] / "data" / "pdf" / "corpus"
    cited = {f for r in rows if r["source"].startswith("observed in ")
             for f in r["source"].split(": ", 1)[1].split(" | ")}
    assert all((corpus / f).is_file() for f in cited), sorted(f for f in cited if not (corpus / f).is_file())


# ---------------------------------------------------------------------------------------------
# 支出经济分类

def test_every_economic_code_landed_for_the_bundled_documents_is_known(economic_codes, landed_cells,
                                                                       landed_years):
    landed = {(c["doc_id"], c["code"]) for c in landed_cells if c["code"].startswith("3")}
    assert len({code for _, code in landed}) >= 20, "too few economic codes landed to prove coverage"
    missing = sorted(f"{code} (doc {doc})" for doc, code in landed
                     if not _names_by_year(economic_codes, "economic_code", code, landed_years[doc]))
    assert not missing, "economic codes landed but not in ref_economic_codes:\n  " + "\n  ".join(missing)


def test_economic_code_shape_system_and_parent(economic_codes):
    codes = {r["economic_code"] for r in economic_codes}
    bad = []
    for row in economic_codes:
        code, level = row["economic_code"], row["economic_level"]
        if not re.fullmatch(r"[35]\d+", code) or len(code) != ECONOMIC_LENGTH.get(level):
            bad.append(f"{code}: level {level}")
        if row["parent_code"] != ("" if level == "类" else code[:3]):
            bad.append(f"{code}: parent {row['parent_code']!r}")
        if level == "款" and row["parent_code"] not in codes:
            bad.append(f"{code}: parent {row['parent_code']} missing")
        if row["code_system"] != {"3": "department", "5": "government"}[code[0]]:
            bad.append(f"{code}: code_system {row['code_system']}")
        if int(row["valid_from_year"]) < 2018:
            bad.append(f"{code}: valid before the 2018 reform")
    assert not bad, "\n".join(bad)
    assert len(codes) == len(economic_codes), "an economic code is listed twice"


def test_three_public_items_are_exactly_the_listed_codes(economic_codes):
    expected = {
        "30212": "abroad", "50207": "abroad",
        "30217": "reception", "50206": "reception",
        "30231": "vehicle_operation", "50208": "vehicle_operation",
        "31013": "vehicle_purchase", "30913": "vehicle_purchase",
        "50303": "vehicle_purchase", "50403": "vehicle_purchase",
        "30215": "meeting", "50202": "meeting",
        "30216": "training", "50203": "training",
    }
    actual = {r["economic_code"]: r["three_public_item"] for r in economic_codes if r["three_public_item"]}
    assert actual == expected


def test_basic_split_follows_the_economic_class(economic_codes):
    expected = {"301": "personnel", "303": "personnel", "302": "public", "309": "public", "310": "public",
                "399": "public"}
    bad = [f"{r['economic_code']}: {r['basic_split']!r}" for r in economic_codes
           if r["basic_split"] != expected.get(r["economic_code"][:3], "")]
    assert not bad, "\n".join(bad)
    # the ingest's own split table (ingest/data/economic_basic_split.csv) must agree
    _, split = _read(ROOT / "ingest" / "data" / "economic_basic_split.csv")
    assert {r["economic_class"]: r["measure"] for r in split} == expected


def test_shared_kuan_names_of_309_and_310_stay_apart_by_code(economic_codes):
    by_code = {r["economic_code"]: r["name_zh"] for r in economic_codes}
    assert by_code["30901"] == by_code["31001"] == "房屋建筑物购建"
    assert by_code["30239"] == "其他交通费用"
    assert by_code["30212"] == "因公出国(境)费用"


# ---------------------------------------------------------------------------------------------
# regions

def test_region_codes_are_six_digits_and_agree_with_their_parents():
    header, rows = _read(REGIONS)
    assert header == ["region_name", "level", "parent_name", "division_code", "aliases"]
    by_name = {r["region_name"]: r for r in rows}
    assert len(by_name) == len(rows), "a region name is listed twice"
    codes = [r["division_code"] for r in rows]
    assert len(set(codes)) == len(codes), "a division code is listed twice"
    bad = []
    for r in rows:
        code, level = r["division_code"], r["level"]
        if not re.fullmatch(r"[1-9]\d{5}", code):
            bad.append(f"{r['region_name']}: code {code!r}")
            continue
        if level == "province":
            if r["parent_name"] or not code.endswith("0000"):
                bad.append(f"{r['region_name']}: province {code}")
            continue
        parent = by_name.get(r["parent_name"])
        if parent is None:
            bad.append(f"{r['region_name']}: parent {r['parent_name']!r} not listed")
            continue
        prefix = {"province": 2, "prefecture": 4}.get(parent["level"])
        if prefix is None or code[:prefix] != parent["division_code"][:prefix]:
            bad.append(f"{r['region_name']} {code}: prefix does not match parent "
                       f"{parent['region_name']} {parent['division_code']}")
        if level == "prefecture" and (parent["level"] != "province" or not code.endswith("00")):
            bad.append(f"{r['region_name']}: prefecture {code} under {parent['level']}")
        if level == "county" and code.endswith("00"):
            bad.append(f"{r['region_name']}: county code {code} ends in 00")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("name, code", [("若羌县", "652824"), ("永登县", "620121"), ("喀什市", "653101"),
                                        ("乌鲁木齐市", "650100"), ("普陀区", "310107")])
def test_known_division_codes(name, code):
    _, rows = _read(REGIONS)
    assert {r["region_name"]: r["division_code"] for r in rows}[name] == code


def test_every_data_file_has_as_many_fields_on_each_row_as_its_header():
    """dbt seeds these files; a stray comma in a note would stop `dbt seed`."""
    for path in sorted([*REFERENCE.glob("*.csv"), *(ROOT / "ingest" / "data").glob("*.csv")]):
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        bad = [n for n, row in enumerate(rows[1:], start=2) if len(row) != len(rows[0])]
        assert not bad, f"{path.name}: rows {bad} do not have {len(rows[0])} fields"
