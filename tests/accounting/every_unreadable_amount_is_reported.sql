-- The warehouse's promise for odd documents: a printed figure that lands without an amount in
-- 元 (unreadable, beyond what the warehouse holds, or its money conversion failed) is named by an
-- ingest finding on the same line. A NULL amount is never silent. (Non-money cells — %, 人 … —
-- carry no amount in 元 by design and are checked by non_money_cells_are_never_money.)
with

cells as (

    select * from {{ ref('stg_ingest__cells') }}

),

findings as (

    select * from {{ ref('stg_ingest__findings') }}

),

unreported as (

    select
        cells.doc_id,
        cells.table_kind,
        cells.source_line,
        cells.amount_raw
    from cells
    where
        (cells.amount_printed is null or (cells.unit_kind = 'money' and cells.amount_yuan is null))
        and not exists (
            select findings.doc_id
            from findings
            where
                findings.doc_id = cells.doc_id
                and findings.source_line = cells.source_line
                and findings.severity in ('error', 'warn')
        )

)

select * from unreported
