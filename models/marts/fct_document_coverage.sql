-- One row per document × key figure (收支总计, 基本支出, 项目支出, 三公): whether it landed and,
-- where it did not, why, as a reason code and a signature that groups documents failing the
-- same way (the table kind, the reason, and the printed words no alias knows: an unrecognised
-- title, or header columns no measure names). Counting documents per signature shows which one
-- alias row would unlock the most documents: the next template to look at.
with

summary as (

    select
        doc_id,
        total_yuan,
        total_source,
        basic_yuan,
        project_yuan,
        split_source,
        three_public_yuan,
        three_public_source
    from {{ of_pending_documents(ref('fct_department_summary')) }}

),

key_figures as (

    select
        summary.doc_id,
        figures.figure_order,
        figures.key_figure,
        figures.table_kind,
        case figures.key_figure
            when 'total' then summary.total_yuan
            when 'basic' then summary.basic_yuan
            when 'project' then summary.project_yuan
            else summary.three_public_yuan
        end as amount_yuan,
        case figures.key_figure
            when 'total' then summary.total_source
            when 'three_public' then summary.three_public_source
            else summary.split_source
        end as figure_source
    from summary
    cross join (
        values
        (1, 'total', 'income_expenditure_summary'),
        (2, 'basic', 'expenditure_summary'),
        (3, 'project', 'expenditure_summary'),
        (4, 'three_public', 'three_public')
    ) as figures (figure_order, key_figure, table_kind)

),

tables as (

    select
        doc_id,
        table_kind,
        status
    from {{ of_pending_documents(ref('fct_document_tables')) }}

),

-- A file whose every standard table is absent prints only the narrative (its tables are
-- another file, or scanned).
documents_without_tables as (

    select doc_id
    from tables
    group by doc_id
    having bool_and(status = 'absent')

),

-- What ingest reported about each table kind of each document, the most telling first.
findings as (

    select
        doc_id,
        table_kind,
        finding_code,
        message,
        row_number() over (
            partition by doc_id, table_kind
            order by
                case finding_code
                    when 'ING_UNRECOGNISED_TABLE' then 1
                    when 'ING_HEADER_UNMAPPED' then 2
                    when 'ING_UNNAMED_COLUMN' then 3
                    when 'ING_POSITION_CONFLICT' then 4
                    else 5
                end,
                source_line
        ) as finding_rank
    from {{ ref('stg_ingest__findings') }}
    where
        table_kind is not null
        and finding_code in (
            'ING_UNRECOGNISED_TABLE', 'ING_HEADER_UNMAPPED', 'ING_UNNAMED_COLUMN',
            'ING_POSITION_CONFLICT', 'ING_UNPLACED_NUMBER'
        )

),

reasons as (

    select
        key_figures.doc_id,
        key_figures.figure_order,
        key_figures.key_figure,
        key_figures.table_kind,
        key_figures.amount_yuan,
        key_figures.figure_source,
        tables.status as table_status,
        case
            when key_figures.amount_yuan is not null then 'landed'
            when documents_without_tables.doc_id is not null then 'no_tables_in_file'
            when tables.status = 'unrecognised' or findings.finding_code = 'ING_UNRECOGNISED_TABLE'
                then 'title_not_recognised'
            when tables.status is null or tables.status = 'absent' then 'table_absent'
            when tables.status in ('empty', 'empty_with_note') then 'table_printed_empty'
            when findings.finding_code in ('ING_HEADER_UNMAPPED', 'ING_UNNAMED_COLUMN', 'ING_POSITION_CONFLICT')
                then 'header_not_mapped'
            when findings.finding_code = 'ING_UNPLACED_NUMBER' then 'figures_unplaced'
            else 'total_row_not_found'
        end as reason_code,
        -- The printed words the reason rests on: a title in quotes, or the header names in
        -- parentheses; digits folded so one template's years and line numbers group together.
        case
            when findings.finding_code = 'ING_UNRECOGNISED_TABLE'
                then regexp_extract(findings.message, '''([^'']*)''', 1)
            when findings.finding_code = 'ING_HEADER_UNMAPPED'
                then regexp_extract(findings.message, '''([^'']*)''', 1)
            when findings.finding_code = 'ING_UNNAMED_COLUMN'
                then regexp_extract(findings.message, 'alias names \(([^)]*)\)', 1)
        end as printed_words
    from key_figures
    left join tables
        on
            key_figures.doc_id = tables.doc_id
            and key_figures.table_kind = tables.table_kind
    left join documents_without_tables
        on key_figures.doc_id = documents_without_tables.doc_id
    left join findings
        on
            key_figures.doc_id = findings.doc_id
            and key_figures.table_kind = findings.table_kind
            and findings.finding_rank = 1

),

final as (

    select
        doc_id,
        figure_order,
        key_figure,
        table_kind,
        amount_yuan,
        figure_source,
        reason_code = 'landed' as is_landed,
        reason_code,
        case
            when reason_code = 'landed' then null
            else
                reason_code || ' · ' || table_kind
                || coalesce(' · ' || nullif(regexp_replace(printed_words, '[0-9０-９]+', '#', 'g'), ''), '')
        end as signature
    from reasons

)

select * from final
