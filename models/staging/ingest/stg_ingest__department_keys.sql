-- Every landed document's department key: who published it, the same key for every year and
-- stage of one department. Read from the whole landed file (not only the documents this build
-- rebuilds): stg_ingest__pending rebuilds a department's documents together, so a rule comparing
-- a document with last year's (R36) or a 决算 with its 预算 (R37) sees both.
-- The key is region / level / name key: the ingest's name key (the printed name less the
-- document's own region names, forms normalised: '中共江苏省委办公厅' and '江苏省委办公厅' →
-- 委办公厅), with renamed or merged departments joined by ref_department_links, each row with its
-- source. A document without a name gets no key: it is reported (dim_document's department_key
-- is NULL), never matched by guess.
with

documents as (

    select
        doc_id,
        department_name,
        department_name_key,
        coalesce(province, '') as province,
        coalesce(city, '') as city,
        coalesce(county, '') as county,
        coalesce(doc_level, '') as doc_level
    from {{ landed_file('ingest_documents') }}
    where doc_id is not null and coalesce(department_name_key, '') != ''

),

links as (

    select * from {{ ref('ref_department_links') }}

),

keyed as (

    select
        documents.doc_id,
        documents.department_name,
        coalesce(links.linked_name_key, documents.department_name_key) as department_name_key,
        links.relation as link_relation,
        links.source as link_source,
        documents.province,
        documents.city,
        documents.county,
        documents.doc_level
    from documents
    left join links
        on
            coalesce(links.province, '') = documents.province
            and coalesce(links.city, '') = documents.city
            and coalesce(links.county, '') = documents.county
            and links.doc_level = documents.doc_level
            and links.name_key = documents.department_name_key

),

final as (

    select
        doc_id,
        department_name,
        department_name_key,
        concat_ws('/', province, nullif(city, ''), nullif(county, ''), doc_level, department_name_key)
            as department_key,
        link_relation,
        link_source
    from keyed

)

select * from final
