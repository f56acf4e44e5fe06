"""Landing: deterministic seeds, stable ids, every input file accounted for, no crash on real text."""
from __future__ import annotations

import codecs
import csv
import shutil
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.amounts import is_amount, parse_amount
from ingest.land import discover, run, write_seeds
from ingest.pipeline import ingest_bytes
from ingest.parse.cells import _split_code

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
CORPUS = ROOT / "data" / "corpus"          # vendored from ../shared/corpus


def _land(folder: Path, out: Path) -> dict[str, list[dict[str, str]]]:
    files = [f.path for f in discover([folder])]
    write_seeds(run(files, [f.name for f in files], jobs=1), out)
    return {p.stem: list(csv.DictReader(open(p, encoding="utf-8"))) for p in out.glob("*.csv")}


def test_two_runs_write_byte_identical_seeds(tmp_path):
    _land(RAW, tmp_path / "a")
    files = [f.path for f in discover([RAW])]
    write_seeds(run(files, [f.name for f in files], jobs=2), tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert names == sorted(p.name for p in (tmp_path / "b").glob("*.csv")) and len(names) == 8
    for name in names:
        a, b = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert a == b, name
        assert not a.startswith(codecs.BOM_UTF8) and b"\r\n" not in a


def test_adding_a_document_changes_no_other_documents_rows(tmp_path):
    some = tmp_path / "some"
    some.mkdir()
    for f in sorted(RAW.glob("*.txt"))[:2]:
        shutil.copy(f, some / f.name)
    before = _land(some, tmp_path / "out1")
    shutil.copy(sorted(RAW.glob("*.txt"))[2], some)
    after = _land(some, tmp_path / "out2")
    old_ids = {r["doc_id"] for r in before["ingest_documents"]}
    assert len(old_ids) == 2
    for seed in ("ingest_cells", "ingest_tables", "ingest_documents"):
        assert [r for r in after[seed] if r["doc_id"] in old_ids] == before[seed]


def test_same_document_in_other_encodings_is_the_same_document(tmp_path):
    text = (RAW / "003_efef946b7b5e825f.txt").read_text(encoding="utf-8")
    ref = ingest_bytes(text.encode("utf-8"), "a.txt")
    for data, enc in ((codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
                      (text.encode("gb18030"), "gb18030"),
                      (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16")):
        res = ingest_bytes(data, "b.txt")
        assert res.info.encoding == enc
        assert res.info.doc_id == ref.info.doc_id
        assert [(c.code, c.measure, c.amount) for c in res.cells] == \
               [(c.code, c.measure, c.amount) for c in ref.cells]


def test_every_input_file_is_accounted_for(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for f in RAW.glob("*.txt"):
        shutil.copy(f, docs / f.name)
    shutil.copy(RAW / "001_40f9bb7e09049ed6.txt", docs / "copy of 001 \"dup\".txt")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    (docs / "notice.txt").write_text("关于召开2024年全市安全生产工作会议的通知\n请各单位准时参加。\n",
                                     encoding="utf-8")
    (docs / "scan.pdf").write_bytes(b"%PDF-1.4 not text")
    seeds = _land(docs, tmp_path / "out")
    manifest = {r["source_file"]: r for r in seeds["ingest_manifest"]}
    assert set(manifest) == {p.name for p in docs.iterdir()}
    for f in RAW.glob("*.txt"):
        assert manifest[f.name]["status"] == "landed"
    dup = manifest["copy of 001 \"dup\".txt"]
    assert (dup["status"], dup["duplicate_of"]) == ("duplicate", "001_40f9bb7e09049ed6.txt")
    assert manifest["empty.txt"]["status"] == "quarantined" and "empty" in manifest["empty.txt"]["reason"]
    assert manifest["garbage.txt"]["status"] == "quarantined"
    assert manifest["notice.txt"]["status"] == "quarantined"
    assert "not a budget disclosure" in manifest["notice.txt"]["reason"]
    assert manifest["scan.pdf"]["status"] == "quarantined"
    # The good documents land exactly what they land alone.
    alone = _land(RAW, tmp_path / "alone")
    assert seeds["ingest_cells"] == alone["ingest_cells"]


def test_every_corpus_extraction_ingests_without_crashing():
    files = sorted(CORPUS.glob("*/*.txt"))
    assert len(files) == 16, "data/corpus should hold the 16 corpus extractions"
    outcomes = run(files, [f.name for f in files], jobs=1)
    crashed = [(o.source_file, o.reason) for o in outcomes if "ingest error" in o.reason]
    assert not crashed
    # Each table-bearing extraction yields tables or says clearly why not.
    for o in outcomes:
        if "narrative" in o.source_file:
            continue
        assert o.result is not None and any(t.status == "present" for t in o.result.tables), o.source_file


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_arbitrary_text_never_raises_out_of_ingest(text):
    try:
        ingest_bytes(text.encode("utf-8"), "fuzz.txt")
    except Exception as exc:  # only the two documented refusals may escape
        assert type(exc).__name__ in ("UnreadableInput", "NotADisclosure"), repr(exc)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2,
                   min_value=Decimal("-1e12"), max_value=Decimal("1e12")))
def test_every_printed_amount_parses_back_to_its_value(value):
    plain = format(value, "f")
    with_commas = f"{value:,.2f}"
    for text in (plain, with_commas):
        parsed = parse_amount(text)
        assert parsed is not None and parsed[0] == value and parsed[1] == 2


def test_amount_forms():
    assert parse_amount("(12.00)") == (Decimal("-12.00"), 2)
    assert parse_amount("-") == (Decimal(0), 0)
    assert parse_amount("1,935.36") == (Decimal("1935.36"), 2)
    assert parse_amount("32,365.090089") == (Decimal("32365.090089"), 6)
    assert not is_amount("2024年") and not is_amount("1,23") and not is_amount("(12")


def test_code_forms():
    assert _split_code(["201", "03", "50", "事业运行"], "x")[1] == ["201", "03", "50"]
    assert _split_code(["[30201]办公费"], "x")[1:] == (["30201"], ["办公费"])
    assert _split_code(["2010801-行政运行"], "x")[1:] == (["2010801"], ["行政运行"])
    # '143 143' is two amounts in a 元 table; '2024 年…' is a project name, not a code.
    assert _split_code(["143", "143"], "x")[1] == []
    assert _split_code(["2024", "年政务服务运行维护费"], "x")[1] == []


def test_form_feeds_give_each_line_its_page():
    from ingest.reader import page_spans
    # pdftotext: a break before each page but the first, and one after the last page; page 3 empty.
    assert page_spans("a\nb\n\fc\n\f\fd\n\f") == [(1, 1, 2), (2, 3, 3), (4, 4, 5)]
    assert page_spans("no pages\nat all\n") == []


def test_the_landed_columns_are_defined_once_and_every_seed_file_follows_them():
    """land.COLUMNS is the one definition: the CSV writer writes it, and seeds/_seeds.yml
    (column docs) and dbt_project.yml (column types) describe exactly those columns, in order."""
    import yaml

    from ingest.land import COLUMNS
    root = Path(__file__).resolve().parents[2]
    documented = {s["name"]: [c["name"] for c in s["columns"]]
                  for s in yaml.safe_load((root / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))["seeds"]}
    typed = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8"))["seeds"]["budget_warehouse"]["landed"]
    for name, columns in COLUMNS.items():
        assert documented[name] == columns, name
        assert list(typed[name]["+column_types"]) == columns, name
        with open(root / "seeds" / "landed" / f"{name}.csv", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == columns, name
