{#
  Where staging reads a landed file: the dbt seed (CSV, loaded by `dbt seed`), or, when the
  landed set is Parquet (a large collection; `warehouse.build` sets BUDGET_LANDED_PARQUET to
  its folder), the Parquet file with the same rows and column types. Only staging calls this,
  so no other model knows which route was taken.
#}
{% macro landed(name) -%}
    {%- set folder = env_var('BUDGET_LANDED_PARQUET', '') -%}
    {%- if folder -%}
        read_parquet('{{ folder | replace("'", "''") }}/{{ name }}.parquet')
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}
