-- R20: 部门收支总表 (T1) ↔ 部门支出总表 (T3) and 部门收入总表 (T2): T1 本年支出合计 = T3 合计;
-- T1 expenditure by 类 = T3's 类 rows; T1 income by source = T2's figure for that source.
-- The comparisons, their blanks and what makes a side unreadable: int_table_links__compared.
with

compared as (

    select * from {{ ref('int_table_links__compared') }}

)

select *
from compared
where rule_id = 'R20'
