-- R28N / R32S predicates (macros/compliance_rules.sql: implied_prior, share_possible) on inline
-- fixtures: a change that implies a negative prior year fails (within the rounding of the two
-- figures a prior of 0 passes); a share over 100 % fails.
-- Returns the fixtures whose verdict is not the expected one.
with

changes (case_name, amount_yuan, signed_change_yuan, tolerance_yuan, want) as (

    values
    ('0 万元 said to have increased by 5 万元', 0.00, 50000.00, 100.00, 'fail'),
    ('an honest increase', 1200000.00, 100000.00, 100.00, 'pass'),
    ('a decrease', 100000.00, -50000.00, 100.00, 'pass'),
    ('a new item: increased by its whole amount', 275000.00, 275000.00, 100.00, 'pass'),
    ('rounding allows a prior of 0', 275000.00, 275050.00, 100.00, 'pass'),
    ('an increase larger than the amount', 30000.00, 142300.00, 100.00, 'fail')

),

shares (case_name, pct, want) as (

    values
    ('a share', 48.95, 'pass'),
    ('the whole', 100.00, 'pass'),
    ('more than the whole', 120.50, 'fail')

),

judged as (

    select
        case_name,
        want,
        {{ negative_prior_outcome('amount_yuan', 'signed_change_yuan', 'tolerance_yuan') }} as got
    from changes
    union all
    select
        case_name,
        want,
        case when {{ share_possible('pct') }} then 'pass' else 'fail' end as got
    from shares

)

select *
from judged
where got is distinct from want
