{{ config(materialized='view') }}
-- R09N: the name printed with a code is that year's name. Computed with R09 / R09U in
-- int_compliance__code_validity (one pass over the same comparisons); this model is R09N's alone.
select * from {{ ref('int_compliance__code_validity') }}
where rule_id = 'R09N'
