{{ config(materialized='view') }}
-- R32: shares and growth rates recompute (more than 1 pp off). Computed with R32W in
-- int_compliance__percentages (one pass over the same comparisons); this model is R32's alone.
select * from {{ ref('int_compliance__percentages') }}
where rule_id = 'R32'
