-- R36: a change on last year the narrative states ("收支总预算 13,649.07 万元，与上年相比增加
-- 844.15 万元"), or last year's figure it quotes, agrees with last year's own disclosure of the
-- same department and stage, where the warehouse holds it (stg_ingest__department_keys; a
-- department's documents are built together, so both years are in this build).
-- expected = last year's document's figure (the same table figure this year's statement links
-- to: int_narrative_facts__linked; a function class or item by its code); actual = the base the
-- statement implies: this year's amount − the stated change (signed by its word; 0 for 持平),
-- or the prior it quotes. Tolerance: the half-steps of every printed figure involved.
-- Compared only what is pinned down, else unevaluable with the reason:
-- - this year's amount must equal its table figure (the statement and the figure are of one
--   scope), and last year's figure must come from the same kind of table: a class's all-funds
--   row of the 收支总表 is not its 一般公共预算 row (江苏省委办公厅 2017 prints 16,992.37 and
--   16,845.17 for 一般公共服务支出); a statement about 执行数 / 决算 in
--   a 预算 compares with another figure than last year's published one;
-- - a percentage alone is left to R32, which recomputes it inside the document.
with

statements as (

    select * from {{ ref('int_narrative_facts__statements') }}

),

linked as (

    select * from {{ ref('int_narrative_facts__linked') }}

),

documents as (

    select
        doc_id,
        department_key,
        cast(fiscal_year as integer) as fiscal_year,
        stage
    from {{ ref('stg_ingest__documents') }}

),

figures as (

    select * from {{ ref('int_document_figures__from_tables') }}

),

functions as (

    select * from {{ ref('int_function_expenditure__rolled_up') }}

),

-- Each stated change: its direction word, with the change amount, percentage and quoted prior
-- of the same statement, and the table figure its amount links to.
changes as (

    select
        direction.doc_id,
        direction.fact_seq,
        direction.fact_kind,
        direction.subject,
        direction.source_line,
        direction.context,
        direction.value_raw as word_raw,
        {{ direction_sign('direction.text_value') }} as word_sign,
        direction.statement_amount_raw as amount_raw,
        direction.statement_amount_unit as amount_unit,
        direction.statement_amount_yuan as amount_yuan,
        direction.statement_amount_step_yuan as amount_step_yuan,
        change.value_raw as change_raw,
        change.unit as change_unit,
        abs(change.amount_yuan) as change_size_yuan,
        change.step_yuan as change_step_yuan,
        pct.value_raw as pct_raw,
        prior_fact.value_raw as prior_raw,
        prior_fact.amount_yuan as stated_prior_yuan,
        prior_fact.step_yuan as stated_prior_step_yuan,
        amount_link.linked_to,
        amount_link.function_code,
        amount_link.table_kind as link_table_kind,
        amount_link.table_amount_yuan,
        amount_link.table_step_yuan
    from statements as direction
    {{ statement_part('change', 'change_amount', 'direction') }}
    {{ statement_part('pct', 'change_pct', 'direction') }}
    {{ statement_part('prior_fact', 'prior_amount', 'direction') }}
    left join linked as amount_link
        on
            direction.doc_id = amount_link.doc_id
            and direction.amount_seq = amount_link.fact_seq
    where direction.attribute = 'direction'

),

prior_documents as (

    select
        this_year.doc_id,
        count(last_year.doc_id) as prior_documents,
        any_value(last_year.doc_id) as prior_doc_id,
        any_value(this_year.fiscal_year) - 1 as prior_year
    from documents as this_year
    left join documents as last_year
        on
            this_year.department_key = last_year.department_key
            and this_year.stage = last_year.stage
            and last_year.fiscal_year = this_year.fiscal_year - 1
    group by this_year.doc_id

),

compared as (

    select
        changes.*,
        documents.department_key,
        documents.stage,
        prior_documents.prior_documents,
        prior_documents.prior_doc_id,
        prior_documents.prior_year,
        coalesce(prior_figures.amount_yuan, prior_functions.total_yuan) as prior_table_yuan,
        coalesce(prior_figures.step_yuan, prior_functions.step_yuan) as prior_table_step_yuan,
        coalesce(prior_figures.source_line, prior_functions.source_line) as prior_table_line,
        coalesce(prior_figures.table_kind, prior_functions.source_table_kind) as prior_table_kind,
        case
            when changes.stated_prior_yuan is not null then changes.stated_prior_yuan
            when changes.word_sign = 0 then changes.amount_yuan
            when changes.change_size_yuan is not null
                then changes.amount_yuan - changes.word_sign * changes.change_size_yuan
        end as implied_prior_yuan,
        case
            when changes.stated_prior_yuan is not null then {{ half_step('changes.stated_prior_step_yuan') }}
            when changes.word_sign = 0 then {{ half_step('changes.amount_step_yuan') }}
            else {{ half_step('changes.amount_step_yuan') }} + {{ half_step('changes.change_step_yuan') }}
        end as implied_half_yuan,
        case
            when documents.department_key is null then '文档未印部门名称，无法与上年文档对应'
            when prior_documents.prior_documents = 0
                then '仓库中没有本部门 ' || prior_documents.prior_year || ' 年的同阶段公开文件'
            when prior_documents.prior_documents > 1
                then
                    '本部门 ' || prior_documents.prior_year || ' 年有 ' || prior_documents.prior_documents
                    || ' 份同阶段文件，不能确定以哪份为准'
            when documents.stage = 'budget' and regexp_matches(changes.context, '执行|决算')
                then '与上年执行数或决算比较，不是与上年公开的预算比较'
            when documents.stage = 'final' and regexp_matches(changes.context, '预算')
                then '与预算比较，不是与上年决算比较'
            when changes.linked_to is null or changes.linked_to = 'project'
                then '所述事项未对应到表内数字'
            when changes.amount_yuan is null then '未读出本年金额'
            when changes.stated_prior_yuan is null and changes.change_size_yuan is null and changes.word_sign != 0
                then '只列出增减百分比（由 R32 在文档内复算）'
            when
                changes.table_amount_yuan is null
                or abs(changes.amount_yuan - changes.table_amount_yuan)
                > {{ half_step('changes.amount_step_yuan') }} + {{ half_step('changes.table_step_yuan') }}
                then '本年金额与其对应的表内数字不一致，口径未能确定'
            when coalesce(prior_figures.table_kind, prior_functions.source_table_kind) != changes.link_table_kind
                then '上年文件在另一张表中列出该数字，口径可能不同'
        end as unevaluable_reason
    from changes
    inner join documents
        on changes.doc_id = documents.doc_id
    inner join prior_documents
        on changes.doc_id = prior_documents.doc_id
    left join figures as prior_figures
        on
            prior_documents.prior_documents = 1
            and changes.linked_to != 'function'
            and prior_figures.doc_id = prior_documents.prior_doc_id
            and prior_figures.figure = changes.linked_to
    left join functions as prior_functions
        on
            prior_documents.prior_documents = 1
            and changes.linked_to = 'function'
            and prior_functions.doc_id = prior_documents.prior_doc_id
            and prior_functions.function_code = changes.function_code

),

-- Last year's own narrative may state the figure in the scope this year's statement means (江苏省委办公厅
-- 2017: 一般公共服务支出 16,992.37 万元 of all funds in its narrative and 收支总表, 16,845.17 of 财政拨款 in
-- the function table it is read from): the change agrees with last year's document when either holds.
prior_statements as (

    select
        doc_id,
        linked_to,
        function_code,
        amount_yuan,
        step_yuan,
        source_line
    from linked
    where attribute = 'amount' and amount_yuan is not null and linked_to is not null

),

matched as (

    select
        compared.*,
        prior_statements.amount_yuan as prior_stated_yuan,
        prior_statements.step_yuan as prior_stated_step_yuan,
        prior_statements.source_line as prior_stated_line
    from compared
    left join prior_statements
        on
            compared.prior_doc_id = prior_statements.doc_id
            and compared.prior_documents = 1
            and compared.linked_to = prior_statements.linked_to
            and compared.function_code is not distinct from prior_statements.function_code
            and abs(prior_statements.amount_yuan - compared.implied_prior_yuan)
            <= compared.implied_half_yuan + {{ half_step('prior_statements.step_yuan') }}
    qualify row_number() over (
        partition by compared.doc_id, compared.fact_seq
        order by abs(prior_statements.amount_yuan - compared.implied_prior_yuan) nulls last
    ) = 1

)

select
    doc_id,
    'R36' as rule_id,
    null as table_kind,
    coalesce(function_code, linked_to, fact_kind || '.' || subject) || '.prior_year' as subject_code,
    {{ subject_zh('fact_kind', 'subject') }} || ' 较上年' as subject_label,
    source_line,
    coalesce(prior_stated_yuan, prior_table_yuan) as expected_yuan,
    implied_prior_yuan as actual_yuan,
    implied_half_yuan + {{ half_step('coalesce(prior_stated_step_yuan, prior_table_step_yuan)') }} as tolerance_yuan,
    null as placements,
    case
        when unevaluable_reason is not null then 'unevaluable'
        when prior_table_yuan is null and prior_stated_yuan is null then 'unevaluable'
    end as outcome_override,
    '说明第' || source_line || '行「' || left(context, 60) || '」'
    || coalesce('：本年 ' || amount_raw || coalesce(amount_unit, ''), '')
    || ' ' || word_raw
    || coalesce(' ' || change_raw || coalesce(change_unit, ''), '')
    || coalesce('（上年 ' || prior_raw || '）', '')
    || coalesce('，推得上年 ' || {{ yuan_text('implied_prior_yuan') }}, '')
    || coalesce(
        '；' || prior_year || ' 年本部门文件（' || prior_doc_id || '）'
        || case
            when
                prior_table_yuan is null then '未列出该数字' else
                '列为 ' || {{ yuan_text('prior_table_yuan') }}
                || coalesce('（第' || prior_table_line || '行）', '')
        end,
        ''
    )
    || coalesce('，其说明第' || prior_stated_line || '行列为 ' || {{ yuan_text('prior_stated_yuan') }}, '')
    || coalesce('；不比较：' || unevaluable_reason, '') as detail
from matched
