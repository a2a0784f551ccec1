"""The short report a person reads after a run: what was loaded, what the warehouse holds, what the checks
said, and for a failed run which task failed and why. Every count is this run's own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from extract.warehouse import connect, exists

RUN_COLUMNS = [
    "run_id",
    "status",
    "seen",
    "loaded",
    "duplicate",
    "rejected",
    "quarantined",
    "failed_task",
    "error",
    "started_at",
]
# a run that failed in one of these tasks (or before them) did not rebuild the marts
BUILT_AFTER = ("check", "publish", "lake_upkeep", "finish")
MAX_LISTED = 20


def _count(con, sql: str, params=()) -> int | None:
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    except duckdb.Error:
        return None


def latest_run(warehouse: Path, since: dt.datetime | None = None) -> dict | None:
    """The latest run recorded in the warehouse (started at or after `since`, UTC, if given), or None."""
    if not exists(warehouse):
        return None
    try:
        with connect(warehouse, read_only=True) as con:
            row = con.execute(
                "select run_id, status, articles_seen, articles_loaded, articles_duplicate, articles_rejected, "
                "articles_quarantined, failed_task, error, started_at from audit.runs where started_at >= ? "
                "order by started_at desc limit 1",
                [since or dt.datetime(1970, 1, 1)],
            ).fetchone()
    except duckdb.Error:
        return None
    return dict(zip(RUN_COLUMNS, row)) if row else None


def shown(path: Path) -> str:
    """A path as a person would type it: relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def bi_copy_state(bi_copy: Path) -> str:
    if not bi_copy.exists():
        return "no BI copy exists yet"
    when = dt.datetime.fromtimestamp(bi_copy.stat().st_mtime, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"the last good copy's marts stay in {shown(bi_copy)} (file written {when})"


def render(warehouse: Path, bi_copy: Path, run: dict | None = None, new_warehouse: bool = False) -> str:
    """The summary of `run` (default: the latest run recorded)."""
    head = [f"New warehouse started at {warehouse} (nothing was there before this run)."] if new_warehouse else []
    run = run or latest_run(warehouse)
    if run is None:
        return "\n".join(head + [f"No run recorded in {warehouse}."])
    rid = run["run_id"]
    with connect(warehouse, read_only=True) as con:
        rejected = con.execute(
            "select source_file, reason from audit.rejected_articles where run_id = ? order by source_file", [rid]
        ).fetchall()
        repaired = con.execute(
            "select coalesce(source_relpath, source_file), reason from raw.load_log where "
            "run_id = ? and status = 'loaded' and reason is not null order by 1",
            [rid],
        ).fetchall()
        checks = con.execute(
            "select count(*) filter (success), count(*) filter (not success), "
            "count(*) filter (not success and severity = 'error') from audit.dq_results "
            "where run_id = ?",
            [rid],
        ).fetchone()
        failed = con.execute(
            "select suite, check_name, severity from audit.dq_results where run_id = ? and not "
            "success order by severity, suite, check_name limit 10",
            [rid],
        ).fetchall()
        in_quarantine = _count(con, "select count(*) from raw.quarantine") or 0
        built_by = (
            con.execute("select run_id from raw.build_state").fetchone()
            if _count(
                con,
                "select count(*) from information_schema.tables where table_schema = 'raw' and "
                "table_name = 'build_state'",
            )
            else None
        )
        # a successful run that ran no check had nothing new: the marts are the run's that built them
        nothing_new = run["status"] == "success" and not sum(checks) and built_by and built_by[0] != rid
        built = run["status"] == "success" or run["failed_task"] in BUILT_AFTER
        if built:
            events = _count(con, "select count(*) from marts.fct_events")
            casualties = _count(con, "select count(*) from marts.fct_casualties")
            displacement = _count(con, "select count(*) from marts.fct_displacement")
            articles = _count(con, "select count(*) from marts.dim_articles")
    status = run["status"].upper()
    if run["status"] != "success":
        if run["failed_task"]:
            status += f": task {run['failed_task']} failed: {run['error']}"
        elif run["error"]:
            status += f": {run['error']}"
    lines = head + [
        f"Run {rid}: {status}",
        f"  articles   {run['seen'] or 0} seen: {run['loaded'] or 0} loaded, {run['duplicate'] or 0} duplicate, "
        f"{run['rejected'] or 0} rejected; {run['quarantined'] or 0} quarantined at extraction",
    ]
    lines += [f"    rejected {name}: {reason}" for name, reason in rejected[:MAX_LISTED]]
    lines += [f"    loaded with a repair {name}: {note}" for name, note in repaired[:MAX_LISTED]]
    if len(rejected) > MAX_LISTED or len(repaired) > MAX_LISTED:
        lines.append("    ... more in audit.rejected_articles and raw.load_log")
    if in_quarantine:
        lines.append(
            f"    {in_quarantine} article(s) in quarantine, skipped until released: python -m extract quarantine"
        )
    if built:
        by = f"as run {built_by[0]} built them: nothing new since" if nothing_new else "built by this run"
        lines.append(
            f"  warehouse  {events} events, {casualties} casualty figures, {displacement} displacement "
            f"figures ({articles} distinct articles), {by}"
        )
    else:
        lines.append("  warehouse  not rebuilt by this run (it stopped before dbt finished)")
    if sum(checks):
        lines.append(f"  checks     {checks[0]} passed, {checks[1]} failed ({checks[2]} of error severity)")
    else:
        lines.append("  checks     not run (nothing new to check)" if nothing_new else "  checks     not run")
    lines += [f"    failed [{sev}] {suite}: {name}" for suite, name, sev in failed]
    lines += _data_docs_lines(warehouse, rid)
    if run["status"] == "success":
        lines += [
            f"  published  {shown(bi_copy)}",
            "",
            "Query it read-only (BI tools and the DuckDB CLI open the published copy, never the live file;",
            "a connection opened before this run sees the new copy once it reconnects):",
            f"  duckdb -readonly {shown(bi_copy)}",
            "  select event_date, event_type, sub_event_type, fatalities_best, n_articles, summary",
            "  from marts.fct_events order by event_date desc limit 10;",
        ]
    else:
        lines.append(f"  not published: {bi_copy_state(bi_copy)}")
        if bi_copy.exists():
            lines += [
                f"  BI copy    keeps the last good marts; audit.publication in it records this failed run "
                f"(duckdb -readonly {shown(bi_copy)})"
            ]
    return "\n".join(lines)


def _data_docs_lines(warehouse: Path, run_id: str) -> list[str]:
    """The link to this run's Great Expectations Data Docs, when they were written."""
    from extract.checks.data_docs import run_folder_name
    from extract.config import data_docs_dir

    index = data_docs_dir(warehouse) / run_folder_name(run_id) / "index.html"
    return [f"    Data Docs {shown(index)}"] if index.exists() else []
