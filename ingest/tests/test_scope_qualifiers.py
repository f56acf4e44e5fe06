"""A total's keyword narrowed by the words before it (ingest/data/scope_qualifiers.csv) lands as a
part_ subject, never as the department's figure; the department's own wording does not. Sentences
as printed in real disclosures (the corpus's 深圳 documents and the bundled ones)."""
from __future__ import annotations

import pytest

from ingest.narrative import extract_facts


def _subjects(sentence: str, department: str | None = None) -> set[str]:
    from ingest.narrative import _facts, _paragraphs
    return {f.subject for f in _facts(_paragraphs([sentence]), "d", department) if f.attribute == "amount"}


@pytest.mark.parametrize("sentence, department, subject", [
    ("本单位上级专项转移支付支出预算为1,047.61万元,包括中央财政转移支付资金1,047.61万元。", "深圳市医疗保障局",
     "part_expenditure_total"),
    ("其中,深圳机场T2项目非民航专业工程初步设计评审项目支出304.16万元,民航业领域工作经费5.00万元。",
     "深圳市交通运输局", "part_project"),
    ("十三、深圳市社会保险基金管理局龙华分局部门预算收入5,127.91万元,包括在职人员经费2,781.70万元。",
     "深圳市人力资源和社会保障局", "part_income_total"),
    ("3.水务发展资金项目支出939.06万元,主要用于支付水质净化厂设备设施更换工程工程款。", "深圳市水务局", "part_project"),
])
def test_a_total_narrowed_to_a_part_is_a_part(sentence, department, subject):
    assert subject in _subjects(sentence, department)


@pytest.mark.parametrize("sentence, department, subject", [
    ("新疆维吾尔自治区喀什地区喀什市政务服务中心部门收入预算 415.89 万元,其中:一般公共预算 415.89 万元。",
     "喀什市政务服务中心", "income_total"),
    ("深圳市规划和自然资源局盐田管理局部门预算收入4,628.07万元。", "深圳市规划和自然资源局盐田管理局", "income_total"),
    ("2026年本部门项目支出1,612.29万元,比上年增加10.00万元。", "深圳市信访局", "project"),
    ("(二)项目支出2024 年一般公共预算财政拨款项目支出预算 48 万元,比 2023 年预算减少 5 万元。", "永登县政务服务中心",
     "general_budget_project"),
])
def test_the_department_own_total_keeps_its_subject(sentence, department, subject):
    got = _subjects(sentence, department)
    assert subject in got and not any(s.startswith("part_") for s in got), got


def test_extract_facts_without_a_department_still_reads_the_totals():
    facts = extract_facts(["2026年本部门项目支出1,612.29万元。"], "d")
    assert [(f.subject, f.value_raw) for f in facts if f.attribute == "amount"] == [("project", "1,612.29")]
