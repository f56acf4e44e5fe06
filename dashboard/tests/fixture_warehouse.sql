-- A small warehouse for the dashboard's AppTest tests: three documents with only the columns
-- the dashboard reads. Figures of the first two are the bundled documents' (若羌 842.07 万元,
-- 永登's narrative 基本支出 137.05 万元 against its table's 89.05 万元); 示例局 is a 2023 final
-- account with no staff count, so it cannot be compared with the 2024 budgets.
-- The compliance tables (fct_compliance_*, ref_rules) are created by compliance.sql, so the
-- same fixture also serves as a warehouse the gate has not yet run on.

create schema if not exists reference;

create table main.dim_document as
select * from (values
    ('doc_rq', '003.txt', '若羌县人民政府办公室', '新疆维吾尔自治区', '巴音郭楞蒙古自治州', '若羌县', 2024, 'budget', '部门', '万元'),
    ('doc_yd', '004.txt', '永登县政务服务中心', '甘肃省', '兰州市', '永登县', 2024, 'budget', '单位', '万元'),
    ('doc_sl', '009.txt', '示例局', '甘肃省', '兰州市', null, 2023, 'final', '部门', '元')
) as t (doc_id, source_file, department_name, province, city, county, fiscal_year, stage, doc_level, source_unit);

create table main.fct_department_summary as
select
    doc_id,
    cast(total as decimal(24, 4)) as total_yuan,
    'table' as total_source,
    cast(basic as decimal(24, 4)) as basic_yuan,
    cast(project as decimal(24, 4)) as project_yuan,
    cast(personnel as decimal(24, 4)) as personnel_yuan,
    cast(public as decimal(24, 4)) as public_yuan,
    cast(tp as decimal(24, 4)) as three_public_yuan,
    cast(0 as decimal(24, 4)) as three_public_abroad_yuan,
    cast(tp as decimal(24, 4)) as three_public_reception_yuan,
    cast(0 as decimal(24, 4)) as three_public_vehicle_purchase_yuan,
    cast(0 as decimal(24, 4)) as three_public_vehicle_operation_yuan,
    tp_source as three_public_source,
    cast(null as decimal(24, 4)) as operating_cost_yuan,
    cast(null as decimal(24, 4)) as procurement_yuan,
    staff as staff_authorized,
    staff as staff_actual,
    cast(basic_share as decimal(9, 6)) as basic_share,
    cast(tp_per_staff as decimal(24, 2)) as three_public_per_staff_yuan,
    cast(personnel_per_staff as decimal(24, 2)) as personnel_per_staff_yuan,
    unavailable as unavailable_reasons
from (values
    ('doc_rq', 8420700, 5929900, 2490800, 5543000, 386900, 2500, 'table', 34, 0.704205, 73.53, 163029.41, null),
    ('doc_yd', 1370500, 890500, 480000, 824200, 66300, 400, 'table', 6, 0.649763, 66.67, 137366.67, null),
    ('doc_sl', 123456.78, 100000, 23456.78, null, null, null, 'three_public table absent', null, 0.810000, null, null,
     'personnel: not printed or not placed in general_budget_basic')
) as t (doc_id, total, basic, project, personnel, public, tp, tp_source, staff, basic_share, tp_per_staff,
        personnel_per_staff, unavailable);

create table main.fct_expenditure_by_function as
select doc_id, function_code, function_level, function_name, cast(null as varchar) as function_name_reference,
    cast(total as decimal(24, 4)) as total_yuan, cast(basic as decimal(24, 4)) as basic_yuan,
    cast(project as decimal(24, 4)) as project_yuan, derivation, source_line
from (values
    ('doc_rq', '201', '类', '一般公共服务支出', 6837000, 4346200, 2490800, 'printed', 142),
    ('doc_rq', '20103', '款', '政府办公厅(室)及相关机构事务', 6687000, 4346200, 2340800, 'printed', 143),
    ('doc_rq', '208', '类', '社会保障和就业支出', 803300, 803300, null, 'printed', 149),
    ('doc_rq', '210', '类', '卫生健康支出', 384300, 384300, null, 'printed', 154),
    ('doc_rq', '221', '类', '住房保障支出', 396100, 396100, null, 'printed', 159),
    ('doc_yd', '201', '类', null, 1175400, 695400, 480000, 'sum_of_children', null),
    ('doc_yd', '208', '类', null, 195100, 195100, null, 'sum_of_children', null)
) as t (doc_id, function_code, function_level, function_name, total, basic, project, derivation, source_line);

create table main.fct_basic_expenditure_by_economic as
select doc_id, economic_code, economic_level, economic_name, cast(null as varchar) as economic_name_reference,
    cast(total as decimal(24, 4)) as total_yuan, cast(personnel as decimal(24, 4)) as personnel_yuan,
    cast(public as decimal(24, 4)) as public_yuan, source_line
from (values
    ('doc_rq', '301', '类', '工资福利支出', 5422900, 5422900, null, 170),
    ('doc_rq', '302', '类', '商品和服务支出', 386900, null, 386900, 180),
    ('doc_rq', '303', '类', '对个人和家庭的补助', 120100, 120100, null, 190)
) as t (doc_id, economic_code, economic_level, economic_name, total, personnel, public, source_line);

create table main.fct_project_expenditure as
select doc_id, project_seq, project_name, function_code, cast(amount as decimal(24, 4)) as amount_yuan, source_line
from (values
    ('doc_yd', 1, '2024 年政务服务运行维护费', '2010399', 480000, 360)
) as t (doc_id, project_seq, project_name, function_code, amount, source_line);

-- 若羌 (003) prints a department-wide form (本级安排 842.07 万元, line 510) and one project's
-- (政府办业务经费, 年度预算总额 249.08 万元, line 528).
create table main.fct_performance_targets as
select doc_id, target_seq, target_kind, project_name, cast(funds as decimal(24, 4)) as funds_yuan, funds_source,
    source_line
from (values
    ('doc_rq', 1, 'overall', null, 8420700, 'sum_of_sources', 510),
    ('doc_rq', 2, 'project', '政府办业务经费', 2490800, 'funds_total', 528)
) as t (doc_id, target_seq, target_kind, project_name, funds, funds_source, source_line);

create table main.fct_narrative_facts as
select doc_id, fact_seq, fact_kind, subject, attribute, value_raw, unit, cast(amount as decimal(24, 4)) as amount_yuan,
    source_line, 5 as page, context, table_kind, table_source_line,
    cast(table_amount as decimal(24, 4)) as table_amount_yuan,
    cast(amount - table_amount as decimal(24, 4)) as difference_yuan
from (values
    ('doc_yd', 28, 'expenditure_type', 'basic', 'amount', '137.05', '万元', 1370500, 99,
     '(一) 基本支出2024 年基本支出 137.05 万元,比 2023 年预算减少 1 万元。', 'expenditure_summary', 337, 890500)
) as t (doc_id, fact_seq, fact_kind, subject, attribute, value_raw, unit, amount, source_line, context, table_kind,
        table_source_line, table_amount);

-- 若羌's 收支总体情况表 is two-sided (收入 | 支出 on one printed line); 永登's 支出总体情况表 is not.
create table main.fct_table_cells as
select doc_id, table_seq, table_kind, table_title, row_seq, cell_seq, source_line,
    cast(null as integer) as source_line_end, case when doc_id = 'doc_yd' then 12 end as page, row_label, code,
    project_name, side, measure, amount_raw,
    cast(case when placement = 'position' then cast(amount_raw as decimal(24, 4)) * 10000 end as decimal(24, 4))
        as amount_yuan,
    '万元' as unit, placement
from (values
    ('doc_rq', 1, 'income_expenditure_summary', '部门收支总体情况表', 1, 1, 99, '一、本年收入', null, null, 'income', 'total', '842.07', 'position'),
    ('doc_rq', 1, 'income_expenditure_summary', '部门收支总体情况表', 2, 1, 99, '一般公共服务支出', '201', null, 'expenditure', 'total', '683.70', 'position'),
    ('doc_rq', 1, 'income_expenditure_summary', '部门收支总体情况表', 54, 1, 129, '收入总计', null, null, 'income', 'total', '842.07', 'position'),
    ('doc_rq', 1, 'income_expenditure_summary', '部门收支总体情况表', 55, 1, 129, '支出总计', null, null, 'expenditure', 'total', '842.07', 'position'),
    ('doc_yd', 3, 'expenditure_summary', '单位支出总体情况表', 1, 1, 337, '合计', null, null, null, 'total', '137.05', 'position'),
    ('doc_yd', 3, 'expenditure_summary', '单位支出总体情况表', 1, 2, 337, '合计', null, null, null, 'basic', '89.05', 'position'),
    ('doc_yd', 3, 'expenditure_summary', '单位支出总体情况表', 1, 3, 337, '合计', null, null, null, 'project', '48.00', 'position'),
    ('doc_yd', 3, 'expenditure_summary', '单位支出总体情况表', 2, 1, 338, '行政运行', '2010301', null, null, 'total', '89.05', 'position'),
    ('doc_yd', 3, 'expenditure_summary', '单位支出总体情况表', 2, 2, 338, '行政运行', '2010301', null, null, null, '12.34', 'unplaced')
) as t (doc_id, table_seq, table_kind, table_title, row_seq, cell_seq, source_line, row_label, code, project_name, side,
        measure, amount_raw, placement);

create table main.ingest_manifest as
select * from (values
    ('003.txt', 'doc_rq', 'landed', null, 'utf-8', 7, 171, 190, 0::bigint, 0::bigint, 0::bigint),
    ('004.txt', 'doc_yd', 'landed', null, 'utf-8', 12, 76, 103, 0::bigint, 1::bigint, 0::bigint),
    ('009.txt', 'doc_sl', 'partial', 'line 40: table cut short', 'utf-8', 2, 10, 3, 1::bigint, 0::bigint, 0::bigint)
) as t (source_file, doc_id, status, reason, encoding, tables_found, cells_landed, facts_landed, error_findings,
        warn_findings, info_findings);

-- 若羌 prints 三公 by item (only 公务接待 is non-zero) and 会议费, which is not a 三公 item.
create table main.fct_three_public as
select doc_id, item, item_name_zh, is_three_public, cast(amount as decimal(24, 4)) as amount_yuan,
    'printed' as amount_derivation, source_line
from (values
    ('doc_rq', 'abroad', '因公出国（境）费', true, 0, 260),
    ('doc_rq', 'reception', '公务接待费', true, 2500, 261),
    ('doc_rq', 'vehicle_purchase', '公务用车购置费', true, 0, 263),
    ('doc_rq', 'vehicle_operation', '公务用车运行维护费', true, 0, 264),
    ('doc_rq', 'meeting', '会议费', false, 9000, 265),
    ('doc_yd', 'total', '“三公”经费合计', true, 400, 300)
) as t (doc_id, item, item_name_zh, is_three_public, amount, source_line);
