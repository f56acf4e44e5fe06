{#-
    to_yuan(amount_printed, unit): the one place where a printed amount becomes 元.

    amount_printed: an SQL expression, the number as printed (decimal text or decimal);
    unit: an SQL expression naming the printed unit (元, 千元, 万元, 亿元, or anything else).

    The factor comes from the ref_units seed at execution time (ref_unit_value, below), so
    adding a unit is a seed row and never a code change, and a unit test can give its own
    ref_units rows.

    Result: DECIMAL(24, 4) in 元, exact for every printed precision down to 0.0001 元
    (6 decimals of 万元 are 0.01 元). NULL when the amount is NULL or the unit is not a money
    unit in ref_units (%, 人, 平方米, an undeclared unit), so nothing is ever converted by guess.
    A duplicate unit in the seed makes DuckDB fail the query rather than pick a factor.
-#}
{% macro to_yuan(amount_printed, unit) -%}
    try_cast(
        {{ printed_number(amount_printed) }} * {{ ref_unit_value(unit, 'yuan_factor') }} as decimal(24, 4)
    )
{%- endmacro %}

{#-
    unit_kind(unit): 'money', 'percent', 'count' or 'area' for a unit in ref_units, NULL for an
    undeclared or unknown one.
-#}
{% macro unit_kind(unit) -%}
    {{ ref_unit_value(unit, 'unit_kind') }}
{%- endmacro %}

{#-
    ref_unit_value(unit, column): the ref_units column for the unit, as a scalar subquery (so
    staging needs no join). The seed's columns are renamed inside it so that a bare `unit` passed
    by the caller still means the caller's column, not the seed's.
-#}
{% macro ref_unit_value(unit, column) -%}
    (
        select units_by_name.unit_value
        from (
            select
                ref_units.unit as unit_name,
                ref_units.{{ column }} as unit_value
            from {{ ref('ref_units') }} as ref_units
        ) as units_by_name
        where units_by_name.unit_name = {{ unit }}
    )
{%- endmacro %}
