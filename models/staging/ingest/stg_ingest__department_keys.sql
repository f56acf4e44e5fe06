-- Every landed document's department key: who published it, the same key for every year and
-- stage of one department. Read from the whole landed file (not only the documents this build
-- rebuilds): stg_ingest__pending rebuilds a department's documents together, so a rule comparing
-- a document with last year's (R36) or a 决算 with its 预算 (R37) sees both.
-- The key is region / level / name key: the printed name with the document's own region names
-- taken off and the forms of ref_department_name_forms applied in order ('中共江苏省委办公厅'
-- and '江苏省委办公厅' → 委办公厅), then renamed or merged departments joined by
-- ref_department_links, each row with its source. A document without a name gets no key: it is
-- reported (dim_department's documents without a key), never matched by guess.
with recursive

documents as (

    select
        doc_id,
        department_name,
        coalesce(province, '') as province,
        coalesce(city, '') as city,
        coalesce(county, '') as county,
        coalesce(doc_level, '') as doc_level
    from {{ landed_file('ingest_documents') }}
    where doc_id is not null and coalesce(department_name, '') != ''

),

forms as (

    select * from {{ ref('ref_department_name_forms') }}

),

links as (

    select * from {{ ref('ref_department_links') }}

),

-- Each way a region is printed: its name and its aliases ('江苏省', '江苏').
region_prints as (

    select
        region_name,
        unnest(list_concat([region_name], string_split(coalesce(aliases, ''), '|'))) as printed
    from {{ ref('regions') }}

),

region_patterns as (

    select
        documents.doc_id,
        '(' || string_agg(region_prints.printed, '|' order by length(region_prints.printed) desc) || ')+'
            as region_pattern
    from documents
    inner join region_prints
        on region_prints.region_name in (documents.province, documents.city, documents.county)
    where region_prints.printed != ''
    group by documents.doc_id

),

named (doc_id, step, name_key) as (

    select
        doc_id,
        0 as step,
        department_name as name_key
    from documents
    union all
    select
        named.doc_id,
        named.step + 1 as step,
        regexp_replace(
            named.name_key,
            replace(forms.pattern, '{region}', coalesce(region_patterns.region_pattern, '(?!)')),
            coalesce(forms.replacement, '')
        ) as name_key
    from named
    inner join forms
        on forms.seq = named.step + 1
    left join region_patterns
        on named.doc_id = region_patterns.doc_id

),

name_keys as (

    select
        doc_id,
        name_key
    from named
    qualify step = max(step) over (partition by doc_id)

),

final as (

    select
        documents.doc_id,
        documents.department_name,
        coalesce(links.linked_name_key, name_keys.name_key) as department_name_key,
        concat_ws(
            '/',
            documents.province,
            nullif(documents.city, ''),
            nullif(documents.county, ''),
            documents.doc_level,
            coalesce(links.linked_name_key, name_keys.name_key)
        ) as department_key,
        links.relation as link_relation,
        links.source as link_source
    from documents
    inner join name_keys
        on documents.doc_id = name_keys.doc_id
    left join links
        on
            coalesce(links.province, '') = documents.province
            and coalesce(links.city, '') = documents.city
            and coalesce(links.county, '') = documents.county
            and links.doc_level = documents.doc_level
            and links.name_key = name_keys.name_key
    where name_keys.name_key != ''

)

select * from final
