-- The latest reported displacement per area: for every country, State/Region and Township that a
-- figure is placed in, and each kind (stock, flow), the figure with the latest as-of date.
-- Area of a figure: its place's own level for a country or State/Region; the place's Township for a
-- township or anything inside one (town, village tract, village, camp); a district stays a district.
-- Ties on the date: the later published report, then the larger best count, then displacement_id.

with figures as (
    select * from {{ ref('fct_displacement') }}
),

places as (
    select * from {{ ref('dim_locations') }}
),

areas as (
    select
        figures.*,
        places.name as place_name,
        places.location_type as place_type,
        places.admin1,
        places.admin3,
        case
            when places.location_type in ('country', 'state_region', 'district') then places.location_type
            when places.admin3 is not null then 'township'
        end as area_level,
        case
            when places.location_type in ('country', 'district') then places.name
            when places.location_type = 'state_region' then coalesce(places.admin1, places.name)
            when places.admin3 is not null then places.admin3
        end as area_name,
        case
            when places.location_type = 'state_region' then places.admin1_pcode
            when places.location_type in ('country', 'district') then places.pcode
            else places.admin3_pcode
        end as area_pcode
    from figures
    inner join places on figures.location_id = places.location_id
),

ranked as (
    select
        *,
        count(*) over (partition by area_level, area_name, displacement_kind) as n_reports,
        max(area_pcode) over (partition by area_level, area_name) as area_code
    from areas
    where area_level is not null
    qualify row_number() over (
        partition by area_level, area_name, displacement_kind
        order by
            as_of_date desc nulls last, published_date desc nulls last, count_best desc nulls last,
            displacement_id asc
    ) = 1
)

select
    area_level,
    area_name,
    area_code as area_pcode,
    admin1,
    displacement_kind,
    count_low,
    count_best,
    count_high,
    qualifier,
    unit,
    as_of_date,
    as_of_date_source,
    place_name,
    place_type,
    location_id,
    outlet,
    claimed_by,
    published_date,
    article_id,
    displacement_id,
    sentence,
    cast(n_reports as bigint) as n_reports
from ranked
