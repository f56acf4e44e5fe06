{{ config(materialized='view') }}
-- R31: narrative amounts by function code equal the table row. Computed with R26 in
-- int_compliance__narrative_totals (one pass over the same comparisons); this model is R31's
-- alone.
select * from {{ ref('int_compliance__narrative_totals') }}
where rule_id = 'R31'
