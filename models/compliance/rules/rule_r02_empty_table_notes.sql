{{ config(materialized='view') }}
-- R02: an empty table carries its explanatory note. Computed with R01 / R03 in
-- int_compliance__table_set (one pass over the same comparisons); this model is R02's alone.
select * from {{ ref('int_compliance__table_set') }}
where rule_id = 'R02'
