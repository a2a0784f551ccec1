-- One row per reported displacement figure, with its place, as-of date and kind (stock or flow):
-- int_displacement_figures says where each comes from. The outlet is the reporting article's.
-- Built after the marts its keys refer to, so the relationship tests run in this model's task (dbt build
-- --indirect-selection buildable): fct_events, dim_locations.
-- depends_on: {{ ref('fct_events') }}
-- depends_on: {{ ref('dim_locations') }}

with figures as (
    select * from {{ ref('int_displacement_figures') }}
),

articles as (
    select article_id, outlet, published_date from {{ ref('dim_articles') }}
)

select
    figures.displacement_id,
    figures.article_id,
    figures.event_id,
    figures.candidate_id,
    figures.count_low,
    figures.count_high,
    figures.count_best,
    figures.qualifier,
    figures.unit,
    figures.is_cumulative,
    figures.displacement_kind,
    figures.as_of_date,
    figures.as_of_date_source,
    figures.location_id,
    figures.location_source,
    figures.claimed_by,
    articles.outlet,
    articles.published_date,
    figures.sentence,
    figures.start_char,
    figures.end_char
from figures
left join articles on figures.article_id = articles.article_id
