-- R05 / R05W: the year a narrative comparison is made with is the previous year. A budget for
-- 2026 that compares itself "比2026年预算" (its own year, or a later one) states an impossible base:
-- R05 (error); a base earlier than the previous year ("比2023年" in a 2026 budget) is R05W (warn).
-- A 决算 compares with its own year's 年初预算 legitimately. Each comparison a sentence names is
-- judged; a document of unknown year is not evaluated.
with

sentences as (

    select * from {{ ref('stg_ingest__sentences') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

comparisons as (

    select
        sentences.doc_id,
        sentences.source_line,
        sentences.sentence_text,
        documents.fiscal_year,
        documents.stage,
        unnest({{ comparison_years('sentences.sentence_text') }}) as hit
    from sentences
    inner join documents
        on sentences.doc_id = documents.doc_id
    where documents.fiscal_year is not null

),

judged as (

    select
        comparisons.*,
        cast(regexp_extract(hit, '(\d{4})', 1) as integer) as base_year,
        {{ comparison_year_outcome("cast(regexp_extract(hit, '(\\d{4})', 1) as integer)",
                                   "regexp_extract(hit, '\\d{4}年度?(.*)', 1)", 'fiscal_year', 'stage') }}
            as verdict
    from comparisons

)

select
    doc_id,
    case when verdict = 'warn' then 'R05W' else 'R05' end as rule_id,
    null as table_kind,
    cast(base_year as varchar) as subject_code,
    left(sentence_text, 40) as subject_label,
    source_line,
    null as expected_yuan,
    null as actual_yuan,
    null as tolerance_yuan,
    null as placements,
    case when verdict = 'warn' then 'fail' else verdict end as outcome_override,
    '说明第' || source_line || '行「' || left(sentence_text, 60) || '」：' || fiscal_year || ' 年'
    || case stage when 'final' then '决算' else '预算' end || '以 ' || base_year || ' 年为比较基数'
    || case verdict
        when 'fail' then '（应为上年 ' || (fiscal_year - 1) || ' 年）'
        when 'warn' then '（早于上年 ' || (fiscal_year - 1) || ' 年）'
        else ''
    end as detail
from judged
