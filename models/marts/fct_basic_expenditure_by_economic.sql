-- 基本支出 by economic class (类 and 款) per document, in 元, split into 人员经费 and 公用经费
-- as printed, with the classification's name for the document's year.
with

economic_rows as (

    select * from {{ ref('int_basic_expenditure__by_economic') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

economic_codes as (

    select * from {{ ref('ref_economic_codes') }}

),

reference_names as (

    select
        economic_rows.doc_id,
        economic_rows.economic_code,
        any_value(economic_codes.name_zh) as economic_name_reference,
        any_value(economic_codes.basic_split) as basic_split_reference
    from economic_rows
    inner join documents
        on economic_rows.doc_id = documents.doc_id
    inner join economic_codes
        on
            economic_rows.economic_code = economic_codes.economic_code
            and {{ code_valid_in('documents.fiscal_year', 'economic_codes') }}
    group by economic_rows.doc_id, economic_rows.economic_code

),

final as (

    select
        economic_rows.doc_id,
        economic_rows.economic_code,
        economic_rows.economic_level,
        left(economic_rows.economic_code, 3) as economic_class_code,
        economic_rows.economic_name_printed as economic_name,
        reference_names.economic_name_reference,
        reference_names.basic_split_reference,
        economic_rows.total_yuan,
        economic_rows.personnel_yuan,
        economic_rows.public_yuan,
        economic_rows.step_yuan,
        economic_rows.source_line,
        economic_rows.printings,
        economic_rows.unplaced_cells > 0 as has_unplaced_cells
    from economic_rows
    left join reference_names
        on
            economic_rows.doc_id = reference_names.doc_id
            and economic_rows.economic_code = reference_names.economic_code

)

select * from final
