{#-
    yuan_per(amount_yuan, count): an amount in 元 shared over a count (三公 per head of staff),
    rounded half away from zero to the 分, exact. DuckDB divides decimals in double precision, so
    the division is done on whole 0.0001 元 units as HUGEINT; NULL when the count is NULL or 0.
    amount_yuan must have at most 4 decimals (the marts' DECIMAL(24,4)).
-#}
{% macro yuan_per(amount_yuan, count) -%}
    {%- set units = "cast(" ~ amount_yuan ~ " * 10000 as hugeint)" -%}
    case
        when {{ count }} > 0
            then cast(
                sign({{ units }}) * ((2 * abs({{ units }}) + 100 * {{ count }}) // (200 * {{ count }}))
                as decimal(24, 0)
            ) * cast(0.01 as decimal(3, 2))
    end
{%- endmacro %}
