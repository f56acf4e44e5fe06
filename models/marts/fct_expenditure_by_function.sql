-- Expenditure by function code (功能分类) at every printed level, per document, in 元, with the
-- printed name beside the classification's name for the document's year (NULL when the code is
-- not in ref_function_codes for that year). Parent codes a document does not print are sums of
-- their children (derivation = 'sum_of_children'). share_of_total: the row's part of the
-- document's spending, the sum of its 类 rows (so 类 shares add up to 1).
with

selected as (

    select * from {{ ref('int_function_expenditure__rolled_up') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

function_codes as (

    select * from {{ ref('ref_function_codes') }}

),

reference_names as (

    select
        selected.doc_id,
        selected.function_code,
        string_agg(function_codes.name_zh, ' / ' order by function_codes.name_zh) as function_name_reference
    from selected
    inner join documents
        on selected.doc_id = documents.doc_id
    inner join function_codes
        on
            selected.function_code = function_codes.function_code
            and {{ code_valid_in('documents.fiscal_year', 'function_codes') }}
    group by selected.doc_id, selected.function_code

),

class_totals as (

    select
        doc_id,
        sum(total_yuan) as class_total_yuan
    from selected
    where function_level = '类'
    group by doc_id

),

final as (

    select
        selected.doc_id,
        selected.function_code,
        selected.function_level,
        left(selected.function_code, 3) as function_class_code,
        selected.function_name_printed as function_name,
        reference_names.function_name_reference,
        selected.total_yuan,
        case
            when class_totals.class_total_yuan > 0
                then round(selected.total_yuan / class_totals.class_total_yuan, 6)::decimal(9, 6)
        end as share_of_total,
        selected.basic_yuan,
        selected.project_yuan,
        selected.step_yuan,
        selected.source_table_kind,
        selected.derivation,
        selected.source_line,
        selected.unplaced_cells > 0 as has_unplaced_cells
    from selected
    left join reference_names
        on
            selected.doc_id = reference_names.doc_id
            and selected.function_code = reference_names.function_code
    left join class_totals
        on selected.doc_id = class_totals.doc_id

)

select * from final
