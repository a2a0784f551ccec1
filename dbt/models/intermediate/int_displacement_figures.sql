-- Every displacement figure with its place, its as-of date and whether it is a stock or a flow.
--
-- Place, the most specific one the sentence or its story gives:
--   1. the figure's own (the place its sentence gives, raw.figures.location_id);
--   2. the place of the event it is linked to (raw.figures.candidate_id);
--   3. for a flow ("2,500 fled"), the place of the story it is told in: the article's nearest event told
--      before it (else the first told after it);
--   4. else (a stock with no place, such as "3 million displaced since the coup", or an article with no
--      placed event) the country the articles report on (var home_country_pcode).
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

story as (
    -- the article's placed event candidate nearest before each unplaced flow figure, else the first after it
    select figures.figure_id, candidates.location_id
    from {{ ref('stg_event_candidates') }} as candidates
    inner join figures
        on candidates.article_id = figures.article_id
        and figures.location_id is null
        and not coalesce(figures.is_cumulative, false)
    where candidates.location_id is not null
    qualify row_number() over (
        partition by figures.figure_id
        order by
            candidates.start_char > figures.start_char,
            abs(figures.start_char - candidates.start_char), candidates.candidate_id
    ) = 1
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
    coalesce(figures.location_id, candidates.location_id, story.location_id, country.location_id) as location_id,
    case
        when figures.location_id is not null then 'sentence'
        when candidates.location_id is not null then 'event'
        when story.location_id is not null then 'story'
        when country.location_id is not null then 'country'
    end as location_source,
    figures.claimed_by,
    figures.sentence,
    figures.start_char,
    figures.end_char
from figures
left join candidates on figures.candidate_id = candidates.candidate_id
left join story on figures.figure_id = story.figure_id
left join articles on figures.article_id = articles.article_id
cross join country
