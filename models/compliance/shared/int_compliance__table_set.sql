-- R01: every table the template family requires is published (present, or printed empty). A
-- table the ingest did not find is not published only when nothing in the document could be it:
-- a document from which no table was read at all (a narrative whose tables are another file), or
-- a block printed like a table under a title the aliases do not know that has this kind's title
-- words (ING_UNRECOGNISED_TABLE), or a table read as another kind under a title with this kind's
-- title words, or pages whose text runs sideways (ING_PAGE_SIDEWAYS), leaves R01 unevaluable.
-- R02: a table printed empty carries its explanatory note (in the table, or where the document
-- says so: ingest's empty_table_note). A document with no narrative read (a file of tables whose
-- narrative is another file) may explain it there: unevaluable.
-- R03: every table with figures declares its unit.
with

statuses as (

    select * from {{ ref('int_document_tables__status') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

table_kinds as (

    select * from {{ ref('table_kinds') }}

),

findings as (

    select * from {{ ref('stg_ingest__findings') }}

),

-- Forms (绩效目标表: labelled fields, ingest/data/form_labels.csv) never hold a statement table's
-- content, whatever their title names ('项目支出绩效目标表').
form_kinds as (

    select distinct table_kind
    from {{ ref('form_labels') }}

),

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

-- Documents with a narrative read.
narrated as (

    select distinct doc_id
    from facts

),

documents_read as (

    select
        doc_id,
        count(*) filter (where status != 'absent') as tables_read
    from tables
    group by doc_id

),

-- Blocks that could be a table of this kind: the first one's line and title.
could_be as (

    select
        doc_id,
        table_kind,
        min(source_line) as source_line,
        arg_min(regexp_extract(message, '''(.*)'' is printed', 1), source_line) as title_raw
    from findings
    where finding_code in ('ING_UNRECOGNISED_TABLE', 'ING_UNCONFIRMED_TABLE') and table_kind is not null
    group by doc_id, table_kind

),

-- Tables read as another kind whose printed title has this kind's title words ('基本支出总表' read
-- as the 支出总表's kind, where the template prints its 基本支出 by economic class): the content
-- may be there under another title, so its absence cannot be asserted either.
could_be_other as (

    select
        tables.doc_id,
        table_kinds.table_kind,
        min(tables.title_line) as source_line,
        arg_min(tables.title_raw, tables.title_line) as title_raw
    from tables
    inner join table_kinds
        on
            tables.table_kind != table_kinds.table_kind
            and regexp_matches(replace(tables.title_raw, ' ', ''), table_kinds.title_words)
    where
        tables.status != 'absent'
        and tables.table_kind not in (select form_kinds.table_kind from form_kinds)
    group by tables.doc_id, table_kinds.table_kind

),

-- Documents with pages whose text runs sideways (a rotated table read as lone characters): any
-- table could be on them.
sideways as (

    select distinct doc_id
    from findings
    where finding_code = 'ING_PAGE_SIDEWAYS'

),

required_tables as (

    select
        statuses.doc_id,
        'R01' as rule_id,
        statuses.table_kind,
        null as subject_code,
        table_kinds.name_zh as subject_label,
        statuses.title_line as source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when statuses.status != 'absent' then 'pass'
            when coalesce(documents_read.tables_read, 0) = 0 then 'unevaluable'
            when could_be.doc_id is not null then 'unevaluable'
            when could_be_other.doc_id is not null then 'unevaluable'
            when sideways.doc_id is not null then 'unevaluable'
            else 'fail'
        end as outcome_override,
        case
            when statuses.status != 'absent'
                then
                    '「' || table_kinds.name_zh || '」'
                    || {{ name_zh('ref_table_statuses', 'status', 'statuses.status') }}
            when coalesce(documents_read.tables_read, 0) = 0
                then '本文件中未读出任何表（表可能另文公开，或无法读取），无法判断「' || table_kinds.name_zh || '」是否公开'
            when could_be.doc_id is not null
                then
                    '第' || could_be.source_line || '行「' || could_be.title_raw || '」印成表格但标题未被识别，可能就是「'
                    || table_kinds.name_zh || '」，无法判断是否公开'
            when could_be_other.doc_id is not null
                then
                    '第' || could_be_other.source_line || '行「' || could_be_other.title_raw || '」可能载有「'
                    || table_kinds.name_zh || '」的内容，无法判断是否公开'
            when sideways.doc_id is not null
                then '本文件有页面文字横排旋转、未能读出，「' || table_kinds.name_zh || '」可能在其中，无法判断是否公开'
            else '模板要求的「' || table_kinds.name_zh || '」未公开'
        end as detail
    from statuses
    inner join table_kinds
        on statuses.table_kind = table_kinds.table_kind
    left join documents_read
        on statuses.doc_id = documents_read.doc_id
    left join could_be
        on
            statuses.doc_id = could_be.doc_id
            and statuses.table_kind = could_be.table_kind
    left join could_be_other
        on
            statuses.doc_id = could_be_other.doc_id
            and statuses.table_kind = could_be_other.table_kind
    left join sideways
        on statuses.doc_id = sideways.doc_id
    where statuses.is_required

),

empty_notes as (

    select
        tables.doc_id,
        'R02' as rule_id,
        tables.table_kind,
        null as subject_code,
        tables.title_raw as subject_label,
        tables.title_line as source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when tables.status != 'empty' then 'pass'
            when narrated.doc_id is null then 'unevaluable'
            else 'fail'
        end as outcome_override,
        '第' || tables.title_line || '行「' || tables.title_raw || '」'
        || case
            when tables.status != 'empty' then '为空表并附说明'
            when narrated.doc_id is null
                then '无数据；本文件中未读出说明（说明可能另文公开），无法判断是否已说明'
            else '无数据且未说明为空表的原因'
        end as detail
    from tables
    left join narrated
        on tables.doc_id = narrated.doc_id
    where tables.status in ('empty', 'empty_with_note')

),

units as (

    select
        doc_id,
        'R03' as rule_id,
        table_kind,
        null as subject_code,
        title_raw as subject_label,
        title_line as source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case when unit is null or unit = '' then 'fail' else 'pass' end as outcome_override,
        '第' || title_line || '行「' || title_raw || '」'
        || case when unit is null or unit = '' then '未声明计量单位' else '单位：' || unit end as detail
    from tables
    where status in ('present', 'partial')

)

select * from required_tables
union all
select * from empty_notes
union all
select * from units
