-- The part ≤ whole verdict used by R19, R24 (unequal scope), R25, R29 and R30
-- (macros/compliance_rules.sql: at_most_outcome) on inline fixtures, amounts in 元. Returns the
-- fixtures whose verdict is not the expected one.
with

fixtures (case_name, part_yuan, whole_yuan, tolerance_yuan, want) as (

    values
    -- T6[30217] 0.25 万元 against 三公 接待 0.25 万元 (bundled 003): equal is allowed
    ('equal', 2500.00, 2500.00, 100.00, 'pass'),
    ('part smaller', 1500.00, 2500.00, 100.00, 'pass'),
    -- 0.01 万元 over, inside the two half-steps (50 + 50)
    ('over within rounding', 2600.00, 2500.00, 100.00, 'pass'),
    ('over beyond rounding', 2700.00, 2500.00, 100.00, 'fail'),
    -- the 普陀 case of disclosure_rules.md R25: 81.11 万元 of 30231 against 19.56 万元 车运行
    ('economic code above the 三公 item', 811100.00, 195600.00, 100.00, 'fail'),
    -- a blank 三公 item in a printed table is 0: any T6 amount on its code fails
    ('whole zero', 2000.00, 0.00, 50.00, 'fail'),
    ('part missing', null, 2500.00, 100.00, 'unevaluable'),
    ('whole missing', 2500.00, null, 100.00, 'unevaluable'),
    -- no tolerance given: exact comparison
    ('no tolerance', 2500.01, 2500.00, null, 'fail')

),

judged as (

    select
        *,
        {{ at_most_outcome('part_yuan', 'whole_yuan', 'tolerance_yuan') }} as got
    from fixtures

)

select *
from judged
where got != want
