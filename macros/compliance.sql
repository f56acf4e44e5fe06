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

{#- A figure for messages: the amount in 元, exact to the 分, with thousands separators, e.g.
    "8,420,700.00 元" (formatted from integers: a double would round large amounts). -#}
{% macro yuan_text(amount) -%}
    coalesce({{ grouped_decimal('cast(' ~ amount ~ ' as decimal(24, 2))') }} || ' 元', '空白')
{%- endmacro %}

{% macro grouped_decimal(amount) -%}
    (
        case when {{ amount }} < 0 then '-' else '' end
        || format('{:,}', cast(trunc(abs({{ amount }})) as hugeint))
        || '.' || lpad(cast(cast(abs({{ amount }}) * 100 % 100 as integer) as varchar), 2, '0')
    )
{%- endmacro %}

{#- The 中文 name of a vocabulary key, for text a reader sees: from a reference seed, or the key
    itself when the seed has no row. The seed's columns are renamed inside, so an unqualified
    outer column (table_kind) is never read as the seed's own. -#}
{% macro name_zh(seed, key_column, key) -%}
    coalesce((
        select named.name_of_key
        from (select {{ key_column }} as key_of_name, name_zh as name_of_key from {{ ref(seed) }}) as named
        where named.key_of_name = {{ key }}
    ), {{ key }})
{%- endmacro %}

{% macro table_zh(table_kind) -%}
    {{ name_zh('table_kinds', 'table_kind', table_kind) }}
{%- endmacro %}

{% macro measure_name_zh(measure) -%}
    {{ name_zh('ref_measures', 'measure', measure) }}
{%- endmacro %}

{#- What a narrative fact is about, in 中文 (ref_narrative_subjects): a planned_ subject is 拟购置 +
    the subject; large_equipment_<threshold> is named with its threshold; a function class is
    already its printed name. -#}
{% macro subject_zh(fact_kind, subject) -%}
    (
        case when starts_with({{ subject }}, 'planned_') then '拟购置' else '' end
        || coalesce((
            select named.name_of_subject
            from (
                select fact_kind as kind_of_name, subject as subject_of_name, name_zh as name_of_subject
                from {{ ref('ref_narrative_subjects') }}
            ) as named
            where named.kind_of_name = {{ fact_kind }}
                and named.subject_of_name = regexp_replace({{ subject }}, '^planned_', '')
        ), regexp_replace(
            regexp_replace({{ subject }}, '^planned_', ''), '^large_equipment_([0-9]+)$', '单价\1万元以上大型设备'
        ))
    )
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
