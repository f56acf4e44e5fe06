-- R01: every table the template family requires is published (present, or printed empty).
-- R02: a table printed empty carries its explanatory note.
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
        case when statuses.status = 'absent' then 'fail' else 'pass' end as outcome_override,
        case
            when statuses.status = 'absent'
                then '模板要求的「' || table_kinds.name_zh || '」(' || statuses.table_kind || ') 未公开'
            else '「' || table_kinds.name_zh || '」已公开 (' || statuses.status || ')'
        end as detail
    from statuses
    inner join table_kinds
        on statuses.table_kind = table_kinds.table_kind
    where statuses.is_required

),

empty_notes as (

    select
        doc_id,
        'R02' as rule_id,
        table_kind,
        null as subject_code,
        title_raw as subject_label,
        title_line as source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case when status = 'empty' then 'fail' else 'pass' end as outcome_override,
        '第' || title_line || '行「' || title_raw || '」'
        || case when status = 'empty' then '无数据且未说明为空表的原因' else '为空表并附说明' end as detail
    from tables
    where status in ('empty', 'empty_with_note')

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
