{#-
    One name per economic code and fiscal year: fails with each pair of rows for the same code
    whose validity overlaps (economic codes are matched by code, so a second name would be ambiguous).
-#}
with codes as (

    select * from {{ ref('ref_economic_codes') }}

)

select
    a.economic_code,
    a.name_zh as a_name_zh,
    b.name_zh as b_name_zh,
    a.valid_from_year as a_valid_from_year,
    a.valid_to_year as a_valid_to_year,
    b.valid_from_year as b_valid_from_year
from codes as a
inner join codes as b
    on
        a.economic_code = b.economic_code
        and a.valid_from_year < b.valid_from_year
        and coalesce(a.valid_to_year, 9999) >= b.valid_from_year
