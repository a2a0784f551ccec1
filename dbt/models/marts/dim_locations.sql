-- One row per place named in the articles: the places that a mention, an event candidate or a
-- figure refers to.

with places as (
    select * from {{ ref('stg_places') }}
),

referenced as (
    select entity_id as location_id
    from {{ ref('stg_mentions') }}
    where entity_type = 'location' and entity_id is not null

    union

    select location_id
    from {{ ref('stg_event_candidates') }}
    where location_id is not null

    union

    select location_id
    from {{ ref('stg_figures') }}
    where location_id is not null
)

select
    places.location_id,
    places.location_name as name,
    places.location_type,
    places.admin1,
    places.admin2,
    places.admin3,
    places.latitude,
    places.longitude,
    places.pcode,
    places.geo_precision,
    places.in_gazetteer
from places
where places.location_id in (select location_id from referenced)
