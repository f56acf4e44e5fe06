{{ config(materialized='view') }}
-- R28N: a stated change implies no negative prior year. Computed with R32S in
-- int_compliance__impossible_figures (one pass over the same comparisons); this model is R28N's
-- alone.
select * from {{ ref('int_compliance__impossible_figures') }}
where rule_id = 'R28N'
