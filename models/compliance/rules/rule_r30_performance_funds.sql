-- R30: 绩效目标 (warn).
-- - The funds the project performance targets cover (当年财政拨款项目 + 非财政拨款项目 涉及金额)
--   are at most the 项目支出 total.
-- - The department-wide (整体) performance target covers the whole budget: its amount equals
--   the expenditure total (部门整体支出绩效目标 is set for all of the department's funds).
-- - Where 项目支出 > 0, the narrative states performance targets: a number of projects above 0,
--   or the funds the targets cover.
-- - The 绩效目标表 themselves (int_performance_targets__forms): the project forms' funds add up to
--   what the narrative says the project targets cover, and are at most the 项目支出 total; the
--   department-wide form's funds equal the expenditure total.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

performance as (

    select *
    from facts
    where fact_kind = 'performance' and value_number is not null
    qualify row_number() over (partition by doc_id, subject, attribute order by fact_seq) = 1

),

project_targets as (

    select
        doc_id,
        min(source_line) as source_line,
        cast(sum(amount_yuan) as decimal(24, 4)) as amount_yuan,
        cast(sum({{ half_step('step_yuan') }}) as decimal(24, 4)) as half_steps,
        string_agg(value_raw || coalesce(unit, ''), ' + ' order by fact_seq) as amounts_raw
    from performance
    where attribute = 'amount' and subject in ('fiscal_projects', 'nonfiscal_projects')
    group by doc_id

),

project_counts as (

    select
        doc_id,
        min(source_line) as source_line,
        sum(value_number) filter (
            where attribute = 'count' and subject in ('fiscal_projects', 'nonfiscal_projects', 'target_projects')
        ) as projects,
        sum(amount_yuan) filter (where attribute = 'amount') as target_funds_yuan
    from performance
    group by doc_id

),

project_figure as (

    select * from figures
    where figure = 'project'

),

forms as (

    select * from {{ ref('int_performance_targets__forms') }}

),

project_forms as (

    select
        doc_id,
        min(source_line) as source_line,
        count(*) as forms,
        count(funds_yuan) as forms_with_funds,
        cast(sum(funds_yuan) as decimal(24, 4)) as funds_yuan,
        cast(sum({{ half_step('step_yuan') }}) as decimal(24, 4)) as half_steps
    from forms
    where target_kind = 'project'
    group by doc_id

),

overall_form as (

    select * from forms
    where target_kind = 'overall'
    qualify row_number() over (partition by doc_id order by source_line) = 1

),

total_figure as (

    select * from figures
    where figure = 'expenditure_total'

),

target_funds as (

    select
        project_targets.doc_id,
        'R30' as rule_id,
        project_figure.table_kind,
        'project_targets' as subject_code,
        '项目绩效目标涉及金额 ≤ 项目支出' as subject_label,
        project_targets.source_line,
        project_figure.amount_yuan as expected_yuan,
        project_targets.amount_yuan as actual_yuan,
        cast(project_targets.half_steps + {{ half_step('project_figure.step_yuan') }} as decimal(24, 4))
            as tolerance_yuan,
        project_figure.placement as placements,
        {{ at_most_outcome(
            'project_targets.amount_yuan', 'project_figure.amount_yuan',
            'project_targets.half_steps + ' ~ half_step('project_figure.step_yuan')
        ) }} as outcome_override,
        '说明第' || project_targets.source_line || '行：绩效目标涉及项目金额 ' || project_targets.amounts_raw || ' = '
        || {{ yuan_text('project_targets.amount_yuan') }} || '，应不超过'
        || coalesce({{ table_zh('project_figure.table_kind') }}, '支出表')
        || coalesce(' 第' || project_figure.source_line || '行', '') || ' 项目支出 '
        || {{ yuan_text('project_figure.amount_yuan') }} as detail
    from project_targets
    left join project_figure
        on project_targets.doc_id = project_figure.doc_id

),

overall_funds as (

    select
        performance.doc_id,
        'R30' as rule_id,
        total_figure.table_kind,
        'overall_target' as subject_code,
        '整体绩效目标涉及金额 = 支出合计' as subject_label,
        performance.source_line,
        total_figure.amount_yuan as expected_yuan,
        performance.amount_yuan as actual_yuan,
        {{ tolerance(['performance.step_yuan', 'total_figure.step_yuan']) }} as tolerance_yuan,
        total_figure.placement as placements,
        null as outcome_override,
        '说明第' || performance.source_line || '行：部门整体绩效目标涉及金额 ' || performance.value_raw
        || coalesce(performance.unit, '') || ' = ' || {{ yuan_text('performance.amount_yuan') }} || '；'
        || coalesce({{ table_zh('total_figure.table_kind') }}, '支出表')
        || coalesce(' 第' || total_figure.source_line || '行', '')
        || ' 支出合计 ' || {{ yuan_text('total_figure.amount_yuan') }} || '（整体绩效目标应覆盖全部预算资金）'
            as detail
    from performance
    left join total_figure
        on performance.doc_id = total_figure.doc_id
    where performance.subject = 'overall' and performance.attribute = 'amount'

),

targets_stated as (

    select
        documents.doc_id,
        'R30' as rule_id,
        project_figure.table_kind,
        'target_count' as subject_code,
        '有项目支出时说明绩效目标' as subject_label,
        coalesce(project_counts.source_line, project_figure.source_line) as source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when coalesce(project_counts.projects, 0) > 0 or coalesce(project_counts.target_funds_yuan, 0) > 0
                then 'pass'
            else 'fail'
        end as outcome_override,
        '项目支出 ' || {{ yuan_text('project_figure.amount_yuan') }}
        || case
            when project_counts.doc_id is null then '，说明未列示绩效目标（项目数或涉及金额）'
            when coalesce(project_counts.projects, 0) > 0
                then
                    '；说明第' || project_counts.source_line || '行列明绩效目标项目 '
                    || cast(project_counts.projects as integer) || ' 个'
            when coalesce(project_counts.target_funds_yuan, 0) > 0
                then '；说明第' || project_counts.source_line || '行列明绩效目标涉及金额（未列项目数）'
            else '；说明第' || project_counts.source_line || '行的绩效目标项目数与金额均为 0'
        end as detail
    from documents
    inner join project_figure
        on documents.doc_id = project_figure.doc_id
    left join project_counts
        on documents.doc_id = project_counts.doc_id
    where project_figure.amount_yuan > 0

),

forms_vs_narrative as (

    select
        project_forms.doc_id,
        'R30' as rule_id,
        'performance_project' as table_kind,
        'project_forms_stated' as subject_code,
        '项目支出绩效目标表资金合计 = 说明所列项目绩效目标涉及金额' as subject_label,
        project_targets.source_line,
        project_targets.amount_yuan as expected_yuan,
        case when project_forms.forms_with_funds = project_forms.forms then project_forms.funds_yuan end
            as actual_yuan,
        cast(project_forms.half_steps + project_targets.half_steps as decimal(24, 4)) as tolerance_yuan,
        'form_label' as placements,
        null as outcome_override,
        '项目支出绩效目标表 ' || project_forms.forms || ' 张（第' || project_forms.source_line || '行起）资金合计 '
        || case
            when project_forms.forms_with_funds = project_forms.forms then {{ yuan_text('project_forms.funds_yuan') }}
            else '无法读出（' || (project_forms.forms - project_forms.forms_with_funds) || ' 张未读出资金）'
        end
        || '；说明第' || project_targets.source_line || '行：项目绩效目标涉及金额 ' || project_targets.amounts_raw
        || ' = ' || {{ yuan_text('project_targets.amount_yuan') }} as detail
    from project_forms
    inner join project_targets
        on project_forms.doc_id = project_targets.doc_id

),

forms_vs_project as (

    select
        project_forms.doc_id,
        'R30' as rule_id,
        'performance_project' as table_kind,
        'project_forms_funds' as subject_code,
        '项目支出绩效目标表资金合计 ≤ 项目支出' as subject_label,
        project_forms.source_line,
        project_figure.amount_yuan as expected_yuan,
        project_forms.funds_yuan as actual_yuan,
        cast(project_forms.half_steps + {{ half_step('project_figure.step_yuan') }} as decimal(24, 4))
            as tolerance_yuan,
        project_figure.placement as placements,
        case
            when project_forms.forms_with_funds < project_forms.forms then 'unevaluable'
            else {{ at_most_outcome(
                'project_forms.funds_yuan', 'project_figure.amount_yuan',
                'project_forms.half_steps + ' ~ half_step('project_figure.step_yuan')
            ) }}
        end as outcome_override,
        '项目支出绩效目标表 ' || project_forms.forms || ' 张（第' || project_forms.source_line || '行起）资金合计 '
        || case
            when project_forms.forms_with_funds = project_forms.forms then {{ yuan_text('project_forms.funds_yuan') }}
            else '无法读出（' || (project_forms.forms - project_forms.forms_with_funds) || ' 张未读出资金）'
        end
        || '，应不超过' || coalesce({{ table_zh('project_figure.table_kind') }}, '支出表')
        || coalesce(' 第' || project_figure.source_line || '行', '') || ' 项目支出 '
        || {{ yuan_text('project_figure.amount_yuan') }} as detail
    from project_forms
    left join project_figure
        on project_forms.doc_id = project_figure.doc_id

),

overall_form_funds as (

    select
        overall_form.doc_id,
        'R30' as rule_id,
        total_figure.table_kind,
        'overall_form' as subject_code,
        '部门整体绩效目标表资金 = 支出合计' as subject_label,
        overall_form.source_line,
        total_figure.amount_yuan as expected_yuan,
        overall_form.funds_yuan as actual_yuan,
        {{ tolerance(['overall_form.step_yuan', 'total_figure.step_yuan']) }} as tolerance_yuan,
        total_figure.placement as placements,
        null as outcome_override,
        '部门整体绩效目标表第' || overall_form.source_line || '行起：'
        || case overall_form.funds_source
            when 'funds_total' then '资金总额 '
            when 'expenditure_total' then '支出预算合计 '
            when 'income_total' then '收入预算合计 '
            else '所列各资金来源之和 '
        end
        || {{ yuan_text('overall_form.funds_yuan') }} || '；'
        || coalesce({{ table_zh('total_figure.table_kind') }}, '支出表')
        || coalesce(' 第' || total_figure.source_line || '行', '')
        || ' 支出合计 ' || {{ yuan_text('total_figure.amount_yuan') }} || '（整体绩效目标应覆盖全部预算资金）'
            as detail
    from overall_form
    left join total_figure
        on overall_form.doc_id = total_figure.doc_id

)

select * from target_funds
union all
select * from forms_vs_narrative
union all
select * from forms_vs_project
union all
select * from overall_form_funds
union all
select * from overall_funds
union all
select * from targets_stated
