-- One row per 绩效目标表 (a form: labelled fields, read by ingest/forms.py): the department-wide
-- target or one project's, with the funds it covers. The funds are the form's printed total
-- (年度预算总额 / 资金总额, else 支出预算合计 or 收入预算合计), or, where it prints none, the
-- sum of the sources it prints (上级安排 + 本级安排 + 当年财政拨款 + 上年结转 + 其他).
with

rows as (

    select * from {{ ref('int_table_rows__pivoted') }}
    where table_kind in (select form_labels.table_kind from {{ ref('form_labels') }} as form_labels)

),

forms as (

    select
        doc_id,
        table_seq,
        case table_kind when 'performance_overall' then 'overall' else 'project' end as target_kind,
        min(source_line) as source_line,
        any_value(project_name) as project_name,
        max(total_yuan) filter (where row_item = 'perf_funds_total') as printed_total_yuan,
        max(total_yuan) filter (where row_item = 'perf_expenditure_total') as expenditure_total_yuan,
        max(total_yuan) filter (where row_item = 'perf_income_total') as income_total_yuan,
        sum(total_yuan) filter (
            where row_item in (
                'perf_funds_upper', 'perf_funds_own', 'perf_funds_fiscal', 'perf_funds_carryover', 'perf_funds_other'
            )
        ) as sources_yuan,
        max(total_yuan) filter (where row_item = 'perf_funds_fiscal') as fiscal_yuan,
        max(total_step_yuan) as step_yuan
    from rows
    group by doc_id, table_seq, table_kind

),

final as (

    select
        doc_id,
        table_seq,
        target_kind,
        project_name,
        cast(coalesce(printed_total_yuan, expenditure_total_yuan, income_total_yuan, sources_yuan) as decimal(24, 4))
            as funds_yuan,
        case
            when printed_total_yuan is not null then 'funds_total'
            when expenditure_total_yuan is not null then 'expenditure_total'
            when income_total_yuan is not null then 'income_total'
            when sources_yuan is not null then 'sum_of_sources'
        end as funds_source,
        fiscal_yuan,
        step_yuan,
        source_line
    from forms

)

select * from final
