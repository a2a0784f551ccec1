"""BI queries at scale: a published copy grown to 1,000,000 events, and three queries a dashboard runs, timed.

`synthesise(source, out, events)` writes a copy with the marts BI tools read (`fct_events`, `dim_locations`,
`dim_actors`, `dim_articles`, `bridge_event_articles`) built from a real published copy's rows: event i takes
the types, actors and tolls of source event i mod n, a date spread over 2021-02 to 2026-11, and one of 20,000
places made from the source's places (same State/Region and Township, points moved up to half a degree);
each event has one to three reports among 200,000 articles of the source's outlets. Rows are stored in date
order, as daily runs append them. `run_bi_queries(bi_path)` synthesises such a copy from `bi_path` in a temp
folder, opens it read-only as BI tools do, runs each query once to warm up and `repeat` more times, and
returns the median milliseconds per query. It asserts nothing (targets are read from its output: <= 100 ms).

    python -m tests.bench.bi_queries [BI_COPY] [--events N] [--repeat K]

Without BI_COPY it uses the published copy of the default warehouse, else builds one from the seeds and
`--articles` (300) generated articles.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

EVENTS = 1_000_000
PLACES = 20_000
ARTICLES = 200_000
FIRST_DAY, DAYS = "2021-02-01", 2130  # to late 2026

# The three queries. Their parameters are picked from the data (a busy State/Region's box, a year it covers).
QUERIES = {
    # a dashboard's main chart: events per month by State/Region and type
    "monthly_events_by_region_and_type": """
        select date_trunc('month', e.event_date) as month, l.admin1, e.event_type, count(*) as events,
               sum(e.fatalities_best) as fatalities
        from marts.fct_events e join marts.dim_locations l using (location_id)
        where e.event_date is not null
        group by all order by month, l.admin1, e.event_type""",
    # the toll table: fatalities low / best / high by actor for one year
    "fatalities_by_actor_for_a_year": """
        select a.name as actor, a.actor_type, count(*) as events, sum(e.fatalities_low) as low,
               sum(e.fatalities_best) as best, sum(e.fatalities_high) as high
        from marts.fct_events e join marts.dim_actors a on a.actor_id = e.actor1_id
        where e.event_date >= make_date($year, 1, 1) and e.event_date < make_date($year + 1, 1, 1)
        group by all order by best desc nulls last""",
    # the map's drill-down: events in a bounding box since a date, with the reports that tell them
    "events_in_a_box_with_sources": """
        select e.event_id, e.event_date, e.event_type, e.sub_event_type, l.name as place, l.admin3 as township,
               e.fatalities_best, d.outlet, d.title, d.url, d.published_date
        from marts.dim_locations l
        join marts.fct_events e using (location_id)
        join marts.bridge_event_articles b using (event_id)
        join marts.dim_articles d using (article_id)
        where l.latitude between $lat0 and $lat1 and l.longitude between $lon0 and $lon1
          and e.event_date >= $since
        order by e.event_date desc, e.event_id""",
}


def synthesise(source: Path, out: Path, events: int = EVENTS) -> dict:
    """Write a BI copy of `events` events grown from the published copy `source`; return what it holds."""
    out.unlink(missing_ok=True)
    con = duckdb.connect(str(out))
    try:
        con.execute(f"attach '{source}' as src (read_only)")
        n_src = con.execute("select count(*) from src.marts.fct_events").fetchone()[0]
        if n_src == 0:
            raise ValueError(f"{source} holds no events to grow from")
        con.execute("create schema marts")
        # places: source places with coordinates, moved up to half a degree, 20,000 of them
        con.execute("""
            create temp table src_places as
            select row_number() over (order by location_id) - 1 as k, *
            from src.marts.dim_locations where latitude is not null and longitude is not null""")
        n_places = con.execute("select count(*) from src_places").fetchone()[0]
        if n_places == 0:
            raise ValueError(f"{source} holds no placed locations to grow from")
        con.execute(f"""
            create table marts.dim_locations as
            select printf('L%07d', i) as location_id, p.name || ' ' || i as name, p.location_type,
                   p.admin1, p.admin2, p.admin3,
                   p.latitude + ((hash(i, 'lat') % 1000) / 1000.0 - 0.5) as latitude,
                   p.longitude + ((hash(i, 'lon') % 1000) / 1000.0 - 0.5) as longitude,
                   p.pcode, p.pcodes, p.admin1_pcode, p.admin3_pcode, p.geo_precision, p.in_gazetteer
            from range({PLACES}) r(i) join src_places p on p.k = i % {n_places}""")
        con.execute("create table marts.dim_actors as select * from src.marts.dim_actors")
        outlets = [
            r[0]
            for r in con.execute(
                "select distinct coalesce(outlet, 'unknown') from src.marts.dim_articles order by 1"
            ).fetchall()
        ]
        con.execute(
            "create temp table outlets as select unnest($o) as outlet, generate_subscripts($o, 1) - 1 as k",
            {"o": outlets or ["unknown"]},
        )
        n_outlets = max(len(outlets), 1)
        con.execute(f"""
            create table marts.dim_articles as
            select printf('A%015x', i) as article_id, 'synthetic/' || i || '.txt' as source_file, o.outlet,
                   'Report ' || i as title,
                   date '{FIRST_DAY}' + cast(i * {DAYS} // {ARTICLES} as integer) as published_date,
                   'input' as published_date_source, null::varchar as duplicate_of, 3000 as n_chars,
                   timestamp '2026-12-01' as ingested_at, 'https://example.org/report/' || i as url,
                   'jsonl' as source_format, null::varchar as published_raw, 'synthetic' as extractor_version
            from range({ARTICLES}) r(i) join outlets o on o.k = i % {n_outlets}
            order by published_date""")
        con.execute("""
            create temp table src_events as
            select row_number() over (order by event_id) - 1 as k, * from src.marts.fct_events""")
        con.execute(f"""
            create table marts.fct_events as
            select printf('E%015x', i) as event_id,
                   date '{FIRST_DAY}' + cast(i * {DAYS} // {events} as integer) as event_date,
                   s.date_precision, s.event_type, s.sub_event_type, s.actor1_id, s.actor2_id,
                   printf('L%07d', hash(i, 'place') % {PLACES}) as location_id, s.geo_precision,
                   s.fatalities_low, s.fatalities_best, s.fatalities_high, s.deaths_state_forces,
                   s.deaths_non_state, s.deaths_civilians, s.deaths_unknown, s.injured, s.captured,
                   1 + hash(i, 'n') % 3 as n_articles, 1 + hash(i, 'n') % 3 as n_outlets,
                   date '{FIRST_DAY}' + cast(i * {DAYS} // {events} as integer) as first_published_date,
                   s.summary, s.n_candidates, s.is_cross_article_key
            from range({events}) r(i) join src_events s on s.k = i % {n_src}
            order by event_date, event_id""")
        # one to three reports per event, among the articles published around its date
        con.execute(f"""
            create table marts.bridge_event_articles as
            select printf('E%015x', i) as event_id,
                   printf('A%015x', least({ARTICLES} - 1, i * {ARTICLES} // {events} + j)) as article_id,
                   'A sentence that tells the event.' as sentence, 0 as start_char, 32 as end_char,
                   1::bigint as n_candidates
            from range({events}) r(i) cross join range(3) t(j)
            where j < 1 + hash(i, 'n') % 3
            order by i, j""")
        counts = {
            t: con.execute(f"select count(*) from marts.{t}").fetchone()[0]
            for t in ("fct_events", "dim_locations", "dim_actors", "dim_articles", "bridge_event_articles")
        }
    finally:
        con.close()
    return counts


def _parameters(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Each query's parameters, from the data: the busiest year; a one-degree box around the busiest place's
    State/Region centre; the last twelve months."""
    year = con.execute("""select year(event_date) from marts.fct_events where event_date is not null
                          group by 1 order by count(*) desc, 1 limit 1""").fetchone()[0]
    lat, lon = con.execute("""select avg(latitude), avg(longitude) from marts.dim_locations
                              where admin1 = (select admin1 from marts.dim_locations where admin1 is not null
                                              group by 1 order by count(*) desc, 1 limit 1)""").fetchone()
    last = con.execute("select max(event_date) from marts.fct_events").fetchone()[0]
    return {
        "monthly_events_by_region_and_type": {},
        "fatalities_by_actor_for_a_year": {"year": year},
        "events_in_a_box_with_sources": {
            "lat0": lat - 0.5,
            "lat1": lat + 0.5,
            "lon0": lon - 0.5,
            "lon1": lon + 0.5,
            "since": last.replace(year=last.year - 1),
        },
    }


def time_queries(copy: Path, repeat: int = 5) -> tuple[dict[str, float], dict[str, int]]:
    """Median milliseconds of each query over `repeat` runs after a warm-up run, on a read-only connection,
    the whole result fetched as an Arrow table (as ADBC/JDBC drivers fetch, without a Python object per value);
    and the rows each returned."""
    con = duckdb.connect(str(copy), read_only=True)
    try:
        params = _parameters(con)
        timings, rows = {}, {}
        for name, sql in QUERIES.items():
            rows[name] = con.execute(sql, params[name]).to_arrow_table().num_rows
            samples = []
            for _ in range(repeat):
                start = time.perf_counter()
                con.execute(sql, params[name]).to_arrow_table()  # columnar, as BI drivers fetch
                samples.append((time.perf_counter() - start) * 1000)
            timings[name] = round(statistics.median(samples), 1)
    finally:
        con.close()
    return timings, rows


def run_bi_queries(bi_path: Path | str, events: int = EVENTS, repeat: int = 5) -> dict[str, float]:
    """Grow the published copy `bi_path` to `events` events (in a temp folder) and return the median ms of
    each BI query on it: {query name: ms}."""
    with tempfile.TemporaryDirectory(prefix="bi-bench-") as tmp:
        copy = Path(tmp) / "bi_1m.duckdb"
        synthesise(Path(bi_path), copy, events)
        timings, _ = time_queries(copy, repeat)
    return timings


def _built_copy(folder: Path, articles: int) -> Path:
    """A published copy of the seeds and `articles` generated articles (tests/bench/corpus.py): load, extract,
    dbt build, publish; no Airflow."""
    from extract.evaluate import build_warehouse
    from extract.publish import publish_bi_copy
    from extract.runs import finish_run, start_run
    from tests.bench.repeat_runs import _corpus

    _corpus(folder / "articles", articles)
    warehouse = build_warehouse(folder / "articles", folder / "wh")
    start_run(warehouse, "bench")
    finish_run(warehouse, "bench", "success")
    return publish_bi_copy(warehouse, folder / "conflict_bi.duckdb", "bench")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bi_copy", nargs="?", type=Path, help="a published BI copy to grow from")
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--articles",
        type=int,
        default=300,
        help="without a published copy: build one from the seeds and this many generated articles",
    )
    args = parser.parse_args(argv)
    from extract.config import bi_path

    with tempfile.TemporaryDirectory(prefix="bi-bench-") as tmp:
        source = args.bi_copy or bi_path()
        if not source.exists():
            print(
                f"no published copy at {source}: building one from the seeds and {args.articles} generated "
                "articles first ...",
                flush=True,
            )
            start = time.perf_counter()
            source = _built_copy(Path(tmp), args.articles)
            print(f"built in {time.perf_counter() - start:.0f} s", flush=True)
        copy = Path(tmp) / "bi_1m.duckdb"
        start = time.perf_counter()
        counts = synthesise(source, copy, args.events)
        print(
            f"synthesised from {source} in {time.perf_counter() - start:.1f} s "
            f"({copy.stat().st_size / 1e6:.0f} MB): " + ", ".join(f"{k} {v:,}" for k, v in counts.items())
        )
        timings, rows = time_queries(copy, args.repeat)
    print(
        f"DuckDB {duckdb.__version__}, read-only connection, median of {args.repeat} runs after a warm-up "
        f"(target <= 100 ms each):"
    )
    for name, ms in timings.items():
        print(f"  {name:<36} {ms:8.1f} ms  {rows[name]:>7,} rows  {'ok' if ms <= 100 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
