-- The 三公 items per document, one row per item at the finest level the table prints, in 元, with
-- the funding sources as columns: a plain SUM over a document's rows cannot count a figure twice.
-- - the 合计 row is a row only where the table prints no item with a placed amount
--   (fct_department_summary holds it);
-- - 公务用车购置及运行费 is a row only where neither of its two parts is printed with a placed amount;
-- - 会议费 / 培训费 (where printed) are rows, but not 三公 (is_three_public is false).
-- amount_yuan is the printed total over sources, or where the table prints only the sources, their
-- sum (amount_derivation).
with

printed as (

    select * from {{ ref('int_three_public__items') }}

),

figures as (

    select * from {{ ref('ref_figures') }}

),

by_item as (

    select
        doc_id,
        item,
        max(amount_yuan) filter (where funding_source = 'all') as all_sources_yuan,
        bool_or(funding_source = 'all' and placement != 'unplaced') as all_sources_placed,
        max(amount_yuan) filter (where funding_source = 'general_budget') as general_budget_yuan,
        max(amount_yuan) filter (where funding_source = 'gov_fund') as gov_fund_yuan,
        max(amount_yuan) filter (where funding_source = 'state_capital') as state_capital_yuan,
        -- every printed source placed: only then is their sum the item's amount
        bool_and(placement != 'unplaced') filter (where funding_source != 'all') as sources_placed,
        max(step_yuan) as step_yuan,
        min(layout) as layout,
        first(placement order by funding_source = 'all' desc, funding_source) as placement,
        min(source_line) as source_line
    from printed
    group by doc_id, item

),

levels as (

    select
        *,
        -- an item counts as printed when its amount was placed: a total beside unreadable items stays
        bool_or(
            item in ('abroad', 'reception', 'vehicle_total', 'vehicle_purchase', 'vehicle_operation')
            and (all_sources_placed or sources_placed)
        ) over (partition by doc_id) as prints_items,
        bool_or(
            item in ('vehicle_purchase', 'vehicle_operation') and (all_sources_placed or sources_placed)
        ) over (partition by doc_id) as prints_vehicle_parts
    from by_item

),

final as (

    select
        levels.doc_id,
        levels.item,
        figures.name_zh as item_name_zh,
        levels.item not in ('meeting', 'training') as is_three_public,
        case
            when levels.all_sources_placed then levels.all_sources_yuan
            when levels.sources_placed
                then cast(
                    coalesce(levels.general_budget_yuan, 0) + coalesce(levels.gov_fund_yuan, 0)
                    + coalesce(levels.state_capital_yuan, 0) as decimal(24, 4)
                )
        end as amount_yuan,
        case
            when levels.all_sources_placed then 'printed'
            when levels.sources_placed then 'sum_of_sources'
            else 'unplaced'
        end as amount_derivation,
        levels.general_budget_yuan,
        levels.gov_fund_yuan,
        levels.state_capital_yuan,
        levels.step_yuan,
        levels.layout,
        levels.placement,
        levels.source_line
    from levels
    left join figures
        on figures.figure = 'three_public_' || levels.item
    where
        not (levels.item = 'total' and levels.prints_items)
        and not (levels.item = 'vehicle_total' and levels.prints_vehicle_parts)

)

select * from final
