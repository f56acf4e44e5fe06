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

-- A pattern is a column, so DuckDB compiles it again for every row it is matched against: over
-- each sentence that cost 90 s for 10⁴ documents. So each pattern is matched against each
-- document's whole narrative first, then against blocks of 16 sentences of the documents it
-- matched, and only then against the sentences of the blocks it matched. Texts are joined by a
-- line break, a non-word character, so a sentence's match is a match of every text holding it
-- (the patterns have no anchors: wording_flaws' tests).
blocks as (

    select
        doc_id,
        sentence_seq // 16 as block_seq,
        string_agg(sentence_text, chr(10) order by sentence_seq) as block_text
    from sentences
    group by doc_id, sentence_seq // 16

),

narratives as (

    select
        doc_id,
        string_agg(block_text, chr(10) order by block_seq) as narrative_text
    from blocks
    group by doc_id

),

flawed_documents as (

    select
        narratives.doc_id,
        flaws.rule_id,
        flaws.pattern,
        flaws.meaning
    from narratives
    inner join flaws
        on {{ flaw_matches('narratives.narrative_text', 'flaws.pattern') }}

),

flawed_blocks as (

    select
        blocks.doc_id,
        blocks.block_seq,
        flawed_documents.rule_id,
        flawed_documents.pattern,
        flawed_documents.meaning
    from blocks
    inner join flawed_documents
        on
            blocks.doc_id = flawed_documents.doc_id
            and {{ flaw_matches('blocks.block_text', 'flawed_documents.pattern') }}

),

hits as (

    select
        sentences.doc_id,
        flawed_blocks.rule_id,
        sentences.source_line,
        any_value(sentences.sentence_text) as sentence_text,
        string_agg(distinct flawed_blocks.meaning, '；' order by flawed_blocks.meaning) as meaning
    from sentences
    inner join flawed_blocks
        on
            sentences.doc_id = flawed_blocks.doc_id
            and sentences.sentence_seq // 16 = flawed_blocks.block_seq
            and {{ flaw_matches('sentences.sentence_text', 'flawed_blocks.pattern') }}
    group by sentences.doc_id, flawed_blocks.rule_id, sentences.sentence_seq, sentences.source_line

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
