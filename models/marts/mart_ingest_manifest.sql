-- The relation is `ingest_manifest` (the public name, set by `alias` in _marts__models.yml);
-- the dbt node is mart_ingest_manifest because the landed seed ingest_manifest.csv owns the
-- node name ingest_manifest.
-- dbt does not record the pre-hook's ref for this model (it does for the others), so a hint:
-- depends_on: {{ ref('stg_ingest__pending') }}
with

manifest as (

    select * from {{ ref('stg_ingest__manifest') }}

),

findings as (

    select * from {{ ref('stg_ingest__findings') }}

),

findings_per_file as (

    select
        source_file,
        count(*) filter (where severity = 'error') as error_findings,
        count(*) filter (where severity = 'warn') as warn_findings,
        count(*) filter (where severity = 'info') as info_findings
    from findings
    group by source_file

),

final as (

    select
        manifest.source_file,
        manifest.doc_id,
        manifest.status,
        manifest.reason,
        manifest.encoding,
        manifest.size_bytes,
        manifest.tables_found,
        manifest.cells_landed,
        manifest.facts_landed,
        manifest.duplicate_of,
        coalesce(findings_per_file.error_findings, 0) as error_findings,
        coalesce(findings_per_file.warn_findings, 0) as warn_findings,
        coalesce(findings_per_file.info_findings, 0) as info_findings
    from manifest
    left join findings_per_file
        on manifest.source_file = findings_per_file.source_file

)

select * from final
