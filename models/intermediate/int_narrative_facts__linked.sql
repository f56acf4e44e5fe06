-- Every narrative amount fact next to the table value it should equal, where one exists:
-- - document figures (收支总计, 基本支出, 三公 items …) through ref_narrative_links;
-- - function 类 / 项 amounts (一般公共预算支出 by function) through the function code the
--   narrative gives ("一般公共服务支出(201类)") or, failing that, its 类 name looked up in
--   ref_function_codes for the document's year (old names included), matched to the
--   document's expenditure by function (int_function_expenditure__rolled_up: the 支出总表, else
--   the 一般公共预算支出表; a parent the document does not print is the sum of its children).
-- - project amounts through the project's name.
-- Facts that are not amounts (shares, directions, reasons, counts) pass through unlinked.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

links as (

    select * from {{ ref('ref_narrative_links') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

function_codes as (

    select * from {{ ref('ref_function_codes') }}

),

table_rows as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

function_rows as (

    select * from {{ ref('int_function_expenditure__rolled_up') }}

),

-- Function facts name their code ("(201类)"), or a 类 name, or a 类/款/项 name path. A name is
-- looked up among the document's own printed rows and in ref_function_codes for its year (old
-- names included); it links only when exactly one code answers.
function_fact_names as (

    select
        doc_id,
        fact_seq,
        subject,
        string_split(subject, '/')[-1] as last_name,
        -- The 款 name of a 类/款/项 path, NULL for a bare name.
        case when len(string_split(subject, '/')) >= 2 then string_split(subject, '/')[-2] end as parent_name,
        case fact_kind when 'function_class' then '类' else '项' end as function_level
    from facts
    where fact_kind in ('function_class', 'function_item') and attribute = 'amount'

),

-- Candidates in order of trust: 1 = a row the document itself prints under that name;
-- 2 = the classification's code of that name (and parent name, for a path) for the year.
function_name_candidates as (

    select
        names.doc_id,
        names.fact_seq,
        1 as trust,
        printed.code as function_code
    from function_fact_names as names
    inner join table_rows as printed
        on
            names.doc_id = printed.doc_id
            and names.last_name = printed.row_label
            and names.function_level = printed.code_level
            and printed.code_system = 'function'
    union
    select
        names.doc_id,
        names.fact_seq,
        2 as trust,
        function_codes.function_code
    from function_fact_names as names
    inner join documents
        on names.doc_id = documents.doc_id
    inner join function_codes
        on
            names.last_name = function_codes.name_zh
            and names.function_level = function_codes.function_level
            and {{ code_valid_in('documents.fiscal_year', 'function_codes') }}
    left join function_codes as parents
        on
            function_codes.parent_code = parents.function_code
            and names.parent_name = parents.name_zh
    where names.parent_name is null or parents.function_code is not null

),

best_candidates as (

    select *
    from function_name_candidates
    qualify trust = min(trust) over (partition by doc_id, fact_seq)

),

function_facts as (

    select
        doc_id,
        fact_seq,
        subject as function_code,
        'code' as matched_by
    from function_fact_names
    where regexp_full_match(subject, '[0-9]{3}([0-9]{2}){0,2}')
    union all
    select
        candidates.doc_id,
        candidates.fact_seq,
        any_value(candidates.function_code) as function_code,
        'name' as matched_by
    from best_candidates as candidates
    anti join function_fact_names as coded
        on
            candidates.doc_id = coded.doc_id
            and candidates.fact_seq = coded.fact_seq
            and regexp_full_match(coded.subject, '[0-9]{3}([0-9]{2}){0,2}')
    group by candidates.doc_id, candidates.fact_seq
    -- A name that answers to two codes links to neither.
    having count(distinct candidates.function_code) = 1

),

-- Project facts name the project; they link to the one printed project of that name.
projects as (

    select
        doc_id,
        project_name,
        any_value(table_kind) as table_kind,
        min(source_line) as source_line,
        any_value(total_yuan) as total_yuan,
        any_value(total_step_yuan) as total_step_yuan
    from table_rows
    where project_name is not null
    group by doc_id, project_name
    having count(*) = 1

),

linked as (

    select
        facts.doc_id,
        facts.fact_seq,
        facts.fact_kind,
        facts.subject,
        facts.attribute,
        facts.value_raw,
        facts.value_number,
        facts.unit,
        facts.amount_yuan,
        facts.step_yuan,
        facts.source_line,
        facts.text_value,
        facts.context,
        case
            when links.figure is not null then links.figure
            when function_facts.function_code is not null then 'function'
            when projects.project_name is not null then 'project'
        end as linked_to,
        function_facts.function_code,
        function_facts.matched_by as function_matched_by,
        coalesce(figures.table_kind, function_rows.source_table_kind, projects.table_kind) as table_kind,
        coalesce(figures.source_line, function_rows.source_line, projects.source_line) as table_source_line,
        coalesce(figures.amount_yuan, function_rows.total_yuan, projects.total_yuan) as table_amount_yuan,
        coalesce(figures.step_yuan, function_rows.step_yuan, projects.total_step_yuan)
            as table_step_yuan
    from facts
    left join links
        on
            facts.fact_kind = links.fact_kind
            and facts.subject = links.subject
            and facts.attribute = 'amount'
    left join figures
        on
            facts.doc_id = figures.doc_id
            and links.figure = figures.figure
    left join function_facts
        on
            facts.doc_id = function_facts.doc_id
            and facts.fact_seq = function_facts.fact_seq
    left join function_rows
        on
            function_facts.doc_id = function_rows.doc_id
            and function_facts.function_code = function_rows.function_code
    left join projects
        on
            facts.doc_id = projects.doc_id
            and facts.fact_kind = 'project'
            and facts.attribute = 'amount'
            and facts.subject = projects.project_name

)

select * from linked
