-- R18: the 三公 table adds up: 合计 = 因公出国 + 公务接待 + 公务用车, and 公务用车 = 购置 + 运行,
-- for each funding source. A blank item counts as 0 (the template leaves zero items blank), so a
-- 三公 table with a number the ingest could not place is unevaluable: that number may be the
-- item that reads as blank. Where the items are the columns of one row (horizontal), only that
-- row's unplaced numbers could be an item, and an unplaced 0 only an item of 0: other rows (other
-- units, last year's, the change) and zeros do not stop the check.
with

items as (

    select * from {{ ref('int_three_public__items') }}

),

cells as (

    select * from {{ ref('stg_ingest__cells') }}

),

item_rows as (

    select distinct
        doc_id,
        table_seq,
        row_seq,
        layout
    from items

),

unplaced as (

    select
        cells.doc_id,
        count(*) as unplaced_cells
    from cells
    left join item_rows
        on
            cells.doc_id = item_rows.doc_id
            and cells.table_seq = item_rows.table_seq
            and cells.row_seq = item_rows.row_seq
    where
        cells.table_kind = 'three_public'
        and cells.placement = 'unplaced'
        and not (
            coalesce(item_rows.layout, '') = 'horizontal'
            and cells.amount_yuan = 0
        )
        and not (
            cells.doc_id in (
                select horizontal.doc_id from item_rows as horizontal where horizontal.layout = 'horizontal'
            )
            and item_rows.doc_id is null
        )
    group by cells.doc_id

),

by_source as (

    select
        items.doc_id,
        items.funding_source,
        min(items.source_line) as source_line,
        max(items.amount_yuan) filter (where items.item = 'total') as total_yuan,
        max(items.amount_yuan) filter (where items.item = 'abroad') as abroad_yuan,
        max(items.amount_yuan) filter (where items.item = 'reception') as reception_yuan,
        max(items.amount_yuan) filter (where items.item = 'vehicle_total') as vehicle_total_yuan,
        max(items.amount_yuan) filter (where items.item = 'vehicle_purchase') as vehicle_purchase_yuan,
        max(items.amount_yuan) filter (where items.item = 'vehicle_operation') as vehicle_operation_yuan,
        max(items.step_yuan) as step_yuan,
        string_agg(distinct items.placement, '|' order by items.placement) as placements,
        any_value(unplaced.unplaced_cells) as unplaced_cells
    from items
    left join unplaced
        on items.doc_id = unplaced.doc_id
    group by items.doc_id, items.funding_source

),

total_equation as (

    select
        doc_id,
        'R18' as rule_id,
        'three_public' as table_kind,
        funding_source as subject_code,
        '“三公”经费合计' as subject_label,
        source_line,
        total_yuan as expected_yuan,
        cast(
            coalesce(abroad_yuan, 0) + coalesce(reception_yuan, 0)
            + coalesce(vehicle_total_yuan, coalesce(vehicle_purchase_yuan, 0) + coalesce(vehicle_operation_yuan, 0))
            as decimal(24, 4)
        ) as actual_yuan,
        -- The total and its three printed parts (blank parts are exact zeros).
        cast(
            {{ half_step('step_yuan') }} * (
                1 + (abroad_yuan is not null)::int + (reception_yuan is not null)::int
                + (vehicle_total_yuan is not null)::int
            ) as decimal(24, 4)
        ) as tolerance_yuan,
        placements,
        case when unplaced_cells > 0 then 'unevaluable' end as outcome_override,
        {{ table_zh("'three_public'") }} || ' 第' || source_line || '行［' || {{ measure_name_zh('funding_source') }}
        || '］：合计 ' || {{ yuan_text('total_yuan') }}
        || '，因公出国 ' || {{ yuan_text('abroad_yuan') }} || ' + 公务接待 ' || {{ yuan_text('reception_yuan') }}
        || ' + 公务用车 ' || {{ yuan_text('vehicle_total_yuan') }} as detail
    from by_source
    where total_yuan is not null

),

vehicle_equation as (

    select
        doc_id,
        'R18' as rule_id,
        'three_public' as table_kind,
        funding_source as subject_code,
        '公务用车购置及运行费' as subject_label,
        source_line,
        vehicle_total_yuan as expected_yuan,
        cast(coalesce(vehicle_purchase_yuan, 0) + coalesce(vehicle_operation_yuan, 0) as decimal(24, 4))
            as actual_yuan,
        cast(
            {{ half_step('step_yuan') }} * (
                1 + (vehicle_purchase_yuan is not null)::int + (vehicle_operation_yuan is not null)::int
            ) as decimal(24, 4)
        ) as tolerance_yuan,
        placements,
        case when unplaced_cells > 0 then 'unevaluable' end as outcome_override,
        {{ table_zh("'three_public'") }} || ' 第' || source_line || '行［' || {{ measure_name_zh('funding_source') }}
        || '］：公务用车 '
        || {{ yuan_text('vehicle_total_yuan') }} || '，购置 ' || {{ yuan_text('vehicle_purchase_yuan') }}
        || ' + 运行 ' || {{ yuan_text('vehicle_operation_yuan') }} as detail
    from by_source
    where vehicle_total_yuan is not null

)

select * from total_equation
union all
select * from vehicle_equation
