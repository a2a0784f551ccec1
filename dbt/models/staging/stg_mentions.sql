with source as (
    select * from {{ source('raw', 'mentions') }}
),

renamed as (
    select
        cast(mention_id as varchar)     as mention_id,
        cast(article_id as varchar)     as article_id,
        cast(entity_type as varchar)    as entity_type,
        cast(entity_id as varchar)      as entity_id,
        cast(text as varchar)           as mention_text,
        cast(start_char as integer)     as start_char,
        cast(end_char as integer)       as end_char,
        cast(sentence_start as integer) as sentence_start,
        cast(sentence_end as integer)   as sentence_end
    from source
)

select * from renamed
