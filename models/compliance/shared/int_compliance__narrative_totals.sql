-- R26 / R27 (amounts) / R31: a figure the narrative states equals the table figure it names:
-- - R26: 收支总额, 财政拨款, 一般公共预算, 基本支出, 项目支出 totals;
-- - R27: the 三公 items;
-- - R31: amounts by function code (类 / 款 / 项), matched by code, never by a 项 name alone.
-- Tolerance: the half-steps of both figures (a 万元 narrative against a 元 table included); a
-- narrative figure cut to its printed step (truncated, 7633.51 for 7633.516247, not rounded) is
-- the table's figure too (macro printed_as). The narrative's 基本支出 / 项目支出 / amount by
-- function may be of all funds (部门支出总表) or of the 一般公共预算 alone ("一般公共预算财政拨款
-- 基本支出", "财政拨款支出主要内容"): it passes when it stands for either table's figure; an amount
-- by function passes when any table prints it for that function (function_alternatives).
with

facts as (

    select * from {{ ref('int_narrative_facts__linked') }}

),

pivoted as (

    select * from {{ ref('int_table_rows__pivoted') }}

),

-- The 一般公共预算 figure of the same thing (its first printing): a function code's row of the
-- 一般公共预算支出表, or that table's 基本支出 / 项目支出 total.
general_budget_rows as (

    select
        doc_id,
        'function' as linked_to,
        code,
        source_line,
        total_yuan as amount_yuan,
        total_step_yuan as step_yuan
    from pivoted
    where table_kind = 'general_budget_expenditure' and code is not null and total_yuan is not null
    qualify row_number() over (partition by doc_id, code order by table_seq, row_seq) = 1
    union all
    select
        doc_id,
        parts.linked_to,
        null as code,
        source_line,
        case parts.linked_to
            when 'basic' then coalesce(basic_yuan, personnel_yuan + public_yuan)
            else project_yuan
        end as amount_yuan,
        case parts.linked_to when 'basic' then coalesce(basic_step_yuan, personnel_step_yuan) else project_step_yuan end
            as step_yuan
    from pivoted
    cross join (values ('basic'), ('project')) as parts (linked_to)
    where table_kind = 'general_budget_expenditure' and row_kind = 'total'
    qualify row_number() over (partition by doc_id, parts.linked_to order by table_seq, row_seq) = 1

),

-- A function class or item the narrative states may be of any scope the tables print it in: all
-- funds, 财政拨款, 一般公共预算, or one type (基本 / 项目: "（二）项目支出……其中：公共安全支出 N"). It
-- passes when any table prints that figure for that code (or, in a table listing classes by name,
-- that name), in any column.
function_cells as (

    select
        doc_id,
        code,
        case when code is null then {{ name_key(strip_ordinal('row_label')) }} end as name_key,
        amount_yuan,
        step_yuan
    from {{ ref('stg_ingest__cells') }}
    where
        placement not in ('unplaced', 'non_money') and amount_yuan is not null
        -- the tables that print spending by function
        and table_kind in (
            'expenditure_summary', 'general_budget_expenditure', 'income_expenditure_summary', 'fiscal_summary',
            'gov_fund_expenditure', 'state_capital_expenditure'
        )

),

function_facts as (

    select
        doc_id,
        fact_seq,
        function_code,
        {{ name_key("string_split(subject, '/')[-1]") }} as name_key,
        amount_yuan,
        step_yuan
    from facts
    where linked_to = 'function' and attribute = 'amount'

),

-- Two equality joins (by code; by name where the table prints no code), so each is a hash join.
function_alternatives as (

    select distinct
        function_facts.doc_id,
        function_facts.fact_seq
    from function_facts
    inner join function_cells as cells
        on
            function_facts.doc_id = cells.doc_id
            and function_facts.function_code = cells.code
    where
        {{ printed_as(
            'function_facts.amount_yuan', 'function_facts.step_yuan', 'cells.amount_yuan', 'cells.step_yuan'
        ) }}
    union
    select distinct
        function_facts.doc_id,
        function_facts.fact_seq
    from function_facts
    inner join function_cells as cells
        on
            function_facts.doc_id = cells.doc_id
            and function_facts.name_key = cells.name_key
            and cells.code is null
    where
        {{ printed_as(
            'function_facts.amount_yuan', 'function_facts.step_yuan', 'cells.amount_yuan', 'cells.step_yuan'
        ) }}

),

-- A document total the narrative states with three or more different amounts (one per 预算单位,
-- per fund or per project: "一、X中心预算…项目支出 N"): its sentences list parts the grammar does
-- not pin, so those that differ from the table are not compared as the department's figure. (Two
-- amounts are the department's figure and a contradiction of it, which is compared.)
statements as (

    select
        doc_id,
        linked_to,
        count(distinct amount_yuan) as amounts_stated
    from facts
    where
        attribute = 'amount' and amount_yuan is not null
        and linked_to in (
            'income_grand_total', 'expenditure_grand_total', 'fiscal_income_grand_total',
            'general_budget_expenditure_total', 'general_budget_income', 'basic', 'project',
            'basic_economic_total', 'general_budget_project_total'
        )
    group by doc_id, linked_to

),

evaluations as (

    select
        facts.doc_id,
        case
            when facts.linked_to like 'three_public_%' then 'R27'
            when facts.linked_to = 'function' then 'R31'
            else 'R26'
        end as rule_id,
        facts.table_kind,
        coalesce(facts.function_code, facts.linked_to) as subject_code,
        {{ subject_zh('facts.fact_kind', 'facts.subject') }} as subject_label,
        facts.source_line,
        facts.table_amount_yuan as expected_yuan,
        facts.amount_yuan as actual_yuan,
        {{ tolerance(['facts.table_step_yuan', 'facts.step_yuan']) }} as tolerance_yuan,
        null as placements,
        case
            when {{ printed_as('facts.amount_yuan', 'facts.step_yuan', 'facts.table_amount_yuan',
                               'facts.table_step_yuan') }}
                then 'pass'
            when {{ printed_as('facts.amount_yuan', 'facts.step_yuan', 'general_budget_rows.amount_yuan',
                               'general_budget_rows.step_yuan') }}
                then 'pass'
            when function_alternatives.fact_seq is not null then 'pass'
            -- the 一般公共预算 table prints the total row but its figure was not read: the
            -- narrative may state that scope, so it cannot be judged against the all-funds one
            when general_budget_rows.source_line is not null and general_budget_rows.amount_yuan is null
                then 'unevaluable'
            when statements.amounts_stated > 2 then 'unevaluable'
        end as outcome_override,
        case
            when general_budget_rows.source_line is not null and general_budget_rows.amount_yuan is null
                then '（一般公共预算支出表的该数未读出，说明所指资金范围无法判断）'
            when statements.amounts_stated > 2
                then '（说明以 ' || statements.amounts_stated || ' 个不同金额表述此项，所指单位或范围未能确定）'
            else ''
        end
        || '说明第' || facts.source_line || '行「' || left(facts.context, 60) || '」：'
        || {{ subject_zh('facts.fact_kind', 'facts.subject') }} || ' '
        || facts.value_raw || coalesce(facts.unit, '') || ' = ' || {{ yuan_text('facts.amount_yuan') }} || '；表 '
        || coalesce({{ table_zh('facts.table_kind') }}, '（无）')
        || coalesce(' 第' || facts.table_source_line || '行', '') || ' '
        || {{ yuan_text('facts.table_amount_yuan') }}
        || coalesce(
            case
                when facts.table_kind is distinct from 'general_budget_expenditure' then
                    '；一般公共预算支出表 第' || general_budget_rows.source_line || '行 '
                    || {{ yuan_text('general_budget_rows.amount_yuan') }}
            end, ''
        ) as detail
    from facts
    left join general_budget_rows
        on
            facts.doc_id = general_budget_rows.doc_id
            and facts.linked_to = general_budget_rows.linked_to
            and facts.function_code is not distinct from general_budget_rows.code
    left join statements
        on
            facts.doc_id = statements.doc_id
            and facts.linked_to = statements.linked_to
    left join function_alternatives
        on
            facts.doc_id = function_alternatives.doc_id
            and facts.fact_seq = function_alternatives.fact_seq
    where
        facts.attribute = 'amount'
        and facts.amount_yuan is not null
        and (
            facts.linked_to in (
                'income_grand_total', 'expenditure_grand_total', 'fiscal_income_grand_total',
                'general_budget_expenditure_total', 'general_budget_income', 'basic', 'project',
                'basic_economic_total', 'general_budget_project_total'
            )
            or facts.linked_to like 'three_public_%'
            or facts.linked_to = 'function'
        )

)

select * from evaluations
