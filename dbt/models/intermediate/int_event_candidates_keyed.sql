-- Gives every event candidate the id of the event it belongs to.
--
-- 0. Each candidate's place is taken as its site (int_location_sites): reports naming one village with and
--    without its township, spelling it differently, or naming the camp instead of its village, key alike.
-- 1. Exact key: candidates from any article sharing (event_date, location_id, event_type), none null, are
--    one group. A candidate with no date or no place cannot be matched safely with other articles: its key
--    also holds its article_id, so it only merges with the same event restated in its own article.
-- 2. Reports that differ a little: a group joins another group of the same type, whose dates are at most one
--    day apart and which share no article (an article's own distinct events never merge), when
--    - both are at the same place (one outlet dates the night's attack a day later), or
--    - its place is a unit (Township, District, State/Region) containing the other's place (one outlet names
--      the township, the other the village: the event is at the more precise place, as ACLED codes it), or a
--      Township in whose State/Region lies a village the gazetteer does not list and its report placed in no
--      township.
--    Same-place joins come first, then unit joins between the groups they make; a group joins only when
--    exactly one group fits (no guessing between two).
-- event_id = 'evt_' || md5(event_key) of the group it ends in, so re-runs over the same input give the same ids.

with candidates as (
    select
        stg_event_candidates.* replace (sites.site_location_id as location_id),
        stg_event_candidates.location_id as reported_location_id
    from {{ ref('stg_event_candidates') }} as stg_event_candidates
    left join {{ ref('int_location_sites') }} as sites
        on stg_event_candidates.location_id = sites.location_id
),

figures as (
    select * from {{ ref('stg_figures') }}
),

keyed as (
    select
        candidates.*,
        (candidates.event_date is not null and candidates.location_id is not null) as is_cross_article_key,
        case
            when candidates.event_date is not null and candidates.location_id is not null
                then
                    concat_ws(
                        '|', strftime(candidates.event_date, '%Y-%m-%d'), candidates.location_id, candidates.event_type
                    )
            else concat_ws(
                '|',
                'article',
                candidates.article_id,
                coalesce(strftime(candidates.event_date, '%Y-%m-%d'), '-'),
                coalesce(candidates.location_id, '-'),
                candidates.event_type
            )
        end as event_key
    from candidates
),

places as (
    select location_id, location_type, admin1, admin2, admin3 from {{ ref('stg_places') }}
),

groups as (
    select
        event_key,
        any_value(event_date) as event_date,
        any_value(location_id) as location_id,
        any_value(event_type) as event_type,
        list(distinct article_id) as articles
    from keyed
    where is_cross_article_key
    group by event_key
),

-- 2a. the same place, a day apart
date_fits as (
    select later.event_key as child_key, earlier.event_key as parent_key
    from groups as later
    inner join groups as earlier
        on later.event_type = earlier.event_type
        and later.location_id = earlier.location_id
        and date_diff('day', earlier.event_date, later.event_date) = 1
        and not list_has_any(later.articles, earlier.articles)
),

date_joins as (
    select child_key, any_value(parent_key) as parent_key
    from date_fits
    group by child_key
    having count(*) = 1
),

day_groups as (
    select
        coalesce(date_joins.parent_key, groups.event_key) as group_key,
        groups.event_key
    from groups
    left join date_joins on groups.event_key = date_joins.child_key
),

merged_groups as (
    select
        day_groups.group_key,
        any_value(groups.event_date) filter (where groups.event_key = day_groups.group_key) as event_date,
        any_value(groups.location_id) as location_id,
        any_value(groups.event_type) as event_type,
        list_distinct(flatten(list(groups.articles))) as articles
    from day_groups
    inner join groups on day_groups.event_key = groups.event_key
    group by day_groups.group_key
),

placed_groups as (
    select merged_groups.*, places.location_type, places.admin1, places.admin2, places.admin3
    from merged_groups
    left join places on merged_groups.location_id = places.location_id
),

-- 2b. a unit containing the other's place: one join per kind of unit, on the admin code the two share (one
-- join with the cases or'ed compared every two groups of a type: a billion pairs at 10,000 articles). The last
-- kind: a village the gazetteer does not list, whose township its report left unsaid, in a township's
-- State/Region (still only when exactly one group fits).
{%- set unit_kinds = [
    {"unit": "township", "shared": "admin3", "inside": ["village", "town", "village_tract", "other"]},
    {"unit": "district", "shared": "admin2", "inside": ["village", "town", "village_tract", "other", "township"]},
    {
        "unit": "state_region",
        "shared": "admin1",
        "inside": ["village", "town", "village_tract", "other", "township", "district"],
    },
    {"unit": "township", "shared": "admin1", "inside": ["village", "other"], "unlisted": true},
] %}
unit_fits as (
    {%- for kind in unit_kinds %}
        {%- if not loop.first %}

            union all
        {% endif %}

        select
            unit.group_key as child_key,
            inner_place.group_key as parent_key
        from placed_groups as unit
        inner join placed_groups as inner_place
            on
            unit.event_type = inner_place.event_type
            and unit.{{ kind.shared }} = inner_place.{{ kind.shared }}
        where
            unit.location_type = '{{ kind.unit }}'
            and inner_place.location_type in (
                '{{ kind.inside | join("', '") }}'
            )
            {%- if kind.unlisted %}
                and inner_place.admin3 is null
            {%- endif %}
            and unit.location_id <> inner_place.location_id
            and abs(date_diff('day', unit.event_date, inner_place.event_date)) <= 1
            and not list_has_any(unit.articles, inner_place.articles)
    {%- endfor %}
),

unit_joins as (
    select child_key, any_value(parent_key) as parent_key
    from unit_fits
    group by child_key
    having count(*) = 1
),

resolved as (
    select
        day_groups.event_key,
        coalesce(unit_joins.parent_key, day_groups.group_key) as group_key
    from day_groups
    left join unit_joins on day_groups.group_key = unit_joins.child_key
),

-- A candidate "carries a figure" when a casualty/displacement figure is linked to it, or sits
-- inside its sentence. Used to pick the event's summary sentence.
figure_candidates as (
    select candidate_id
    from figures
    where candidate_id is not null

    union

    select candidates.candidate_id
    from candidates
    inner join figures
        on candidates.article_id = figures.article_id
        and candidates.start_char <= figures.start_char
        and candidates.end_char >= figures.end_char
)

select
    'evt_' || md5(coalesce(resolved.group_key, keyed.event_key)) as event_id,
    coalesce(resolved.group_key, keyed.event_key) as event_key,
    keyed.event_key as candidate_key,
    keyed.is_cross_article_key,
    keyed.candidate_id,
    keyed.article_id,
    keyed.event_date,
    keyed.date_precision,
    keyed.event_type,
    keyed.sub_event_type,
    keyed.actor1_id,
    keyed.actor2_id,
    keyed.location_id,
    keyed.reported_location_id,
    keyed.sentence,
    keyed.start_char,
    keyed.end_char,
    keyed.candidate_id in (select figure_candidates.candidate_id from figure_candidates) as carries_figure
from keyed
left join resolved on keyed.event_key = resolved.event_key
