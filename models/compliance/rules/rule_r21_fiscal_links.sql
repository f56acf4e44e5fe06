-- R21: 财政拨款收支总表 (T4) ↔ 一般公共预算支出表 (T5) by 类 and in total; T4's 政府性基金 /
-- 国有资本经营 totals = their own expenditure tables' totals.
-- The comparisons, their blanks and what makes a side unreadable: int_table_links__compared.
with

compared as (

    select * from {{ ref('int_table_links__compared') }}

)

select *
from compared
where rule_id = 'R21'
