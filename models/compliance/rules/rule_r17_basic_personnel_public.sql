-- R17: the basic-expenditure table (一般公共预算基本支出表): on every row 合计 = 人员经费 + 公用经费;
-- and, where rows are economic codes, the 人员经费 total = Σ of the 类 rows' 人员经费 and the 公用经费
-- total = Σ of their 公用经费. Where the table prints no such column, a 类 counts whole on its
-- side of the classification's split (301 + 303 人员, 302 + 309 + 310 + 399 公用:
-- ref_economic_codes.basic_split); where it does, each 类 counts what it prints there (西安 prints
-- 302's 其他交通费用 as 人员经费).
-- A row with an unplaced number cannot be judged; a table whose header prints no 人员经费 or no
-- 公用经费 column states no split on its rows (nothing to check). Numbers placed by their economic code are no
-- evidence for the composition (ref_rules.circular_placements).
with

lost_columns as (

    select * from {{ ref('int_tables__lost_columns') }}

),

-- A table whose column the extraction may have lost (ING_COLUMN_LOST) is not judged: its blanks
-- are not known to be blank.
table_rows as (

    select pivoted.*
    from {{ ref('int_table_rows__pivoted') }} as pivoted
    left join lost_columns
        on
            pivoted.doc_id = lost_columns.doc_id
            and pivoted.table_kind = lost_columns.table_kind
    where pivoted.table_kind = 'general_budget_basic' and lost_columns.doc_id is null

),

economic_codes as (

    select * from {{ ref('ref_economic_codes') }}

),

row_equation as (

    select
        doc_id,
        'R17' as rule_id,
        table_kind,
        code as subject_code,
        coalesce(row_label, code) as subject_label,
        source_line,
        total_yuan as expected_yuan,
        cast(coalesce(personnel_yuan, 0) + coalesce(public_yuan, 0) as decimal(24, 4)) as actual_yuan,
        {{ tolerance(['total_step_yuan', 'personnel_step_yuan', 'public_step_yuan']) }} as tolerance_yuan,
        concat_ws('|', total_placement, personnel_placement, public_placement) as placements,
        case when unplaced_cells > 0 then 'unevaluable' end as outcome_override,
        {{ table_zh('table_kind') }} || ' 第' || source_line || '行 ' || coalesce(row_label, '')
        || coalesce(' (' || code || ')', '')
        || '：合计 ' || {{ yuan_text('total_yuan') }} || '，人员经费 ' || {{ yuan_text('personnel_yuan') }}
        || ' + 公用经费 ' || {{ yuan_text('public_yuan') }} as detail
    from table_rows
    where
        total_yuan is not null
        and list_contains(table_measures, 'personnel')
        and list_contains(table_measures, 'public')

),

class_rows as (

    select
        table_rows.doc_id,
        table_rows.table_seq,
        splits.basic_split,
        table_rows.code,
        case
            when list_contains(table_rows.table_measures, splits.basic_split)
                then
                    case splits.basic_split
                        when 'personnel' then coalesce(table_rows.personnel_yuan, 0)
                        else coalesce(table_rows.public_yuan, 0)
                    end
            when economic_codes.basic_split = splits.basic_split then table_rows.total_yuan
        end as amount_yuan,
        coalesce(
            case splits.basic_split
                when 'personnel' then table_rows.personnel_step_yuan else table_rows.public_step_yuan
            end,
            table_rows.total_step_yuan
        ) as step_yuan,
        case splits.basic_split
            when 'personnel' then coalesce(table_rows.personnel_placement, table_rows.total_placement)
            else coalesce(table_rows.public_placement, table_rows.total_placement)
        end as placement
    from table_rows
    inner join economic_codes
        on
            table_rows.code = economic_codes.economic_code
            and economic_codes.economic_level = '类'
    cross join (values ('personnel'), ('public')) as splits (basic_split)
    where economic_codes.basic_split is not null

),

class_sums as (

    select
        totals.doc_id,
        totals.table_kind,
        totals.source_line,
        splits.basic_split,
        case splits.basic_split when 'personnel' then totals.personnel_yuan else totals.public_yuan end
            as split_total_yuan,
        -- the split total's own printed step (a table may print no 合计 column at all)
        case splits.basic_split when 'personnel' then totals.personnel_step_yuan else totals.public_step_yuan end
            as split_step_yuan,
        cast(sum(class_rows.amount_yuan) as decimal(24, 4)) as classes_yuan,
        cast(sum({{ half_step('class_rows.step_yuan') }}) as decimal(24, 4)) as classes_half_steps,
        string_agg(distinct class_rows.placement, '|' order by class_rows.placement) as placements,
        string_agg(class_rows.code, '+' order by class_rows.code) as class_codes
    from table_rows as totals
    cross join (values ('personnel'), ('public')) as splits (basic_split)
    inner join class_rows
        on
            totals.doc_id = class_rows.doc_id
            and totals.table_seq = class_rows.table_seq
            and splits.basic_split = class_rows.basic_split
            and class_rows.amount_yuan is not null
    where totals.row_kind = 'total'
    group by
        totals.doc_id, totals.table_kind, totals.source_line, splits.basic_split, totals.personnel_yuan,
        totals.public_yuan, totals.personnel_step_yuan, totals.public_step_yuan

),

composition as (

    select
        doc_id,
        'R17' as rule_id,
        table_kind,
        basic_split as subject_code,
        case basic_split when 'personnel' then '人员经费合计' else '公用经费合计' end as subject_label,
        source_line,
        split_total_yuan as expected_yuan,
        classes_yuan as actual_yuan,
        cast({{ half_step('split_step_yuan') }} + classes_half_steps as decimal(24, 4)) as tolerance_yuan,
        placements,
        null as outcome_override,
        {{ table_zh('table_kind') }} || ' 第' || source_line || '行：'
        || case basic_split when 'personnel' then '人员经费 ' else '公用经费 ' end
        || {{ yuan_text('split_total_yuan') }} || '，按经济分类 ' || class_codes || ' 之和 '
        || {{ yuan_text('classes_yuan') }} as detail
    from class_sums

)

select * from row_equation
union all
select * from composition
