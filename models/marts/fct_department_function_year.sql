{{ config(materialized='table', pre_hook=[]) }}
-- The function-class panel: one row per department × fiscal year × stage × function 类, with the
-- class's spending in that year's document (fct_expenditure_by_function: its 类 row, printed or
-- the sum of its 款) and its change on the previous year's document of the same stage. Only a
-- year and stage with exactly one document (fct_department_year.doc_id); a class one year does
-- not print is absent that year, so its change is NULL, never a change from 0.
-- Rebuilt whole on every build (each row reads two documents).
with

panel as (

    select * from {{ ref('fct_department_year') }}
    where doc_id is not null

),

classes as (

    select * from {{ ref('fct_expenditure_by_function') }}
    where function_level = '类'

),

by_year as (

    select
        panel.department_key,
        panel.fiscal_year,
        panel.stage,
        panel.doc_id,
        classes.function_code,
        coalesce(classes.function_name_reference, classes.function_name) as function_name,
        classes.total_yuan
    from panel
    inner join classes
        on panel.doc_id = classes.doc_id

),

final as (

    select
        this_year.department_key,
        this_year.fiscal_year,
        this_year.stage,
        this_year.function_code,
        this_year.function_name,
        this_year.doc_id,
        this_year.total_yuan,
        last_year.doc_id as prior_doc_id,
        last_year.total_yuan as prior_total_yuan,
        this_year.total_yuan - last_year.total_yuan as total_change_yuan,
        cast(round(
            (this_year.total_yuan - last_year.total_yuan) * 100 / nullif(last_year.total_yuan, 0), 2
        ) as decimal(12, 2)) as total_change_pct
    from by_year as this_year
    left join by_year as last_year
        on
            this_year.department_key = last_year.department_key
            and this_year.stage = last_year.stage
            and this_year.function_code = last_year.function_code
            and last_year.fiscal_year = this_year.fiscal_year - 1

)

select * from final
