"""What the report shows, read over a read-only connection to the published copy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

SIDES = ("deaths_state_forces", "deaths_non_state", "deaths_civilians", "deaths_unknown")
SIDE_LABELS = {
    "deaths_state_forces": "state forces",
    "deaths_non_state": "non-state armed",
    "deaths_civilians": "civilians",
    "deaths_unknown": "unknown side",
}


@dataclass
class ReportData:
    events: list[dict] = field(default_factory=list)  # one per event with coordinates
    events_by_month: list[tuple] = field(default_factory=list)  # (month, event_type, n)
    deaths_by_month: list[tuple] = field(default_factory=list)  # (month, side label, deaths)
    displacement: list[dict] = field(default_factory=list)  # one per figure with an as-of date
    top_actors: list[tuple] = field(default_factory=list)  # (actor, n events)
    publication: dict = field(default_factory=dict)  # audit.publication's row
    n_events: int = 0
    n_articles: int = 0


def read_report_data(bi_copy: Path) -> ReportData:
    if not bi_copy.exists():
        raise FileNotFoundError(f"no published copy at {bi_copy}: run `make run` first")
    con = duckdb.connect(str(bi_copy), read_only=True)
    try:
        return _read(con)
    finally:
        con.close()


def _dicts(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def _read(con) -> ReportData:
    data = ReportData()
    data.n_events = con.execute("select count(*) from marts.fct_events").fetchone()[0]
    data.n_articles = con.execute("select count(*) from marts.dim_articles").fetchone()[0]
    data.events = _dicts(
        con,
        """
        select e.event_id, e.event_date, e.event_type, e.sub_event_type, e.fatalities_best,
               l.name as place, l.admin1, l.latitude, l.longitude, e.n_articles
        from marts.fct_events e join marts.dim_locations l using (location_id)
        where l.latitude is not null and l.longitude is not null
        order by e.event_date nulls last, e.event_id""",
    )
    data.events_by_month = con.execute("""
        select strftime(event_date, '%Y-%m') as month, event_type, count(*) as n
        from marts.fct_events where event_date is not null
        group by all order by month, event_type""").fetchall()
    unpivot = " union all ".join(
        f"select strftime(event_date, '%Y-%m') as month, '{SIDE_LABELS[s]}' as side, sum({s}) as deaths "
        f"from marts.fct_events where event_date is not null and {s} > 0 group by 1"
        for s in SIDES
    )
    data.deaths_by_month = con.execute(f"select * from ({unpivot}) order by month, side").fetchall()
    data.displacement = _dicts(
        con,
        """
        select d.as_of_date, d.count_best, d.displacement_kind, l.name as place, d.outlet, d.sentence
        from marts.fct_displacement d left join marts.dim_locations l using (location_id)
        where d.as_of_date is not null and d.count_best is not null
        order by d.as_of_date, d.displacement_id""",
    )
    data.top_actors = con.execute("""
        with involved as (
            select event_id, actor1_id as actor_id from marts.fct_events where actor1_id is not null
            union
            select event_id, actor2_id from marts.fct_events where actor2_id is not null)
        select coalesce(a.acronym, a.name) as actor, count(distinct event_id) as n
        from involved join marts.dim_actors a using (actor_id)
        group by all order by n desc, actor limit 10""").fetchall()
    tables = {
        r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'audit'").fetchall()
    }
    if "publication" in tables:
        rows = _dicts(con, "select * from audit.publication")
        data.publication = rows[0] if rows else {}
    return data
