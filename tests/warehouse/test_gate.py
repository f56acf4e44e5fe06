"""The compliance gate on real documents: the known inconsistencies of the bundled documents are
reported, every kind of edit the rules cover makes the gate fail, a rounding-only edit does not,
a clean document passes with zero errors, and the gate's exit code follows the findings.

One warehouse is built for all of it (conftest.build_warehouse): the four bundled documents, one
mutated copy of 若羌县人民政府办公室 (003) per mutation, and a repaired copy of 002.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import build_warehouse, run_gate_test

BASE = "003_efef946b7b5e825f.txt"
CLEAN_BASE = "002_7c0bf2efb0e5d549.txt"

ITEM_385 = "2024年预算数为9.42万元, 比上年预算增加1.64万元, 增长21.08%"
# name → (replacements in the base document, rule ids the edit must newly trigger). Each
# replacement names the line it edits so a change to the fixture documents breaks loudly.
MUTATIONS = {
    "row_amount": (  # a 项 row of the 支出总表 (line 144): its 款 no longer adds up
        [("201\t03\t01\t行政运行\t265.54\t265.54\t", "201\t03\t01\t行政运行\t275.54\t275.54\t")],
        {"R15"},
    ),
    "subtotal": (  # the 类 201 row of the 支出总表 (line 142): 合计 = Σ 类 and 合计 = 基本 + 项目 break
        [("201\t\t\t一般公共服务支出\t683.70\t434.62\t249.08", "201\t\t\t一般公共服务支出\t683.90\t434.62\t249.08")],
        {"R15", "R14"},
    ),
    "narrative_total": (  # line 338: 支出预算 842.07 → 852.07 万元
        [("2024 年支出预算 842.07 万元", "2024 年支出预算 852.07 万元")],
        {"R26"},
    ),
    "three_public_item": (  # the 三公 table's 公务接待费 row (line 305)
        [("公务接待费\t0.25\t0.25\t\t", "公务接待费\t0.35\t0.35\t\t")],
        {"R18", "R27"},
    ),
    "cross_table": (  # the basic table's 合计 (line 276) no longer matches the 一般公共预算支出表
        [("\t\t合 计\t592.99\t554.30\t38.69", "\t\t合 计\t593.99\t555.30\t38.69")],
        {"R22"},
    ),
    "summary_unbalanced": (  # the 收支总表's 支出总计 (line 129)
        [("收 入 总 计\t842.07\t支 出 总 计\t842.07", "收 入 总 计\t842.07\t支 出 总 计\t843.07")],
        {"R11"},
    ),
    "fiscal_summary_unbalanced": (  # the 财政拨款收支总表's 支出总计 (line 204)
        [("收入总计\t842.07\t支出总计\t842.07\t842.07", "收入总计\t842.07\t支出总计\t843.07\t843.07")],
        {"R16"},
    ),
    "personnel_public": (  # the basic table's 合计 row (line 276): 人员经费 no longer adds up
        [("\t\t合 计\t592.99\t554.30\t38.69", "\t\t合 计\t592.99\t564.30\t38.69")],
        {"R17"},
    ),
    "empty_table_note_removed": (  # the note under the empty 国有资本经营 table (line 291), and the
        # narrative's sentence that says the same (line 465): nothing explains the empty table then
        [("备注：若羌县人民政府办公室2024年未安排国有资本经营预算拨款，国有资本经营预算支出情况表为空表。", ""),
         ("若羌县人民政府办公室2024年没有使用国有资本经营预算拨款安排的支出，国有资本经营预算支出情况表为空表。", "")],
        {"R02"},
    ),
    # A function 项 stating last year's 执行数, this year's 预算 and a rate its own two amounts
    # contradict (line 385: 9.42 on 7.78 is +21.08%), the prior printed first.
    "function_item_prior_rate": (
        [(ITEM_385, "2023年执行数为7.78万元, 2024年预算数为9.42万元, 增长2.11%")],
        {"R32"},
    ),
    "function_item_prior_sign": (  # the same, off by its sign: it rose
        [(ITEM_385, "2023年执行数为7.78万元, 2024年预算数为9.42万元, 下降21.08%")],
        {"R28"},
    ),
}
# 0.01 万元 on one 项 (line 144): inside the rounding envelope of every rule that sees it.
ROUNDING_ONLY = [("201\t03\t01\t行政运行\t265.54\t265.54\t", "201\t03\t01\t行政运行\t265.55\t265.54\t")]
# Line 385 said the other way round, honestly: the prior year's 执行数 first.
PRIOR_FIRST = [(ITEM_385, "2023年执行数为7.78万元, 2024年预算数为9.42万元, 增长21.08%")]


def apply(text: str, replacements) -> str:
    for old, new in replacements:
        assert text.count(old) >= 1, f"fixture text not found: {old!r}"
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="module")
def gate(tmp_path_factory, bundled_texts):
    base = bundled_texts[BASE]
    documents = dict(bundled_texts)
    for name, (replacements, _) in MUTATIONS.items():
        documents[f"mutant_{name}.txt"] = apply(base, replacements)
    documents["mutant_rounding_only.txt"] = apply(base, ROUNDING_ONLY)
    documents["mutant_prior_first.txt"] = apply(base, PRIOR_FIRST)
    work = tmp_path_factory.mktemp("gate_project")
    return work, build_warehouse(work, documents)


def query(warehouse, sql: str, params=()) -> list[tuple]:
    # A connection per query: dbt (the gate) needs the file unlocked between queries.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def findings(warehouse, source_file: str) -> set[tuple]:
    return set(query(warehouse, """
        select rule_id, table_kind, subject_code, severity from main.fct_compliance_findings
        where source_file = ?""", [source_file]))


def messages(warehouse, source_file: str) -> list[str]:
    return [row[0] for row in query(
        warehouse, "select message from main.fct_compliance_findings where source_file = ?", [source_file])]


def test_known_inconsistency_004_narrative_basic_is_reported(gate):
    _, warehouse = gate
    found = [m for m in messages(warehouse, "004_34e44ed35e487193.txt") if m.startswith("[R26]") and "」：基本支出 " in m]
    assert found and "1,370,500.00 元" in found[0] and "890,500.00 元" in found[0], found


# The real inconsistencies of the bundled documents, each read in the document (README "The gate").
KNOWN = [
    ("004_34e44ed35e487193.txt", "R26", 99),    # 基本支出 137.05 万元 in the narrative, 89.05 in the tables
    ("004_34e44ed35e487193.txt", "R32", 107),   # 项目支出 "减少5万元，降低0.9%": 5 / 53 is 9.4%
    ("004_34e44ed35e487193.txt", "R09", 422),   # a table headed 经济分类科目 printing function codes
    ("004_34e44ed35e487193.txt", "R09N", 423),  # 2080505 without 基本 in its 2024 name
    ("004_34e44ed35e487193.txt", "R33", 99),    # 基本支出 quoted as 137.05 and as 89.05 (line 87)
    ("003_efef946b7b5e825f.txt", "R32", 383),   # 信访业务 "增长 100%" on a prior of 0
    ("002_7c0bf2efb0e5d549.txt", "R28T", 708),  # +0.42 万元 while the reason says 未有增加
    ("002_7c0bf2efb0e5d549.txt", "R30", 894),   # the overall performance target covers 269.32 of 430.10
    ("001_40f9bb7e09049ed6.txt", "R32", 393),   # 项目支出 "增长 100.00%" on a prior of 0 (a new unit)
    ("003_efef946b7b5e825f.txt", "R06P", 364),  # "…上年度工程项目完工。。"
    ("004_34e44ed35e487193.txt", "R28E", 168),  # 民航安全(项) "较 2023 年预算减少 0 万元，主要原因是。"
]


@pytest.mark.parametrize("source_file, rule_id, source_line", KNOWN)
def test_known_inconsistency_is_reported(gate, source_file, rule_id, source_line):
    _, warehouse = gate
    found = query(warehouse, """
        select message from main.fct_compliance_findings
        where source_file = ? and rule_id = ? and source_line = ?""", [source_file, rule_id, source_line])
    assert found, (source_file, rule_id, source_line)


def test_known_inconsistency_003_absent_tables_are_reported(gate):
    _, warehouse = gate
    absent = {row[1] for row in findings(warehouse, BASE) if row[0] == "R01"}
    assert absent == {"income_summary", "general_budget_project", "gov_fund_expenditure", "carryover"}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_each_mutation_is_caught(gate, mutation):
    _, warehouse = gate
    _, rules = MUTATIONS[mutation]
    new = findings(warehouse, f"mutant_{mutation}.txt") - findings(warehouse, BASE)
    assert rules <= {rule for rule, *_ in new}, (mutation, new)
    assert any(severity == "error" for *_, severity in new)


def test_rounding_only_edit_adds_no_finding(gate):
    _, warehouse = gate
    assert findings(warehouse, "mutant_rounding_only.txt") == findings(warehouse, BASE)


def test_a_rate_recomputed_from_a_prior_printed_first_passes(gate):
    _, warehouse = gate
    assert findings(warehouse, "mutant_prior_first.txt") == findings(warehouse, BASE)
    outcomes = query(warehouse, """
        select e.rule_id, e.outcome from main.fct_compliance_evaluations as e
        inner join main.dim_document as d using (doc_id)
        where d.source_file = 'mutant_prior_first.txt' and e.source_line = 385
            and e.rule_id in ('R28', 'R32')""")
    assert sorted(outcomes) == [("R28", "pass"), ("R32", "pass")], outcomes


def test_gate_exit_code_follows_unwaived_errors(gate):
    work, warehouse = gate
    assert run_gate_test(work, warehouse) == 1  # the bundled documents have real errors
    outcomes = {}
    for source_file, in query(warehouse, "select source_file from main.dim_document where source_file not like 'mutant%'"):
        has_errors = query(warehouse, """
            select count(*) from main.fct_compliance_findings
            where source_file = ? and severity = 'error' and not is_waived""", [source_file])[0][0] > 0
        outcomes[source_file] = (run_gate_test(work, warehouse, source_file), has_errors)
    assert all(code == (1 if errors else 0) for code, errors in outcomes.values()), outcomes
    assert {errors for _, errors in outcomes.values()} == {True, False}  # both ways exercised


def test_a_waiver_keeps_the_finding_visible_and_lets_the_gate_pass(tmp_path, bundled_texts):
    work = tmp_path / "waiver_project"
    work.mkdir()
    source_file = "004_34e44ed35e487193.txt"
    warehouse = build_warehouse(work, {source_file: bundled_texts[source_file]})
    errors = query(warehouse, """
        select doc_id, rule_id, coalesce(subject_code, '*') from main.fct_compliance_findings
        where severity = 'error'""")
    assert errors and run_gate_test(work, warehouse) == 1
    lines = ["doc_id,rule_id,subject_code,reason,decision,decided_by,decided_at"]
    decided = sorted(set(errors))
    # the first one marked as our reading error (for the maintainers), the rest accepted
    lines += [f"{doc},{rule},{subject},accepted by the reviewer in test,{'false_finding' if k == 0 else 'waive'},"
              "审阅人,2026-12-07T00:00:00+00:00" for k, (doc, rule, subject) in enumerate(decided)]
    (work / "seeds" / "reference" / "ref_waivers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "DBT_PROFILES_DIR": str(work), "BUDGET_WAREHOUSE": str(warehouse)}
    dbt = str(Path(sys.executable).parent / "dbt")
    for step in (["seed", "--select", "ref_waivers", "--full-refresh"], ["run", "--select", "fct_compliance_findings+"]):
        assert subprocess.run([dbt, *step, "--quiet"], cwd=work, env=env).returncode == 0
    waived = query(warehouse, """
        select count(*), count(*) filter (where is_waived and waiver_reason is not null and decided_by = '审阅人'),
               count(*) filter (where decision = 'false_finding')
        from main.fct_compliance_findings where severity = 'error'""")[0]
    false_rule = decided[0]
    marked_false = sum(1 for e in errors if e[:2] == false_rule[:2] and e[2] == false_rule[2])
    assert waived[0] == len(errors) and waived[1] == waived[0]  # still listed, each marked
    assert waived[2] == marked_false >= 1
    scorecard = query(warehouse, "select sum(false_findings), sum(unwaived_findings) from main.fct_compliance_scorecard "
                                 "where severity = 'error'")[0]
    assert scorecard == (marked_false, 0)
    assert run_gate_test(work, warehouse) == 0
