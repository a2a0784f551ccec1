-- (varchar[] below: the DuckDB dialect of SQLFluff wants "varchar []", hence its noqa)
with source as (
    select * from {{ source('raw', 'actors') }}
),

renamed as (
    select
        cast(actor_id as varchar)   as actor_id,
        cast(name as varchar)       as actor_name,
        cast(acronym as varchar)    as acronym,
        cast(actor_type as varchar) as actor_type,
        cast(aliases as varchar[])  as aliases  -- noqa: LT01
    from source
)

select * from renamed
