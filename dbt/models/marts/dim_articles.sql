-- One row per distinct input article: raw.articles joined with what extraction found about it
-- (raw.article_metadata). Title and outlet come from extraction's metadata and fall back to the
-- article's own (input metadata); blank strings count as missing. An article with no metadata row
-- has no published_date, published_date_source 'none' and no duplicate_of.

with articles as (
    select * from {{ ref('stg_articles') }}
),

metadata as (
    select * from {{ ref('stg_article_metadata') }}
)

select
    articles.article_id,
    regexp_replace(articles.source_file, '^.*[/\\]', '') as source_file,
    coalesce(nullif(trim(metadata.outlet), ''), nullif(trim(articles.outlet), '')) as outlet,
    coalesce(nullif(trim(metadata.title), ''), nullif(trim(articles.title), '')) as title,
    metadata.published_date,
    coalesce(metadata.published_date_source, 'none') as published_date_source,
    metadata.duplicate_of,
    articles.n_chars,
    articles.ingested_at,
    articles.url,
    articles.source_format,
    articles.published_raw,
    metadata.extractor_version
from articles
left join metadata on articles.article_id = metadata.article_id
