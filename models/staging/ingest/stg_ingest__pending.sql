{{ config(materialized='table') }}
-- The documents this build must (re)build: every landed document when the warehouse is new;
-- on an incremental build (the previous warehouse copied in, the same code: warehouse.build),
-- the documents whose landed rows differ from the last build's, the new ones, and the ones no
-- longer landed. A document's fingerprint covers every landed row that names it, its findings
-- and manifest row included, so a finding another document's landing changed (a newer version,
-- a duplicate) rebuilds it too. The previous fingerprints are this table's own last contents.
-- A department's documents are rebuilt together (stg_ingest__department_keys): a rule that
-- compares one with another year's or stage's (R36, R37) is re-decided when either changes.
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
        landed_rows.doc_id,
        sum(landed_rows.row_hash) as landed_fingerprint,
        any_value(department_keys.department_key) as department_key
    from landed_rows
    left join {{ ref('stg_ingest__department_keys') }} as department_keys
        on landed_rows.doc_id = department_keys.doc_id
    group by landed_rows.doc_id

),

{%- if previous is not none %}

previous as (

    select * from {{ this }}
    where landed_fingerprint is not null

),

changed as (

    select
        fingerprints.doc_id,
        fingerprints.landed_fingerprint,
        fingerprints.department_key
    from fingerprints
    left join previous
        on fingerprints.doc_id = previous.doc_id
    where previous.landed_fingerprint is distinct from fingerprints.landed_fingerprint

    union all

    -- gone: rebuilt to nothing, so their rows are deleted
    select
        previous.doc_id,
        null as landed_fingerprint,
        previous.department_key
    from previous
    where previous.doc_id not in (select fingerprints.doc_id from fingerprints)

),

pending as (

    select
        doc_id,
        landed_fingerprint,
        department_key
    from changed

    union all

    -- unchanged, but another document of its department changed
    select
        fingerprints.doc_id,
        fingerprints.landed_fingerprint,
        fingerprints.department_key
    from fingerprints
    where
        fingerprints.doc_id not in (select changed.doc_id from changed)
        and fingerprints.department_key in (
            select changed.department_key from changed where changed.department_key is not null
            union all
            -- the department a changed document belonged to before
            select previous.department_key from previous
            where previous.doc_id in (select changed.doc_id from changed)
        )

),

unchanged as (

    select
        fingerprints.doc_id,
        fingerprints.landed_fingerprint,
        fingerprints.department_key
    from fingerprints
    where fingerprints.doc_id not in (select pending.doc_id from pending)

),

final as (

    select
        doc_id,
        landed_fingerprint,
        department_key,
        true as is_pending
    from pending
    union all
    select
        doc_id,
        landed_fingerprint,
        department_key,
        false as is_pending
    from unchanged

)

{%- else %}

final as (

    select
        doc_id,
        landed_fingerprint,
        department_key,
        true as is_pending
    from fingerprints

)

{%- endif %}

select * from final
