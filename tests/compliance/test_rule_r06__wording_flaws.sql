-- R06 / R06P / R28E on inline sentences, with the project's own vocabulary (the seed
-- wording_flaws, ingest/data/wording_flaws.csv, which the extractor reads too): each sentence
-- is flagged by exactly the rules expected, and an honest sentence by none.
-- Returns the fixtures whose flags are not the expected ones.
with

flaws as (

    select * from {{ ref('wording_flaws') }}

),

sentences (case_name, sentence, want) as (

    values
    ('alternatives left in', '比上年预算增加(减少)5万元,主要原因是人员增加。', ['R06']),
    ('growth alternatives left in', '增长(下降)3.5%。', ['R06']),
    ('a placeholder', '2026年XX单位收入预算为842.07万元。', ['R06']),
    ('a multiplication-sign placeholder', '本单位共有××个项目。', ['R06']),
    ('某某', '某某项目支出50万元。', ['R06']),
    ('doubled full stop', '主要原因是本年度政府办业务经费减少,上年度工程项目完工。。', ['R06P']),
    ('doubled pause mark', '海洋灾害预警预报、、滨海海洋生态保护修复。', ['R06P']),
    ('comma before the full stop', '在血液筛查方面,。', ['R06P']),
    ('an empty reason', '较2023年预算减少0万元,主要原因是。', ['R28E']),
    ('an empty reason after a colon', '增加的主要原因:。', ['R28E']),
    ('a reason given', '减少的主要原因是压缩了车辆运行维护经费。', []),
    ('原因 closing a sentence is no announcement', '主要是依政策压减项目经费等原因。', []),
    ('a table header read as text', '金额单位:万元2022比经济分类科目2022年2021年主要原因', []),
    ('an honest sentence', '2026年收入预算842.07万元,比2025年预算增加59.67万元,增长7.62%。', []),
    ('an ellipsis is not doubled punctuation', '主要包括……等。', [])

),

judged as (

    select
        sentences.case_name,
        sentences.want,
        coalesce(
            list(distinct flaws.rule_id order by flaws.rule_id) filter (where flaws.rule_id is not null), []
        ) as got
    from sentences
    left join flaws
        on {{ flaw_matches('sentences.sentence', 'flaws.pattern') }}
    group by sentences.case_name, sentences.want

)

select *
from judged
where got is distinct from want
