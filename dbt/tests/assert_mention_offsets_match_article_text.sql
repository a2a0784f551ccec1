{{ config(severity = 'warn') }}
-- A mention's offsets point at its text inside the article (raw.articles.text, 0-based, end
-- exclusive). Warn only: normalisation differences in real data should not block a run.
select
    mentions.mention_id,
    mentions.article_id,
    mentions.text,
    substring(articles.text, mentions.start_char + 1, mentions.end_char - mentions.start_char) as text_at_offsets
from {{ ref('fct_entity_mentions') }} as mentions
inner join {{ source('raw', 'articles') }} as articles on articles.article_id = mentions.article_id
where mentions.end_char > length(articles.text)
    or substring(articles.text, mentions.start_char + 1, mentions.end_char - mentions.start_char)
        is distinct from mentions.text
