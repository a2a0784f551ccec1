-- One row per reported casualty figure (a claim, not reconciled across articles). The event it
-- belongs to is looked up through the figure's event candidate; the outlet is the reporting article's,
-- so who claimed what stays queryable per event (outlet, claimed_by).
-- Built after the marts its keys refer to, so the relationship tests run in this model's task (dbt build
-- --indirect-selection buildable): fct_events, dim_actors, dim_locations.
-- depends_on: {{ ref('fct_events') }}
-- depends_on: {{ ref('dim_actors') }}
-- depends_on: {{ ref('dim_locations') }}

with figures as (
    select * from {{ ref('stg_figures') }}
    where figure_kind = 'casualty'
),

candidates as (
    select candidate_id, event_id from {{ ref('int_event_candidates_keyed') }}
),

articles as (
    select article_id, outlet, published_date from {{ ref('dim_articles') }}
)

select
    figures.figure_id as casualty_id,
    figures.article_id,
    candidates.event_id,
    figures.candidate_id,
    figures.category,
    figures.party,
    figures.actor_id,
    figures.count_low,
    figures.count_high,
    figures.count_best,
    figures.qualifier,
    figures.is_cumulative,
    figures.claimed_by,
    articles.outlet,
    articles.published_date,
    figures.event_date,
    figures.location_id,
    figures.sentence,
    figures.start_char,
    figures.end_char
from figures
left join candidates on figures.candidate_id = candidates.candidate_id
left join articles on figures.article_id = articles.article_id
