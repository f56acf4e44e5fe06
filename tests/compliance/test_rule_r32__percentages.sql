-- R32's percentage predicates (macros/compliance_rules.sql) on inline fixtures, amounts in 元
-- with their half-steps: the range a share or growth rate can take given the rounding of its
-- figures, the gap of the printed percentage (± half its printed step) beyond that range, the
-- band (pass ≤ 0.5 pp < warn ≤ 1 pp < error), and the zero-base rule.
-- Returns the fixtures whose verdict is not the expected one.
with

fixtures (case_name, kind, amount_yuan, amount_half, other_yuan, other_half, printed_pct, pct_decimals, want) as (

    values
    -- growth: other = the signed change
    -- bundled 004 line 107: 48 万元, 减少 5 万元, 降低 0.9% — recomputed 5 / 53 = 9.43%
    ('004 project 9.4% printed 0.9%', 'growth', 480000.00, 5000.00, -50000.00, 5000.00, -0.9, 1, 'error'),
    -- bundled 004 line 123: 6.63 万元, +1.64 万元 — 32.87%; 32.8% is inside the rounding range
    ('004 housing 32.87% printed 32.8%', 'growth', 66300.00, 50.00, 16400.00, 50.00, 32.8, 1, 'pass'),
    -- bundled 002 line 706: 0.84 万元, +0.42 万元, 100.00% — the prior is 0.42, not 0
    ('002 small base 100%', 'growth', 8400.00, 50.00, 4200.00, 50.00, 100.00, 2, 'pass'),
    -- bundled 003 line 393: 275.43% on a small base (2.89 万元): rounding alone allows
    -- 274.31%–276.56%, so 276% passes; 278% is 0.94 pp beyond that range
    ('large rate inside rounding', 'growth', 108500.00, 50.00, 79600.00, 50.00, 276, 0, 'pass'),
    ('large rate beyond rounding', 'growth', 108500.00, 50.00, 79600.00, 50.00, 278, 0, 'warn'),
    -- 100 → 111.11 is +11.11%: printed 11.9% is 0.73 pp outside the range, 12.5% is 1.33 pp
    ('growth warn band', 'growth', 1111100.00, 50.00, 111100.00, 50.00, 11.9, 1, 'warn'),
    ('growth error band', 'growth', 1111100.00, 50.00, 111100.00, 50.00, 12.5, 1, 'error'),
    ('decrease exact', 'growth', 8420700.00, 50.00, -596700.00, 50.00, -6.62, 2, 'pass'),
    -- zero base: 15 万元, 增加 15 万元, 增长 100% (bundled 003 line 383)
    ('zero base', 'growth', 150000.00, 5000.00, 150000.00, 5000.00, 100, 0, 'error'),
    ('nothing then nothing', 'growth', 0.00, 5000.00, 0.00, 5000.00, 0, 0, 'pass'),
    ('zero base with 0% but a change', 'growth', 50000.00, 5000.00, 50000.00, 5000.00, 0, 0, 'error'),
    -- share: other = the denominator
    -- bundled 004 line 87: 89.05 / 137.05 = 64.98%, printed 65%
    ('share rounded to integer', 'share', 890500.00, 50.00, 1370500.00, 50.00, 65, 0, 'pass'),
    -- 66% is 0.52 pp outside the range
    ('share half a point out', 'share', 890500.00, 50.00, 1370500.00, 50.00, 66, 0, 'warn'),
    -- 683.7 / 842.07 = 81.19% (bundled 003 line 368) printed as 81.9%: a transposed digit
    ('share transposed digit', 'share', 6837000.00, 500.00, 8420700.00, 50.00, 81.9, 1, 'warn'),
    -- 38.43 / 842.07 = 4.56% (bundled 003 line 370) printed as 5.2%: 0.59 pp outside
    ('small share warn band', 'share', 384300.00, 50.00, 8420700.00, 50.00, 5.2, 1, 'warn'),
    ('share wrong', 'share', 890500.00, 50.00, 1370500.00, 50.00, 70, 0, 'error'),
    ('share of zero', 'share', 0.00, 5000.00, 1370500.00, 50.00, 0, 0, 'pass'),
    ('share of a zero whole', 'share', 0.00, 0.00, 0.00, 0.00, 0, 0, 'pass')

),

ranges as (

    select
        *,
        case kind
            when 'growth' then {{ growth_pct_low('amount_yuan', 'amount_half', 'other_yuan', 'other_half') }}
            else coalesce({{ share_pct_low('amount_yuan', 'amount_half', 'other_yuan', 'other_half') }}, 0)
        end as low_pct,
        case kind
            when 'growth' then {{ growth_pct_high('amount_yuan', 'amount_half', 'other_yuan', 'other_half') }}
            else {{ share_pct_high('amount_yuan', 'amount_half', 'other_yuan', 'other_half') }}
        end as high_pct,
        {{ pct_half_step('pct_decimals') }} as pct_half
    from fixtures

),

judged as (

    select
        *,
        {{ pct_gap('printed_pct', 'pct_half', 'coalesce(low_pct, 0)', 'high_pct') }} as gap_pp,
        case
            when kind = 'growth' and {{ zero_base('amount_yuan', 'other_yuan', 'printed_pct') }} then 'error'
            else {{ pct_band(pct_gap('printed_pct', 'pct_half', 'coalesce(low_pct, 0)', 'high_pct')) }}
        end as got
    from ranges

)

select *
from judged
where got is distinct from want
