-- Maps every place to the site it stands for when reports of one event are merged.
--
-- Reports name one place at different depths or spellings, and each becomes its own location_id: "Khawmawi"
-- with no unit, "Khawmawi" in Chin State, Khawmawi in Falam Township; an IDP camp and the village it is named
-- after; a town and the village of its name beside it. Two point places (town, village, other) can be one site
-- when
-- * they share a site key (the variant key of the name without a camp word; extract/nlp/sites.py),
-- * no unit both give differs (admin1, admin2 and admin3 each equal, or unknown on one side), and
-- * when both are gazetteer points, they lie at most var('same_site_max_km') apart.
-- A place maps to the most specific place it can be (in the gazetteer first, then the most units known, then
-- the finest geo precision, then town before village before other, then location_id), and only when exactly one
-- such most specific place fits it: it is never guessed between two sites. Units (townships, districts, ...)
-- are their own sites: an event told at a township stays at the township.

with places as (
    select
        *,
        (admin1 is not null)::int + (admin2 is not null)::int + (admin3 is not null)::int as n_units
    from {{ ref('stg_places') }}
),

point_places as (
    select
        *,
        row_number() over (
            order by
                in_gazetteer desc,
                n_units desc,
                geo_precision asc,
                case location_type when 'town' then 0 when 'village' then 1 else 2 end,
                location_id asc
        ) as specificity_rank
    from places
    where location_type in ('town', 'village', 'other') and site_key is not null
),

compatible as (
    select a.location_id, b.location_id as other_id, b.specificity_rank as other_rank
    from point_places as a
    inner join point_places as b
        on a.site_key = b.site_key
        and a.location_id <> b.location_id
        and (a.admin1 is null or b.admin1 is null or a.admin1 = b.admin1)
        and (a.admin2 is null or b.admin2 is null or a.admin2 = b.admin2)
        and (a.admin3 is null or b.admin3 is null or a.admin3 = b.admin3)
    where not (
        a.in_gazetteer and b.in_gazetteer
        and a.latitude is not null and b.latitude is not null
        -- haversine distance in km
        and 2 * 6371 * asin(sqrt(
            power(sin(radians(b.latitude - a.latitude) / 2), 2)
            + cos(radians(a.latitude)) * cos(radians(b.latitude))
            * power(sin(radians(b.longitude - a.longitude) / 2), 2)
        )) > {{ var('same_site_max_km') }}
    )
),

-- the most specific places: no compatible place ranks before them
tops as (
    select point_places.location_id
    from point_places
    where not exists (
        select 1 from compatible
        where
            compatible.location_id = point_places.location_id
            and compatible.other_rank < point_places.specificity_rank
    )
),

fits as (
    select compatible.location_id, compatible.other_id as site_location_id
    from compatible
    inner join tops on compatible.other_id = tops.location_id
    inner join point_places on compatible.location_id = point_places.location_id
    where compatible.other_rank < point_places.specificity_rank
),

single_fits as (
    select location_id, any_value(site_location_id) as site_location_id
    from fits
    group by location_id
    having count(*) = 1
)

select
    places.location_id,
    coalesce(single_fits.site_location_id, places.location_id) as site_location_id
from places
left join single_fits on places.location_id = single_fits.location_id
