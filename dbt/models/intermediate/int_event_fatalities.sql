-- The toll of each event, UCDP style, from the casualty figures linked to its candidates
-- (raw.figures.candidate_id). The reconciliation rule is written in int_event_fatalities.yml.
--
-- 1. Only one event's figures count: period totals (is_cumulative, "killed since the coup") never add in.
-- 2. Per report (one article): its figures of a category are added up - low = sum of lows, best = sum of
--    bests (the low where no best is given), high = sum of highs, or the best sum when any figure of the
--    report is open-ended ("more than 90").
-- 3. Across the reports of the event: low = the smallest report low (the lowest credible), best = the
--    largest report best, high = the largest report high.
-- 4. Deaths by side come from the report that gives the best (ties: more killed figures, then the
--    smallest article_id), so they always add up to fatalities_best.
-- 5. Injured and captured: the largest report sum, as for the best.

with candidates as (
    select candidate_id, event_id from {{ ref('int_event_candidates_keyed') }}
),

figures as (
    select
        candidates.event_id,
        figures.article_id,
        figures.category,
        figures.party,
        figures.count_low,
        figures.count_high,
        coalesce(figures.count_best, figures.count_low) as count_best
    from {{ ref('stg_figures') }} as figures
    inner join candidates on candidates.candidate_id = figures.candidate_id
    where figures.figure_kind = 'casualty'
        and not coalesce(figures.is_cumulative, false)
),

killed_reports as (
    select
        event_id,
        article_id,
        sum(count_low) as report_low,
        sum(count_best) as report_best,
        case when bool_or(count_high is null) then sum(count_best) else sum(count_high) end as report_high,
        sum(count_best) filter (where party = 'state_forces') as state_forces,
        sum(count_best) filter (where party = 'non_state_armed') as non_state,
        sum(count_best) filter (where party = 'civilians') as civilians,
        sum(count_best) filter (where party is null or party not in ('state_forces', 'non_state_armed', 'civilians'))
            as unknown_side,
        count(*) as n_figures
    from figures
    where category = 'killed'
    group by event_id, article_id
),

killed as (
    select
        event_id,
        min(report_low) as fatalities_low,
        max(report_best) as fatalities_best,
        max(report_high) as fatalities_high,
        count(*) as n_articles_with_fatalities,
        sum(n_figures) as n_killed_figures
    from killed_reports
    group by event_id
),

best_report as (
    select *
    from killed_reports
    qualify row_number() over (
        partition by event_id order by report_best desc, n_figures desc, article_id
    ) = 1
),

other_reports as (
    select event_id, article_id, category, sum(count_best) as report_best
    from figures
    where category in ('injured', 'captured')
    group by event_id, article_id, category
),

others as (
    select
        event_id,
        max(report_best) filter (where category = 'injured') as injured,
        max(report_best) filter (where category = 'captured') as captured
    from other_reports
    group by event_id
),

tolled_events as (
    select event_id from killed
    union
    select event_id from others
)

select
    tolled_events.event_id,
    cast(killed.fatalities_low as bigint) as fatalities_low,
    cast(killed.fatalities_best as bigint) as fatalities_best,
    cast(killed.fatalities_high as bigint) as fatalities_high,
    cast(case when killed.event_id is not null then coalesce(best_report.state_forces, 0) end as bigint)
        as deaths_state_forces,
    cast(case when killed.event_id is not null then coalesce(best_report.non_state, 0) end as bigint)
        as deaths_non_state,
    cast(case when killed.event_id is not null then coalesce(best_report.civilians, 0) end as bigint)
        as deaths_civilians,
    cast(case when killed.event_id is not null then coalesce(best_report.unknown_side, 0) end as bigint)
        as deaths_unknown,
    best_report.article_id as deaths_by_side_article_id,
    cast(others.injured as bigint) as injured,
    cast(others.captured as bigint) as captured,
    cast(coalesce(killed.n_articles_with_fatalities, 0) as bigint) as n_articles_with_fatalities,
    cast(coalesce(killed.n_killed_figures, 0) as bigint) as n_killed_figures
from tolled_events
left join killed on killed.event_id = tolled_events.event_id
left join best_report on best_report.event_id = tolled_events.event_id
left join others on others.event_id = tolled_events.event_id
