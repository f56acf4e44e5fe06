{#- The page a document's source line is printed on (stg_ingest__pages, landed by the ingest from
    the input's form feeds); NULL where the input marks no pages. Pass qualified columns: the
    subquery has a doc_id of its own. -#}
{% macro page_of(doc_id, line) -%}
    (
        select page_lines.page
        from {{ ref('stg_ingest__pages') }} as page_lines
        where page_lines.doc_id = {{ doc_id }} and {{ line }} between page_lines.first_line and page_lines.last_line
    )
{%- endmacro %}
