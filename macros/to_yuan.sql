{#-
    to_yuan(amount_printed, unit): the one place where a printed amount becomes 元.

    amount_printed: an SQL expression, the number as printed (decimal text or decimal);
    unit: an SQL expression naming the printed unit (元, 千元, 万元, 亿元, or anything else).

    The factor comes from the ref_units seed at execution time, through a scalar subquery,
    so adding a unit is a seed row and never a code change, and a unit test can give its own
    ref_units rows. The subquery renames the seed's columns (to_yuan_unit, to_yuan_factor) so
    that a bare `unit` passed by the caller still means the caller's column, not the seed's.

    Result: DECIMAL(24, 4) in 元, exact for every printed precision down to 0.0001 元
    (6 decimals of 万元 are 0.01 元). NULL when the amount is NULL or the unit is not a money
    unit in ref_units (%, 人, 平方米, an undeclared unit), so nothing is ever converted by guess.
    A duplicate unit in the seed makes DuckDB fail the query rather than pick a factor.
-#}
{% macro to_yuan(amount_printed, unit) -%}
    try_cast(
        {{ printed_number(amount_printed) }} * (
            select to_yuan_units.to_yuan_factor
            from (
                select
                    ref_units.unit as to_yuan_unit,
                    ref_units.yuan_factor as to_yuan_factor
                from {{ ref('ref_units') }} as ref_units
            ) as to_yuan_units
            where to_yuan_units.to_yuan_unit = {{ unit }}
        ) as decimal(24, 4)
    )
{%- endmacro %}

{#-
    unit_kind(unit): 'money', 'percent', 'count' or 'area' for a unit in ref_units, NULL for an
    undeclared or unknown one (a scalar subquery like to_yuan's, so staging needs no join).
-#}
{% macro unit_kind(unit) -%}
    (
        select unit_kinds.unit_kind_of_unit
        from (
            select
                ref_units.unit as unit_kind_unit,
                ref_units.unit_kind as unit_kind_of_unit
            from {{ ref('ref_units') }} as ref_units
        ) as unit_kinds
        where unit_kinds.unit_kind_unit = {{ unit }}
    )
{%- endmacro %}
