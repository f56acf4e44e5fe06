{{ config(materialized='view') }}
-- R27: the 三公 narrative gives all four items, each equal to the table. Its amounts are compared
-- with the narrative totals (int_compliance__narrative_totals), the four items' presence in
-- int_compliance__three_public_items_named; this model is R27's alone.
select * from {{ ref('int_compliance__narrative_totals') }}
where rule_id = 'R27'
union all by name
select * from {{ ref('int_compliance__three_public_items_named') }}
where rule_id = 'R27'
