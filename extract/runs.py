"""Run records in audit.runs: one row per pipeline run, opened at the start and closed at the end.

A run that was killed before it could close its record (SIGKILL, a machine stopped) stays `running`; the
next run to start marks it failed. A task that fails records itself (which task, its error's last line)
through the DAG's on_failure_callback, so the summary can say why a run failed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extract.warehouse import connect, ensure_schema

STALE_ERROR = "the run stopped without closing its record (killed, or the machine stopped); marked failed by {}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def start_run(warehouse: Path, run_id: str) -> None:
    with connect(warehouse) as con:
        ensure_schema(con)
        mark_stale_runs_failed(con, STALE_ERROR.format(f"run {run_id}"), keep=run_id)
        con.execute("delete from audit.runs where run_id = ?", [run_id])
        con.execute("insert into audit.runs (run_id, started_at, status) values (?, ?, 'running')", [run_id, _now()])


def mark_stale_runs_failed(con, error: str, keep: str | None = None) -> int:
    """Mark every `running` run other than `keep` failed with this error; returns how many."""
    stale = con.execute(
        "select run_id from audit.runs where status = 'running' and run_id is distinct from ?", [keep]
    ).fetchall()
    for (rid,) in stale:
        con.execute(
            "update audit.runs set status = 'failed', finished_at = ?, error = coalesce(error, ?) where run_id = ?",
            [_now(), error, rid],
        )
    return len(stale)


def record_failure(warehouse: Path, run_id: str, task_id: str, error: str) -> None:
    """Note the first task that failed in this run and its error's last line."""
    with connect(warehouse) as con:
        ensure_schema(con)
        con.execute(
            "update audit.runs set failed_task = coalesce(failed_task, ?), error = coalesce(error, ?) where run_id = ?",
            [task_id, last_line(error), run_id],
        )


def last_line(error: object) -> str:
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    text = lines[-1] if lines else type(error).__name__
    if isinstance(error, BaseException) and type(error).__name__ not in text:
        text = f"{type(error).__name__}: {text}"
    return text[:500]


def record_task_failure(context) -> None:
    """Airflow on_failure_callback: record which task failed and why (never raises)."""
    from extract import config

    try:
        ti = context["ti"]
        error = context.get("exception") or "failed"
        record_failure(config.warehouse_path(), ti.run_id, ti.task_id, error)
    except Exception:  # noqa: BLE001 - a callback must not hide the task's own failure
        pass


def finish_run(warehouse: Path, run_id: str, status: str) -> None:
    """Close the run: its status, the load counts from raw.load_log and the articles it quarantined."""
    with connect(warehouse) as con:
        ensure_schema(con)
        counts = con.execute(
            """select count(*), count(*) filter (status = 'loaded'), count(*) filter (status = 'duplicate'),
                      count(*) filter (status = 'rejected')
               from raw.load_log where run_id = ?""",
            [run_id],
        ).fetchone()
        quarantined = con.execute("select count(*) from raw.quarantine where run_id = ?", [run_id]).fetchone()[0]
        exists = con.execute("select count(*) from audit.runs where run_id = ?", [run_id]).fetchone()[0]
        if not exists:
            con.execute(
                "insert into audit.runs (run_id, started_at, status) values (?, ?, ?)", [run_id, _now(), status]
            )
        con.execute(
            """update audit.runs set finished_at = ?, status = ?, articles_seen = ?, articles_loaded = ?,
                      articles_duplicate = ?, articles_rejected = ?, articles_quarantined = ? where run_id = ?""",
            [_now(), status, *counts, quarantined, run_id],
        )
