-- Document-level figures as the tables print them, one row per document × figure, with the table
-- and line each comes from. Where to find a figure is data (ref_figure_sources: table kind, row,
-- side, measure, preference); the 三公 items come from int_three_public__items. Where a figure has
-- two possible tables the most preferred one that prints it wins, so each figure has exactly one
-- value and one provenance. The summary mart pivots these; narrative facts and the compliance
-- rules compare against them.
with

cells as (

    select *
    from {{ ref('stg_ingest__cells') }}
    where placement != 'unplaced' and amount_yuan is not null

),

figure_sources as (

    select * from {{ ref('ref_figure_sources') }}

),

three_public as (

    select * from {{ ref('int_three_public__items') }}

),

from_cells as (

    select
        cells.doc_id,
        figure_sources.figure,
        figure_sources.preference,
        cells.table_kind,
        cells.table_seq,
        cells.source_line,
        cells.amount_yuan,
        cells.step_yuan,
        cells.placement
    from cells
    inner join figure_sources
        on
            cells.table_kind = figure_sources.table_kind
            and cells.measure = figure_sources.measure
            and (figure_sources.row_item is null or cells.row_item = figure_sources.row_item)
            and (figure_sources.row_kind is null or cells.row_kind = figure_sources.row_kind)
            and (figure_sources.side is null or cells.side = figure_sources.side)

),

from_three_public as (

    select
        doc_id,
        'three_public_' || item as figure,
        1 as preference,
        'three_public' as table_kind,
        table_seq,
        source_line,
        amount_yuan,
        step_yuan,
        placement
    from three_public
    where funding_source = 'all' and amount_yuan is not null

),

-- A 支出总表 that prints 基本支出 only as its parts (人员经费 | 公用经费 under a 基本支出 heading):
-- its 基本支出 is their sum, after any table printing it (placement 'sum_of_parts'; the sum carries
-- both parts' half-steps, so its step is twice theirs).
from_parts as (

    select
        doc_id,
        'basic' as figure,
        9 as preference,
        table_kind,
        table_seq,
        min(source_line) as source_line,
        cast(sum(amount_yuan) as decimal(24, 4)) as amount_yuan,
        cast(2 * max(step_yuan) as decimal(24, 4)) as step_yuan,
        'sum_of_parts' as placement
    from cells
    where table_kind = 'expenditure_summary' and row_kind = 'total' and measure in ('personnel', 'public')
    group by doc_id, table_kind, table_seq
    having count(distinct measure) = 2 and count(*) = 2

),

candidates as (

    select * from from_cells
    union all
    select * from from_three_public
    union all
    select * from from_parts

),

chosen as (

    select
        doc_id,
        figure,
        table_kind,
        table_seq,
        source_line,
        amount_yuan,
        step_yuan,
        placement
    from candidates
    qualify row_number() over (
        partition by doc_id, figure
        order by preference, table_seq, source_line
    ) = 1

)

select * from chosen
