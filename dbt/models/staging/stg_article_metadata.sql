with source as (
    select * from {{ source('raw', 'article_metadata') }}
),

renamed as (
    select
        cast(article_id as varchar)            as article_id,
        cast(title as varchar)                 as title,
        cast(outlet as varchar)                as outlet,
        cast(published_date as date)           as published_date,
        cast(published_date_source as varchar) as published_date_source,
        cast(duplicate_of as varchar)          as duplicate_of,
        cast(body_start as integer)            as body_start,
        cast(body_end as integer)              as body_end,
        cast(n_boilerplate_lines as integer)   as n_boilerplate_lines,
        cast(extractor_version as varchar)     as extractor_version
    from source
)

select * from renamed
