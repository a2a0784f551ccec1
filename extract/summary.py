"""The short report a person reads after a run: what was loaded, what the warehouse holds, what the checks said."""
from __future__ import annotations

from pathlib import Path

import duckdb

from extract.warehouse import connect


def _count(con, sql: str, params=()) -> int:
    try:
        return con.execute(sql, list(params)).fetchone()[0]
    except duckdb.Error:
        return 0


def latest_run(warehouse: Path) -> dict | None:
    if not warehouse.exists():
        return None
    try:
        with connect(warehouse, read_only=True) as con:
            row = con.execute("select run_id, status, articles_seen, articles_loaded, articles_duplicate, "
                              "articles_rejected from audit.runs order by started_at desc limit 1").fetchone()
    except duckdb.Error:
        return None
    if row is None:
        return None
    return dict(zip(["run_id", "status", "seen", "loaded", "duplicate", "rejected"], row))


def shown(path: Path) -> str:
    """A path as a person would type it: relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render(warehouse: Path, bi_copy: Path) -> str:
    run = latest_run(warehouse)
    if run is None:
        return f"No run recorded in {warehouse}."
    with connect(warehouse, read_only=True) as con:
        rid = run["run_id"]
        rejected = con.execute("select source_file, reason from audit.rejected_articles where run_id = ? "
                               "order by source_file", [rid]).fetchall()
        checks = con.execute("select count(*) filter (success), count(*) filter (not success), "
                             "count(*) filter (not success and severity = 'error') from audit.dq_results "
                             "where run_id = ?", [rid]).fetchone()
        failed = con.execute("select suite, check_name, severity from audit.dq_results where run_id = ? and not "
                             "success order by severity, suite, check_name limit 10", [rid]).fetchall()
        events = _count(con, "select count(*) from marts.fct_events")
        casualties = _count(con, "select count(*) from marts.fct_casualties")
        displacement = _count(con, "select count(*) from marts.fct_displacement")
        articles = _count(con, "select count(*) from marts.dim_articles")
    lines = [
        f"Run {run['run_id']}: {run['status'].upper()}",
        f"  articles   {run['seen'] or 0} seen: {run['loaded'] or 0} loaded, {run['duplicate'] or 0} duplicate, "
        f"{run['rejected'] or 0} rejected ({articles} distinct articles in the warehouse)",
    ]
    lines += [f"    rejected {name}: {reason}" for name, reason in rejected]
    lines += [
        f"  warehouse  {events} events, {casualties} casualty figures, {displacement} displacement figures",
        f"  checks     {checks[0]} passed, {checks[1]} failed ({checks[2]} of error severity)",
    ]
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
        lines += [f"  not published: the last good copy at {shown(bi_copy)} was left in place"]
        if bi_copy.exists():
            lines += [f"  BI copy    keeps the last good marts; audit.publication in it records this failed run "
                      f"(duckdb -readonly {shown(bi_copy)})"]
    return "\n".join(lines)


def _data_docs_lines(warehouse: Path, run_id: str) -> list[str]:
    """The link to this run's Great Expectations Data Docs, when they were written."""
    from extract.checks.data_docs import run_folder_name
    from extract.config import data_docs_dir

    index = data_docs_dir(warehouse) / run_folder_name(run_id) / "index.html"
    return [f"    Data Docs {shown(index)}"] if index.exists() else []
