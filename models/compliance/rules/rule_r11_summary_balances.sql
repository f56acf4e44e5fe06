{{ config(materialized='view') }}
-- R11: 收支总表: income grand total = expenditure grand total. Computed with R16 in
-- int_compliance__summary_balances (one pass over the same comparisons); this model is R11's
-- alone.
select * from {{ ref('int_compliance__summary_balances') }}
where rule_id = 'R11'
