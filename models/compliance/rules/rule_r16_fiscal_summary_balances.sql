{{ config(materialized='view') }}
-- R16: 财政拨款收支总表: income grand total = expenditure grand total. Computed with R11 in
-- int_compliance__summary_balances (one pass over the same comparisons); this model is R16's
-- alone.
select * from {{ ref('int_compliance__summary_balances') }}
where rule_id = 'R16'
