"""Lake upkeep: keeping a DuckLake warehouse from growing with every run (WAREHOUSE_BACKEND=ducklake).

Every run adds snapshots to the lake's catalog and small Parquet files to its data path (each write its own
file; a table dbt rebuilds leaves the old table's files behind for time travel). `upkeep` runs DuckLake's own
maintenance calls (those its CHECKPOINT runs), with the retention chosen here rather than stored in the
catalog, compacting before expiring so that the snapshots compaction adds expire in the same upkeep:

1. `ducklake_merge_adjacent_files`: a table's small files are merged into fewer ones (the replaced files are
   scheduled for deletion);
2. `ducklake_rewrite_data_files`: files whose rows are mostly deleted are rewritten without them (DuckLake's
   default threshold; the old files stay for the snapshots that still read them);
3. `ducklake_expire_snapshots`: snapshots older than $DUCKLAKE_KEEP_DAYS (default 7; 0 keeps only the
   current one) are forgotten, so time travel reaches back that far and no further; the files only they
   referenced are scheduled for deletion;
4. `ducklake_cleanup_old_files`: files scheduled for deletion more than $DUCKLAKE_KEEP_DAYS ago are deleted
   (a reader that started before the upkeep may still be scanning the newer ones);
5. `ducklake_delete_orphaned_files`: files in the data path the catalog does not know (a write that failed
   before its commit), older than the same, are deleted.

Data inlining is left alone: a table of ten rows or fewer stays in the catalog. The upkeep writes the lake, so
it runs under the `warehouse` pool (the DAG's `lake_upkeep` task after publishing) or, by hand, under the
run lock (`python -m extract lake-upkeep`). With the one-file backend it does nothing and says so.
"""

from __future__ import annotations

import os
from pathlib import Path

from extract import lake
from extract.warehouse import connect, exists

DEFAULT_KEEP_DAYS = 7.0


def keep_days() -> float:
    """How long snapshots and scheduled files are kept: $DUCKLAKE_KEEP_DAYS (days, may be fractional; default 7)."""
    raw = (os.environ.get("DUCKLAKE_KEEP_DAYS") or "").strip()
    days = float(raw) if raw else DEFAULT_KEEP_DAYS
    if days < 0:
        raise ValueError(f"DUCKLAKE_KEEP_DAYS must be 0 or more, not {raw!r}")
    return days


def state(con) -> dict[str, int]:
    """What the lake holds, from its catalog: snapshots, data and delete files (and their bytes) any snapshot
    still references, and the files scheduled for deletion."""
    meta = f"__ducklake_metadata_{lake.ALIAS}"
    data_files, data_bytes = con.execute(
        f"select count(*), coalesce(sum(file_size_bytes), 0) from {meta}.ducklake_data_file"
    ).fetchone()
    delete_files, delete_bytes = con.execute(
        f"select count(*), coalesce(sum(file_size_bytes), 0) from {meta}.ducklake_delete_file"
    ).fetchone()
    return {
        "snapshots": con.execute(f"select count(*) from {meta}.ducklake_snapshot").fetchone()[0],
        "data_files": data_files,
        "delete_files": delete_files,
        "bytes": int(data_bytes + delete_bytes),
        "scheduled_for_deletion": con.execute(
            f"select count(*) from {meta}.ducklake_files_scheduled_for_deletion"
        ).fetchone()[0],
    }


def upkeep(warehouse: Path, days: float | None = None) -> dict:
    """Expire old snapshots, merge and rewrite small files, delete the files no snapshot needs any more.

    Returns what each step did and the lake's `state` before and after; with the one-file backend (or no
    lake yet), `{"skipped": why}`."""
    if not lake.enabled():
        return {"skipped": "the warehouse is one DuckDB file (WAREHOUSE_BACKEND is not ducklake): no lake to keep"}
    if not exists(warehouse):
        return {"skipped": f"no lake at {lake.catalog(warehouse)} yet"}
    days = keep_days() if days is None else days
    cutoff = f"now() - to_microseconds({round(days * 86_400 * 1_000_000)})"
    with connect(warehouse) as con:
        before = state(con)

        def call(function: str, args: str = "") -> int:
            return len(con.execute(f"call {function}('{lake.ALIAS}'{args})").fetchall())

        done = {
            "merged_tables": call("ducklake_merge_adjacent_files"),
            "rewritten_tables": call("ducklake_rewrite_data_files"),
            "expired_snapshots": call("ducklake_expire_snapshots", f", older_than => {cutoff}"),
            "deleted_files": call("ducklake_cleanup_old_files", f", older_than => {cutoff}"),
            "deleted_orphans": call("ducklake_delete_orphaned_files", f", older_than => {cutoff}"),
        }
        after = state(con)
    return {"keep_days": days, **done, "before": before, "after": after}


def describe(result: dict) -> str:
    """One line for a log or the command line."""
    if "skipped" in result:
        return f"lake upkeep skipped: {result['skipped']}"
    b, a = result["before"], result["after"]
    return (
        f"lake upkeep (keeping {result['keep_days']:g} days): snapshots {b['snapshots']} -> {a['snapshots']}, "
        f"data files {b['data_files']} -> {a['data_files']}, delete files {b['delete_files']} -> "
        f"{a['delete_files']}, {b['bytes']:,} -> {a['bytes']:,} bytes referenced; "
        f"{result['deleted_files'] + result['deleted_orphans']} file(s) deleted from the data path, "
        f"{a['scheduled_for_deletion']} scheduled for deletion"
    )
