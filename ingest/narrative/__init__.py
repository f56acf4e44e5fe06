"""Narrative facts: the figures a disclosure states in sentences, with the line each is printed on.

``extract_facts(lines, doc_id)`` reads the normalised lines of one document (``lines[i]`` is source
line i + 1) and returns :class:`~ingest.model.Fact` records. Table rows are skipped (tab-separated
lines, lines that are mostly bare numbers, column-aligned lines); wrapped sentence lines are joined
into paragraphs (blank lines and page numbers inside a sentence are skipped) and every fact keeps
the source line where its number is printed.

Vocabulary (fact_kind / subject / attribute)
--------------------------------------------
Attributes of amounts: ``amount`` (unit as printed: 元/万元/亿元), ``share_pct`` (占 N%, unit '%'),
``change_amount`` and ``change_pct`` (signed: 减少/下降/降低 → negative), ``direction``
(``text_value`` 增加/减少/持平, ``value_raw`` the word as printed, ``value`` None), ``prior_amount``
(比上年预算数 N 万元增加 …), ``budget_amount`` / ``actual_amount`` / ``completion_pct``
(决算: 年初预算为 N, 支出决算为 M, 完成预算的 P%), ``reason`` (text: 主要原因是… after a change),
``name`` (text: the name printed with a function code, "一般公共服务支出(201类)").

===================  ========================================================================
fact_kind            subjects
===================  ========================================================================
total_budget         budget_total (收支总预算/收支总计), income_total (收入预算), expenditure_total
                     (支出预算), income_current_total / expenditure_current_total (本年收入/支出合计:
                     the year's, without 上年结转), fiscal_total (财政拨款收支总预算), general_budget_total
                     (一般公共预算拨款合计/当年支出), fiscal_expenditure_total (财政拨款支出),
                     gov_fund_expenditure, state_capital_expenditure
income_source        general_budget, gov_fund, state_capital, fiscal, carryover, other, other_funds,
                     institution (事业收入), operating, superior_subsidy, subordinate_remit,
                     special_account, unit_funds
expenditure_type     basic, project, reserve (预留机动经费), carryover, carryover_out
basic_split          personnel (人员经费), public (公用经费)
function_class       3-digit code when printed ("(201类)", "(201)"), else the 类 name as printed
function_item        7/5-digit code when every level prints its code, else "类/款/项" names
economic_class       3/5-digit economic code printed as "工资福利支出(301)9963.32 万元"
three_public         total, abroad, vehicle_total, vehicle_purchase, vehicle_operation, reception,
                     meeting (会议费), training (培训费)
operating_cost       total (机关/单位/事业单位运行经费)
procurement          total, goods, works, services, sme_reserved, small_micro_reserved
assets               building (area_m2, amount), vehicle and vehicle_<use> (count, amount),
                     furniture, other, fixed_assets_total, vehicle_purchase_budget (amount),
                     large_equipment_<threshold 万元> (count or amount); planned purchases in a
                     sentence that says 购置/采购/拟新增… get the prefix ``planned_``
staff                authorized, authorized_admin, authorized_institution, actual, in_service,
                     retired, retired_early (离休), retired_total (离退休): ``count`` and
                     ``change_count`` (增加/减少 N 人, signed)
project              the project name: amount, policy_basis, period, implementer, allocation (text)
performance          overall, fiscal_projects, nonfiscal_projects, target_projects: count, amount
===================  ========================================================================

The keywords of every subject and the project-list labels are data
(``ingest/data/narrative_patterns.csv``); this module holds only the sentence grammar: a keyword,
a short lead ("预算数为", "2024年"), a number and its unit, then share / change / reason phrases up to
the end of the clause. CSV columns: ``pattern`` is a regex with (?:…) groups only (at one position
the pattern with the longest fixed part wins); ``value_class`` says which units and follow-up
phrases apply (money | staff | vehicle | building | perf; ``label`` for project-list labels, whose
``attribute`` names the fact); ``side`` chooses between two rows with the same words by the last
total seen (收入预算 → income, 支出预算 → expenditure); ``weak`` = 1 marks generic words that belong
to the keyword right before them ("“三公”经费预算支出"); ``planned`` = 1 prefixes ``planned_`` to
the subject inside a purchase sentence. A number printed without a unit word gets no fact when the subject needs a
unit (amounts): "邮电费 8，" is a broken figure, not 8 of anything. Head counts may be unitless
("编制数 15"); their unit is then None.

The package: `paragraphs` (lines → paragraphs, sentences), `grammar` (the patterns and phrases),
`extraction` (paragraphs → facts).
"""
from .extraction import _facts, extract_facts, read_narrative
from .paragraphs import _paragraphs, narrative_sentences

__all__ = ["extract_facts", "narrative_sentences", "read_narrative"]
