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

-- A pattern given as a column is compiled again for every row it is matched against (90 s over
-- the sentences of 10⁴ documents), and joining whole narratives first to avoid that held every
-- document's text at once (out of memory at 10⁵). So the seed's patterns are read when this
-- model compiles and each is matched as a constant, in one streaming scan of the sentences.
{%- set flaws_relation = ref('wording_flaws') %}
{%- set loaded = adapter.get_relation(
    database=flaws_relation.database, schema=flaws_relation.schema, identifier=flaws_relation.identifier
) if execute else none %}
{%- set flaw_rows = run_query(
    'select rule_id, pattern, meaning from ' ~ flaws_relation ~ ' order by rule_id, pattern'
).rows if loaded is not none else [] %}

matches as (
    {%- for flaw in flaw_rows %}
    select
        doc_id,
        sentence_seq,
        source_line,
        sentence_text,
        '{{ flaw[0] | replace("'", "''") }}' as rule_id,
        '{{ flaw[2] | replace("'", "''") }}' as meaning
    from sentences
    where {{ flaw_matches('sentence_text', "'" ~ (flaw[1] | replace("'", "''")) ~ "'") }}
    {{ 'union all' if not loop.last }}
    {%- else %}
    -- compiled without the seed loaded (the linter's empty database): the same match as a join
    select
        sentences.doc_id,
        sentences.sentence_seq,
        sentences.source_line,
        sentences.sentence_text,
        flaws.rule_id,
        flaws.meaning
    from sentences
    inner join flaws
        on {{ flaw_matches('sentences.sentence_text', 'flaws.pattern') }}
    {%- endfor %}

),

hits as (

    select
        doc_id,
        rule_id,
        source_line,
        any_value(sentence_text) as sentence_text,
        string_agg(distinct meaning, '；' order by meaning) as meaning
    from matches
    group by doc_id, rule_id, sentence_seq, source_line

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
