"""A warehouse's content, for comparing two warehouses: every raw table the pipeline's tasks write and every
mart, each table's rows sorted, without what only says when or by which run a row was written."""

from __future__ import annotations

from pathlib import Path

import duckdb

RAW = (
    "articles",
    "article_metadata",
    "actors",
    "places",
    "mentions",
    "event_candidates",
    "figures",
    "quarantine",
    "article_prints",
    "article_facts",
    "story_edges",
)
# columns that record a run or a time, not content
RUN_COLUMNS = {"first_run_id", "ingested_at", "run_id", "quarantined_at", "source_path"}


def _rows(con, schema: str, table: str) -> list[tuple]:
    cols = [
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = ? "
            "and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
        if c not in RUN_COLUMNS
    ]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return [
        tuple(map(repr, r)) for r in con.execute(f'select {quoted} from {schema}."{table}" order by all').fetchall()
    ]


def state(warehouse: Path, marts: bool = True) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {f"raw.{t}": _rows(con, "raw", t) for t in RAW}
        if marts:
            for (table,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall():
                out[f"marts.{table}"] = _rows(con, "marts", table)
        return out
    finally:
        con.close()


def differences(a: dict, b: dict) -> list[str]:
    """What differs between two states, table by table (empty when they are identical)."""
    out = []
    for table in sorted(set(a) | set(b)):
        left, right = set(a.get(table, [])), set(b.get(table, []))
        if left != right or len(a.get(table, [])) != len(b.get(table, [])):
            out.append(
                f"{table}: {len(left - right)} rows only in the first, {len(right - left)} only in the "
                f"second; e.g. {sorted(left - right)[:2]} / {sorted(right - left)[:2]}"
            )
    return out
