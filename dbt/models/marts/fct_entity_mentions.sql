-- One row per entity mention in an article body.
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
