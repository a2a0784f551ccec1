"""Publishing the BI copy: the read-only snapshot BI tools open, replaced atomically.

The copy holds what analysts query and nothing of the pipeline's scratch tables:
- `marts.*` (the dbt marts, with their constraints and the dbt descriptions as comments),
- `audit.*` (runs, rejected articles, data-quality results) and `audit.publication` (one row: which run
  the marts come from, and the last run's status and, when it failed, why),
- `provenance.articles` (every article's text, which the marts' character offsets point into) and
  `provenance.load_log` (what happened to each input file).

After a good run, `publish_bi_copy` writes all of it from the live warehouse. After a failed run,
`publish_failed_run` keeps the last good copy's marts and provenance and takes only the audit tables from
the live warehouse, so a BI user sees that the last run failed, and why, beside the last good marts.

With WAREHOUSE_BACKEND=ducklake all of it comes from the lake (extract/lake.py) instead of the file.

Each copy is written to a temporary file beside the target in DuckDB's v1.4.0 storage format (BI drivers
ship DuckDB 1.4/1.5 engines, which cannot open files in a newer DuckDB's format), then renamed into place:
a reader sees the old copy or the new one, never half of one. A connection that is already open keeps
reading the file it opened until it reconnects. The live warehouse is only read here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from extract import lake
from extract.warehouse import connect, exists, release_in_process_dbt

STORAGE_VERSION = "v1.4.0"
BI_SCHEMAS = ("marts", "audit")  # copied whole from the live warehouse
PROVENANCE = {  # provenance table -> the live table it copies, and its description
    "articles": (
        "raw.articles",
        "Every article's normalised text and input metadata; the marts' start_char/end_char offsets point into text.",
    ),
    "load_log": (
        "raw.load_log",
        "One row per input file (or .jsonl line) per run: loaded, duplicate or rejected, and why.",
    ),
}
AUDIT_TABLES = ("runs", "rejected_articles", "dq_results")  # written by the DAG into the live warehouse
PUBLICATION_DDL = """
create table snap.audit.publication (
    published_at        timestamp not null,
    marts_run_id        varchar,
    marts_published_at  timestamp,
    last_run_id         varchar,
    last_run_status     varchar,
    last_run_started_at timestamp,
    last_run_finished_at timestamp,
    last_run_failure    varchar
)"""
PUBLICATION_COMMENTS = {
    None: "One row: what this BI copy holds. marts_run_id is the run whose marts are here (the last good "
    "one); last_run_* is the latest run, which may have failed (last_run_failure says why) - then "
    "the marts are still the last good run's.",
    "published_at": "When this copy was written.",
    "marts_run_id": "The run whose marts this copy holds (the last run that passed its checks).",
    "marts_published_at": "When those marts were published.",
    "last_run_id": "The latest pipeline run.",
    "last_run_status": "Its status: success, or failed (then the marts are older than it).",
    "last_run_started_at": "When the latest run started.",
    "last_run_finished_at": "When the latest run finished.",
    "last_run_failure": "Why the latest run failed (failed checks, or the task that failed); null on success.",
}


def publish_bi_copy(warehouse: Path, target: Path, run_id: str | None = None) -> Path:
    """Publish the live warehouse's marts, audit and provenance as the BI copy (after a good run)."""
    if not exists(warehouse):
        raise FileNotFoundError(f"warehouse {warehouse} does not exist: nothing to publish")
    with _new_copy(target) as con:
        _attach_live(con, warehouse)
        con.execute("copy from database live to snap (schema)")
        _drop_other_schemas(con)
        if lake.enabled():
            _copy_lake_marts(con)
        for schema, table in _tables(con, "snap"):
            if not (lake.enabled() and schema == "marts"):
                con.execute(f'insert into snap."{schema}"."{table}" select * from live."{schema}"."{table}"')
        con.execute("create schema snap.provenance")
        for name, (source, description) in PROVENANCE.items():
            if _exists(con, "live", *source.split(".")):
                con.execute(f"create table snap.provenance.{name} as select * from live.{source}")
                con.execute(f"comment on table snap.provenance.{name} is '{_sql_str(description)}'")
        now = _now()
        last = _last_run(con, "live")
        _write_publication(
            con, now, marts_run_id=run_id or (last or {}).get("run_id"), marts_published_at=now, last=last, failure=None
        )
        con.execute("detach live")
    return target


def publish_failed_run(warehouse: Path, target: Path, failure: str) -> Path:
    """After a failed run: a new copy with the last good copy's marts and provenance, and the live audit tables
    (so the failed run, its checks and `audit.publication.last_run_failure` show). Without a last good copy,
    the marts are the contract's empty tables."""
    if not exists(warehouse):
        raise FileNotFoundError(f"warehouse {warehouse} does not exist: nothing to publish")
    previous = target if target.exists() else None
    with _new_copy(target) as con:
        _attach_live(con, warehouse)
        marts_run_id = marts_published_at = None
        if previous is not None:
            con.execute(f"attach '{_sql_str(previous)}' as prev (read_only)")
            con.execute("copy from database prev to snap")
            if _exists(con, "prev", "audit", "publication"):
                marts_run_id, marts_published_at = con.execute(
                    "select marts_run_id, marts_published_at from prev.audit.publication"
                ).fetchone() or (None, None)
                con.execute("drop table snap.audit.publication")
            con.execute("detach prev")
        else:
            con.execute("copy from database live to snap (schema)")
            _drop_other_schemas(con)
            if lake.enabled():
                _copy_lake_marts(con, rows=False)
        for table in AUDIT_TABLES:
            if not _exists(con, "live", "audit", table):
                continue
            if _exists(con, "snap", "audit", table):
                con.execute(f"delete from snap.audit.{table}")
                con.execute(f"insert into snap.audit.{table} by name select * from live.audit.{table}")
            else:
                con.execute(f"create table snap.audit.{table} as select * from live.audit.{table}")
        _write_publication(
            con,
            _now(),
            marts_run_id=marts_run_id,
            marts_published_at=marts_published_at,
            last=_last_run(con, "live"),
            failure=failure,
        )
        con.execute("detach live")
    return target


def failure_reason(warehouse: Path, run_id: str, failed_tasks: list[str] | None = None) -> str:
    """Why a run failed, in a sentence: its failed error-severity checks, else the tasks that failed."""
    checks: list[tuple] = []
    if exists(warehouse):
        try:
            with connect(warehouse, read_only=True) as con:
                checks = con.execute(
                    """select suite, check_name from audit.dq_results where run_id = ? and not success
                       and severity = 'error' order by suite, check_name""",
                    [run_id],
                ).fetchall()
        except duckdb.Error:
            checks = []
    if checks:
        names = ", ".join(f"{suite}: {name}" for suite, name in checks[:5])
        more = f" and {len(checks) - 5} more" if len(checks) > 5 else ""
        return f"{len(checks)} error-severity check(s) failed ({names}{more}); see audit.dq_results"
    if failed_tasks:
        return f"task(s) failed: {', '.join(failed_tasks)}; see Airflow's log of the run"
    return "the run did not reach publishing; see Airflow's log of the run"


# ------------------------------------------------------------------------------------------------ internals


@contextmanager
def _new_copy(target: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory connection with a fresh temporary copy attached as `snap`; renamed onto `target` when the
    block succeeds, removed when it fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    release_in_process_dbt()
    con = duckdb.connect()
    try:
        con.execute(f"attach '{_sql_str(tmp)}' as snap (storage_version '{STORAGE_VERSION}')")
        yield con
        con.execute("detach snap")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, target)


def _attach_live(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """The live warehouse, read-only, as `live`: the file, or with WAREHOUSE_BACKEND=ducklake the lake."""
    if lake.enabled():
        lake.attach(con, read_only=True, warehouse=warehouse, alias="live")
    else:
        con.execute(f"attach '{_sql_str(warehouse)}' as live (read_only)")


def _copy_lake_marts(con: duckdb.DuckDBPyConnection, rows: bool = True) -> None:
    """The lake's marts (all rows, or none) with their dbt descriptions, in place of the schema copied with the
    rest."""
    con.execute("drop schema if exists snap.marts cascade")
    con.execute("create schema snap.marts")
    for (table,) in con.execute(
        "select table_name from duckdb_tables() where database_name = ? and schema_name = 'marts' order by 1",
        ["live"],
    ).fetchall():
        con.execute(
            f'create table snap.marts."{table}" as select * from live.marts."{table}"' + ("" if rows else " limit 0")
        )
        comment = con.execute(
            "select comment from duckdb_tables() where database_name = ? and schema_name = 'marts' and table_name = ?",
            ["live", table],
        ).fetchone()[0]
        if comment:
            con.execute(f"comment on table snap.marts.\"{table}\" is '{_sql_str(comment)}'")
        for column, text in con.execute(
            "select column_name, comment from duckdb_columns() where database_name = ? and schema_name = "
            "'marts' and table_name = ? and comment is not null",
            ["live", table],
        ).fetchall():
            con.execute(f'comment on column snap.marts."{table}"."{column}" is \'{_sql_str(text)}\'')


def _drop_other_schemas(con: duckdb.DuckDBPyConnection) -> None:
    """Keep only the BI schemas in the copy (the schema copy brings raw, staging, intermediate, main)."""
    for (schema,) in con.execute(
        "select schema_name from duckdb_schemas() where database_name = 'snap' and not internal"
    ).fetchall():
        if schema not in BI_SCHEMAS and schema != "main":
            con.execute(f'drop schema snap."{schema}" cascade')
    for (table,) in con.execute(
        "select table_name from duckdb_tables() where database_name = 'snap' and schema_name = 'main'"
    ).fetchall():
        con.execute(f'drop table snap.main."{table}"')


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> list[tuple[str, str]]:
    return con.execute(
        "select schema_name, table_name from duckdb_tables() where database_name = ? order by all", [database]
    ).fetchall()


def _exists(con: duckdb.DuckDBPyConnection, database: str, schema: str, table: str) -> bool:
    return (
        con.execute(
            "select count(*) from duckdb_tables() where database_name = ? and schema_name = ? and table_name = ?",
            [database, schema, table],
        ).fetchone()[0]
        > 0
    )


def _last_run(con: duckdb.DuckDBPyConnection, database: str) -> dict | None:
    if not _exists(con, database, "audit", "runs"):
        return None
    row = con.execute(
        f"select run_id, status, started_at, finished_at from {database}.audit.runs order by started_at desc limit 1"
    ).fetchone()
    return dict(zip(["run_id", "status", "started_at", "finished_at"], row)) if row else None


def _write_publication(con, now, *, marts_run_id, marts_published_at, last: dict | None, failure: str | None) -> None:
    con.execute(PUBLICATION_DDL)
    last = last or {}
    status = "failed" if failure else last.get("status")
    con.execute(
        "insert into snap.audit.publication values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            now,
            marts_run_id,
            marts_published_at,
            last.get("run_id"),
            status,
            last.get("started_at"),
            last.get("finished_at"),
            failure,
        ],
    )
    for column, text in PUBLICATION_COMMENTS.items():
        what = "table snap.audit.publication" if column is None else f"column snap.audit.publication.{column}"
        con.execute(f"comment on {what} is '{_sql_str(text)}'")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _sql_str(value: object) -> str:
    return str(value).replace("'", "''")
