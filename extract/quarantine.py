"""Quarantine: articles extraction cannot handle, set aside with their reason so that the run goes on.

An article that is too long for the pipeline, holds a figure beyond the plausible range, makes a pipeline
component raise, or loses its worker process twice goes to raw.quarantine (and, for the run that found it,
audit.rejected_articles). Later runs skip it, so one bad article never blocks the next run. Once the cause
is fixed (the article replaced, or the extractor), `python -m extract release <article_id>|--all` takes it
out of quarantine and the next run extracts it again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extract.warehouse import check_keys, connect, ensure_schema, exists, insert_rows, transaction

QUARANTINE_COLUMNS = ["article_id", "source_file", "reason", "run_id", "quarantined_at"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def quarantine(warehouse: Path, run_id: str | None, reasons: dict[str, str]) -> None:
    """Put these articles (article_id -> reason) in quarantine, recorded against `run_id`."""
    with connect(warehouse) as con, transaction(con):
        ensure_schema(con)
        quarantine_with(con, run_id, reasons)


def quarantine_with(con, run_id: str | None, reasons: dict[str, str]) -> None:
    """`quarantine` over an open connection (inside the caller's transaction)."""
    now = _now()
    names = dict(
        con.execute(
            "select article_id, coalesce(source_relpath, source_file) from raw.articles "
            "where article_id in "
            "(select unnest(?))",
            [list(reasons)],
        ).fetchall()
    )
    rows = [(aid, names.get(aid, aid), reason, run_id or "", now) for aid, reason in sorted(reasons.items())]
    insert_rows(con, "raw.quarantine", QUARANTINE_COLUMNS, rows, replace=True)
    if run_id:
        insert_rows(
            con,
            "audit.rejected_articles",
            ["run_id", "source_file", "reason", "rejected_at"],
            [
                (run_id, source, f"quarantined at extraction (article {aid}): {reason}", now)
                for aid, source, reason, *_ in rows
            ],
        )
    check_keys(con, ["raw.quarantine"])


def quarantined(warehouse: Path) -> list[tuple[str, str, str, str]]:
    """(article_id, source_file, reason, run_id) of every article in quarantine."""
    if not exists(warehouse):
        return []
    with connect(warehouse, read_only=True) as con:
        return con.execute(
            "select article_id, source_file, reason, run_id from raw.quarantine order by quarantined_at, article_id"
        ).fetchall()


def release(warehouse: Path, article_ids: list[str] | None) -> list[str]:
    """Take these articles (every one when None) out of quarantine; returns the ids released."""
    with connect(warehouse) as con:
        ensure_schema(con)
        have = [r[0] for r in con.execute("select article_id from raw.quarantine").fetchall()]
        ids = have if article_ids is None else [a for a in article_ids if a in have]
        if ids:
            con.execute("delete from raw.quarantine where article_id in (select unnest(?))", [ids])
    return ids
