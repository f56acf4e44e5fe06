{{ config(materialized='view') }}
-- R05W: a comparison made with a year before the previous one. Computed with R05 in
-- int_compliance__comparison_year (one pass over the same comparisons); this model is R05W's
-- alone.
select * from {{ ref('int_compliance__comparison_year') }}
where rule_id = 'R05W'
