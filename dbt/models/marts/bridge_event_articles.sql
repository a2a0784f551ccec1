-- One row per (event, article reporting it). The sentence is the article's first evidence
-- sentence for the event (smallest start_char).
-- Built after the marts its keys refer to, so the relationship tests run in this model's task (dbt build
-- --indirect-selection buildable): dim_articles.
-- depends_on: {{ ref('dim_articles') }}

with candidates as (
    select * from {{ ref('int_event_candidates_keyed') }}
)

select
    event_id,
    article_id,
    sentence,
    start_char,
    end_char,
    cast(count(*) over (partition by event_id, article_id) as bigint) as n_candidates
from candidates
qualify row_number() over (
    partition by event_id, article_id
    order by start_char, end_char, candidate_id
) = 1
