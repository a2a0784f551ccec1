-- The merge rule: no two events share a known (event_date, location_id, event_type).
select event_date, location_id, event_type, count(*) as n_events
from {{ ref('fct_events') }}
where event_date is not null and location_id is not null
group by event_date, location_id, event_type
having count(*) > 1
