-- R31N (warn): the name the narrative prints with a function code ("文化体育与传媒支出(207类)") is
-- that code's name: as the document's own tables print it, or as the classification names it
-- for the document's year. Names are compared ignoring whitespace and full/half width; one that
-- contains the other counts (a table label may carry layout noise, a narrative may drop "支出").
-- Unevaluable when neither the tables nor the reference know the code.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

cells as (

    select * from {{ ref('stg_ingest__cells') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

function_codes as (

    select * from {{ ref('ref_function_codes') }}

),

stated as (

    select
        facts.doc_id,
        facts.fact_seq,
        facts.subject as code,
        facts.text_value as printed_name,
        facts.source_line,
        documents.fiscal_year
    from facts
    inner join documents
        on facts.doc_id = documents.doc_id
    where
        facts.attribute = 'name'
        and facts.fact_kind in ('function_class', 'function_item')
        and facts.text_value is not null

),

-- Every name the code goes by for this document: its tables' labels and the year's names.
known_names as (

    select distinct
        cells.doc_id,
        cells.code,
        cells.row_label as name_zh,
        'table' as name_source
    from cells
    where cells.code_system = 'function' and cells.row_label is not null
    union all
    select distinct
        stated.doc_id,
        stated.code,
        function_codes.name_zh,
        'reference' as name_source
    from stated
    inner join function_codes
        on
            stated.code = function_codes.function_code
            and {{ code_valid_in('stated.fiscal_year', 'function_codes') }}

),

judged as (

    select
        stated.doc_id,
        stated.code,
        stated.printed_name,
        stated.source_line,
        count(known_names.name_zh) as names_known,
        bool_or(
            contains({{ name_key('known_names.name_zh') }}, {{ name_key('stated.printed_name') }})
            or contains({{ name_key('stated.printed_name') }}, {{ name_key('known_names.name_zh') }})
        ) as matches,
        string_agg(distinct known_names.name_zh, ' / ' order by known_names.name_zh) as names_zh
    from stated
    left join known_names
        on
            stated.doc_id = known_names.doc_id
            and stated.code = known_names.code
    group by stated.doc_id, stated.fact_seq, stated.code, stated.printed_name, stated.source_line

)

select
    doc_id,
    'R31N' as rule_id,
    null as table_kind,
    code as subject_code,
    printed_name as subject_label,
    source_line,
    null as expected_yuan,
    null as actual_yuan,
    null as tolerance_yuan,
    null as placements,
    case
        when names_known = 0 then 'unevaluable'
        when matches then 'pass'
        else 'fail'
    end as outcome_override,
    '说明第' || source_line || '行 ' || code || ' 印作「' || printed_name || '」'
    || case
        when names_known = 0 then '；表与参考科目表都没有此编码，未核对'
        else '；表或科目表中的名称为「' || names_zh || '」'
    end as detail
from judged
