-- fct_events.n_articles equals the articles bridge_event_articles links to the event, and every
-- event has at least one article.
with bridge as (
    select event_id, count(*) as n_bridge
    from {{ ref('bridge_event_articles') }}
    group by event_id
)

select events.event_id, events.n_articles, bridge.n_bridge
from {{ ref('fct_events') }} as events
left join bridge on bridge.event_id = events.event_id
where bridge.n_bridge is null
    or events.n_articles <> bridge.n_bridge
    or events.n_outlets > events.n_articles
    or events.n_outlets < 1
