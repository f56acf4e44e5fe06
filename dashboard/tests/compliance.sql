-- The gate's results as the dashboard expects them (main.fct_compliance_findings,
-- main.fct_compliance_scorecard, reference.ref_rules), for the fixture warehouse.
-- R26 on 永登 is the real finding of the bundled documents; the W99 message starts with '=' to
-- check the CSV download neutralises formulas; R05 on 若羌 is waived.

create table reference.ref_rules as
select * from (values
    ('R05', 'warn', '功能分类类级合计等于其款级之和', 'A function class equals the sum of its 款', '财政部部门预算公开模板 表三'),
    ('R26', 'error', '说明中的基本支出等于支出总体情况表的基本支出合计',
     'The narrative 基本支出 equals the expenditure summary''s basic total', '部门预算公开说明 (一)'),
    ('R30', 'info', '三公经费表的合计等于各项之和', 'The 三公 total equals the sum of its items', '表七')
) as t (rule_id, severity, description_zh, description_en, basis);

create table main.fct_compliance_findings as
select doc_id, rule_id, severity, message, table_kind, subject_code,
    cast(expected as decimal(24, 4)) as expected_yuan, cast(actual as decimal(24, 4)) as actual_yuan,
    cast(actual - expected as decimal(24, 4)) as difference_yuan, source_line,
    -- 永登's narrative line 99 is on page 5 of its (fixture) PDF; 若羌's input marks no pages.
    case when doc_id = 'doc_yd' then 5 end as page, is_waived, waiver_reason
from (values
    ('doc_yd', 'R26', 'error', '说明中基本支出 137.05 万元，表中为 89.05 万元', 'expenditure_summary', null,
     890500, 1370500, 99, false, null),
    ('doc_rq', 'R05', 'warn', '201 一般公共服务支出 与其款级之和相差 0.01 万元', 'general_budget_expenditure', '201',
     6836900, 6837000, 142, true, '四舍五入，已与财政局核对'),
    ('doc_rq', 'W99', 'warn', '=HYPERLINK("http://example.com","x")', 'income_expenditure_summary', null,
     null, null, 129, false, null)
) as t (doc_id, rule_id, severity, message, table_kind, subject_code, expected, actual, source_line, is_waived,
        waiver_reason);

create table main.fct_compliance_scorecard as
select * from (values
    ('doc_rq', 'error', 10, 10, 0, 0),
    ('doc_rq', 'warn', 8, 6, 2, 0),
    ('doc_yd', 'error', 10, 8, 1, 1),
    ('doc_yd', 'warn', 8, 8, 0, 0),
    ('doc_sl', 'error', 10, 3, 0, 7)
) as t (doc_id, severity, rules_evaluated, rules_passed, rules_failed, rules_unevaluable);

-- One row per check (main.fct_compliance_evaluations): R05 is checked on each 类 of 若羌.
create table main.fct_compliance_evaluations as
select doc_id, rule_id, severity, outcome
from (values
    ('doc_rq', 'R05', 'warn', 'fail'),
    ('doc_rq', 'R05', 'warn', 'pass'),
    ('doc_rq', 'R05', 'warn', 'pass'),
    ('doc_yd', 'R05', 'warn', 'unevaluable'),
    ('doc_yd', 'R26', 'error', 'fail')
) as t (doc_id, rule_id, severity, outcome);
