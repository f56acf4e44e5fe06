{#
  Where staging reads a landed file: the dbt seed (CSV, loaded by `dbt seed`), or, when the
  landed set is Parquet (a large collection; `warehouse.build` sets BUDGET_LANDED_PARQUET to
  its folder), the Parquet file with the same rows and column types. Only staging calls this,
  so no other model knows which route was taken.

  Staging holds the documents this build must (re)build (stg_ingest__pending): every document
  on a full build, the new, changed and gone ones on an incremental one. Rows without a document
  (quarantined files) are always rebuilt. landed_file(name) is the whole landed file: only
  stg_ingest__pending reads it, to tell what changed.
#}
{% macro landed_file(name) -%}
    {%- set folder = env_var('BUDGET_LANDED_PARQUET', '') -%}
    {%- if folder -%}
        read_parquet('{{ folder | replace("'", "''") }}/{{ name }}.parquet')
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}

{% macro landed(name) -%}
    {{ of_pending_documents(landed_file(name)) }}
{%- endmacro %}

{#
  The rows of a relation keyed by doc_id that this build (re)builds: the pending documents' and
  those without a document. Staging reads every landed file through it; a mart that reads
  another built table (not a view over staging) reads it through this too.
#}
{% macro of_pending_documents(relation) -%}
    (
        select * from {{ relation }}
        where
            doc_id is null
            or doc_id in (
                select pending.doc_id from {{ ref('stg_ingest__pending') }} as pending
                where pending.is_pending
            )
    )
{%- endmacro %}

{#
  Pre-hook of every table keyed by doc_id that is built incrementally: before the rows of the
  pending documents are appended, their old rows (and those of documents that are gone, and of
  files without a document) are deleted. On a full build the table is new and nothing is deleted.
#}
{% macro replace_pending_documents() -%}
    {#- ref outside the condition, so dbt sees the dependency when it parses -#}
    {%- set pending = ref('stg_ingest__pending') -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            doc_id is null
            or doc_id in (select p.doc_id from {{ pending }} as p where p.is_pending)
    {%- endif -%}
{%- endmacro %}
