-- One row per project (项目) printed in a project expenditure table, with its function code
-- and, where the table prints one, its split by economic class. A document printing project
-- tables twice is read from its first printing.
with

rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

projects as (

    select
        doc_id,
        table_kind as source_table_kind,
        table_seq,
        row_seq,
        source_line,
        project_name,
        case when code_system = 'function' then code end as function_code,
        total_yuan as amount_yuan,
        total_step_yuan as step_yuan,
        total_placement as amount_placement,
        econ_301_yuan,
        econ_302_yuan,
        econ_303_yuan,
        econ_307_yuan,
        econ_309_yuan,
        econ_310_yuan,
        econ_311_yuan,
        econ_312_yuan,
        econ_313_yuan,
        econ_399_yuan,
        unplaced_cells
    from rows
    where
        table_kind in ('general_budget_project', 'project_expenditure')
        and project_name is not null
    qualify table_seq = min(table_seq) over (partition by doc_id)

)

select * from projects
