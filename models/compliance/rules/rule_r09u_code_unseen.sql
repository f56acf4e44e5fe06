{{ config(materialized='view') }}
-- R09U: a well-formed code the reference has not seen for the year. Computed with R09 / R09N in
-- int_compliance__code_validity (one pass over the same comparisons); this model is R09U's alone.
select * from {{ ref('int_compliance__code_validity') }}
where rule_id = 'R09U'
