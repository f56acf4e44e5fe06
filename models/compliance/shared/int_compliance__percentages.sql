-- R32 / R32W: a percentage the narrative prints agrees with the figures it is computed from.
-- - Shares ("占 X%"): the subject's amount over a fixed denominator (disclosure_rules.md R32):
--   income → 本年收入合计, spending → 本年支出合计, a function class → the general-budget total
--   (the section it is printed in), 三公 items → the 三公 total, procurement parts → the
--   procurement total. Where a kind has two legitimate totals the share is judged against the one
--   it fits best, and the detail names it.
-- - Growth ("增长/下降 X%"): |change| / prior, prior = amount − signed change (or the prior amount
--   where the narrative prints it).
-- Every figure carries its rounding envelope (half its printed step); the percentage printed
-- (± half its own step) is compared with the range the figures allow, and only the gap beyond
-- that range is judged: ≤ 0.5 pp passes, ≤ 1 pp is R32W (warn), more is R32 (error). Zero
-- base: a growth rate on a prior of 0 is an R32 error, except "增加 0，增长 0%".
-- A percentage whose amount is not in its own sentence is unevaluable (its numerator is unknown).
-- A percentage is not money: expected_yuan / actual_yuan stay NULL and the outcome is decided
-- here (outcome_override); the figures are in the detail.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

statements as (

    select * from {{ ref('int_narrative_facts__statements') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

-- 本年收入合计 / 本年支出合计 as the 收支总表 prints them.
current_totals as (

    select
        doc_id,
        row_item as denominator,
        table_kind,
        source_line,
        total_yuan as amount_yuan,
        total_step_yuan as step_yuan
    from table_rows
    where
        table_kind = 'income_expenditure_summary'
        and row_item in ('income_current_total', 'expenditure_current_total')
        and total_yuan is not null
    qualify row_number() over (partition by doc_id, row_item order by table_seq, source_line) = 1

),

-- The procurement total and, for documents without a 三公 table figure, the 三公 total exist
-- only in the narrative: its first statement.
narrative_totals as (

    select
        doc_id,
        case fact_kind
            when 'procurement' then 'procurement_total'
            else 'three_public_total_narrative'
        end as denominator,
        null as table_kind,
        source_line,
        amount_yuan,
        step_yuan
    from facts
    where
        fact_kind in ('procurement', 'three_public')
        and subject = 'total'
        and attribute = 'amount'
        and amount_yuan is not null
    qualify row_number() over (partition by doc_id, fact_kind order by fact_seq) = 1

),

denominator_figures as (

    select
        doc_id,
        figure as denominator,
        table_kind,
        source_line,
        amount_yuan,
        step_yuan
    from figures
    union all
    select * from current_totals
    union all
    select * from narrative_totals

),

denominators (fact_kind, denominator, denominator_zh, preference) as (

    values
    ('income_source', 'income_current_total', '本年收入合计', 1),
    ('income_source', 'income_grand_total', '收入总计', 2),
    ('expenditure_type', 'expenditure_current_total', '本年支出合计', 1),
    ('expenditure_type', 'expenditure_total', '支出总表合计', 2),
    ('function_class', 'general_budget_expenditure_total', '一般公共预算支出合计', 1),
    ('function_class', 'expenditure_total', '支出总表合计', 2),
    ('function_item', 'general_budget_expenditure_total', '一般公共预算支出合计', 1),
    ('function_item', 'expenditure_total', '支出总表合计', 2),
    ('three_public', 'three_public_total', '“三公”经费合计', 1),
    ('three_public', 'three_public_total_narrative', '说明中的“三公”经费合计', 2),
    ('procurement', 'procurement_total', '政府采购预算总额', 1)

),

-- Each percentage with the amount of its statement.
percentages as (

    select
        pct.doc_id,
        pct.fact_seq,
        pct.fact_kind,
        pct.subject,
        pct.attribute,
        pct.value_raw as pct_raw,
        pct.value_number as pct_value,
        {{ pct_half_step('pct.decimals') }} as pct_half,
        pct.source_line,
        pct.context,
        pct.change_seq,
        -- Its own sentence's amount only: a share printed elsewhere ('货物采购授予中小企业合同金额
        -- 占…货物支出合同的4.07%') is of another numerator.
        case when pct.amount_in_sentence then pct.statement_amount_raw end as amount_raw,
        case when pct.amount_in_sentence then pct.statement_amount_unit end as amount_unit,
        case when pct.amount_in_sentence then pct.statement_amount_yuan end as amount_yuan,
        case when pct.amount_in_sentence then {{ half_step('pct.statement_amount_step_yuan') }} end as amount_half
    from statements as pct
    where pct.attribute in ('share_pct', 'change_pct') and pct.value_number is not null

),

share_candidates as (

    select
        percentages.*,
        denominators.denominator_zh,
        denominator_figures.amount_yuan as whole_yuan,
        {{ half_step('denominator_figures.step_yuan') }} as whole_half,
        denominator_figures.table_kind as whole_table_kind,
        denominator_figures.source_line as whole_source_line,
        denominators.preference
    from percentages
    inner join denominators
        on percentages.fact_kind = denominators.fact_kind
    inner join denominator_figures
        on
            percentages.doc_id = denominator_figures.doc_id
            and denominators.denominator = denominator_figures.denominator
    where percentages.attribute = 'share_pct'

),

share_ranges as (

    select
        *,
        coalesce({{ share_pct_low('amount_yuan', 'amount_half', 'whole_yuan', 'whole_half') }}, 0) as low_pct,
        {{ share_pct_high('amount_yuan', 'amount_half', 'whole_yuan', 'whole_half') }} as high_pct,
        {{ ratio_pct('amount_yuan', 'whole_yuan') }} as computed_pct
    from share_candidates
    where amount_yuan is not null

),

best_shares as (

    select
        *,
        {{ pct_gap('pct_value', 'pct_half', 'low_pct', 'high_pct') }} as gap_pp
    from share_ranges
    qualify row_number() over (
        partition by doc_id, fact_seq
        order by {{ pct_gap('pct_value', 'pct_half', 'low_pct', 'high_pct') }}, preference
    ) = 1

),

shares as (

    select
        percentages.doc_id,
        percentages.fact_seq,
        percentages.fact_kind,
        percentages.subject,
        '占比' as measure_zh,
        percentages.source_line,
        percentages.context,
        percentages.pct_raw,
        percentages.pct_value,
        best_shares.gap_pp,
        false as is_zero_base,
        best_shares.low_pct,
        best_shares.high_pct,
        best_shares.computed_pct,
        {{ subject_zh('percentages.fact_kind', 'percentages.subject') }}
        || ' '
        || coalesce(percentages.amount_raw || coalesce(percentages.amount_unit, ''), '（金额未列）')
        || ' 占 ' || percentages.pct_raw || '%'
        || coalesce(
            '；按' || best_shares.denominator_zh || ' ' || {{ yuan_text('best_shares.whole_yuan') }}
            || coalesce(
                '（' || {{ table_zh('best_shares.whole_table_kind') }} || ' 第'
                || best_shares.whole_source_line || '行）', ''
            )
            || ' 重算为 ' || coalesce(printf('%.2f', best_shares.computed_pct) || '%', '—（分母为 0）'),
            '；无可用的分母'
        ) as figures_text
    from percentages
    left join best_shares
        on
            percentages.doc_id = best_shares.doc_id
            and percentages.fact_seq = best_shares.fact_seq
    where percentages.attribute = 'share_pct'

),

-- Growth: the change amount (and a printed prior amount) of the same change statement.
growth_inputs as (

    select
        percentages.*,
        direction.value_raw as direction_raw,
        change.value_raw as change_raw,
        change.unit as change_unit,
        change.amount_yuan as change_yuan,
        {{ half_step('change.step_yuan') }} as change_half,
        prior_fact.amount_yuan as prior_yuan,
        {{ half_step('prior_fact.step_yuan') }} as prior_half
    from percentages
    {{ statement_part('direction', none, 'percentages', anchor_seq='change_seq', part_seq='fact_seq') }}
    {{ statement_part('change', 'change_amount', 'percentages', anchor_seq='change_seq') }}
    {{ statement_part('prior_fact', 'prior_amount', 'percentages', anchor_seq='change_seq') }}
    where percentages.attribute = 'change_pct'

),

-- With a printed prior the change is amount − prior, carrying both half-steps.
growth_figures as (

    select
        *,
        coalesce(amount_yuan - prior_yuan, change_yuan) as delta_yuan,
        case when prior_yuan is not null then amount_half + prior_half else change_half end as delta_half,
        coalesce(prior_yuan, amount_yuan - change_yuan) as base_yuan
    from growth_inputs

),

growth_ranges as (

    select
        *,
        {{ zero_base('amount_yuan', 'delta_yuan', 'pct_value') }} as is_zero_base,
        {{ growth_pct_low('amount_yuan', 'amount_half', 'delta_yuan', 'delta_half') }} as low_pct,
        {{ growth_pct_high('amount_yuan', 'amount_half', 'delta_yuan', 'delta_half') }} as high_pct,
        {{ ratio_pct('abs(delta_yuan)', 'base_yuan') }} as computed_pct
    from growth_figures

),

growth as (

    select
        doc_id,
        fact_seq,
        fact_kind,
        subject,
        '增减率' as measure_zh,
        source_line,
        context,
        pct_raw,
        pct_value,
        case
            when amount_yuan is null or delta_yuan is null then null
            else {{ pct_gap('pct_value', 'pct_half', 'coalesce(low_pct, 0)', 'high_pct') }}
        end as gap_pp,
        coalesce(is_zero_base, false) as is_zero_base,
        low_pct,
        high_pct,
        computed_pct,
        {{ subject_zh('fact_kind', 'subject') }} || ' '
        || coalesce(amount_raw || coalesce(amount_unit, ''), '（金额未列）') || '，'
        || coalesce(direction_raw, '变动') || ' ' || coalesce(change_raw || coalesce(change_unit, ''), '（金额未列）')
        || '，所印 ' || pct_raw || '%'
        || case
            when amount_yuan is null or delta_yuan is null then '；缺少本年数或增减额，无法重算'
            when is_zero_base then '；上年数 = ' || {{ yuan_text('base_yuan') }} || '，基数为 0，增减率无从计算（应表述为新增）'
            when base_yuan = 0 then '；上年数与本年数均为 0，未变动'
            else '；上年数 = ' || {{ yuan_text('base_yuan') }} || '，重算为 ' || printf('%.2f', computed_pct) || '%'
        end as figures_text
    from growth_ranges

),

checks as (

    select * from shares
    union all
    select * from growth

),

evaluations as (

    select
        doc_id,
        case
            when not is_zero_base and {{ pct_band('gap_pp') }} = 'warn' then 'R32W'
            else 'R32'
        end as rule_id,
        null as table_kind,
        fact_kind || '.' || subject as subject_code,
        {{ subject_zh('fact_kind', 'subject') }} || ' ' || measure_zh as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when is_zero_base then 'fail'
            when gap_pp is null then 'unevaluable'
            when {{ pct_band('gap_pp') }} = 'pass' then 'pass'
            else 'fail'
        end as outcome_override,
        '说明第' || source_line || '行「' || left(context, 60) || '」：' || figures_text
        || case
            when is_zero_base or gap_pp is null then ''
            else
                '（按印出数的舍入区间 ' || printf('%.2f', coalesce(low_pct, 0)) || '%–'
                || case when isinf(high_pct) then '∞' else printf('%.2f', high_pct) end
                || '%），超出舍入区间 ' || printf('%.2f', gap_pp) || ' 个百分点'
        end as detail
    from checks

)

select * from evaluations
