-- R09N's name comparison (macros/compliance_rules.sql: name_key, strip_ordinal) on inline
-- fixtures: a printed row label against the classification's name. A list marker ("一、",
-- "（七）", "(二十)", "1.") is not part of the name, whitespace and full/half-width brackets do
-- not count, a code is not a list marker, and a renamed or shortened name does not match.
-- Returns the fixtures whose verdict is not the expected one.
with

fixtures (case_name, printed_label, seed_name, want_match) as (

    values
    ('old 207 name in a 2024 table', '（七）文化体育与传媒支出', '文化旅游体育与传媒支出', false),
    ('current 207 name', '（七）文化旅游体育与传媒支出', '文化旅游体育与传媒支出', true),
    ('chinese numeral with 、', '一、一般公共服务支出', '一般公共服务支出', true),
    ('two-character numeral', '二十、住房保障支出', '住房保障支出', true),
    ('half-width brackets', '(二十)住房保障支出', '住房保障支出', true),
    ('arabic numeral with .', '1.行政运行', '行政运行', true),
    ('full-width brackets inside the name', '政府办公厅（室）及相关机构事务', '政府办公厅(室)及相关机构事务', true),
    ('whitespace inside the name', '机关事业单位 基本养老保险缴费支出', '机关事业单位基本养老保险缴费支出', true),
    ('full-width space', '住房　公积金', '住房公积金', true),
    ('a word missing', '机关事业单位养老保险缴费支出', '机关事业单位基本养老保险缴费支出', false),
    ('a code is not a list marker', '201 一般公共服务支出', '一般公共服务支出', false),
    ('missing 支出', '一般公共服务', '一般公共服务支出', false)

),

judged as (

    select
        *,
        {{ name_key(strip_ordinal('printed_label')) }} = {{ name_key('seed_name') }} as got_match
    from fixtures

)

select *
from judged
where got_match is distinct from want_match
