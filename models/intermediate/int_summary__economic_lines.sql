-- The economic classes a 收支总表 lists, by name and without codes, under its 基本支出 / 项目支出
-- lines ("1、人员经费和公用经费支出" then "(1)工资福利支出", "(2)商品和服务支出" …, in a column pair
-- of their own beside the function classes). A name resolves to a 部门预算支出经济分类 类 through
-- ref_economic_codes; a line belongs to the nearest 基本支出 / 项目支出 line above it in the table.
-- Column pairs print side by side, so a line of another pair can fall inside the group: a group is
-- kept only where the identity pins it, its class lines adding up to the parent line (within
-- rounding). Otherwise nothing is kept: a line that cannot be placed with certainty is not placed.
with

cells as (

    select *
    from {{ ref('stg_ingest__cells') }}
    where
        table_kind = 'income_expenditure_summary'
        and side = 'expenditure'
        and amount_yuan is not null

),

economic_codes as (

    select * from {{ ref('ref_economic_codes') }}

),

parents as (

    select
        doc_id,
        table_seq,
        source_line as parent_line,
        row_item as parent_item,
        amount_yuan as parent_yuan,
        step_yuan as parent_step_yuan
    from cells
    where row_item in ('basic', 'project')
    -- one 基本支出 / 项目支出 line per source line (a line of two pairs cannot hold two parents)
    qualify count(*) over (partition by doc_id, table_seq, source_line) = 1

),

class_lines as (

    select
        cells.doc_id,
        cells.table_seq,
        cells.source_line,
        cells.row_label,
        economic_codes.economic_code,
        economic_codes.name_zh as economic_name,
        cells.amount_yuan,
        cells.step_yuan,
        cells.placement
    from cells
    inner join economic_codes
        on
            economic_codes.economic_level = '类'
            and economic_codes.code_system = 'department'
            and {{ name_key(strip_ordinal('cells.row_label')) }} = {{ name_key('economic_codes.name_zh') }}
    where cells.row_item is null

),

grouped as (

    select
        class_lines.*,
        parents.parent_line,
        parents.parent_item,
        parents.parent_yuan,
        parents.parent_step_yuan
    from class_lines
    asof inner join parents
        on
            class_lines.doc_id = parents.doc_id
            and class_lines.table_seq = parents.table_seq
            and class_lines.source_line > parents.parent_line

),

pinned_groups as (

    select
        doc_id,
        table_seq,
        parent_line
    from grouped
    group by doc_id, table_seq, parent_line, parent_yuan, parent_step_yuan
    having
        count(*) = count(distinct economic_code)
        and abs(sum(amount_yuan) - parent_yuan)
        <= {{ half_step('parent_step_yuan') }} + sum({{ half_step('step_yuan') }})

)

select
    grouped.doc_id,
    grouped.table_seq,
    grouped.source_line,
    grouped.row_label,
    grouped.economic_code,
    grouped.economic_name,
    grouped.parent_item,
    grouped.parent_line,
    grouped.parent_yuan,
    grouped.parent_step_yuan,
    grouped.amount_yuan,
    grouped.step_yuan,
    grouped.placement
from grouped
inner join pinned_groups
    on
        grouped.doc_id = pinned_groups.doc_id
        and grouped.table_seq = pinned_groups.table_seq
        and grouped.parent_line = pinned_groups.parent_line
