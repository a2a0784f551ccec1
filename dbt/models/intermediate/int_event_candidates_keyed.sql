-- Gives every event candidate the id of the event it belongs to.
--
-- An event is one (event_date, location_id, event_type): candidates from any article sharing all
-- three (none null) belong to the same event. A candidate with no date or no place cannot be matched
-- safely with other articles, so its key also holds its article_id: it only merges with candidates
-- of the same article that have the same date/place/type (the same event restated in the article).
-- event_id = 'evt_' || md5(key), so re-runs over the same input give the same ids.

with candidates as (
    select * from {{ ref('stg_event_candidates') }}
),

figures as (
    select * from {{ ref('stg_figures') }}
),

keyed as (
    select
        candidates.*,
        (event_date is not null and location_id is not null) as is_cross_article_key,
        case
            when event_date is not null and location_id is not null
                then concat_ws('|', strftime(event_date, '%Y-%m-%d'), location_id, event_type)
            else concat_ws(
                '|',
                'article',
                article_id,
                coalesce(strftime(event_date, '%Y-%m-%d'), '-'),
                coalesce(location_id, '-'),
                event_type
            )
        end as event_key
    from candidates
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
        on figures.article_id = candidates.article_id
        and figures.start_char >= candidates.start_char
        and figures.end_char <= candidates.end_char
)

select
    'evt_' || md5(keyed.event_key) as event_id,
    keyed.event_key,
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
    keyed.sentence,
    keyed.start_char,
    keyed.end_char,
    keyed.candidate_id in (select candidate_id from figure_candidates) as carries_figure
from keyed
