{#-
    A code may carry several names over time and, where two wordings are in use (215), two names
    in the same year; but the same code and name must not be listed twice for one year.
    Fails with each pair of rows whose validity overlaps.
-#}
with codes as (

    select * from {{ ref('ref_function_codes') }}

)

select
    a.function_code,
    a.name_zh,
    a.valid_from_year as a_valid_from_year,
    a.valid_to_year as a_valid_to_year,
    b.valid_from_year as b_valid_from_year,
    b.valid_to_year as b_valid_to_year
from codes as a
inner join codes as b
    on
        a.function_code = b.function_code
        and a.name_zh = b.name_zh
        and a.valid_from_year < b.valid_from_year
        and coalesce(a.valid_to_year, 9999) >= b.valid_from_year
