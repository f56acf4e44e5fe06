-- R09 / R09U / R09N: classification codes and the names printed with them. No complete catalogue
-- of 政府收支分类科目 is machine-readable, so the reference (ref_function_codes /
-- ref_economic_codes: a hand-kept core plus the codes real documents print, each row with its
-- source) knows only part of each year; the rules separate what is impossible from what is unseen.
-- - R09 (error): a code that cannot be valid in the table it is printed in: a function code where
--   economic codes belong or the reverse (unless the title names its classification, "…基本支出
--   明细表(按支出功能分类科目)"), a code in no valid form, a 款 or 项 numbered 00, a code of a 类
--   the classification had abolished by the document's year. Not judged: a table whose rows mix
--   both systems (most likely two tables the ingest did not separate), a bare 款/项 column of
--   split codes the ingest did not join, a document of unknown year, a number whose 类 exists in
--   no year (not a classification code: a unit code, a serial number).
-- - R09U (warn): a well-formed code the reference has not seen for the document's year: "not in
--   reference", never the publisher's error. The gate lists them (codes_not_in_reference.csv) and
--   `python -m warehouse.grow_reference` adds them to the reference as observed rows.
-- - R09N (warn): the name printed next to a code is that code's name for the year (a code may
--   have two wordings in one year); rows that print a 类 name without a code (收支总表 /
--   财政拨款收支总表: "（七）文化体育与传媒支出") are checked by name, and a name that belongs to
--   another year's classification (the pre-2019 文化体育与传媒支出 for 207) fails. Names are
--   compared ignoring whitespace and full/half width; a label that contains the name (layout
--   noise around it) or is its start cut by a line wrap counts as the name.
-- Only rows the ingest landed are seen: a table row printed with no amount is not landed, so a
-- stale name on an empty row is not visible here.
with

cells as (

    select * from {{ ref('stg_ingest__cells') }}

),

documents as (

    select * from {{ ref('stg_ingest__documents') }}

),

tables as (

    select * from {{ ref('stg_ingest__tables') }}

),

function_codes as (

    select * from {{ ref('ref_function_codes') }}

),

economic_codes as (

    select * from {{ ref('ref_economic_codes') }}

),

-- The classification each table kind is keyed by, unless its title says otherwise.
table_systems (table_kind, code_system) as (

    values
    ('income_expenditure_summary', 'function'),
    ('income_summary', 'function'),
    ('expenditure_summary', 'function'),
    ('fiscal_summary', 'function'),
    ('fiscal_expenditure', 'function'),
    ('general_budget_expenditure', 'function'),
    ('gov_fund_expenditure', 'function'),
    ('state_capital_expenditure', 'function'),
    ('general_budget_project', 'function'),
    ('project_expenditure', 'function'),
    ('carryover', 'function'),
    ('general_budget_basic', 'economic'),
    ('operating_cost', 'economic')

),

-- One row per printed table row.
printed_rows as (

    select
        cells.doc_id,
        cells.table_kind,
        cells.table_seq,
        cells.row_seq,
        cells.side,
        min(cells.source_line) as source_line,
        any_value(cells.row_label) as row_label,
        any_value(cells.code_raw) as code_raw,
        any_value(cells.code) as code,
        any_value(cells.code_system) as code_system
    from cells
    group by cells.doc_id, cells.table_kind, cells.table_seq, cells.row_seq, cells.side

),

-- The classification a table is keyed by: what its title says ("按支出功能分类科目", "按经济分类"),
-- else its kind's default; and whether its rows carry codes of both systems (two tables the
-- ingest did not separate, e.g. a title it did not recognise).
table_keys as (

    select
        tables.doc_id,
        tables.table_seq,
        case
            when regexp_matches(tables.title_raw, '功能(分类|科目)') then 'function'
            when regexp_matches(tables.title_raw, '经济(分类|科目)') then 'economic'
            else table_systems.code_system
        end as expected_system,
        count(distinct printed_rows.code_system) > 1 as mixes_systems
    from tables
    inner join table_systems
        on tables.table_kind = table_systems.table_kind
    left join printed_rows
        on
            tables.doc_id = printed_rows.doc_id
            and tables.table_seq = printed_rows.table_seq
            and printed_rows.code_system in ('function', 'economic')
    group by tables.doc_id, tables.table_seq, tables.title_raw, table_systems.code_system

),

coded_rows as (

    select
        printed_rows.*,
        documents.fiscal_year,
        table_keys.expected_system,
        table_keys.mixes_systems,
        case table_keys.expected_system when 'function' then '支出功能分类' else '部门预算支出经济分类' end as system_zh
    from printed_rows
    inner join documents
        on printed_rows.doc_id = documents.doc_id
    inner join table_keys
        on
            printed_rows.doc_id = table_keys.doc_id
            and printed_rows.table_seq = table_keys.table_seq
    where printed_rows.code_raw is not null or printed_rows.code is not null

),

-- The 类 of both classifications: a closed list (201…234, 301…399, 501…599), with the last year
-- each is known in force (9999: still current). A 类 whose every row has ended before a year was
-- abolished by then; the first year known is not its first year (the core starts in 2019).
known_classes as (

    select
        class_code,
        max(coalesce(valid_to_year, 9999)) as last_year
    from (
        select
            function_code as class_code,
            valid_to_year
        from function_codes
        where function_level = '类'
        union all
        select
            economic_code as class_code,
            valid_to_year
        from economic_codes
        where economic_level = '类'
    ) as classes
    group by class_code

),

-- Every name a code has in the document's year (a code may have two wordings in one year).
names_in_year as (

    select
        coded_rows.doc_id,
        coded_rows.table_seq,
        coded_rows.row_seq,
        coded_rows.side,
        coalesce(function_codes.name_zh, economic_codes.name_zh) as name_zh
    from coded_rows
    left join function_codes
        on
            coded_rows.code = function_codes.function_code
            and {{ code_valid_in('coded_rows.fiscal_year', 'function_codes') }}
    left join economic_codes
        on
            coded_rows.code = economic_codes.economic_code
            and {{ code_valid_in('coded_rows.fiscal_year', 'economic_codes') }}
    where coalesce(function_codes.name_zh, economic_codes.name_zh) is not null

),

code_names as (

    select
        doc_id,
        table_seq,
        row_seq,
        side,
        string_agg(name_zh, ' / ' order by name_zh) as names_zh,
        list({{ name_key('name_zh') }} order by name_zh) as name_keys
    from names_in_year
    group by doc_id, table_seq, row_seq, side

),

checked_rows as (

    select
        coded_rows.*,
        code_names.names_zh,
        code_names.name_keys,
        known_classes.class_code is not null as class_known,
        known_classes.last_year as class_last_year,
        regexp_matches(coalesce(coded_rows.code, ''), '^[0-9]{3}(00|[0-9]{2}00)$') as numbered_00
    from coded_rows
    left join known_classes
        on left(coded_rows.code, 3) = known_classes.class_code
    left join code_names
        on
            coded_rows.doc_id = code_names.doc_id
            and coded_rows.table_seq = code_names.table_seq
            and coded_rows.row_seq = code_names.row_seq
            and coded_rows.side is not distinct from code_names.side

),

codes as (

    select
        doc_id,
        case
            when
                code is not null and names_zh is null and class_known and not numbered_00
                and code_system = expected_system
                and fiscal_year is not null and fiscal_year <= class_last_year
                then 'R09U'
            else 'R09'
        end as rule_id,
        table_kind,
        coalesce(code, code_raw) as subject_code,
        coalesce(row_label, code, code_raw) as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            -- A 款 or 项 column of split codes the ingest did not join to its 类: not the
            -- document's fault.
            when code is null and length(regexp_replace(code_raw, '[^0-9]', '', 'g')) < 3 then 'unevaluable'
            -- A 7-digit 3xx/5xx code is a local sub-item of an economic 款 (北京 3021503 三类会议费).
            when code is null and regexp_matches(code_raw, '^\s*[35][0-9]{6}\s*$') then 'unevaluable'
            when code is null then 'fail'
            when code_system != expected_system and mixes_systems then 'unevaluable'
            when code_system != expected_system then 'fail'
            when fiscal_year is null then 'unevaluable'
            -- A number whose 类 exists in neither classification is not a classification code
            -- (a unit code, a serial number the ingest read as one).
            when names_zh is null and not class_known then 'unevaluable'
            when numbered_00 then 'fail'
            -- R09: the 类 was abolished; R09U: well formed, in force, not seen for this year.
            when names_zh is null then 'fail'
            else 'pass'
        end as outcome_override,
        {{ table_zh('table_kind') }} || ' 第' || source_line || '行 ' || coalesce(code, code_raw)
        || coalesce(' ' || row_label, '') || '：'
        || case
            when code is null and length(regexp_replace(code_raw, '[^0-9]', '', 'g')) < 3
                then '编码「' || code_raw || '」只是分列编码的一部分，未能拼成完整编码'
            when code is null and regexp_matches(code_raw, '^\s*[35][0-9]{6}\s*$')
                then '编码「' || code_raw || '」是经济分类款下的地方细化科目，参考表未收录，未核对'
            when code is null then '编码「' || code_raw || '」不是有效的分类编码格式'
            when code_system != expected_system
                then
                    '本表按' || system_zh || '列示，却印了'
                    || case code_system when 'function' then '支出功能分类' when 'economic' then '经济分类' else '其他' end
                    || '编码'
                    || case when mixes_systems then '（表中两种编码并存，可能是两张表未被分开，无法判断）' else '' end
            when fiscal_year is null then '文档年度未知，无法按年度核对编码'
            when names_zh is null and not class_known then '类「' || left(code, 3) || '」不存在，不像分类编码（可能是单位编码），未核对'
            when numbered_00 then '款、项的编号不能是 00'
            when names_zh is null and fiscal_year > class_last_year
                then '类「' || left(code, 3) || '」' || class_last_year || ' 年后已不在' || system_zh || '中'
            when names_zh is null
                then '参考科目表中没有 ' || fiscal_year || ' 年的此编码（参考表不完整，不是差错：核对后补入参考表）'
            else fiscal_year || ' 年有效编码（' || names_zh || '）'
        end as detail
    from checked_rows

),

names as (

    select
        doc_id,
        'R09N' as rule_id,
        table_kind,
        code as subject_code,
        row_label as subject_label,
        source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        -- The label may carry layout noise around the name, or lose its end to a line wrap. A
        -- label with digits or Latin letters is not a classification name (no name has them): a
        -- neighbouring column ran into it.
        case
            when regexp_matches(row_label, '[0-9A-Za-z]') then 'unevaluable'
            when list_contains(name_keys, {{ name_key('row_label') }}) then 'pass'
            when len(list_filter(name_keys, lambda k: contains({{ name_key('row_label') }}, k))) > 0 then 'pass'
            when
                length({{ name_key('row_label') }}) >= 4
                and len(list_filter(name_keys, lambda k: starts_with(k, {{ name_key('row_label') }}))) > 0
                then 'pass'
            else 'fail'
        end as outcome_override,
        {{ table_zh('table_kind') }} || ' 第' || source_line || '行 ' || code || ' 印作「' || row_label || '」；'
        || fiscal_year
        || ' 年科目名称为「' || names_zh || '」'
        || case when regexp_matches(row_label, '[0-9A-Za-z]') then '（标签混有数字或字母，不是科目名称，未核对）' else '' end
            as detail
    from checked_rows
    where names_zh is not null and row_label is not null

),

-- Rows that print a 类 name without a code: judged by the name alone.
class_names as (

    select
        function_code,
        name_zh,
        {{ name_key('name_zh') }} as name_key,
        valid_from_year,
        valid_to_year
    from function_codes
    where function_level = '类'

),

uncoded_rows as (

    select
        printed_rows.*,
        documents.fiscal_year,
        {{ name_key(strip_ordinal('printed_rows.row_label')) }} as label_key
    from printed_rows
    inner join documents
        on printed_rows.doc_id = documents.doc_id
    where
        documents.fiscal_year is not null
        and printed_rows.code is null
        and printed_rows.code_raw is null
        and printed_rows.row_label is not null
        and printed_rows.table_kind in ('income_expenditure_summary', 'fiscal_summary')
        and printed_rows.side is distinct from 'income'

),

uncoded_names as (

    select
        uncoded_rows.doc_id,
        'R09N' as rule_id,
        uncoded_rows.table_kind,
        any_value(printed_as.function_code) as subject_code,
        uncoded_rows.row_label as subject_label,
        uncoded_rows.source_line,
        null as expected_yuan,
        null as actual_yuan,
        null as tolerance_yuan,
        null as placements,
        case
            when bool_or(
                {{ code_valid_in('uncoded_rows.fiscal_year', 'printed_as') }}
            ) then 'pass'
            else 'fail'
        end as outcome_override,
        {{ table_zh('uncoded_rows.table_kind') }} || ' 第' || uncoded_rows.source_line || '行 印作「'
        || uncoded_rows.row_label || '」（'
        || any_value(printed_as.function_code) || '）；' || uncoded_rows.fiscal_year || ' 年科目名称为「'
        || coalesce(
            string_agg(distinct current_name.name_zh, ' / ' order by current_name.name_zh), '（该年无此类）'
        ) || '」' as detail
    from uncoded_rows
    inner join class_names as printed_as
        on uncoded_rows.label_key = printed_as.name_key
    left join class_names as current_name
        on
            printed_as.function_code = current_name.function_code
            and {{ code_valid_in('uncoded_rows.fiscal_year', 'current_name') }}
    group by
        uncoded_rows.doc_id, uncoded_rows.table_kind, uncoded_rows.row_label, uncoded_rows.source_line,
        uncoded_rows.fiscal_year

)

select * from codes
union all
select * from names
union all
select * from uncoded_names
