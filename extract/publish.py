"""Publishing the BI copy: a read-only snapshot of the warehouse that BI tools open, replaced atomically.

The copy is written to a temporary file beside the target in DuckDB's v1.4.0 storage format (BI drivers
ship DuckDB 1.4/1.5, which cannot open files written by DuckDB 2.0's newer format), then renamed into place:
a reader sees the old copy or the new one, never half of one. The live warehouse is only read here.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from extract.warehouse import release_in_process_dbt

STORAGE_VERSION = "v1.4.0"


def publish_bi_copy(warehouse: Path, target: Path) -> Path:
    if not warehouse.exists():
        raise FileNotFoundError(f"warehouse {warehouse} does not exist: nothing to publish")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    release_in_process_dbt()
    con = duckdb.connect()  # in memory: the warehouse attached read-only, the copy read-write
    try:
        con.execute(f"attach '{_sql_str(warehouse)}' as live (read_only)")
        con.execute(f"attach '{_sql_str(tmp)}' as snap (storage_version '{STORAGE_VERSION}')")
        con.execute("copy from database live to snap")
        con.execute("detach snap")
        con.execute("detach live")
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        con.close()
    os.replace(tmp, target)
    return target


def _sql_str(path: Path) -> str:
    return str(path).replace("'", "''")
