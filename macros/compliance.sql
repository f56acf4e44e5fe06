{#-
    The compliance gate's arithmetic, in one place.

    half_step(step_yuan): how far a printed figure can sit from the true amount, in 元: half its
    printed step (0.01 万元 → 50 元). A figure printed to the 分 (step ≤ 0.01 元) is exact money,
    not a rounding, so its half-step is 0: a one-cent error in a 元 document is an error.

    tolerance(steps): the envelope for comparing figures that should agree: the sum of the
    half-steps of every figure involved. A parent against n children printed in one step is
    (n+1) × ½ × step; a 万元 figure against a 元 figure is ½ × 100 + 0. `steps` is a list of SQL
    expressions; a NULL step (a figure not printed) adds nothing.

    outcome(expected, actual, tolerance): 'unevaluable' when either figure is missing, else
    'pass' within the envelope, else 'fail'.
-#}
{% macro half_step(step_yuan) -%}
    (case when {{ step_yuan }} > 0.01 then {{ step_yuan }} / 2 else 0 end)
{%- endmacro %}

{% macro tolerance(steps) -%}
    cast(
        {%- for step in steps %}
        coalesce({{ half_step(step) }}, 0){{ ' +' if not loop.last }}
        {%- endfor %}
        as decimal(24, 4)
    )
{%- endmacro %}

{% macro outcome(expected, actual, tolerance) -%}
    case
        when {{ expected }} is null or {{ actual }} is null then 'unevaluable'
        when abs({{ expected }} - {{ actual }}) <= {{ tolerance }} then 'pass'
        else 'fail'
    end
{%- endmacro %}

{#- A figure for messages: the amount in 元 as an exact decimal, e.g. "8420700.00 元". -#}
{% macro yuan_text(amount) -%}
    coalesce(cast(cast({{ amount }} as decimal(24, 2)) as varchar) || ' 元', '空白')
{%- endmacro %}

{#- A figure the narrative prints (at its printed step) stands for a table figure: rounded to that
    step (within both half-steps), or cut to it (truncated: 7633.51 for 7633.516247). -#}
{% macro printed_as(printed, printed_step, table, table_step) -%}
    (
        abs({{ table }} - {{ printed }}) <= coalesce({{ half_step(printed_step) }}, 0) + coalesce({{ half_step(table_step) }}, 0)
        or (
            abs({{ table }}) - abs({{ printed }}) >= 0
            and abs({{ table }}) - abs({{ printed }}) < {{ printed_step }} + coalesce({{ half_step(table_step) }}, 0)
        )
    )
{%- endmacro %}
