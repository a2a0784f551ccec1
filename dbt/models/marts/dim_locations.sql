-- One row per place named in the articles: the places that a mention, an event candidate or a
-- figure refers to, and the country a national displacement figure is placed in.
-- pcode holds one MIMU code: a unit MIMU splits in several (Shan State: MMR014|MMR015|MMR016) has
-- pcode null and all its codes in pcodes. admin1_pcode / admin3_pcode are the State/Region and
-- Township codes read from a MIMU code (MMR + 3 digits, + 3 more for the township), for joins to
-- boundary files.

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

    union

    select location_id
    from {{ ref('int_displacement_figures') }}
    where location_id is not null
),

coded as (
    select
        places.*,
        case when places.pcode is not null then string_split(places.pcode, '|') end as pcodes,
        case when places.pcode is not null and places.pcode not like '%|%' then places.pcode end as one_pcode
    from places
    where places.location_id in (select referenced.location_id from referenced)
)

select
    location_id,
    location_name as name,
    location_type,
    admin1,
    admin2,
    admin3,
    latitude,
    longitude,
    one_pcode as pcode,
    pcodes,
    case when regexp_matches(one_pcode, '^MMR[0-9]{3}') then left(one_pcode, 6) end as admin1_pcode,
    case when regexp_matches(one_pcode, '^MMR[0-9]{6}') then left(one_pcode, 9) end as admin3_pcode,
    geo_precision,
    in_gazetteer
from coded
