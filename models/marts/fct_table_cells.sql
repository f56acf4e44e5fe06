-- Every landed table cell in 元 with its provenance (document, table, source lines, raw text),
-- placed or not, so nothing the ingest read is out of reach; in a table that lists its figures by
-- 预算单位, the unit each row belongs to (int_table_rows__budget_units).
with

cells as (

    select * from {{ ref('stg_ingest__cells') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

budget_units as (

    select * from {{ ref('int_table_rows__budget_units') }}

),

final as (

    select
        cells.doc_id,
        cells.table_seq,
        cells.table_kind,
        tables.title_raw as table_title,
        cells.row_seq,
        cells.cell_seq,
        cells.source_line,
        cells.source_line_end,
        {{ page_of('cells.doc_id', 'cells.source_line') }} as page,
        cells.row_label,
        cells.code,
        cells.code_level,
        cells.code_system,
        cells.row_item,
        cells.row_kind,
        cells.project_name,
        cells.side,
        cells.measure,
        cells.amount_raw,
        cells.amount_printed,
        cells.unit,
        cells.amount_yuan,
        cells.step_yuan,
        cells.placement,
        cells.box_left,
        cells.box_bottom,
        cells.box_right,
        cells.box_top,
        cells.column_year,
        cells.column_measure,
        budget_units.budget_unit_code,
        budget_units.budget_unit_name
    from cells
    left join tables
        on
            cells.doc_id = tables.doc_id
            and cells.table_seq = tables.table_seq
    left join budget_units
        on
            cells.doc_id = budget_units.doc_id
            and cells.table_seq = budget_units.table_seq
            and cells.row_seq = budget_units.row_seq
            and cells.side is null

)

select * from final
