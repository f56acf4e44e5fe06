{#-
    Fails with every row whose code is not already canonical: canonical_code() would change it
    or reject it (wrong length for its system, stray characters). NULL codes pass.
-#}
{% test is_canonical_code(model, column_name, kind='auto') %}

    select *
    from {{ model }}
    where
        {{ column_name }} is not null
        and {{ column_name }} is distinct from {{ canonical_code(column_name, kind) }}

{% endtest %}
