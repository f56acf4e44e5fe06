-- R23: T4 财政拨款 income (本年) = the income by source in T1 and the fiscal subtotal of T2.
-- The comparisons, their blanks and what makes a side unreadable: int_table_links__compared.
with

compared as (

    select * from {{ ref('int_table_links__compared') }}

)

select *
from compared
where rule_id = 'R23'
