{{ config(materialized='table') }}
-- The documents this build must (re)build: every landed document when the warehouse is new;
-- on an incremental build (the previous warehouse copied in, the same code: warehouse.build),
-- the documents whose landed rows differ from the last build's, the new ones, and the ones no
-- longer landed. A document's fingerprint covers every landed row that names it, its findings
-- and manifest row included, so a finding another document's landing changed (a newer version,
-- a duplicate) rebuilds it too. The previous fingerprints are this table's own last contents.
{%- set landed_tables = [
    'ingest_documents', 'ingest_pages', 'ingest_sentences', 'ingest_tables', 'ingest_cells',
    'ingest_facts', 'ingest_findings', 'ingest_manifest',
] %}
{%- set previous = adapter.get_relation(
    database=this.database, schema=this.schema, identifier=this.identifier
) %}

with

landed_rows as (
    {%- for name in landed_tables %}
    select
        landed.doc_id,
        hash(landed) as row_hash
    from {{ landed_file(name) }} as landed
    where landed.doc_id is not null
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

fingerprints as (

    select
        doc_id,
        sum(row_hash) as landed_fingerprint
    from landed_rows
    group by doc_id

),

{%- if previous is not none %}

previous as (

    select * from {{ this }}
    where landed_fingerprint is not null

),

pending as (

    select
        fingerprints.doc_id,
        fingerprints.landed_fingerprint
    from fingerprints
    left join previous
        on fingerprints.doc_id = previous.doc_id
    where previous.landed_fingerprint is distinct from fingerprints.landed_fingerprint

    union all

    -- gone: rebuilt to nothing, so their rows are deleted
    select
        previous.doc_id,
        null as landed_fingerprint
    from previous
    where previous.doc_id not in (select fingerprints.doc_id from fingerprints)

),

unchanged as (

    select
        previous.doc_id,
        previous.landed_fingerprint
    from previous
    inner join fingerprints
        on
            previous.doc_id = fingerprints.doc_id
            and previous.landed_fingerprint = fingerprints.landed_fingerprint

),

final as (

    select
        doc_id,
        landed_fingerprint,
        true as is_pending
    from pending
    union all
    select
        doc_id,
        landed_fingerprint,
        false as is_pending
    from unchanged

)

{%- else %}

final as (

    select
        doc_id,
        landed_fingerprint,
        true as is_pending
    from fingerprints

)

{%- endif %}

select * from final
