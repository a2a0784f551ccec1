with source as (
    select * from {{ source('raw', 'actors') }}
),

renamed as (
    select
        cast(actor_id as varchar)     as actor_id,
        cast(name as varchar)         as actor_name,
        cast(acronym as varchar)      as acronym,
        cast(actor_type as varchar)   as actor_type,
        cast(aliases as varchar[])    as aliases
    from source
)

select * from renamed
