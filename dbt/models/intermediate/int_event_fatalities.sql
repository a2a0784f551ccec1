-- The toll of each event, UCDP style, from the casualty figures linked to its candidates
-- (raw.figures.candidate_id). The reconciliation rule is written in int_event_fatalities.yml.
--
-- 1. Only one event's figures count: period totals (is_cumulative, "killed since the coup") never add in.
-- 2. Per report (one article): killed figures are added up within a sentence by side - low = sum of lows,
--    best = sum of bests (the low where no best is given), high = sum of highs, or the best sum when any is
--    open-ended ("more than 90"); a side's toll is the largest its sentences give (a restatement adds
--    nothing); the named sides are added up, and a toll of no named side is another reading of the same
--    deaths: the report's best is the larger reading, its low the smaller.
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
        coalesce(figures.count_best, figures.count_low) as count_best,
        figures.sentence
    from {{ ref('stg_figures') }} as figures
    inner join candidates on figures.candidate_id = candidates.candidate_id
    where
        figures.figure_kind = 'casualty'
        and not coalesce(figures.is_cumulative, false)
),

-- A report's killed figures, added up within each sentence by side ("90 soldiers and eight fighters").
killed_sentences as (
    select
        event_id,
        article_id,
        sentence,
        case when party in ('state_forces', 'non_state_armed', 'civilians') then party else 'unknown' end as side,
        sum(count_low) as low,
        sum(count_best) as best,
        case when bool_or(count_high is null) then sum(count_best) else sum(count_high) end as high,
        count(*) as n_figures
    from figures
    where category = 'killed'
    group by event_id, article_id, sentence, side
),

-- A side's toll in one report: its sentences are readings of the same deaths ("at least 40 people were killed
-- ... 41 people were killed" adds nothing): low the smallest, best and high the largest.
killed_sides as (
    select
        event_id, article_id, side, min(low) as low, max(best) as best, max(high) as high, sum(n_figures) as n_figures
    from killed_sentences
    group by event_id, article_id, side
),

-- A report's toll: its named sides added up; a toll of no named side may restate them ("41 killed" after
-- "40 civilians killed"), so the report's best is the larger of the two readings and its low the smaller.
killed_reports as (
    select
        event_id,
        article_id,
        sum(low) filter (where side <> 'unknown') as known_low,
        sum(best) filter (where side <> 'unknown') as known_best,
        sum(high) filter (where side <> 'unknown') as known_high,
        max(low) filter (where side = 'unknown') as unknown_low,
        max(best) filter (where side = 'unknown') as unknown_best,
        max(high) filter (where side = 'unknown') as unknown_high,
        max(best) filter (where side = 'state_forces') as state_forces,
        max(best) filter (where side = 'non_state_armed') as non_state,
        max(best) filter (where side = 'civilians') as civilians,
        sum(n_figures) as n_figures
    from killed_sides
    group by event_id, article_id
),

killed_readings as (
    select
        *,
        least(coalesce(known_low, unknown_low), coalesce(unknown_low, known_low)) as report_low,
        greatest(coalesce(known_best, 0), coalesce(unknown_best, 0)) as report_best,
        greatest(coalesce(known_high, 0), coalesce(unknown_high, 0)) as report_high,
        greatest(coalesce(known_best, 0), coalesce(unknown_best, 0)) - coalesce(known_best, 0) as unknown_side
    from killed_reports
),

killed as (
    select
        event_id,
        min(report_low) as fatalities_low,
        max(report_best) as fatalities_best,
        max(report_high) as fatalities_high,
        count(*) as n_articles_with_fatalities,
        sum(n_figures) as n_killed_figures
    from killed_readings
    group by event_id
),

best_report as (
    select *
    from killed_readings
    qualify row_number() over (
        partition by event_id
        order by report_best desc, n_figures desc, article_id asc
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
left join killed on tolled_events.event_id = killed.event_id
left join best_report on tolled_events.event_id = best_report.event_id
left join others on tolled_events.event_id = others.event_id
