-- R05's predicates (macros/compliance_rules.sql: comparison_years, comparison_year_outcome) on
-- inline sentences: the base year a comparison names is the previous year; the document's own
-- year (or a later one) fails, an earlier one warns, a 决算's own 年初预算 passes, a year in a
-- title 《…》 or a plain "与…" (no comparison word) is no comparison.
-- Returns the fixtures whose verdicts are not the expected ones.
with

sentences (case_name, sentence, fiscal_year, stage, want) as (

    values
    ('previous year', '2026年预算数为1,200万元,比2025年预算增加100万元。', 2026, 'budget', ['pass']),
    ('own year named as the base', '2026年预算数为1,200万元,比2026年预算增加100万元。', 2026, 'budget', ['fail']),
    ('a later year', '较2027年减少5万元。', 2026, 'budget', ['fail']),
    ('two years back', '公用经费预算115.36万元,比2020年增加16.93万元。', 2022, 'budget', ['warn']),
    ('与…持平 is a comparison', '与2025年预算持平。', 2026, 'budget', ['pass']),
    ('与…相比 with its own year', '与2026年相比增加3万元。', 2026, 'budget', ['fail']),
    ('a 决算 against its own 年初预算', '支出决算为80.38万元,比2024年年初预算减少0.43万元。', 2024, 'final', ['pass']),
    ('a 决算 against its own year otherwise', '比2024年增加5万元。', 2024, 'final', ['fail']),
    ('a year in a title', '制定《2018年执行情况与2019年计划草案的报告》。', 2019, 'budget', []),
    ('与 without a comparison word', '参与2026年重点项目建设。', 2026, 'budget', []),
    ('two comparisons', '比2025年增加1万元,比2026年增加2万元。', 2026, 'budget', ['pass', 'fail'])

),

judged as (

    select
        case_name,
        want,
        coalesce(
            list_transform(
                {{ comparison_years('sentence') }},
                lambda hit: {{ comparison_year_outcome("cast(regexp_extract(hit, '(\\d{4})', 1) as integer)",
                                                  "regexp_extract(hit, '\\d{4}年度?(.*)', 1)",
                                                  'fiscal_year', 'stage') }}
            ),
            []
        ) as got
    from sentences

)

select *
from judged
where got is distinct from want
