-- One row per reported displacement figure. as_of_date is the date the figure refers to.

with figures as (
    select * from {{ ref('stg_figures') }}
    where figure_kind = 'displacement'
),

candidates as (
    select candidate_id, event_id from {{ ref('int_event_candidates_keyed') }}
)

select
    figures.figure_id as displacement_id,
    figures.article_id,
    candidates.event_id,
    figures.candidate_id,
    figures.count_low,
    figures.count_high,
    figures.count_best,
    figures.qualifier,
    figures.unit,
    figures.is_cumulative,
    figures.event_date as as_of_date,
    figures.location_id,
    figures.claimed_by,
    figures.sentence,
    figures.start_char,
    figures.end_char
from figures
left join candidates on candidates.candidate_id = figures.candidate_id
