-- Expenditure by function code (功能分类) for each document, from the department's total
-- expenditure table (部门支出总表) or, where a document does not print that table with any
-- coded row, from the general-budget expenditure table (一般公共预算支出表). One source per
-- document, never a mix, and the source is recorded. A document that prints the table twice (a
-- department and its unit) is read from its first printing with coded rows.
with

rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

function_rows as (

    select *
    from rows
    where
        table_kind in ('expenditure_summary', 'general_budget_expenditure')
        and code_system = 'function'

),

source_per_document as (

    select
        doc_id,
        table_kind as source_table_kind,
        table_seq as source_table_seq
    from function_rows
    -- expenditure_summary sorts before general_budget_expenditure: prefer it.
    qualify row_number() over (partition by doc_id order by table_kind, table_seq) = 1

),

selected as (

    select
        function_rows.doc_id,
        function_rows.table_kind as source_table_kind,
        function_rows.table_seq,
        function_rows.row_seq,
        function_rows.source_line,
        function_rows.code as function_code,
        function_rows.code_level as function_level,
        function_rows.row_label as function_name_printed,
        function_rows.total_yuan,
        function_rows.basic_yuan,
        function_rows.project_yuan,
        function_rows.total_step_yuan as step_yuan,
        function_rows.total_placement,
        function_rows.basic_placement,
        function_rows.project_placement,
        function_rows.unplaced_cells
    from function_rows
    inner join source_per_document
        on
            function_rows.doc_id = source_per_document.doc_id
            and function_rows.table_seq = source_per_document.source_table_seq

)

select * from selected
