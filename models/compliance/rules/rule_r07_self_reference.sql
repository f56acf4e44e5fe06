-- R07 (warn): the narrative calls the discloser what it is: a 单位 document says 本单位, a 部门
-- document 本部门 (the cover's level, dim_document.doc_level). A 单位 that calls itself 本部门 (or
-- a 部门 that calls itself 本单位) was most likely written from the other template. One
-- evaluation per document: the first sentence in the other wording and how many there are. Not
-- evaluated when the level is unknown or the narrative was not read.
with

sentences as (

    select * from {{ ref('stg_ingest__sentences') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

wording as (

    select
        sentences.doc_id,
        documents.doc_level,
        case documents.doc_level when '单位' then '本部门' else '本单位' end as other_word,
        count(*) filter (
            where contains(sentences.sentence_text, case documents.doc_level when '单位' then '本部门' else '本单位' end)
        ) as other_sentences,
        min(sentences.source_line) filter (
            where contains(sentences.sentence_text, case documents.doc_level when '单位' then '本部门' else '本单位' end)
        ) as first_line,
        min(sentences.source_line) as narrative_line
    from sentences
    inner join documents
        on sentences.doc_id = documents.doc_id
    where documents.doc_level in ('部门', '单位')
    group by sentences.doc_id, documents.doc_level

)

select
    doc_id,
    'R07' as rule_id,
    null as table_kind,
    doc_level as subject_code,
    doc_level || '文档的自称' as subject_label,
    coalesce(first_line, narrative_line) as source_line,
    null as expected_yuan,
    null as actual_yuan,
    null as tolerance_yuan,
    null as placements,
    case when other_sentences > 0 then 'fail' else 'pass' end as outcome_override,
    case
        when other_sentences > 0
            then
                '封面为' || doc_level || '，说明却有 ' || other_sentences || ' 句自称「' || other_word || '」（第'
                || first_line || '行起）'
        else '说明的自称与' || doc_level || '一致'
    end as detail
from wording
