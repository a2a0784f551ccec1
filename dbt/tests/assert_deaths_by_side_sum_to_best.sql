-- UCDP's split of the best figure by who died adds up to it, on every event with a toll.
select event_id, fatalities_best, deaths_state_forces, deaths_non_state, deaths_civilians, deaths_unknown
from {{ ref('fct_events') }}
where fatalities_best is not null
    and fatalities_best
        is distinct from deaths_state_forces + deaths_non_state + deaths_civilians + deaths_unknown
