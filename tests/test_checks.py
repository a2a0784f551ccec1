"""Data-quality checks: real Great Expectations on real DuckDB files, no mocks.

The marts tables are created here with the contract's columns (shared/spec/warehouse-contract.md) because the
dbt project is written in parallel; raw and audit tables come from extract/sql/raw_schema.sql.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import duckdb
import pytest

from extract.checks import (
    BrokenChecks,
    ChecksFailed,
    SuiteDefinitionError,
    assert_passed,
    available_suites,
    check_warehouse,
    load_suite,
    run_checks,
    write_results,
)
from extract.warehouse import ensure_schema

MARTS_DDL = """
create schema if not exists marts;
create table marts.dim_articles (
    article_id varchar, source_file varchar, outlet varchar, title varchar, published_date date,
    published_date_source varchar, duplicate_of varchar, n_chars integer, ingested_at timestamp);
create table marts.dim_actors (
    actor_id varchar, name varchar, acronym varchar, actor_type varchar, aliases varchar[]);
create table marts.dim_locations (
    location_id varchar, name varchar, location_type varchar, admin1 varchar, admin2 varchar, admin3 varchar,
    latitude double, longitude double, pcode varchar, geo_precision integer);
create table marts.fct_entity_mentions (
    mention_id varchar, article_id varchar, entity_type varchar, entity_id varchar, text varchar,
    start_char integer, end_char integer);
create table marts.fct_casualties (
    casualty_id varchar, article_id varchar, event_id varchar, category varchar, party varchar, actor_id varchar,
    count_low bigint, count_high bigint, count_best bigint, qualifier varchar, is_cumulative boolean,
    claimed_by varchar, event_date date, location_id varchar, sentence varchar, start_char integer,
    end_char integer);
create table marts.fct_displacement (
    displacement_id varchar, article_id varchar, event_id varchar, count_low bigint, count_high bigint,
    count_best bigint, qualifier varchar, unit varchar, is_cumulative boolean, as_of_date date,
    location_id varchar, claimed_by varchar, sentence varchar, start_char integer, end_char integer);
create table marts.fct_events (
    event_id varchar, event_date date, date_precision integer, event_type varchar, sub_event_type varchar,
    actor1_id varchar, actor2_id varchar, location_id varchar, geo_precision integer, fatalities_low bigint,
    fatalities_best bigint, fatalities_high bigint, n_articles integer, n_outlets integer,
    first_published_date date, summary varchar);
create table marts.bridge_event_articles (event_id varchar, article_id varchar, sentence varchar);
"""

GOOD_ROWS = """
insert into raw.articles values
  ('0123456789abcdef', 'h1', '000_a.txt', 'seeds/000_a.txt', 'txt', null, 'Clash in Hpapun', null, 'Outlet A',
   null, 'Fighting broke out near Hpapun on 3 March. Three soldiers were killed.', 71, 'run0', now(), null, null),
  ('fedcba9876543210', 'h2', 'b.jsonl', 'seeds/b.jsonl', 'jsonl', 1, 'Airstrike', 'https://x/y', 'Outlet B',
   '2024-03-05', 'An airstrike hit Lay Kay Kaw. About 2,000 people fled.', 55, 'run0', now(), null, null);
insert into marts.dim_articles values
  ('0123456789abcdef', '000_a.txt', 'Outlet A', 'Clash in Hpapun', date '2024-03-04', 'text', null, 71, now()),
  ('fedcba9876543210', 'b.jsonl', 'Outlet B', 'Airstrike', date '2024-03-05', 'metadata', null, 55, now());
insert into marts.dim_actors values
  ('act_mil', 'Myanmar military', null, 'state_forces', ['junta', 'Tatmadaw']),
  ('act_knla', 'Karen National Liberation Army', 'KNLA', 'ethnic_armed_organization', ['KNLA']);
insert into marts.dim_locations values
  ('loc_hpapun', 'Hpapun', 'town', 'Kayin', 'Hpapun', 'Hpapun', 18.06, 97.44, 'MMR003005', 1),
  ('loc_camp', 'Lay Kay Kaw camp', 'other', 'Kayin', 'Myawaddy', 'Myawaddy', 16.71, 98.51, null, 2);
insert into marts.fct_entity_mentions values
  ('m1', '0123456789abcdef', 'location', 'loc_hpapun', 'Hpapun', 24, 30),
  ('m2', 'fedcba9876543210', 'location', 'loc_camp', 'Lay Kay Kaw', 17, 28),
  ('m3', 'fedcba9876543210', 'person', null, 'U Kyaw', 40, 46);
insert into marts.fct_casualties values
  ('c1', '0123456789abcdef', 'e1', 'killed', 'state_forces', 'act_mil', 3, 3, 3, 'exact', false, null,
   date '2024-03-03', 'loc_hpapun', 'Three soldiers were killed.', 44, 71),
  ('c2', '0123456789abcdef', null, 'injured', 'civilians', null, 5, null, 5, 'at_least', false, null,
   null, null, 'At least five were injured.', 0, 27);
insert into marts.fct_displacement values
  ('d1', 'fedcba9876543210', 'e2', 2000, 2000, 2000, 'about', 'people', false, date '2024-03-05', 'loc_camp',
   null, 'About 2,000 people fled.', 30, 55);
insert into marts.fct_events values
  ('e1', date '2024-03-03', 1, 'battle', 'armed_clash', 'act_mil', 'act_knla', 'loc_hpapun', 1, 3, 3, 3, 1, 1,
   date '2024-03-04', 'Fighting broke out near Hpapun on 3 March.'),
  ('e2', date '2024-03-05', 1, 'remote_violence', 'air_drone_strike', 'act_mil', null, 'loc_camp', 2, 0, 0, null,
   1, 1, date '2024-03-05', 'An airstrike hit Lay Kay Kaw.');
insert into marts.bridge_event_articles values
  ('e1', '0123456789abcdef', 'Fighting broke out near Hpapun on 3 March.'),
  ('e2', 'fedcba9876543210', 'An airstrike hit Lay Kay Kaw.');
"""

MARTS_TABLES = [
    "dim_articles",
    "dim_actors",
    "dim_locations",
    "fct_entity_mentions",
    "fct_casualties",
    "fct_displacement",
    "fct_events",
    "bridge_event_articles",
]


def make_warehouse(path: Path, *extra_sql: str) -> Path:
    con = duckdb.connect(str(path))
    try:
        ensure_schema(con)
        con.execute(MARTS_DDL)
        con.execute(GOOD_ROWS)
        for sql in extra_sql:
            con.execute(sql)
    finally:
        con.close()
    return path


def dq_rows(path: Path, run_id: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select suite, check_name, severity, success, unexpected_count, details from audit.dq_results "
            "where run_id = ? order by suite, check_name",
            [run_id],
        ).fetchall()
    finally:
        con.close()


def by_name(report):
    return {r.check_name: r for r in report.results}


@pytest.fixture()
def good(tmp_path: Path) -> Path:
    return make_warehouse(tmp_path / "good.duckdb")


# ------------------------------------------------------------------------------------------ suite definitions


def test_shipped_suites_cover_the_contract():
    suites = available_suites()
    assert {"raw_articles", "marts"} <= set(suites)
    marts = load_suite(suites["marts"])
    assert set(marts.tables) == {f"marts.{t}" for t in MARTS_TABLES}
    keys = {
        "dim_articles": "article_id",
        "dim_actors": "actor_id",
        "dim_locations": "location_id",
        "fct_entity_mentions": "mention_id",
        "fct_casualties": "casualty_id",
        "fct_displacement": "displacement_id",
        "fct_events": "event_id",
    }
    names = {c.name for c in marts.checks}
    for table, key in keys.items():
        assert f"marts.{table}.{key}:column_values_to_be_unique" in names
        assert f"marts.{table}.{key}:column_values_to_not_be_null" in names
    assert "marts.bridge_event_articles.event_id,article_id:compound_columns_to_be_unique" in names
    for check in marts.checks + load_suite(suites["raw_articles"]).checks:
        assert check.severity in ("error", "warn")


def test_malformed_suite_is_rejected(tmp_path: Path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "suite: x\nchecks:\n  - {table: raw.articles, expectation: expect_column_values_to_be_unique,"
        " kwargs: {column: article_id}, severity: fatal}\n"
    )
    with pytest.raises(SuiteDefinitionError, match="severity"):
        load_suite(bad)


# ------------------------------------------------------------------------------------------ running checks


def test_good_data_passes_and_is_recorded(good: Path):
    t0 = time.perf_counter()
    report = run_checks(good, "run-good")
    elapsed = time.perf_counter() - t0
    failures = [r.describe() for r in report.failures]
    assert failures == []
    assert report.ok and not report.error_failures and not report.broken
    assert set(report.suites) == {"raw_articles", "marts"}
    # every table is checked for existence, plus every declared check
    n_declared = sum(len(load_suite(p).checks) for p in available_suites().values())
    assert len(report.results) == n_declared + 1 + len(MARTS_TABLES)
    assert_passed(report)

    assert write_results(good, report) == len(report.results)
    rows = dq_rows(good, "run-good")
    assert len(rows) == len(report.results)
    assert all(success for _, _, _, success, _, _ in rows)
    assert {severity for _, _, severity, *_ in rows} == {"error", "warn"}
    print(f"\nall suites on a small warehouse: {elapsed:.2f}s (report says {report.seconds:.2f}s)")


def test_marts_suite_runs_alone(good: Path):
    # (its time is printed for people reading the output; speed targets live in benchmarks, not in tests)
    run_checks(good, "warm-up", ["raw_articles"])  # pays the one-off GX import
    t0 = time.perf_counter()
    report = run_checks(good, "timed", ["marts"])
    elapsed = time.perf_counter() - t0
    print(f"\nmarts suite ({len(report.results)} checks, GX already imported): {elapsed:.2f}s")
    assert report.ok and set(report.suites) == {"marts"}


def test_bad_data_fails_error_checks(tmp_path: Path):
    path = make_warehouse(
        tmp_path / "bad.duckdb",
        # a duplicate key and an out-of-vocabulary category: error failures
        "insert into marts.fct_casualties select * replace ('bogus' as category) from marts.fct_casualties"
        " where casualty_id = 'c1'",
    )
    report = run_checks(path, "run-bad", ["marts"])
    results = by_name(report)
    dup = results["marts.fct_casualties.casualty_id:column_values_to_be_unique"]
    cat = results["marts.fct_casualties.category:column_values_to_be_in_set"]
    assert not dup.success and dup.severity == "error" and dup.unexpected_count == 2
    assert not cat.success and cat.unexpected_count == 1 and "bogus" in json.loads(cat.details)["sample"]
    assert {dup.check_name, cat.check_name} <= {r.check_name for r in report.error_failures}
    assert not report.ok and not report.broken
    with pytest.raises(ChecksFailed) as info:
        assert_passed(report)
    assert not isinstance(info.value, BrokenChecks)
    assert "fct_casualties.casualty_id" in str(info.value) and "fct_casualties.category" in str(info.value)


def test_warn_failures_do_not_fail_the_run(tmp_path: Path):
    future = dt.date.today() + dt.timedelta(days=10)
    path = make_warehouse(
        tmp_path / "warn.duckdb",
        "update marts.dim_locations set latitude = 48.85, longitude = 2.35 where location_id = 'loc_camp'",
        "update marts.fct_casualties set count_high = 1 where casualty_id = 'c1'",  # count_low 3 > count_high 1
        f"update marts.dim_articles set published_date = date '{future}' where article_id = '0123456789abcdef'",
    )
    report = run_checks(path, "run-warn", ["marts"])
    failed = {r.check_name for r in report.failures}
    assert failed == {
        "marts.dim_locations.latitude:column_values_to_be_between",
        "marts.dim_locations.longitude:column_values_to_be_between",
        "marts.fct_casualties.count_high,count_low:column_pair_values_a_to_be_greater_than_b",
        "marts.dim_articles.published_date:column_values_to_be_between",
    }
    assert all(r.severity == "warn" for r in report.failures)
    assert report.ok and report.error_failures == [] and len(report.warn_failures) == 4
    assert_passed(report)


def test_missing_table_is_an_error_failure_not_a_crash(tmp_path: Path):
    path = make_warehouse(tmp_path / "missing.duckdb", "drop table marts.fct_events")
    report = run_checks(path, "run-missing", ["marts"])
    missing = by_name(report)["marts.fct_events:table_exists"]
    assert not missing.success and missing.severity == "error" and not missing.broken
    assert not any(r.table == "marts.fct_events" and r.check_name != missing.check_name for r in report.results)
    assert [r.check_name for r in report.error_failures] == [missing.check_name]
    with pytest.raises(ChecksFailed, match="marts.fct_events"):
        assert_passed(report)


BROKEN_SUITE = """
suite: broken_demo
checks:
  - {table: marts.fct_casualties, expectation: expect_column_values_to_not_be_null,
     kwargs: {column: no_such_column}, severity: warn}
  - {table: marts.fct_casualties, expectation: expect_column_values_to_be_in_set,
     kwargs: {column: category, value_set: [killed, injured]}, severity: error}
  - {table: marts.fct_casualties, expectation: expect_column_values_to_be_frobnicated,
     kwargs: {column: category}, severity: error}
  - {table: marts.fct_casualties, expectation: expect_column_values_to_be_unique,
     kwargs: {column: casualty_id, not_a_kwarg: 1}, severity: error}
"""


def test_broken_checks_fail_rather_than_pass(good: Path, tmp_path: Path):
    suite_file = tmp_path / "broken_demo.yml"
    suite_file.write_text(BROKEN_SUITE)
    report = run_checks(good, "run-broken", [suite_file])
    results = by_name(report)
    missing_col = results["marts.fct_casualties.no_such_column:column_values_to_not_be_null"]
    unknown = results["marts.fct_casualties.category:column_values_to_be_frobnicated"]
    bad_kwarg = results["marts.fct_casualties.casualty_id:column_values_to_be_unique"]
    for r in (missing_col, unknown, bad_kwarg):
        assert r.broken and not r.success and r.unexpected_count is None
        assert json.loads(r.details)["broken"] is True
    assert "no_such_column" in json.loads(missing_col.details)["error"]
    # a broken warn-severity check still fails the run; the healthy check beside it still ran and passed
    assert missing_col.severity == "warn" and missing_col in report.error_failures
    assert results["marts.fct_casualties.category:column_values_to_be_in_set"].success
    assert not report.ok and len(report.broken) == 3

    # the DAG-facing entry point records the broken checks first, then raises
    with pytest.raises(BrokenChecks, match="no_such_column"):
        check_warehouse(good, "run-broken", [suite_file])
    rows = {name: (success, details) for _, name, _, success, _, details in dq_rows(good, "run-broken")}
    assert rows[missing_col.check_name][0] is False
    assert "no_such_column" in rows[missing_col.check_name][1]


def test_rewriting_a_run_is_idempotent(tmp_path: Path):
    path = make_warehouse(
        tmp_path / "idem.duckdb", "update marts.fct_events set event_type = 'picnic' where event_id = 'e1'"
    )
    first = run_checks(path, "run-1", ["marts"])
    write_results(path, first)
    write_results(path, first)
    other_suite = run_checks(path, "run-1", ["raw_articles"])
    write_results(path, other_suite)  # another suite of the same run is kept beside it
    again = run_checks(path, "run-1", ["marts"])
    write_results(path, again)
    rows = dq_rows(path, "run-1")
    assert len(rows) == len(first.results) + len(other_suite.results)
    assert len({(suite, name) for suite, name, *_ in rows}) == len(rows)
    failed = {(name, severity, count) for _, name, severity, success, count, _ in rows if not success}
    assert failed == {("marts.fct_events.event_type:column_values_to_be_in_set", "error", 1)}
    with pytest.raises(ChecksFailed, match="event_type"):
        check_warehouse(path, "run-1", ["marts"])
    assert len(dq_rows(path, "run-1")) == len(rows)


def test_a_sub_event_type_of_another_event_type_is_flagged(tmp_path: Path):
    # both values are in the vocabularies; the pair is not ACLED's
    path = make_warehouse(
        tmp_path / "pair.duckdb", "update marts.fct_events set sub_event_type = 'arrests' where event_id = 'e1'"
    )
    report = run_checks(path, "run-pair", ["marts"])
    failed = {(r.check_name, r.severity, r.unexpected_count) for r in report.failures}
    assert failed == {("marts.fct_events.sub_event_type:belongs_to_battle", "warn", 1)}


def test_checks_read_the_warehouse_read_only(good: Path):
    # a read-only reader elsewhere (e.g. another task) does not block the checks, and vice versa
    reader = duckdb.connect(str(good), read_only=True)
    try:
        report = run_checks(good, "run-ro", ["raw_articles"])
    finally:
        reader.close()
    assert report.ok
    with pytest.raises(FileNotFoundError):
        run_checks(good.with_name("nope.duckdb"), "run-x")


def test_a_failed_check_names_the_offending_rows_and_data_docs_show_them(tmp_path: Path):
    """The failing rows are named by the table's id column, in audit.dq_results and in the Data Docs pages."""
    path = make_warehouse(
        tmp_path / "bad.duckdb",
        "update marts.fct_casualties set category = 'bogus' where casualty_id = 'c1'",
    )
    docs = tmp_path / "docs"
    with pytest.raises(ChecksFailed):
        check_warehouse(path, "manual__2024-03-05T00:00:00+00:00", ["marts"])  # writes the docs beside the file
    details = {
        name: json.loads(d) for _, name, _, ok, _, d in dq_rows(path, "manual__2024-03-05T00:00:00+00:00") if not ok
    }
    cat = details["marts.fct_casualties.category:column_values_to_be_in_set"]
    assert cat["id_column"] == "casualty_id" and cat["ids"] == ["c1"]

    from extract.checks.data_docs import write_data_docs

    report = run_checks(path, "run-docs", ["marts"])
    index = write_data_docs(report, docs)
    page = index.read_text()
    assert "FAILED" in page and "marts.fct_casualties.category:column_values_to_be_in_set" in page
    assert "casualty_id: c1" in page
    gx_pages = sorted(index.parent.glob("marts__marts.fct_casualties.html"))
    assert gx_pages and "Great Expectations" in gx_pages[0].read_text()
    assert (docs / "latest.html").read_text().count("run-docs/index.html") == 2
    beside = path.parent / "data_docs" / "manual__2024-03-05T00_00_00_00_00" / "index.html"
    assert beside.exists(), sorted(p.name for p in (path.parent / "data_docs").iterdir())
