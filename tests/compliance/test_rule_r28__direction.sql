-- R28's predicates (macros/compliance_rules.sql) on inline fixtures:
-- - direction_sign + direction_outcome: a direction word against a signed figure ("增加 0" is an
--   empty change, not a wrong one; "持平" needs exactly 0; a missing figure has no verdict);
-- - reason_direction (R28T): the direction a reason concludes with, from its last direction
--   phrase, against the signed change.
-- Returns the fixtures whose verdict is not the expected one.
with

words (case_name, word, signed_value, want) as (

    values
    ('increase positive', '增加', 5.00, 'pass'),
    ('increase printed as 增长', '增长', 1.64, 'pass'),
    ('increase negative', '增加', -5.00, 'fail'),
    ('increase of zero', '增加', 0.00, 'pass'),
    ('decrease negative', '减少', -5.00, 'pass'),
    ('decrease printed as 降低', '降低', -0.90, 'pass'),
    ('decrease positive', '减少', 5.00, 'fail'),
    ('flat zero', '持平', 0.00, 'pass'),
    ('flat non-zero', '持平', 0.42, 'fail'),
    ('no figure', '增加', null, null),
    ('not a direction word', '调整', 5.00, null)

),

reasons (case_name, reason, signed_change, want) as (

    values
    -- bundled 002 line 706-710: +0.42 万元 while the reason ends "…（项）未有增加"
    (
        'reason denies an increase', '主要原因是 2024 年我单位未增加退休人员，故社会保障和就业支出（类）'
        || '行政事业单位养老支出（款）事业单位离退休（项）未有增加', 0.42, 'fail'
    ),
    ('reason agrees on a decrease', '主要原因是本年度人员减少，导致人员经费及公用经费减少', -59.67, 'pass'),
    ('缩减 is a decrease', '在保障中心基本运转的情况下缩减了项目支出预算资金', -14.17, 'pass'),
    ('上调 is an increase', '主要原因: 工资上调, 缴费基数增加', 1.50, 'pass'),
    ('flat reason for no change', '主要原因是未安排预算，与上年持平', 0.00, 'pass'),
    ('flat reason for a change', '主要原因是与上年持平', 3.00, 'fail'),
    ('increase word for a zero change', '所以政府性基金预算比上年增长 0%', 0.00, 'pass'),
    ('reason contradicts a decrease', '主要原因是业务量增加', -2.00, 'fail'),
    ('no direction in the reason', '本年度将发放2023年退休人员绩效', 1.64, null),
    -- several causes: the last one is not a conclusion (corpus xa-zjj-2022 line 313)
    (
        'enumerated causes', '主要原因一是城市建设及维护项目投资40亿由部门代编，今年未列入；二是住房保障支出专项经费较上年增加8亿元',
        -322339.69, null
    ),
    ('contrasted causes', '人员经费增加，但公用经费减少', 2.00, null),
    -- an explicit no-change claim still counts after several causes
    ('flat claim after causes', '一是文号不同，二是经比对，与上年基本持平', 75.00, 'fail'),
    -- the last phrase decides a single-cause reason (why R28T only warns)
    ('single cause reads its last phrase', '业务量增加导致经费减少', 2.00, 'fail')

),

judged as (

    select
        case_name,
        want,
        {{ direction_outcome(direction_sign('word'), 'signed_value') }} as got
    from words
    union all
    select
        case_name,
        want,
        {{ direction_outcome(reason_direction('reason'), 'signed_change') }} as got
    from reasons

)

select *
from judged
where got is distinct from want
