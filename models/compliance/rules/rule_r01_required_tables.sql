{{ config(materialized='view') }}
-- R01: every table the template family requires is published. Computed with R02 / R03 in
-- int_compliance__table_set (one pass over the same comparisons); this model is R01's alone.
select * from {{ ref('int_compliance__table_set') }}
where rule_id = 'R01'
