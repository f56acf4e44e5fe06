{{ config(materialized='view') }}
-- R28T: the reason given concludes in the change's direction. Computed with R28 in
-- int_compliance__change_direction (one pass over the same comparisons); this model is R28T's
-- alone.
select * from {{ ref('int_compliance__change_direction') }}
where rule_id = 'R28T'
