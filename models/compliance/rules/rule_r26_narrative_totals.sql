{{ config(materialized='view') }}
-- R26: narrative totals equal the tables. Computed with R31 in int_compliance__narrative_totals
-- (one pass over the same comparisons); this model is R26's alone.
select * from {{ ref('int_compliance__narrative_totals') }}
where rule_id = 'R26'
