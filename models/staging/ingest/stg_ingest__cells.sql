with

source as (

    select * from {{ landed('ingest_cells') }}

),

renamed as (

    select
        doc_id,
        table_seq,
        table_kind,
        row_seq,
        cell_seq,
        source_line,
        source_line_end,
        row_label,
        code_raw,
        {{ canonical_code('code') }} as code,
        {{ code_level(canonical_code('code')) }} as code_level,
        {{ code_system(canonical_code('code')) }} as code_system,
        row_item,
        row_kind,
        project_name,
        side,
        measure,
        amount_raw,
        {{ printed_number('amount') }} as amount_printed,
        decimals,
        unit,
        {{ unit_kind('unit') }} as unit_kind,
        {{ to_yuan('amount', 'unit') }} as amount_yuan,
        {{ step_yuan('decimals', 'unit') }} as step_yuan,
        placement,
        box_left,
        box_bottom,
        box_right,
        box_top,
        column_year,
        column_measure
    from source

)

select * from renamed
