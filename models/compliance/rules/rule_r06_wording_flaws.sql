-- R06 / R06P / R28E: sentences of the narrative that show a wording flaw a reviewer marks
-- (ingest/data/wording_flaws.csv, the vocabulary the extractor masks too):
-- - R06 (error): a template's text left in: its alternatives (增加（减少）, 增长（下降）) or a
--   placeholder (XX, ××, 某某, 待填);
-- - R06P (warn): punctuation printed twice (。。, ，，);
-- - R28E (error): a reason announced and left empty ("主要原因是。").
-- One fail per flawed sentence; a document whose narrative has none passes each rule once. A
-- document with no narrative read is not evaluated.
with

sentences as (

    select * from {{ ref('stg_ingest__sentences') }}

),

flaws as (

    select * from {{ ref('wording_flaws') }}

),

rules as (

    select distinct rule_id from flaws

),

hits as (

    select
        sentences.doc_id,
        flaws.rule_id,
        sentences.source_line,
        any_value(sentences.sentence_text) as sentence_text,
        string_agg(distinct flaws.meaning, '；') as meaning
    from sentences
    inner join flaws
        on {{ flaw_matches('sentences.sentence_text', 'flaws.pattern') }}
    group by sentences.doc_id, flaws.rule_id, sentences.sentence_seq, sentences.source_line

),

narrated as (

    select
        doc_id,
        min(source_line) as source_line
    from sentences
    group by doc_id

),

failed as (

    select
        doc_id,
        rule_id,
        null as table_kind,
        null as subject_code,
        left(sentence_text, 40) as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        'fail' as outcome_override,
        '说明第' || source_line || '行「' || left(sentence_text, 60) || '」：' || meaning as detail
    from hits

),

passed as (

    select
        narrated.doc_id,
        rules.rule_id,
        null as table_kind,
        null as subject_code,
        '说明全文' as subject_label,
        narrated.source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        'pass' as outcome_override,
        '说明中未见此类措辞缺陷' as detail
    from narrated
    cross join rules
    left join hits
        on
            narrated.doc_id = hits.doc_id
            and rules.rule_id = hits.rule_id
    where hits.doc_id is null

)

select * from failed
union all
select * from passed
