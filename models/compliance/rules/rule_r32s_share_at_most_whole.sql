{{ config(materialized='view') }}
-- R32S: a share of a whole is at most 100 %. Computed with R28N in
-- int_compliance__impossible_figures (one pass over the same comparisons); this model is R32S's
-- alone.
select * from {{ ref('int_compliance__impossible_figures') }}
where rule_id = 'R32S'
