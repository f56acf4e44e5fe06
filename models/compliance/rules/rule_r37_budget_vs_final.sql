-- R37: the 年初预算 a 决算 states for a figure ("“三公”经费年初预算为 94.00 万元，支出决算为
-- 80.77 万元") equals that figure in the same year's published 部门预算 of the same department,
-- where the warehouse holds it (a department's documents are built together).
-- expected = the 预算 document's table figure (the one the 决算's figure links to through
-- ref_narrative_links); actual = the 年初预算 the 决算 states. Tolerance: both half-steps.
-- No 预算 for that year, or two of them, or a figure the 预算 does not print: unevaluable, with
-- the reason.
with

statements as (

    select * from {{ ref('int_narrative_facts__statements') }}

),

links as (

    select * from {{ ref('ref_narrative_links') }}

),

documents as (

    select
        doc_id,
        department_key,
        cast(fiscal_year as integer) as fiscal_year,
        stage
    from {{ ref('stg_ingest__documents') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

stated_budgets as (

    select
        statements.doc_id,
        statements.fact_kind,
        statements.subject,
        statements.source_line,
        statements.context,
        statements.value_raw,
        statements.unit,
        statements.amount_yuan,
        statements.step_yuan,
        links.figure
    from statements
    inner join documents
        on statements.doc_id = documents.doc_id
    left join links
        on statements.fact_kind = links.fact_kind and statements.subject = links.subject
    where statements.attribute = 'budget_amount' and documents.stage = 'final'

),

budget_documents as (

    select
        final.doc_id,
        final.fiscal_year,
        count(budget.doc_id) as budget_documents,
        any_value(budget.doc_id) as budget_doc_id
    from documents as final
    left join documents as budget
        on
            final.department_key = budget.department_key
            and budget.stage = 'budget'
            and budget.fiscal_year = final.fiscal_year
    where final.stage = 'final'
    group by final.doc_id, final.fiscal_year

),

compared as (

    select
        stated_budgets.*,
        budget_documents.fiscal_year,
        budget_documents.budget_doc_id,
        budget_figures.amount_yuan as budget_yuan,
        budget_figures.step_yuan as budget_step_yuan,
        budget_figures.source_line as budget_line,
        case
            when documents.department_key is null then '文档未印部门名称，无法与同年预算对应'
            when budget_documents.budget_documents = 0
                then '仓库中没有本部门 ' || budget_documents.fiscal_year || ' 年的部门预算'
            when budget_documents.budget_documents > 1
                then
                    '本部门 ' || budget_documents.fiscal_year || ' 年有 ' || budget_documents.budget_documents
                    || ' 份预算文件，不能确定以哪份为准'
            when stated_budgets.figure is null then '所述事项未对应到表内数字'
            when budget_figures.amount_yuan is null then '同年预算未列出该数字'
        end as unevaluable_reason
    from stated_budgets
    inner join documents
        on stated_budgets.doc_id = documents.doc_id
    inner join budget_documents
        on stated_budgets.doc_id = budget_documents.doc_id
    left join figures as budget_figures
        on
            budget_documents.budget_documents = 1
            and budget_figures.doc_id = budget_documents.budget_doc_id
            and budget_figures.figure = stated_budgets.figure

)

select
    doc_id,
    'R37' as rule_id,
    null as table_kind,
    coalesce(figure, fact_kind || '.' || subject) || '.budget' as subject_code,
    {{ subject_zh('fact_kind', 'subject') }} || ' 年初预算' as subject_label,
    source_line,
    budget_yuan as expected_yuan,
    amount_yuan as actual_yuan,
    {{ half_step('step_yuan') }} + {{ half_step('budget_step_yuan') }} as tolerance_yuan,
    null as placements,
    case when unevaluable_reason is not null then 'unevaluable' end as outcome_override,
    '说明第' || source_line || '行「' || left(context, 60) || '」：年初预算 ' || value_raw || coalesce(unit, '')
    || coalesce(
        '；' || fiscal_year || ' 年本部门预算（' || budget_doc_id || '）'
        || case
            when
                budget_yuan is null then '未列出该数字' else
                '列为 ' || {{ yuan_text('budget_yuan') }}
                || coalesce('（第' || budget_line || '行）', '')
        end,
        ''
    )
    || coalesce('；不比较：' || unevaluable_reason, '') as detail
from compared
