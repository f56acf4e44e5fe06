{{ config(materialized='view') }}
-- R03: every table declares its unit. Computed with R01 / R02 in int_compliance__table_set (one
-- pass over the same comparisons); this model is R03's alone.
select * from {{ ref('int_compliance__table_set') }}
where rule_id = 'R03'
