-- Which standard tables each document prints, prints empty, or lacks, judged against the tables
-- its template family requires (table_kinds.required_in). A required table the ingest did not
-- find is 'absent' even when the ingest wrote no row for it.
with

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

table_kinds as (

    select * from {{ ref('table_kinds') }}

),

required as (

    select
        documents.doc_id,
        table_kinds.table_kind
    from documents
    inner join table_kinds
        on list_contains(string_split(table_kinds.required_in, '|'), documents.template_family)

),

found as (

    select
        doc_id,
        table_kind,
        -- A table printed twice (e.g. once per page without a continuation) counts once, by its
        -- most complete status.
        min(
            case status
                when 'present' then 1 when 'partial' then 2 when 'empty_with_note' then 3
                when 'empty' then 4 else 5
            end
        ) as status_rank,
        min(title_line) as title_line
    from tables
    group by doc_id, table_kind

),

statuses as (

    select
        coalesce(found.doc_id, required.doc_id) as doc_id,
        coalesce(found.table_kind, required.table_kind) as table_kind,
        required.table_kind is not null as is_required,
        case found.status_rank
            when 1 then 'present' when 2 then 'partial' when 3 then 'empty_with_note'
            when 4 then 'empty' else 'absent'
        end as status,
        found.title_line
    from found
    full outer join required
        on
            found.doc_id = required.doc_id
            and found.table_kind = required.table_kind

)

select * from statuses
