-- The figures of each 预算单位 row, in the tables that list their figures by unit: one row per
-- unit row and placed measure. The department's row (the table's total row) is the document's
-- figure; the others are its units', for comparing units within and across departments. Only
-- unit rows the table's own arithmetic confirms (unit_adds_up): a name wrapped over two lines or
-- a figure cut over lines would otherwise land a wrong unit or a wrong figure.
with

budget_units as (

    select * from {{ ref('int_table_rows__budget_units') }}
    where is_unit_row and unit_adds_up

),

cells as (

    select * from {{ ref('stg_ingest__cells') }}
    where side is null and measure is not null and placement != 'unplaced'

),

final as (

    select
        cells.doc_id,
        cells.table_seq,
        cells.table_kind,
        cells.source_line,
        {{ page_of('cells.doc_id', 'cells.source_line') }} as page,
        budget_units.budget_unit_code,
        budget_units.budget_unit_name,
        budget_units.is_department_row,
        cells.measure,
        cells.amount_yuan,
        cells.step_yuan,
        cells.placement
    from budget_units
    inner join cells
        on
            budget_units.doc_id = cells.doc_id
            and budget_units.table_seq = cells.table_seq
            and budget_units.row_seq = cells.row_seq

)

select * from final
