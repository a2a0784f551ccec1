"""Run records in audit.runs: one row per pipeline run, opened at the start and closed at the end."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from extract.warehouse import connect, ensure_schema


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def start_run(warehouse: Path, run_id: str) -> None:
    with connect(warehouse) as con:
        ensure_schema(con)
        con.execute("delete from audit.runs where run_id = ?", [run_id])
        con.execute("insert into audit.runs (run_id, started_at, status) values (?, ?, 'running')",
                    [run_id, _now()])


def finish_run(warehouse: Path, run_id: str, status: str) -> None:
    """Close the run: its status, and the load counts from raw.load_log."""
    with connect(warehouse) as con:
        ensure_schema(con)
        counts = con.execute(
            """select count(*), count(*) filter (status = 'loaded'), count(*) filter (status = 'duplicate'),
                      count(*) filter (status = 'rejected')
               from raw.load_log where run_id = ?""", [run_id]).fetchone()
        exists = con.execute("select count(*) from audit.runs where run_id = ?", [run_id]).fetchone()[0]
        if not exists:
            con.execute("insert into audit.runs (run_id, started_at, status) values (?, ?, ?)",
                        [run_id, _now(), status])
        con.execute(
            """update audit.runs set finished_at = ?, status = ?, articles_seen = ?, articles_loaded = ?,
                      articles_duplicate = ?, articles_rejected = ? where run_id = ?""",
            [_now(), status, *counts, run_id])
