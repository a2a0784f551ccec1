-- Every displacement figure with its place, its as-of date and whether it is a stock or a flow.
--
-- Place: the figure's own (the place its sentence gives, raw.figures.location_id); else the place of
--   the event it is linked to (its story); else the country the articles report on
--   (var home_country_pcode) - a national figure such as "3 million displaced since the coup".
-- As-of date: the date the figure's sentence gives (raw.figures.event_date); else the publication date
--   of the article (a figure is reported as of the day it is published).
-- Kind: 'stock' for a total over a period ("displaced since the coup", is_cumulative), else 'flow'
--   ("5,000 fled this week").

with figures as (
    select * from {{ ref('stg_figures') }}
    where figure_kind = 'displacement'
),

candidates as (
    select candidate_id, event_id, location_id from {{ ref('int_event_candidates_keyed') }}
),

articles as (
    select article_id, published_date from {{ ref('stg_article_metadata') }}
),

country as (
    select min(location_id) as location_id
    from {{ ref('stg_places') }}
    where location_type = 'country' and pcode = '{{ var("home_country_pcode") }}'
)

select
    figures.figure_id as displacement_id,
    figures.article_id,
    candidates.event_id,
    figures.candidate_id,
    figures.count_low,
    figures.count_high,
    figures.count_best,
    figures.qualifier,
    figures.unit,
    figures.is_cumulative,
    case when coalesce(figures.is_cumulative, false) then 'stock' else 'flow' end as displacement_kind,
    coalesce(figures.event_date, articles.published_date) as as_of_date,
    case
        when figures.event_date is not null then 'sentence'
        when articles.published_date is not null then 'published_date'
    end as as_of_date_source,
    coalesce(figures.location_id, candidates.location_id, country.location_id) as location_id,
    case
        when figures.location_id is not null then 'sentence'
        when candidates.location_id is not null then 'event'
        when country.location_id is not null then 'country'
    end as location_source,
    figures.claimed_by,
    figures.sentence,
    figures.start_char,
    figures.end_char
from figures
left join candidates on candidates.candidate_id = figures.candidate_id
left join articles on articles.article_id = figures.article_id
cross join country
