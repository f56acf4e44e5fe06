-- Expenditure by function code (功能分类) for each document, from the department's total
-- expenditure table (部门支出总表) or, where a document does not print that table with any
-- coded row, from the general-budget expenditure table (一般公共预算支出表). One source per
-- document, never a mix, and the source is recorded. A document that prints the table twice (a
-- department and its unit) is read from its first printing with coded rows. A code the source
-- table prints on more than one row is a fact about that document, not a figure: it is kept once,
-- at its first row, with no amounts and its repeats counted as unplaced, so no sum and no rule
-- reads a figure that cannot be told apart (the rows stay in fct_table_cells).
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

source_rows as (

    select
        function_rows.*,
        count(*) over (partition by function_rows.doc_id, function_rows.code) as printed_rows
    from function_rows
    inner join source_per_document
        on
            function_rows.doc_id = source_per_document.doc_id
            and function_rows.table_seq = source_per_document.source_table_seq

),

selected as (

    select
        doc_id,
        table_kind as source_table_kind,
        table_seq,
        row_seq,
        source_line,
        code as function_code,
        code_level as function_level,
        row_label as function_name_printed,
        case when printed_rows = 1 then total_yuan end as total_yuan,
        case when printed_rows = 1 then basic_yuan end as basic_yuan,
        case when printed_rows = 1 then project_yuan end as project_yuan,
        total_step_yuan as step_yuan,
        total_placement,
        basic_placement,
        project_placement,
        unplaced_cells + printed_rows - 1 as unplaced_cells
    from source_rows
    qualify row_number() over (partition by doc_id, code order by row_seq) = 1

)

select * from selected
