with source as (
    select * from {{ source('raw', 'event_candidates') }}
),

renamed as (
    select
        cast(candidate_id as varchar)   as candidate_id,
        cast(article_id as varchar)     as article_id,
        cast(event_date as date)        as event_date,
        cast(date_precision as integer) as date_precision,
        cast(event_type as varchar)     as event_type,
        cast(sub_event_type as varchar) as sub_event_type,
        cast(actor1_id as varchar)      as actor1_id,
        cast(actor2_id as varchar)      as actor2_id,
        cast(location_id as varchar)    as location_id,
        cast(sentence as varchar)       as sentence,
        cast(start_char as integer)     as start_char,
        cast(end_char as integer)       as end_char
    from source
)

select * from renamed
