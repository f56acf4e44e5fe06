{{ config(materialized='view') }}
-- R09: a code that cannot be valid in the table's classification. Computed with R09N / R09U in
-- int_compliance__code_validity (one pass over the same comparisons); this model is R09's alone.
select * from {{ ref('int_compliance__code_validity') }}
where rule_id = 'R09'
