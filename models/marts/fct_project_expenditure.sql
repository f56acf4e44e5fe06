-- One row per project (项目) per document, in 元: the project's function code, its amount, and
-- its split by economic class where the table prints one.
with

projects as (

    select * from {{ ref('int_project_expenditure__rows') }}

),

final as (

    select
        doc_id,
        row_number() over (partition by doc_id order by source_line, row_seq) as project_seq,
        project_name,
        function_code,
        amount_yuan,
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
        step_yuan,
        amount_placement,
        source_table_kind,
        source_line,
        unplaced_cells > 0 as has_unplaced_cells
    from projects

)

select * from final
