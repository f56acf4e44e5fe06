{{ config(
    materialized='incremental',
    incremental_strategy='append',
    pre_hook="{{ replace_pending_documents() }}",
) }}
-- Every rule evaluation of every document, one row per (document, rule, subject): the rule models
-- in rules/ say what to compare; the outcome is decided here, once, for all of them:
-- - a rule may decide itself (outcome_override: presence rules, or 'unevaluable' when its data
--   is incomplete);
-- - a comparison involving a number the ingest placed by the very relation the rule checks
--   (ref_rules.circular_placements, e.g. 'subtotal' for R15) is unevaluable: that number is
--   no evidence;
-- - otherwise outcome(): missing figure → unevaluable, within the rounding envelope → pass,
--   else fail.
-- A table, computed once: three marts and the gate's tests read it (as a view its plan of
-- every rule was recomputed for each reader); built by document like the marts.
{%- set rule_models = [
    'rule_r01_required_tables',
    'rule_r02_empty_table_notes',
    'rule_r03_table_units',
    'rule_r05_comparison_year',
    'rule_r05w_comparison_year_earlier',
    'rule_r06_wording_flaws',
    'rule_r07_self_reference',
    'rule_r09_code_system',
    'rule_r09n_code_names',
    'rule_r09u_code_unseen',
    'rule_r11_summary_balances',
    'rule_r13_income_sources',
    'rule_r14_total_is_basic_plus_project',
    'rule_r15_code_roll_up',
    'rule_r16_fiscal_summary_balances',
    'rule_r17_basic_personnel_public',
    'rule_r18_three_public_breakdown',
    'rule_r19_procurement_parts',
    'rule_r20_summary_links',
    'rule_r21_fiscal_links',
    'rule_r22_basic_tables_agree',
    'rule_r22c_summary_basic_classes',
    'rule_r23_fiscal_income',
    'rule_r24_total_vs_general_budget',
    'rule_r25_three_public_vs_economic',
    'rule_r26_narrative_totals',
    'rule_r27_three_public_narrative',
    'rule_r28_change_direction',
    'rule_r28n_negative_prior_year',
    'rule_r28t_change_reason',
    'rule_r28y_three_public_change',
    'rule_r29_operating_cost',
    'rule_r30_performance_funds',
    'rule_r31_function_narrative',
    'rule_r31n_function_names',
    'rule_r32_percentages',
    'rule_r32s_share_at_most_whole',
    'rule_r32w_percentages_near',
    'rule_r33_repeated_figures',
    'rule_r36_cross_year',
    'rule_r37_budget_vs_final',
] %}
{#- The list declares the dependencies dbt needs at parse time (its graph is empty then); at run
    time it must be exactly the rule models of the graph (macro check_rule_models). -#}
{%- do check_rule_models(rule_models) %}

with

rules as (

    select * from {{ ref('ref_rules') }}

),

evaluations as (
    {%- for rule_model in rule_models %}
    select
        doc_id,
        rule_id,
        table_kind,
        cast(subject_code as varchar) as subject_code,
        cast(subject_label as varchar) as subject_label,
        cast(source_line as integer) as source_line,
        cast(expected_yuan as decimal(24, 4)) as expected_yuan,
        cast(actual_yuan as decimal(24, 4)) as actual_yuan,
        cast(tolerance_yuan as decimal(24, 4)) as tolerance_yuan,
        cast(placements as varchar) as placements,
        cast(outcome_override as varchar) as outcome_override,
        cast(detail as varchar) as detail
    from {{ ref(rule_model) }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

decided as (

    select
        evaluations.*,
        case
            when evaluations.outcome_override is not null then evaluations.outcome_override
            when list_has_any(
                string_split(coalesce(evaluations.placements, ''), '|'),
                string_split(coalesce(rules.circular_placements, ''), '|')
            ) and rules.circular_placements is not null then 'unevaluable'
            else {{ outcome('evaluations.expected_yuan', 'evaluations.actual_yuan', 'evaluations.tolerance_yuan') }}
        end as outcome,
        rules.severity
    from evaluations
    inner join rules
        on evaluations.rule_id = rules.rule_id

)

select * from decided
