-- R33: the same indicator quoted twice in one document has one value (warn).
-- - Figures: narrative facts of the same kind, subject and attribute (amount, change amount,
--   change rate, share, head count, head-count change) printed on different lines. A function
--   class or item is keyed by its code where the narrative links one ("一般公共服务支出" and
--   "(201类)" are the same subject). Each later quote is compared with the first; money within
--   the half-steps of both figures, percentages within half their printed steps, counts exactly.
-- - Head counts quoted in a reason ("本年度在职人员减少6人", "增加1名在职人员") against the staff
--   section's change (在职 / 退休 / 离休). An unqualified "人员" may mean the serving staff or
--   everyone on the books, so it agrees with either the 在职 change or the total change.
-- Caveat: the narrative may quote one subject in two scopes (基本支出 of all funds and of the
-- general budget); the two agree whenever the department has only general-budget money, and the
-- finding is a warning.
with

facts as (

    select * from {{ ref('stg_ingest__facts') }}

),

linked as (

    select * from {{ ref('int_narrative_facts__linked') }}

),

statements as (

    select * from {{ ref('int_narrative_facts__statements') }}

),

-- The subject a fact is about, with a function fact keyed by the code its amount links to.
keyed as (

    select
        statements.*,
        coalesce(linked.function_code, statements.subject) as subject_key
    from statements
    left join linked
        on
            statements.doc_id = linked.doc_id
            and statements.amount_seq = linked.fact_seq
            and statements.fact_kind in ('function_class', 'function_item')

),

quotes as (

    select
        doc_id,
        fact_seq,
        fact_kind,
        subject,
        subject_key,
        attribute,
        source_line,
        context,
        value_raw,
        unit,
        value_number,
        amount_yuan,
        step_yuan,
        decimals,
        row_number() over (
            partition by doc_id, fact_kind, subject_key, attribute order by source_line, fact_seq
        ) as quote_no,
        count(distinct source_line) over (partition by doc_id, fact_kind, subject_key, attribute) as lines_quoted
    from keyed
    where
        attribute in ('amount', 'change_amount', 'change_pct', 'share_pct', 'count', 'change_count')
        and value_number is not null
        -- One figure per line: a line that states a subject twice is one quote.
        and fact_kind not in ('project')

),

repeated as (

    select
        later.doc_id,
        'R33' as rule_id,
        null as table_kind,
        later.fact_kind || '.' || later.subject_key || '.' || later.attribute as subject_code,
        {{ subject_zh('later.fact_kind', 'later.subject') }} || ' '
        || {{ attribute_zh('later.attribute') }} as subject_label,
        later.source_line,
        case when later.amount_yuan is not null then first_quote.amount_yuan end as expected_yuan,
        later.amount_yuan as actual_yuan,
        case
            when later.amount_yuan is not null
                then {{ tolerance(['first_quote.step_yuan', 'later.step_yuan']) }}
        end as tolerance_yuan,
        null as placements,
        case
            when later.amount_yuan is not null then null
            when
                abs(later.value_number - first_quote.value_number)
                <= case
                    when later.attribute in ('change_pct', 'share_pct')
                        then {{ pct_half_step('later.decimals') }} + {{ pct_half_step('first_quote.decimals') }}
                    else 0
                end
                then 'pass'
            else 'fail'
        end as outcome_override,
        '说明第' || later.source_line || '行「' || left(later.context, 50) || '」：'
        || {{ subject_zh('later.fact_kind', 'later.subject') }}
        || {{ attribute_zh('later.attribute') }} || ' ' || later.value_raw || coalesce(later.unit, '')
        || '；第' || first_quote.source_line || '行「' || left(first_quote.context, 50) || '」：'
        || first_quote.value_raw || coalesce(first_quote.unit, '')
            as detail
    from quotes as later
    inner join quotes as first_quote
        on
            later.doc_id = first_quote.doc_id
            and later.fact_kind = first_quote.fact_kind
            and later.subject_key = first_quote.subject_key
            and later.attribute = first_quote.attribute
            and first_quote.quote_no = 1
    where
        later.quote_no > 1
        and later.source_line != first_quote.source_line
        -- Money is compared in 元; a money figure against a non-money one is not the same indicator.
        and (later.amount_yuan is null) = (first_quote.amount_yuan is null)

),

staff_changes as (

    select
        doc_id,
        max(value_number) filter (where subject = 'in_service') as in_service_change,
        max(value_number) filter (where subject = 'retired') as retired_change,
        max(value_number) filter (where subject = 'retired_early') as retired_early_change,
        -- Everyone on the books: the 实有 change where printed, else 在职 + 退休 + 离休.
        coalesce(
            max(value_number) filter (where subject = 'actual'),
            max(value_number) filter (where subject = 'in_service')
            + coalesce(max(value_number) filter (where subject = 'retired'), 0)
            + coalesce(max(value_number) filter (where subject = 'retired_early'), 0)
        ) as total_change,
        min(source_line) as source_line
    from facts
    where fact_kind = 'staff' and attribute = 'change_count'
    group by doc_id

),

reason_texts as (

    select
        doc_id,
        fact_seq,
        source_line,
        text_value,
        regexp_replace(text_value, '[\s\x{3000}]+', '', 'g') as compact_text
    from facts
    where attribute = 'reason' and text_value is not null

),

-- "在职人员减少6人" / "人员减少7人" / "增加1名在职人员": each head-count change a reason quotes.
{%- set who = "(?:在职人员|在职|退休人员|离休人员|人员)" %}
{%- set change = "(?:减少|增加)[0-9]+(?:人|名)" %}
reason_quotes as (

    select
        reason_texts.*,
        unnest(regexp_extract_all(compact_text, '{{ who }}{{ change }}|{{ change }}{{ who }}')) as quote
    from reason_texts

),

-- Who (在职 / 退休 / 离休, or an unqualified 人员), which way, how many; with the staff
-- section's change for that group.
reason_staff_quotes as (

    select
        reason_quotes.doc_id,
        reason_quotes.fact_seq,
        reason_quotes.source_line,
        reason_quotes.text_value,
        reason_quotes.quote,
        coalesce(
            nullif(regexp_extract(reason_quotes.quote, '^(在职|退休|离休|人员)', 1), ''),
            regexp_extract(reason_quotes.quote, '(在职|退休|离休|人员)[^0-9]*$', 1)
        ) as who,
        case when reason_quotes.quote like '%减少%' then -1 else 1 end
        * cast(regexp_extract(reason_quotes.quote, '([0-9]+)', 1) as integer) as quoted_change
    from reason_quotes

),

quoted as (

    select
        reason_staff_quotes.*,
        case reason_staff_quotes.who
            when '在职' then staff_changes.in_service_change
            when '退休' then staff_changes.retired_change
            when '离休' then staff_changes.retired_early_change
        end as staff_change
    from reason_staff_quotes
    left join staff_changes
        on reason_staff_quotes.doc_id = staff_changes.doc_id

),

staff_quotes as (

    select
        quoted.doc_id,
        'R33' as rule_id,
        null as table_kind,
        'staff.' || quoted.who || '.change_count' as subject_code,
        '人员增减' as subject_label,
        quoted.source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when quoted.who = '人员' and staff.in_service_change is null and staff.total_change is null
                then 'unevaluable'
            when quoted.who = '人员' and quoted.quoted_change in (staff.in_service_change, staff.total_change)
                then 'pass'
            when quoted.who = '人员' then 'fail'
            when quoted.staff_change is null then 'unevaluable'
            when quoted.staff_change = quoted.quoted_change then 'pass'
            else 'fail'
        end as outcome_override,
        '说明第' || quoted.source_line || '行原因「' || left(quoted.text_value, 60) || '」称「' || quoted.quote
        || '」；人员情况（第' || coalesce(staff.source_line::varchar, '?') || '行）：在职'
        || coalesce(printf('%+d', staff.in_service_change::integer), '未列') || '人，退休'
        || coalesce(printf('%+d', staff.retired_change::integer), '未列') || '人，离休'
        || coalesce(printf('%+d', staff.retired_early_change::integer), '未列') || '人'
        || case when quoted.who = '人员' then '（“人员”按在职或全部实有人员核对）' else '' end as detail
    from quoted
    left join staff_changes as staff
        on quoted.doc_id = staff.doc_id

)

select * from repeated
union all
select * from staff_quotes
