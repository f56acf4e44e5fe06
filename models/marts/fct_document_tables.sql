-- Which standard tables each document prints: one row per document × table kind, every kind the
-- ingest knows (table_kinds), so "which documents lack which tables" is a filter, not a list to
-- split. A kind the ingest did not find is 'unrecognised' where a block printed like a table
-- could be it (ING_UNRECOGNISED_TABLE: our reading gap, not the publisher's), else 'absent'.
with

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

table_kinds as (

    select * from {{ ref('table_kinds') }}

),

statuses as (

    select * from {{ ref('int_document_tables__status') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

findings as (

    select * from {{ ref('stg_ingest__findings') }}

),

status_names as (

    select * from {{ ref('ref_table_statuses') }}

),

-- The first printing of each kind: its title, unit and note as printed.
printed as (

    select
        doc_id,
        table_kind,
        title_raw,
        title_line,
        unit,
        note_text,
        note_line
    from tables
    where status != 'absent'
    qualify row_number() over (partition by doc_id, table_kind order by title_line, table_seq) = 1

),

unrecognised as (

    select
        doc_id,
        table_kind,
        min(source_line) as unrecognised_line
    from findings
    where finding_code = 'ING_UNRECOGNISED_TABLE' and table_kind is not null
    group by doc_id, table_kind

),

final as (

    select
        documents.doc_id,
        table_kinds.table_kind,
        table_kinds.name_zh as table_name_zh,
        table_kinds.name_en as table_name_en,
        coalesce(statuses.is_required, false) as is_required,
        case
            when statuses.status is not null and statuses.status != 'absent' then statuses.status
            when unrecognised.doc_id is not null then 'unrecognised'
            else 'absent'
        end as status,
        printed.title_raw as title_printed,
        coalesce(printed.title_line, unrecognised.unrecognised_line) as source_line,
        {{ page_of('documents.doc_id', 'coalesce(printed.title_line, unrecognised.unrecognised_line)') }} as page,
        printed.unit as unit_printed,
        printed.note_text,
        printed.note_line
    from documents
    cross join table_kinds
    left join statuses
        on
            documents.doc_id = statuses.doc_id
            and table_kinds.table_kind = statuses.table_kind
    left join printed
        on
            documents.doc_id = printed.doc_id
            and table_kinds.table_kind = printed.table_kind
    left join unrecognised
        on
            documents.doc_id = unrecognised.doc_id
            and table_kinds.table_kind = unrecognised.table_kind

),

named as (

    select
        final.doc_id,
        final.table_kind,
        final.table_name_zh,
        final.table_name_en,
        final.is_required,
        final.status,
        status_names.name_zh as status_zh,
        final.title_printed,
        final.source_line,
        final.page,
        final.unit_printed,
        final.note_text,
        final.note_line
    from final
    left join status_names
        on final.status = status_names.status

)

select * from named
