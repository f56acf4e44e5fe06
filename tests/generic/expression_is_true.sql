{#-
    Fails with every row for which `expression` is not true (false or NULL).
    Use `where:` in the test config to restrict the rows the expression applies to.
-#}
{% test expression_is_true(model, expression, column_name=none) %}

    select *
    from {{ model }}
    where not coalesce({{ expression }}, false)

{% endtest %}
