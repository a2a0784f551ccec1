-- One row per entity mention in an article body.
-- Built after the marts its keys refer to, so the relationship tests run in this model's task (dbt build
-- --indirect-selection buildable): dim_articles, dim_actors, dim_locations.
-- depends_on: {{ ref('dim_articles') }}
-- depends_on: {{ ref('dim_actors') }}
-- depends_on: {{ ref('dim_locations') }}
select
    mention_id,
    article_id,
    entity_type,
    entity_id,
    mention_text as text,
    start_char,
    end_char,
    sentence_start,
    sentence_end
from {{ ref('stg_mentions') }}
