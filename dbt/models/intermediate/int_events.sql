-- One row per event: the event's key and the attributes chosen from its candidates.
--
-- Choice rules (all deterministic):
-- * sub_event_type: the most specific one - any named sub-type beats a generic default
--   (armed_clash, attack, peaceful_protest), which beats 'other'; then the most frequent among the
--   candidates; then the alphabetically first.
-- * actor1_id: the most frequent non-null actor1_id; ties -> alphabetically first actor_id.
-- * actor2_id: the most frequent non-null actor2_id that differs from the chosen actor1_id; same ties.
-- * event_date, location_id: those of the candidates whose own key is the event's key (the group other
--   reports joined; see int_event_candidates_keyed).
-- * date_precision: the smallest (most precise) among the candidates.
-- * summary: a candidate sentence carrying a figure first, then the shortest; ties -> smallest
--   article_id, then smallest start_char.

with candidates as (
    select * from {{ ref('int_event_candidates_keyed') }}
),

events as (
    select
        event_id,
        min(event_key) as event_key,
        bool_and(is_cross_article_key) as is_cross_article_key,
        -- the date and place of the group the event is keyed by (reports that joined it may differ a little)
        coalesce(min(event_date) filter (where candidate_key = event_key), min(event_date)) as event_date,
        min(date_precision) as date_precision,
        min(event_type) as event_type,
        coalesce(min(location_id) filter (where candidate_key = event_key), min(location_id)) as location_id,
        count(*) as n_candidates
    from candidates
    group by event_id
),

sub_event_types as (
    select
        event_id,
        sub_event_type,
        count(*) as n_candidates,
        case
            when sub_event_type = 'other' then 0
            when sub_event_type in ('armed_clash', 'attack', 'peaceful_protest') then 1
            else 2
        end as specificity
    from candidates
    group by event_id, sub_event_type
),

chosen_sub_event_type as (
    select event_id, sub_event_type
    from sub_event_types
    qualify row_number() over (
        partition by event_id
        order by specificity desc, n_candidates desc, sub_event_type asc
    ) = 1
),

actor1_votes as (
    select event_id, actor1_id as actor_id, count(*) as n_candidates
    from candidates
    where actor1_id is not null
    group by event_id, actor1_id
),

chosen_actor1 as (
    select event_id, actor_id
    from actor1_votes
    qualify row_number() over (
        partition by event_id
        order by n_candidates desc, actor_id asc
    ) = 1
),

actor2_votes as (
    select event_id, actor2_id as actor_id, count(*) as n_candidates
    from candidates
    where actor2_id is not null
    group by event_id, actor2_id
),

chosen_actor2 as (
    select actor2_votes.event_id, actor2_votes.actor_id
    from actor2_votes
    left join chosen_actor1 on actor2_votes.event_id = chosen_actor1.event_id
    where chosen_actor1.actor_id is distinct from actor2_votes.actor_id
    qualify row_number() over (
        partition by actor2_votes.event_id
        order by actor2_votes.n_candidates desc, actor2_votes.actor_id asc
    ) = 1
),

chosen_summary as (
    select event_id, sentence as summary
    from candidates
    qualify row_number() over (
        partition by event_id
        order by carries_figure desc, length(sentence), article_id asc, start_char asc, candidate_id asc
    ) = 1
)

select
    events.event_id,
    events.event_key,
    events.is_cross_article_key,
    events.event_date,
    events.date_precision,
    events.event_type,
    chosen_sub_event_type.sub_event_type,
    chosen_actor1.actor_id as actor1_id,
    chosen_actor2.actor_id as actor2_id,
    events.location_id,
    cast(events.n_candidates as bigint) as n_candidates,
    chosen_summary.summary
from events
left join chosen_sub_event_type on events.event_id = chosen_sub_event_type.event_id
left join chosen_actor1 on events.event_id = chosen_actor1.event_id
left join chosen_actor2 on events.event_id = chosen_actor2.event_id
left join chosen_summary on events.event_id = chosen_summary.event_id
