-- Tables whose header names more amount columns than any row prints (ingest finding
-- ING_COLUMN_LOST): the text extraction may have lost a column, so a blank in such a table is
-- not known to be blank. One row per document and table kind; the rules that compare columns
-- (R13, R14, R20–R23, R24) do not judge them.
with

findings as (

    select * from {{ ref('stg_ingest__findings') }}

)

select distinct
    doc_id,
    table_kind
from findings
where finding_code = 'ING_COLUMN_LOST'
