{{ config(materialized='view') }}
-- R28: direction words agree with the change amount. Computed with R28T in
-- int_compliance__change_direction (one pass over the same comparisons); this model is R28's
-- alone.
select * from {{ ref('int_compliance__change_direction') }}
where rule_id = 'R28'
