-- yuan_per(): exact 元 per head to the 分, half away from zero, NULL for no staff.
with

fixtures (amount_yuan, staff, want) as (

    values
    (2500.0000, 34, 73.53),
    (1482200.0000, 11, 134745.45),
    (-2500.0000, 34, -73.53),
    (0.0050, 1, 0.01),
    (0.0049, 1, 0.00),
    (99999999999999.9999, 3, 33333333333333.33),
    (2500.0000, 0, null),
    (2500.0000, null, null)

)

select *
from fixtures
where {{ yuan_per('cast(amount_yuan as decimal(24, 4))', 'staff') }} is distinct from want
