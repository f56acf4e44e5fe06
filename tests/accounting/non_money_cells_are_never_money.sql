-- A figure printed in a unit that is not money (%, 人, 辆, 平方米 …) is never placed in a money
-- column nor converted to 元: it lands as a non_money cell with its printed value and unit.
select
    doc_id,
    table_kind,
    source_line,
    amount_raw,
    unit,
    measure,
    amount_yuan
from {{ ref('stg_ingest__cells') }}
where
    unit_kind != 'money'
    and (measure is not null or amount_yuan is not null or placement != 'non_money')
