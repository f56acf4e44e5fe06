-- The 三公 items of each document, one row per item × funding source, whatever the layout:
-- - vertical (e.g. Xinjiang): rows are the items (row_item), columns the funding sources;
-- - horizontal (e.g. Gansu): columns are the items (measure), rows are units. The department's
--   figure is its total row, or its only row, or (a 决算's 预算数 and 决算数 rows) the row of the
--   document's stage, or the one row equal to the sum of the others; otherwise several unit rows
--   are left out rather than summed (the ingest reports them).
-- funding_source 'all' is the 合计 over sources (a horizontal table prints only that).
-- A document printing the table twice (a department and its unit, two disclosures in one file:
-- ING_MULTIPLE_DOCUMENTS) is read from its first printing with placed figures, as the function
-- tables are.
with

placed as (

    select *
    from {{ ref('stg_ingest__cells') }}
    where table_kind = 'three_public' and placement not in ('unplaced', 'non_money')

),

documents as (

    select doc_id, stage from {{ ref('stg_ingest__documents') }}

),

cells as (

    select *
    from placed
    qualify table_seq = min(table_seq) over (partition by doc_id)

),

-- The items by their mart name, and the name a vertical table's row carries.
items (item, row_item) as (

    values
    ('total', 'three_public_total'),
    ('abroad', 'abroad'),
    ('reception', 'reception'),
    ('vehicle_total', 'vehicle_total'),
    ('vehicle_purchase', 'vehicle_purchase'),
    ('vehicle_operation', 'vehicle_operation'),
    ('meeting', 'meeting'),
    ('training', 'training')

),

-- A table whose columns name the items is horizontal, whatever its rows are called (its 合计 row
-- reads like a vertical table's total item).
layouts as (

    select
        doc_id,
        table_seq,
        bool_or(measure in (
            'abroad', 'reception', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation', 'meeting', 'training'
        )) as has_item_columns
    from cells
    group by doc_id, table_seq

),

vertical as (

    select
        cells.doc_id,
        cells.table_seq,
        cells.row_seq,
        cells.source_line,
        items.item,
        case cells.measure when 'total' then 'all' else cells.measure end as funding_source,
        cells.amount_yuan,
        cells.step_yuan,
        cells.placement,
        'vertical' as layout
    from cells
    inner join items
        on cells.row_item = items.row_item
    inner join layouts
        on cells.doc_id = layouts.doc_id and cells.table_seq = layouts.table_seq
    where cells.measure in ('total', 'general_budget', 'gov_fund', 'state_capital') and not layouts.has_item_columns

),

horizontal_cells as (

    select
        cells.*,
        bool_or(cells.row_kind = 'total') over (partition by cells.doc_id, cells.table_seq) as table_has_total_row,
        count(distinct cells.row_seq) over (partition by cells.doc_id, cells.table_seq) as table_rows
    from cells
    inner join items
        on cells.measure = items.item
    inner join layouts
        on cells.doc_id = layouts.doc_id and cells.table_seq = layouts.table_seq
    where
        layouts.has_item_columns
        and (
            cells.row_item is null
            or cells.row_item in ('three_public_total', 'three_public_actual', 'three_public_budget')
        )

),

-- Several unit rows and no row called the total (深圳: the department, then each 预算单位): the
-- one row whose every item equals the sum of the other rows' is the department's — by the
-- table's own arithmetic, and only when exactly one row does.
row_sums as (

    select
        doc_id,
        table_seq,
        row_seq,
        measure,
        amount_yuan,
        sum(amount_yuan) over (partition by doc_id, table_seq, measure) - amount_yuan as others_yuan,
        count(*) over (partition by doc_id, table_seq, measure) * {{ half_step('step_yuan') }} as tolerance_yuan
    from horizontal_cells
    where not table_has_total_row and table_rows > 2 and row_item is null

),

sum_rows as (

    select
        doc_id,
        table_seq,
        row_seq
    from row_sums
    group by doc_id, table_seq, row_seq
    having bool_and(amount_yuan is not null and abs(amount_yuan - others_yuan) <= tolerance_yuan)
    qualify count(*) over (partition by doc_id, table_seq) = 1

),

horizontal as (

    select
        horizontal_cells.doc_id,
        horizontal_cells.table_seq,
        horizontal_cells.row_seq,
        horizontal_cells.source_line,
        horizontal_cells.measure as item,
        'all' as funding_source,
        horizontal_cells.amount_yuan,
        horizontal_cells.step_yuan,
        horizontal_cells.placement,
        'horizontal' as layout
    from horizontal_cells
    inner join documents
        on horizontal_cells.doc_id = documents.doc_id
    where
        (horizontal_cells.table_has_total_row and horizontal_cells.row_kind = 'total')
        or (not horizontal_cells.table_has_total_row and horizontal_cells.table_rows = 1)
        or exists (
            select 1 as found from sum_rows
            where
                sum_rows.doc_id = horizontal_cells.doc_id
                and sum_rows.table_seq = horizontal_cells.table_seq
                and sum_rows.row_seq = horizontal_cells.row_seq
        )
        -- a 决算's table prints its 预算数 and 决算数 as rows: the document's figure is its stage's row
        or (
            not horizontal_cells.table_has_total_row
            and horizontal_cells.row_item
            = case documents.stage when 'final' then 'three_public_actual' else 'three_public_budget' end
        )

),

all_items as (

    select * from vertical
    union all
    select * from horizontal

),

-- An item a table prints twice (a header naming 合计 over two column groups) cannot be told apart:
-- it is kept once, with no amount, as unplaced; the cells stay in fct_table_cells.
counted as (

    select
        *,
        count(*) over (partition by doc_id, item, funding_source) as printed_times
    from all_items

),

-- A 合计 beside 会议费 / 培训费 that is not the sum of the 三公 items (江苏's 合计 adds the other
-- two): not the 三公 total, kept with no amount, as unplaced.
three_public_sums as (

    select
        doc_id,
        funding_source,
        bool_or(item in ('meeting', 'training') and amount_yuan != 0) as prints_other_items,
        sum(amount_yuan) filter (where item in ('abroad', 'reception', 'vehicle_purchase', 'vehicle_operation'))
            as items_yuan,
        sum(step_yuan) filter (where item in ('abroad', 'reception', 'vehicle_purchase', 'vehicle_operation'))
            as items_steps_yuan
    from counted
    where printed_times = 1
    group by doc_id, funding_source

),

judged as (

    select
        counted.*,
        counted.item = 'total' and coalesce(sums.prints_other_items, false)
        and abs(counted.amount_yuan - coalesce(sums.items_yuan, 0))
        > (coalesce(sums.items_steps_yuan, 0) + coalesce(counted.step_yuan, 0)) / 2 as is_other_total
    from counted
    left join three_public_sums as sums
        on counted.doc_id = sums.doc_id and counted.funding_source = sums.funding_source

),

single as (

    select
        doc_id,
        table_seq,
        row_seq,
        source_line,
        item,
        funding_source,
        case when printed_times = 1 and not coalesce(is_other_total, false) then amount_yuan end as amount_yuan,
        step_yuan,
        case
            when printed_times = 1 and not coalesce(is_other_total, false) then placement else 'unplaced'
        end as placement,
        layout
    from judged
    qualify row_number() over (partition by doc_id, item, funding_source order by row_seq, source_line) = 1

)

select * from single
