-- One row per canonical actor of the actor dictionary used by extraction.
select
    actor_id,
    actor_name as name,
    acronym,
    actor_type,
    aliases
from {{ ref('stg_actors') }}
