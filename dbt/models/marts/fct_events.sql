-- One row per real-world event, merged across every article that reports it (see
-- int_event_candidates_keyed for what makes one event and int_events / int_event_fatalities for
-- how its attributes and fatalities are chosen).
-- n_outlets counts distinct outlets (case- and space-insensitive); an article with no known outlet
-- counts as its own outlet.
-- Built after the marts its keys refer to, so the relationship tests run in this model's task (dbt build
-- --indirect-selection buildable): dim_actors, dim_locations.
-- depends_on: {{ ref('dim_actors') }}
-- depends_on: {{ ref('dim_locations') }}

with events as (
    select * from {{ ref('int_events') }}
),

fatalities as (
    select * from {{ ref('int_event_fatalities') }}
),

places as (
    select location_id, geo_precision from {{ ref('stg_places') }}
),

reports as (
    select
        bridge.event_id,
        bridge.article_id,
        articles.published_date,
        coalesce(
            'outlet:' || nullif(lower(trim(articles.outlet)), ''),
            'article:' || bridge.article_id
        ) as outlet_key
    from {{ ref('bridge_event_articles') }} as bridge
    left join {{ ref('dim_articles') }} as articles on bridge.article_id = articles.article_id
),

report_stats as (
    select
        event_id,
        count(distinct article_id) as n_articles,
        count(distinct outlet_key) as n_outlets,
        min(published_date) as first_published_date
    from reports
    group by event_id
)

select
    events.event_id,
    events.event_date,
    events.date_precision,
    events.event_type,
    events.sub_event_type,
    events.actor1_id,
    events.actor2_id,
    events.location_id,
    places.geo_precision,
    fatalities.fatalities_low,
    fatalities.fatalities_best,
    fatalities.fatalities_high,
    fatalities.deaths_state_forces,
    fatalities.deaths_non_state,
    fatalities.deaths_civilians,
    fatalities.deaths_unknown,
    fatalities.injured,
    fatalities.captured,
    cast(coalesce(report_stats.n_articles, 0) as bigint) as n_articles,
    cast(coalesce(report_stats.n_outlets, 0) as bigint) as n_outlets,
    report_stats.first_published_date,
    events.summary,
    events.n_candidates,
    events.is_cross_article_key
from events
left join fatalities on events.event_id = fatalities.event_id
left join places on events.location_id = places.location_id
left join report_stats on events.event_id = report_stats.event_id
