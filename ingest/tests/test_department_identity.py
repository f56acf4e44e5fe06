"""One department across years, stages and files: the name key (identify.department_name_key) and
the covers it is read from. Names and covers are as the 江苏 2017–2019 publications print them
(data/pdf/corpus/years/江苏, read from the pages)."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.identify import department_name_key, identify
from ingest.land import discover, run
from ingest.model import DocumentInfo

YEARS = Path(__file__).resolve().parents[2] / "data" / "pdf" / "corpus" / "years" / "江苏"


def _info(name: str, province: str | None = "江苏省", city: str | None = None) -> DocumentInfo:
    return DocumentInfo("d", "f", "0" * 64, "pdf", 1, department_name=name, province=province, city=city)


@pytest.mark.parametrize("printed", [
    "江苏省委办公厅",                    # the 2018 narrative's cover
    "中共江苏省委办公厅",                # the 2018 and 2019 tables' 部门：
    "中国共产党江苏省委员会办公厅",      # the 2017 tables' 部门：
])
def test_the_forms_of_one_office_s_name_are_one_key(printed):
    assert department_name_key(_info(printed)) == "委办公厅"


def test_a_region_is_taken_off_but_a_different_department_keeps_its_own_key():
    assert department_name_key(_info("江苏省人大常委会办公厅")) == "人大办公厅"
    assert department_name_key(_info("江苏省政协办公厅")) == "政协办公厅"
    assert department_name_key(_info("深圳市工业和信息化局（本级）", "广东省", "深圳市")) == "工业和信息化局"
    assert department_name_key(_info(None)) is None


def _identify(lines: list[str], titles: list[str] = ()) -> DocumentInfo:
    info = DocumentInfo("d", "f", "0" * 64, "pdf", len(lines))
    identify(lines, info, list(titles))
    return info


def test_a_cover_wrapped_after_bumen_names_the_department_a_table_cuts_short():
    # 省人大办公厅2018预算公开.pdf p1, and its tables from p8 ('部门名称：江苏省人大').
    info = _identify(["江苏省人大常委会办公厅2018年度部门", "预算公开", "目录", "部门名称：江苏省人大  单位：万元"])
    assert (info.department_name, info.fiscal_year, info.stage) == ("江苏省人大常委会办公厅", 2018, "budget")
    assert info.department_name_key == "人大办公厅"


def test_a_year_first_cover_without_bumen():
    # 省法院2018年度部门预算公开.pdf p1: '2018 年度江苏省高级' / ' 人民法院预算公开'.
    info = _identify(["2018 年度江苏省高级", " 人民法院预算公开", "", "2018 年 2 月 24 日", "目   录"])
    assert (info.department_name, info.fiscal_year, info.stage) == ("江苏省高级人民法院", 2018, "budget")


def test_a_tables_file_is_dated_by_its_tables_titles():
    # 江苏省委办公厅2017年预算公开表格.pdf: no cover; its 部门： lines, and '2017年政府采购预算表'.
    info = _identify(["收支预算总表", "部门：中国共产党江苏省委员会办公厅        单位：万元", "2017年政府采购预算表"],
                     ["收支预算总表"])
    assert (info.department_name_key, info.fiscal_year, info.stage) == ("委办公厅", 2017, "budget")
    # Titles naming two years date nothing.
    info = _identify(["部门：某某局", "2017年政府采购预算表", "2016年政府采购预算表"])
    assert info.fiscal_year is None


def test_a_narrative_and_its_tables_under_two_name_forms_land_as_one_publication():
    folder = YEARS / "江苏省委办公厅"
    files = [f.path for f in discover([folder]) if "2019" in f.path.name]
    outcomes = run(files, [f.name for f in files])
    by_name = {o.source_file: o for o in outcomes}
    tables = by_name["江苏省委办公厅2019年度部门预算公开表格.pdf"]
    narrative = by_name["江苏省委办公厅2019年度部门预算公开文件.pdf"]
    assert tables.reason == "part of the publication landed as 江苏省委办公厅2019年度部门预算公开文件.pdf"
    assert tables.part_of_doc == narrative.info.doc_id
