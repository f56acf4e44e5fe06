{{ config(materialized='view') }}
-- R05: a comparison is made with the previous year. Computed with R05W in
-- int_compliance__comparison_year (one pass over the same comparisons); this model is R05's alone.
select * from {{ ref('int_compliance__comparison_year') }}
where rule_id = 'R05'
