{#-
    How a printed number is held before any unit conversion.

    printed_number(text): the number exactly as printed, DECIMAL(24, 6). Six decimals is the
    finest precision the disclosures print (万元 to 0.000001). The ingest lands no figure this
    cannot hold (it reports it, ING_IMPLAUSIBLE_AMOUNT, and lands the amount empty); the cast is a
    try_cast all the same, so one document's text can never stop the build, and the warehouse
    test `every_unreadable_amount_is_reported` fails if a NULL ever arrives without a finding.

    printed_decimals(text): the number of decimals in a decimal text ('12.50' → 2, '12' → 0),
    for values the ingest lands without a separate decimals column (narrative facts).

    printed_step(decimals): the printed step 10^-decimals in the printed unit (0.01 for two
    decimals), built as decimal text so no binary fraction is ever involved.

    step_yuan(decimals, unit): that step in 元, which rounding tolerances are made of; NULL when
    it is finer than the warehouse holds money (0.0001 元: '6669667.67302' 元, whose amount the
    ingest cannot hold either), never a step of 0 that would make a comparison exact.
-#}
{% macro printed_number(text) -%}
    try_cast({{ text }} as decimal(24, 6))
{%- endmacro %}

{% macro printed_decimals(text) -%}
    length(split_part({{ text }}, '.', 2))
{%- endmacro %}

{% macro printed_step(decimals) -%}
    cast('1e-' || cast({{ decimals }} as varchar) as decimal(24, 6))
{%- endmacro %}

{% macro step_yuan(decimals, unit) -%}
    nullif({{ to_yuan(printed_step(decimals), unit) }}, 0)
{%- endmacro %}
