-- Renaming and casting only. The article text itself stays in raw.articles (it is large and
-- no model needs it; offsets in the marts point into raw.articles.text). Quarantined articles
-- (raw.quarantine: extraction could not handle them) are left out until released.
with source as (
    select * from {{ source('raw', 'articles') }}
    where article_id not in (select quarantine.article_id from {{ source('raw', 'quarantine') }} as quarantine)
),

renamed as (
    select
        cast(article_id as varchar)    as article_id,
        cast(content_hash as varchar)  as content_hash,
        cast(source_file as varchar)   as source_file,
        cast(source_path as varchar)   as source_path,
        cast(source_format as varchar) as source_format,
        cast(source_line as integer)   as source_line,
        cast(title as varchar)         as title,
        cast(url as varchar)           as url,
        cast(outlet as varchar)        as outlet,
        cast(published_raw as varchar) as published_raw,
        cast(n_chars as integer)       as n_chars,
        cast(first_run_id as varchar)  as first_run_id,
        cast(ingested_at as timestamp) as ingested_at
    from source
)

select * from renamed
