-- 基本支出 by economic class (部门预算支出经济分类 类 and 款) from the general-budget basic
-- expenditure table, split into 人员经费 and 公用经费 as printed; a table printed twice is read
-- from its first printing with economic rows. Some tables repeat a code (one block per unit or
-- per fund): the first row of each code is kept and `printings` says how many there were, so a
-- reader can see the figure is not the whole department's.
with

rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

economic_rows as (

    select
        doc_id,
        table_seq,
        row_seq,
        source_line,
        code as economic_code,
        code_level as economic_level,
        row_label as economic_name_printed,
        total_yuan,
        personnel_yuan,
        public_yuan,
        total_step_yuan as step_yuan,
        total_placement,
        personnel_placement,
        public_placement,
        unplaced_cells
    from rows
    where
        table_kind = 'general_budget_basic'
        and code_system = 'economic'
    qualify table_seq = min(table_seq) over (partition by doc_id)

),

first_printing as (

    select
        *,
        count(*) over (partition by doc_id, economic_code) as printings
    from economic_rows
    qualify row_number() over (partition by doc_id, economic_code order by source_line) = 1

)

select * from first_printing
