-- The 预算单位 (budget unit) of the rows of a table that lists its figures by unit. A row with no
-- classification code whose name (after a unit code such as "117 ") ends as an organisation's
-- does (ref_budget_unit_suffixes: 局, 中心, (本级) …) is a unit row. A table has a unit column when
-- it prints two unit rows or more, or one that is its total row (a department of one unit); the
-- unit row that is the table's total row is the department's, and the document's figure.
-- unit_adds_up: whether the table's own arithmetic confirms a unit row (the department row equals
-- the sum of the other unit rows; a unit row the sum of its block's 类 rows, or of its block's
-- rows where they carry no codes; a unit of a list of units, one row each, by the department row
-- adding up to the list); NULL where there is nothing to add. The rows below a unit row, up to the
-- next, are that unit's only where its arithmetic confirms it.
with

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}
    where side is null

),

suffixes as (

    select * from {{ ref('ref_budget_unit_suffixes') }}

),

named as (

    select
        table_rows.*,
        nullif(regexp_extract(row_label, '^\s*(\d{3,9})\s+', 1), '') as unit_code_printed,
        trim(regexp_replace(row_label, '^\s*\d{3,9}\s+', '')) as name_printed
    from table_rows

),

candidates as (

    select distinct
        named.doc_id,
        named.table_seq,
        named.row_seq,
        named.source_line,
        named.unit_code_printed as budget_unit_code,
        named.name_printed as budget_unit_name,
        coalesce(named.row_kind = 'total', false) as is_department_row,
        named.total_yuan,
        named.total_step_yuan
    from named
    inner join suffixes
        on ends_with(named.name_printed, suffixes.suffix)
    where
        named.code is null
        and named.row_item is null
        and length(named.name_printed) >= 4

),

unit_tables as (

    select doc_id, table_seq
    from candidates
    group by doc_id, table_seq
    having count(*) >= 2 or bool_or(is_department_row)

),

units as (

    select candidates.*
    from candidates
    inner join unit_tables
        on
            candidates.doc_id = unit_tables.doc_id
            and candidates.table_seq = unit_tables.table_seq

),

-- every row of a unit table, with the unit row at or above it
assigned as (

    select
        table_rows.doc_id,
        table_rows.table_seq,
        table_rows.row_seq,
        table_rows.source_line,
        table_rows.code_level,
        table_rows.total_yuan,
        table_rows.total_step_yuan,
        units.row_seq as unit_row_seq,
        units.source_line as budget_unit_line,
        units.budget_unit_code,
        units.budget_unit_name,
        units.is_department_row and table_rows.row_seq = units.row_seq as is_department_row,
        table_rows.row_seq = units.row_seq as is_unit_row
    from table_rows
    asof inner join units
        on
            table_rows.doc_id = units.doc_id
            and table_rows.table_seq = units.table_seq
            and table_rows.source_line >= units.source_line

),

blocks as (

    select
        doc_id,
        table_seq,
        unit_row_seq,
        count(*) filter (where not is_unit_row) as block_rows,
        count(*) filter (where code_level = '类') as class_rows,
        sum(total_yuan) filter (where code_level = '类') as classes_yuan,
        sum({{ half_step('total_step_yuan') }}) filter (where code_level = '类') as classes_half_steps,
        sum(total_yuan) filter (where not is_unit_row) as rows_yuan,
        sum({{ half_step('total_step_yuan') }}) filter (where not is_unit_row) as rows_half_steps,
        count(*) filter (where not is_unit_row and total_yuan is null) as rows_without_total
    from assigned
    group by doc_id, table_seq, unit_row_seq

),

other_units as (

    select
        doc_id,
        table_seq,
        sum(total_yuan) filter (where not is_department_row) as units_yuan,
        sum({{ half_step('total_step_yuan') }}) filter (where not is_department_row) as units_half_steps,
        count(*) filter (where not is_department_row) as unit_rows
    from units
    group by doc_id, table_seq

),

checked as (

    select
        units.doc_id,
        units.table_seq,
        units.row_seq,
        case
            when units.total_yuan is null then null
            when units.is_department_row and other_units.unit_rows > 0
                then
                    abs(units.total_yuan - other_units.units_yuan)
                    <= {{ half_step('units.total_step_yuan') }} + other_units.units_half_steps
            when blocks.class_rows > 0
                then
                    abs(units.total_yuan - blocks.classes_yuan)
                    <= {{ half_step('units.total_step_yuan') }} + blocks.classes_half_steps
            when blocks.block_rows > 0 and blocks.rows_without_total = 0
                then
                    abs(units.total_yuan - blocks.rows_yuan)
                    <= {{ half_step('units.total_step_yuan') }} + blocks.rows_half_steps
        end as own_sum_agrees
    from units
    inner join other_units
        on
            units.doc_id = other_units.doc_id
            and units.table_seq = other_units.table_seq
    left join blocks
        on
            units.doc_id = blocks.doc_id
            and units.table_seq = blocks.table_seq
            and units.row_seq = blocks.unit_row_seq

),

-- A unit row with nothing of its own to add (a list of units, one row each) is confirmed by the
-- department row adding up to the list.
confirmed as (

    select
        checked.doc_id,
        checked.table_seq,
        checked.row_seq,
        coalesce(
            checked.own_sum_agrees,
            bool_or(checked.own_sum_agrees) filter (where units.is_department_row)
                over (partition by checked.doc_id, checked.table_seq)
        ) as unit_adds_up
    from checked
    inner join units
        on
            checked.doc_id = units.doc_id
            and checked.table_seq = units.table_seq
            and checked.row_seq = units.row_seq

)

-- A row below a unit row is that unit's only where the unit's arithmetic confirms its block (a
-- name wrapped onto two lines, unread as a unit, would otherwise hand its rows to the unit above).
select
    assigned.doc_id,
    assigned.table_seq,
    assigned.row_seq,
    assigned.budget_unit_line,
    assigned.budget_unit_code,
    assigned.budget_unit_name,
    assigned.is_unit_row,
    assigned.is_department_row,
    confirmed.unit_adds_up
from assigned
inner join confirmed
    on
        assigned.doc_id = confirmed.doc_id
        and assigned.table_seq = confirmed.table_seq
        and assigned.unit_row_seq = confirmed.row_seq
where assigned.is_unit_row or confirmed.unit_adds_up
