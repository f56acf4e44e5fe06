-- One row per 绩效目标表 per document: the department-wide target (整体) or a project's, with
-- the funds it covers in 元 and where that figure comes from on the form.
with

forms as (

    select * from {{ ref('int_performance_targets__forms') }}

),

final as (

    select
        doc_id,
        row_number() over (partition by doc_id order by source_line, table_seq) as target_seq,
        target_kind,
        project_name,
        funds_yuan,
        funds_source,
        fiscal_yuan,
        step_yuan,
        source_line
    from forms

)

select * from final
