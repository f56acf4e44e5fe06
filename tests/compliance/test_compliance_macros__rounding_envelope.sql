-- The gate's arithmetic (macros/compliance.sql) on inline fixtures: honest rounding passes in a
-- 万元 document and in a 元 document; a real error fails; a one-cent error in a document printed
-- to the 分 fails; a 万元 narrative against a 元 table uses both half-steps; a missing figure is
-- unevaluable. Returns the fixtures whose outcome is not the expected one.
with

fixtures (case_name, expected_yuan, actual_yuan, step_expected, step_child_1, step_child_2, step_child_3, want) as (

    values
    -- 万元, two decimals (step 100 元): 842.07 = 683.70 + 80.33 + 78.04, exact
    ('wan exact', 8420700.00, 8420700.00, 100.00, 100.00, 100.00, 100.00, 'pass'),
    -- 100.01 万元 against three children 33.34 each (100.02): 100 元 off, envelope (3+1) × 50 = 200
    ('wan rounding', 1000100.00, 1000200.00, 100.00, 100.00, 100.00, 100.00, 'pass'),
    -- the same envelope with the children 0.03 万元 off: 300 元 > 200
    ('wan off by 0.03', 1000100.00, 1000400.00, 100.00, 100.00, 100.00, 100.00, 'fail'),
    -- 100.00 against 100.10 万元: a real error
    ('wan real error', 1000000.00, 1001000.00, 100.00, 100.00, 100.00, 100.00, 'fail'),
    -- 元 printed to the 分: exact money, no rounding envelope; one cent off fails
    ('yuan one cent', 1234.56, 1234.55, 0.01, 0.01, 0.01, 0.01, 'fail'),
    ('yuan exact', 1234.56, 1234.56, 0.01, 0.01, 0.01, 0.01, 'pass'),
    -- 元 printed as integers (step 1 元): 100 against 33 + 33 + 33, envelope 4 × 0.5 = 2
    ('yuan integers rounding', 100.00, 99.00, 1.00, 1.00, 1.00, 1.00, 'pass'),
    ('yuan integers error', 100.00, 97.00, 1.00, 1.00, 1.00, 1.00, 'fail'),
    -- narrative "15万元" (step 1 万元) against a table in 元 to the 分: envelope 5000 + 0
    ('cross unit rounding', 150123.45, 150000.00, 0.01, 10000.00, null, null, 'pass'),
    -- narrative "15.01万元" (step 100 元) against 150000.00 元: 100 元 off, envelope 50
    ('cross unit error', 150000.00, 150100.00, 0.01, 100.00, null, null, 'fail'),
    -- a figure not printed cannot be compared
    ('missing figure', null, 150000.00, 0.01, 0.01, null, null, 'unevaluable')

),

evaluated as (

    select
        *,
        {{ outcome(
            'expected_yuan',
            'actual_yuan',
            tolerance(['step_expected', 'step_child_1', 'step_child_2', 'step_child_3'])
        ) }} as got
    from fixtures

)

select *
from evaluated
where got != want
