with source as (
    select * from {{ source('raw', 'places') }}
),

renamed as (
    select
        cast(location_id as varchar)   as location_id,
        cast(name as varchar)          as location_name,
        cast(location_type as varchar) as location_type,
        cast(admin1 as varchar)        as admin1,
        cast(admin2 as varchar)        as admin2,
        cast(admin3 as varchar)        as admin3,
        cast(latitude as double)       as latitude,
        cast(longitude as double)      as longitude,
        cast(pcode as varchar)         as pcode,
        cast(geo_precision as integer) as geo_precision,
        cast(in_gazetteer as boolean)  as in_gazetteer,
        cast(site_key as varchar)      as site_key
    from source
)

select * from renamed
