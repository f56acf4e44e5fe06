{#-
    Use a custom schema name as given (`landed`, `reference`, `staging`) instead of dbt's default
    `<target schema>_<custom>`; models without one (the marts) land in the target schema, `main`,
    where analysts and the dashboard look first.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
