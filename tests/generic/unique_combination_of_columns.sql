{#-
    Fails with one row per key value that occurs more than once across the given columns
    (the grain of a table whose key is composite, e.g. doc_id + table_seq).
-#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    select
        {{ combination_of_columns | join(',\n        ') }},
        count(*) as occurrences
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
    having count(*) > 1

{% endtest %}
