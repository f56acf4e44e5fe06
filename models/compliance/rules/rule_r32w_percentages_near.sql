{{ config(materialized='view') }}
-- R32W: shares and growth rates 0.5–1 pp off. Computed with R32 in int_compliance__percentages
-- (one pass over the same comparisons); this model is R32W's alone.
select * from {{ ref('int_compliance__percentages') }}
where rule_id = 'R32W'
