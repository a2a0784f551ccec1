with source as (
    select * from {{ source('raw', 'figures') }}
),

renamed as (
    select
        cast(figure_id as varchar)     as figure_id,
        cast(article_id as varchar)    as article_id,
        cast(candidate_id as varchar)  as candidate_id,
        cast(kind as varchar)          as figure_kind,
        cast(category as varchar)      as category,
        cast(party as varchar)         as party,
        cast(actor_id as varchar)      as actor_id,
        cast(count_low as bigint)      as count_low,
        cast(count_high as bigint)     as count_high,
        cast(count_best as bigint)     as count_best,
        cast(qualifier as varchar)     as qualifier,
        cast(unit as varchar)          as unit,
        cast(is_cumulative as boolean) as is_cumulative,
        cast(claimed_by as varchar)    as claimed_by,
        cast(event_date as date)       as event_date,
        cast(location_id as varchar)   as location_id,
        cast(sentence as varchar)      as sentence,
        cast(start_char as integer)    as start_char,
        cast(end_char as integer)      as end_char
    from source
)

select * from renamed
