-- The department panel over the fixture warehouse: 江苏省人民检察院's 预算 of 2017, 2018 and 2019
-- (corpus years/江苏, figures read by hand from the PDFs, 万元 × 10000), its panel rows as
-- fct_department_year computes them, and two R36 checks: the 2018 narrative's 基本支出 change
-- (+1,670.85 万元 on 13,994.31 implies 12,323.46 against 2017's printed 12,323.48: a fail) and its
-- 会议费 change (+32.44 万元 on 200.44 implies 168.00, as 2017 prints: a pass).
alter table main.dim_document add column department_key varchar;
insert into main.dim_document
    (doc_id, source_file, department_name, province, city, county, fiscal_year, stage, doc_level, source_unit,
     department_key)
values
    ('doc_jc17', '2017年省检察院部门预算.pdf', '江苏省人民检察院', '江苏省', null, null, 2017, 'budget', '部门', '万元',
     '江苏省/部门/人民检察院'),
    ('doc_jc18', '2018年省检察院部门预算公开.pdf', '江苏省人民检察院', '江苏省', null, null, 2018, 'budget', '部门', '万元',
     '江苏省/部门/人民检察院'),
    ('doc_jc19', '2019年度部门预算公开.pdf', '江苏省人民检察院', '江苏省', null, null, 2019, 'budget', '部门', '万元',
     '江苏省/部门/人民检察院');

create table main.dim_department as
select
    '江苏省/部门/人民检察院' as department_key, '江苏省人民检察院' as department_name,
    '江苏省人民检察院' as names_printed, '江苏省' as province, cast(null as varchar) as city,
    cast(null as varchar) as county, '部门' as doc_level, 2017 as first_fiscal_year, 2019 as last_fiscal_year,
    cast(3 as bigint) as fiscal_years, cast(null as varchar) as ambiguous_years;

create table main.fct_department_year as
select
    '江苏省/部门/人民检察院' as department_key, fiscal_year, 'budget' as stage, cast(1 as bigint) as documents_count,
    doc_id,
    cast(total as decimal(24, 4)) as total_yuan, cast(basic as decimal(24, 4)) as basic_yuan,
    cast(project as decimal(24, 4)) as project_yuan, cast(tp as decimal(24, 4)) as three_public_yuan,
    cast(abroad as decimal(24, 4)) as three_public_abroad_yuan,
    cast(reception as decimal(24, 4)) as three_public_reception_yuan,
    cast(purchase as decimal(24, 4)) as three_public_vehicle_purchase_yuan,
    cast(operation as decimal(24, 4)) as three_public_vehicle_operation_yuan,
    cast(operating as decimal(24, 4)) as operating_cost_yuan,
    cast(total_pct as decimal(12, 2)) as total_change_pct,
    cast(null as decimal(12, 2)) as basic_change_pct, cast(null as decimal(12, 2)) as project_change_pct,
    cast(null as decimal(12, 2)) as three_public_change_pct, cast(null as decimal(12, 2)) as operating_cost_change_pct,
    cast(null as decimal(12, 2)) as total_execution_pct, cast(null as decimal(12, 2)) as basic_execution_pct,
    cast(null as decimal(12, 2)) as project_execution_pct, cast(null as decimal(12, 2)) as three_public_execution_pct,
    cast(null as decimal(12, 2)) as operating_cost_execution_pct
from (values
    ('doc_jc17', 2017, 179966800, 123234800, 55330000, 5843500, 1100000, 1565500, 500000, 2678000, 60325500, null),
    ('doc_jc18', 2018, 219553500, 139943100, 55730000, 4843000, 1000000, 1165000, 0, 2678000, 27225700, 22.00),
    ('doc_jc19', 2019, 241697400, 158440400, 43353000, 4182600, 800000, 1012600, null, 2370000, 23919200, 10.09)
) as t (doc_id, fiscal_year, total, basic, project, tp, abroad, reception, purchase, operation, operating, total_pct);

create or replace table main.fct_compliance_evaluations as
select
    doc_id, rule_id, severity, outcome, subject_label, source_line,
    cast(expected as decimal(24, 4)) as expected_yuan, cast(actual as decimal(24, 4)) as actual_yuan, detail
from (values
    ('doc_jc18', 'R36', 'warn', 'fail', '基本支出 较上年', 687, 123234800, 123234600,
     '说明第687行「与上年相比增加 1,670.85 万元」：本年 13,994.31万元 增加 1,670.85万元，推得上年 123,234,600.00 元；2017 年本部门文件列为 123,234,800.00 元'),
    ('doc_jc18', 'R36', 'warn', 'pass', '会议费 较上年', 808, 1680000, 1680000,
     '说明第808行「会议费预算支出 200.44 万元,比上年预算数增加 32.44 万元」')
) as t (doc_id, rule_id, severity, outcome, subject_label, source_line, expected, actual, detail);
