"""The BI copy: what it holds, what a failed run leaves in it, and what an open connection sees.

Real DuckDB files: the seeds' warehouse built as the DAG builds it (load, extract, dbt build) and published."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from extract.publish import failure_reason, publish_bi_copy, publish_failed_run


def rows(path: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_bi_copy_holds_marts_audit_and_provenance_only(seeds_bi_copy):
    schemas = {r[0] for r in rows(seeds_bi_copy, "select distinct schema_name from duckdb_tables()")}
    assert schemas == {"marts", "audit", "provenance"}
    tables = {f"{s}.{t}" for s, t in rows(seeds_bi_copy, "select schema_name, table_name from duckdb_tables()")}
    assert {
        "marts.fct_events",
        "marts.fct_displacement_latest",
        "audit.runs",
        "audit.dq_results",
        "audit.publication",
        "provenance.articles",
        "provenance.load_log",
    } <= tables
    # offsets in the marts point into the provenance texts
    bad = rows(
        seeds_bi_copy,
        """select count(*) from marts.fct_casualties c
                                 join provenance.articles a using (article_id)
                                 where strpos(a.text, c.sentence) = 0""",
    )[0][0]
    assert bad == 0
    # constraints and dbt's descriptions came along
    assert (
        rows(
            seeds_bi_copy,
            "select count(*) from duckdb_constraints() where schema_name = 'marts' and constraint_type = 'PRIMARY KEY'",
        )[0][0]
        >= 7
    )
    assert rows(seeds_bi_copy, "select comment from duckdb_tables() where table_name = 'fct_events'")[0][0]
    # one code per pcode column
    assert rows(seeds_bi_copy, "select count(*) from marts.dim_locations where contains(pcode, '|')")[0][0] == 0
    assert rows(seeds_bi_copy, "select marts_run_id, last_run_status, last_run_failure from audit.publication") == [
        ("eval", "success", None)
    ]


def _live_and_copy(seeds_bi_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    live, copy = tmp_path / "conflict.duckdb", tmp_path / "conflict_bi.duckdb"
    shutil.copyfile(seeds_bi_copy.with_name("conflict.duckdb"), live)
    shutil.copyfile(seeds_bi_copy, copy)
    return live, copy


def test_a_failed_run_shows_in_the_copy_and_the_marts_stay_the_last_good_ones(seeds_bi_copy, tmp_path):
    live, copy = _live_and_copy(seeds_bi_copy, tmp_path)
    good_events = rows(copy, "select * from marts.fct_events order by event_id")
    con = duckdb.connect(str(live))
    try:  # a run that broke the marts and failed a check
        con.execute("delete from marts.fct_events")
        con.execute(
            "insert into audit.runs (run_id, started_at, finished_at, status) "
            "values ('bad-run', now(), now(), 'failed')"
        )
        con.execute(
            "insert into audit.dq_results values ('bad-run', 'marts', 'marts.fct_events:row_count', "
            "'error', false, null, '{}', now())"
        )
    finally:
        con.close()
    reason = failure_reason(live, "bad-run", ["check"])
    assert "marts.fct_events:row_count" in reason
    publish_failed_run(live, copy, reason)
    assert rows(copy, "select * from marts.fct_events order by event_id") == good_events
    pub = rows(copy, "select marts_run_id, last_run_id, last_run_status, last_run_failure from audit.publication")
    assert pub == [("eval", "bad-run", "failed", reason)]
    assert rows(copy, "select status from audit.runs where run_id = 'bad-run'") == [("failed",)]
    assert rows(copy, "select check_name from audit.dq_results where not success") == [("marts.fct_events:row_count",)]
    # without a last good copy: the failure shows, the marts are empty
    copy.unlink()
    publish_failed_run(live, copy, reason)
    assert rows(copy, "select count(*) from marts.fct_events") == [(0,)]
    assert rows(copy, "select marts_run_id, last_run_status from audit.publication") == [(None, "failed")]


def test_an_open_connection_sees_the_old_copy_until_it_reconnects(seeds_bi_copy, tmp_path):
    """What the README tells BI users: the copy is replaced by a rename, so a connection opened before keeps
    reading the file it opened."""
    live, copy = _live_and_copy(seeds_bi_copy, tmp_path)
    reader = duckdb.connect(str(copy), read_only=True)  # a BI tool's long-lived read-only connection
    try:
        before = reader.execute("select count(*) from marts.fct_events").fetchone()[0]
        assert before > 0
        con = duckdb.connect(str(live))
        try:
            con.execute("delete from marts.fct_events where event_id = (select min(event_id) from marts.fct_events)")
        finally:
            con.close()
        publish_bi_copy(live, copy, "next-run")  # a reader does not block publishing
        assert reader.execute("select count(*) from marts.fct_events").fetchone()[0] == before
    finally:
        reader.close()
    assert rows(copy, "select count(*) from marts.fct_events") == [(before - 1,)]
