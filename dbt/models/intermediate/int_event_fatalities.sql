-- UCDP-style fatality range per event, from the 'killed' casualty figures linked to the event's
-- candidates (raw.figures.candidate_id).
--
-- Per article: low = sum(count_low); best = sum(count_best, or count_low when no best is given);
--              high = sum(count_high), but when any of those figures is open-ended (count_high null)
--              high = the article's best sum.
-- Across the articles reporting the event: low = min, best = max, high = max of the per-article values.
-- Period totals (is_cumulative, e.g. "killed since the coup") are not fatalities of one event and are left out.
-- Events with no linked killed figure have no row here (fct_events shows null fatalities).

with candidates as (
    select candidate_id, event_id from {{ ref('int_event_candidates_keyed') }}
),

figures as (
    select * from {{ ref('stg_figures') }}
),

killed as (
    select
        candidates.event_id,
        figures.article_id,
        figures.count_low,
        figures.count_high,
        coalesce(figures.count_best, figures.count_low) as count_best
    from figures
    inner join candidates on candidates.candidate_id = figures.candidate_id
    where figures.figure_kind = 'casualty'
        and figures.category = 'killed'
        and not coalesce(figures.is_cumulative, false)
),

per_article as (
    select
        event_id,
        article_id,
        sum(count_low) as article_low,
        sum(count_best) as article_best,
        case
            when bool_or(count_high is null) then sum(count_best)
            else sum(count_high)
        end as article_high,
        count(*) as n_figures
    from killed
    group by event_id, article_id
)

select
    event_id,
    cast(min(article_low) as bigint) as fatalities_low,
    cast(max(article_best) as bigint) as fatalities_best,
    cast(max(article_high) as bigint) as fatalities_high,
    cast(count(*) as bigint) as n_articles_with_fatalities,
    cast(sum(n_figures) as bigint) as n_killed_figures
from per_article
group by event_id
