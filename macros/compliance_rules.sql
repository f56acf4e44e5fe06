{#-
    Predicates of individual compliance rules, kept here so each can be tested on inline fixture
    rows (tests/compliance/test_rule_*). The shared arithmetic (half_step, tolerance, outcome,
    yuan_text) is in compliance.sql.

    Names (R09N)
    name_key(name): a printed classification name reduced for comparison: whitespace (ASCII,
        no-break and the full-width space) dropped, full-width digits, brackets and punctuation
        mapped to ASCII (the ingest and the seeds already apply NFKC; this also covers text that
        bypassed it).
    strip_ordinal(label): a row label without its leading list marker ("一、", "（七）", "1.",
        "(3)"), so "（七）文化体育与传媒支出" reads as the 类 name it prints.

    Inequalities (R19, R24, R25, R29, R30)
    at_most_outcome(part, whole, tolerance): 'unevaluable' when a figure is missing, 'pass' when
        part ≤ whole + tolerance, else 'fail'.

    Directions (R28)
    direction_sign(word): +1 for 增加/增长/上升…, −1 for 减少/下降/降低…, 0 for 持平/不变…, NULL
        for anything else: the seed direction_words (ingest/data/direction_words.csv), which the
        narrative extractor reads too.
    direction_outcome(sign, value): whether a signed figure agrees with a direction: a 持平 (0)
        needs exactly 0; an increase (+1) fails only on a negative figure and a decrease (−1)
        only on a positive one ("增加 0 万元" is an empty change, not a wrong one). NULL when
        either side is missing.
    reason_direction(reason): the direction the reason text concludes with, from its last
        direction phrase: +1 (…增加/增长/上调/提高), −1 (…减少/下降/缩减/压缩), 0 for a stated
        non-change (未有增加, 没有减少, 持平, 不变, 无变化, 无增减); NULL when it names none, or
        when it lists several causes (一是…二是…, …但…) and ends on one of them rather than on a
        no-change claim.

    Percentages (R32). Figures are in 元 with their half-steps (the rounding envelope); results
    are in percentage points as doubles (a percentage is not money).
    share_pct_low / share_pct_high(part, part_half, whole, whole_half): the range of
        100 × |part| / whole over the envelope; the low bound is NULL for a whole of exactly 0,
        the high bound +inf when the whole can be ≤ 0 (any share is then possible).
    growth_pct_low / growth_pct_high(amount, amount_half, change, change_half): the range of
        100 × |change| / prior, prior = amount − change (change signed), over the envelope;
        the high bound is +inf when the prior can be ≤ 0.
    pct_gap(printed, printed_half, low, high): how far the printed percentage (± half its
        printed step) lies outside [low, high]; 0 when the two ranges meet.
    pct_band(gap): 'pass' when gap ≤ 0.5 pp, 'warn' when gap ≤ 1 pp, else 'error'
        (disclosure_rules.md A.6 / R32). The gap is measured beyond the rounding envelope of every
        figure involved, so a difference that rounding explains is never reported; that envelope
        also replaces A.6's alternative "1 % relative" allowance, which exists to absorb the
        rounding of large rates (a 275% rate on a small base: see the tests).
    zero_base(amount, change, printed): the growth rate is printed on a prior of 0 (amount −
        change = 0 as printed): no rate exists, so any rate is an error, except "增加 0，增长 0%".
-#}

{% macro name_key(name) -%}
    translate(
        regexp_replace({{ name }}, '[\s\x{00A0}\x{3000}]+', '', 'g'),
        '０１２３４５６７８９（）［］【】｛｝：；，．／－',
        '0123456789()[][]{}:;,./-'
    )
{%- endmacro %}

{% macro strip_ordinal(label) -%}
    {%- set space = "[[:space:]　]*" -%}
    {%- set numeral = "[一二三四五六七八九十百零〇]+" -%}
    {%- set markers = [
        "[(（]" ~ space ~ "(?:" ~ numeral ~ "|[0-9]+)" ~ space ~ "[)）]",
        numeral ~ space ~ "[、.．]",
        "[0-9]+" ~ space ~ "[、.．)）]",
    ] -%}
    regexp_replace({{ label }}, '^{{ space }}(?:{{ markers | join("|") }}){{ space }}', '')
{%- endmacro %}

{% macro at_most_outcome(part, whole, tolerance) -%}
    case
        when {{ part }} is null or {{ whole }} is null then 'unevaluable'
        when {{ part }} <= {{ whole }} + coalesce({{ tolerance }}, 0) then 'pass'
        else 'fail'
    end
{%- endmacro %}

{% macro direction_sign(word) -%}
    (
        select vocabulary.direction_sign
        from (select word as direction_word, sign as direction_sign from {{ ref('direction_words') }}) as vocabulary
        where vocabulary.direction_word = {{ word }}
    )
{%- endmacro %}

{% macro direction_outcome(sign, value) -%}
    case
        when {{ sign }} is null or {{ value }} is null then null
        when {{ sign }} = 0 then case when {{ value }} = 0 then 'pass' else 'fail' end
        when {{ sign }} > 0 then case when {{ value }} < 0 then 'fail' else 'pass' end
        else case when {{ value }} > 0 then 'fail' else 'pass' end
    end
{%- endmacro %}

{% macro reason_direction(reason) -%}
    {%- set last_phrase -%}
        regexp_extract_all(
            regexp_replace({{ reason }}, '[\s\x{3000}]+', '', 'g'),
            '(?:未有|没有|并未|未|无|不再)?(?:增加|增长|增多|上升|上调|提高|减少|下降|降低|缩减|压缩|下调|变化|增减)|持平|不变'
        )[-1]
    {%- endset -%}
    case
        when {{ last_phrase }} is null then null
        when regexp_matches({{ last_phrase }}, '^(?:未有|没有|并未|未|无|不再)|^(?:持平|不变|变化|增减)$') then 0
        -- Several causes ("一是…二是…", "…，但…", "…抵消"): the last one is not the conclusion.
        when regexp_matches({{ reason }}, '二是|其二|[(（]二[)）]|同时|但|另一方面|抵消|相抵') then null
        when regexp_matches({{ last_phrase }}, '增|上升|上调|提高') then 1
        else -1
    end
{%- endmacro %}

{#- ratio_pct(numerator, denominator): 100 × numerator / denominator, NULL for a zero denominator.
    The one place a percentage leaves DECIMAL: the amounts (and their half-steps) are added and
    subtracted exactly before it; only the quotient, a ratio and not money, is a double. -#}
{% macro ratio_pct(numerator, denominator) -%}
    (100 * cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}

{% macro share_pct_low(part, part_half, whole, whole_half) -%}
    {{ ratio_pct("greatest(abs(" ~ part ~ ") - " ~ part_half ~ ", 0)", "(" ~ whole ~ " + " ~ whole_half ~ ")") }}
{%- endmacro %}

{% macro share_pct_high(part, part_half, whole, whole_half) -%}
    (case
        when {{ whole }} - {{ whole_half }} > 0
            then {{ ratio_pct("abs(" ~ part ~ ") + " ~ part_half, "(" ~ whole ~ " - " ~ whole_half ~ ")") }}
        else 'infinity'::double
    end)
{%- endmacro %}

{#- |change| / (amount − change): an increase has prior amount − |change|, a decrease amount + |change|. -#}
{% macro growth_pct_low(amount, amount_half, change, change_half) -%}
    {%- set m_lo = "greatest(abs(" ~ change ~ ") - " ~ change_half ~ ", 0)" -%}
    {%- set a_hi = "(" ~ amount ~ " + " ~ amount_half ~ ")" -%}
    (case
        when {{ change }} >= 0 then {{ ratio_pct(m_lo, a_hi ~ " - " ~ m_lo) }}
        else {{ ratio_pct(m_lo, a_hi ~ " + " ~ m_lo) }}
    end)
{%- endmacro %}

{% macro growth_pct_high(amount, amount_half, change, change_half) -%}
    {%- set m_hi = "(abs(" ~ change ~ ") + " ~ change_half ~ ")" -%}
    {%- set a_lo = "(" ~ amount ~ " - " ~ amount_half ~ ")" -%}
    (case
        when {{ change }} >= 0 and {{ a_lo }} - {{ m_hi }} > 0 then {{ ratio_pct(m_hi, a_lo ~ " - " ~ m_hi) }}
        when {{ change }} < 0 and {{ a_lo }} + {{ m_hi }} > 0 then {{ ratio_pct(m_hi, a_lo ~ " + " ~ m_hi) }}
        else 'infinity'::double
    end)
{%- endmacro %}

{#- pct_gap: percentage points (printed percentages, not money) outside the computed range. -#}
{% macro pct_gap(printed, printed_half, low, high) -%}
    greatest(
        ({{ low }}) - (abs(cast({{ printed }} as double)) + cast({{ printed_half }} as double)),
        (abs(cast({{ printed }} as double)) - cast({{ printed_half }} as double)) - ({{ high }}),
        0
    )
{%- endmacro %}

{% macro zero_base(amount, change, printed) -%}
    ({{ amount }} - {{ change }} = 0 and not ({{ change }} = 0 and {{ printed }} = 0))
{%- endmacro %}

{% macro pct_band(gap) -%}
    case
        when {{ gap }} is null then null
        when {{ gap }} <= 0.5 then 'pass'
        when {{ gap }} <= 1.0 then 'warn'
        else 'error'
    end
{%- endmacro %}

{#- The printed step of a percentage as a half-step in percentage points: "9.4%" → 0.05. -#}
{% macro pct_half_step(decimals) -%}
    (0.5 * power(10, -coalesce({{ decimals }}, 0)))
{%- endmacro %}

{#- A narrative fact's attribute in words, for messages. -#}
{% macro attribute_zh(attribute) -%}
    case {{ attribute }}
        when 'amount' then '金额'
        when 'change_amount' then '增减额'
        when 'change_pct' then '增减率'
        when 'share_pct' then '占比'
        when 'count' then '数量'
        when 'change_count' then '增减数'
        when 'prior_amount' then '上年数'
        else {{ attribute }}
    end
{%- endmacro %}

{#-
    link_blank_is_zero(status, kind, key): in a table-to-table link (R20/R21/R23), whether a side
    that does not print the figure prints 0: its table has figures, is readable, and either lists expenditure
    by 类 (a 'zero' link: a 类 it leaves out has no amount) or is a 部门收入总表 whose header has
    this source's column (a 'source' link). `status` is the side's table status relation
    (status, unreadable, lists_classes, measures); `key` is 'kind:name'; the link's blank_rule is
    read from `pairs`.
-#}
{% macro link_blank_is_zero(status, kind, key) -%}
    (
        {{ status }}.status in ('present', 'partial') and not {{ status }}.unreadable
        and (
            (pairs.blank_rule = 'zero' and {{ status }}.lists_classes)
            or (
                pairs.blank_rule = 'source' and {{ kind }} = 'income_summary'
                and list_contains({{ status }}.measures, split_part({{ key }}, ':', 2))
            )
        )
    )
{%- endmacro %}

{#-
    Wording (R05, R06, R06P, R28E)
    comparison_years(text): the comparisons a sentence makes with a named year ("比2025年预算增加",
        "较2021年", "与2024年相比/持平"), each with what follows the year (to tell a 决算's own
        年初预算 apart); a year inside a title 《…》 is no comparison.
    comparison_year_outcome(year, after, fiscal_year, stage): R05 for one named base year: 'fail'
        when it is the document's own year or later (a 2026 budget "比2026年预算增加"; a 决算's own
        "2026年年初预算" is its legitimate base), 'warn' when earlier than the previous year, else
        'pass'; NULL without a fiscal year.
    flaw_matches(text, pattern): whether a sentence shows a wording flaw of ingest/data/wording_flaws.csv.
-#}
{% macro comparison_years(text) -%}
    regexp_extract_all(
        regexp_replace({{ text }}, '《[^》]*》', '', 'g'),
        '(?:比|较)\d{4}年度?..?|与\d{4}年度?(?:预算数?|决算数?|执行数)?(?:相比|比较|持平)',
        0
    )
{%- endmacro %}

{% macro comparison_year_outcome(year, after, fiscal_year, stage) -%}
    case
        when {{ fiscal_year }} is null or {{ year }} is null then null
        when {{ year }} = {{ fiscal_year }} and {{ stage }} = 'final' and regexp_matches({{ after }}, '^(年初|预算)') then 'pass'
        when {{ year }} >= {{ fiscal_year }} then 'fail'
        when {{ year }} < {{ fiscal_year }} - 1 then 'warn'
        else 'pass'
    end
{%- endmacro %}

{% macro flaw_matches(text, pattern) -%}
    regexp_matches({{ text }}, {{ pattern }})
{%- endmacro %}

{#-
    Figures that cannot be (R28N, R32S)
    implied_prior(amount, signed_change): the prior year's figure a statement implies (amount −
        signed change); negative_prior_outcome: 'fail' when it is below 0 by more than the
        figures' rounding ("0万元，比上年增加5万元"), else 'pass'.
    share_possible(pct): a share ("占 X%") of a whole is at most 100 %.
-#}
{% macro implied_prior(amount, signed_change) -%}
    ({{ amount }} - {{ signed_change }})
{%- endmacro %}

{% macro negative_prior_outcome(amount, signed_change, tolerance) -%}
    case when {{ implied_prior(amount, signed_change) }} < -({{ tolerance }}) then 'fail' else 'pass' end
{%- endmacro %}

{% macro share_possible(pct) -%}
    ({{ pct }} <= 100)
{%- endmacro %}

{#- A narrative change statement's part (its change amount, percentage, prior-year amount, reason
    or direction), joined to the fact it belongs to: the same document, fact kind and subject, and
    the part's change_seq pointing at the anchor's fact_seq (R28, R28Y, R32 read statements so). -#}
{% macro statement_part(alias, attribute, anchor, anchor_seq='fact_seq', part_seq='change_seq') -%}
    left join statements as {{ alias }}
        on
            {{ anchor }}.doc_id = {{ alias }}.doc_id
            and {{ anchor }}.fact_kind = {{ alias }}.fact_kind
            and {{ anchor }}.subject = {{ alias }}.subject
            and {{ anchor }}.{{ anchor_seq }} = {{ alias }}.{{ part_seq }}
            {%- if attribute %}
            and {{ alias }}.attribute = '{{ attribute }}'
            {%- endif %}
{%- endmacro %}


{#- At run time, `rule_models` (int_compliance__evaluations' list, which declares its dependencies
    at parse time, when dbt's graph is still empty) must be exactly the models of
    models/compliance/rules/ in the graph: a rule file added without its line, or a line left for
    a removed file, stops the build naming it. -#}
{% macro check_rule_models(rule_models) -%}
{%- if execute -%}
    {%- set in_graph = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.original_file_path.startswith('models/compliance/rules/') -%}
        {%- do in_graph.append(node.name) -%}
    {%- endfor -%}
    {%- if in_graph | sort != rule_models | sort -%}
        {{ exceptions.raise_compiler_error(
            "int_compliance__evaluations: rule models in models/compliance/rules/ not listed: "
            ~ (in_graph | reject('in', rule_models) | list) ~ "; listed but no such model: "
            ~ (rule_models | reject('in', in_graph) | list)) }}
    {%- endif -%}
{%- endif -%}
{%- endmacro %}
