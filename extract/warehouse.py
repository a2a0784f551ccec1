"""Opening the DuckDB warehouse and creating the tables the Python tasks write.

A DuckDB file takes one read-write process or many read-only ones, never both: every connection here is
opened for one task's work and closed at its end (the DAG runs all writers under one pool slot). With
WAREHOUSE_BACKEND=ducklake the connection also attaches the lake that holds the models (extract/lake.py).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from extract import lake
from extract.config import SQL_DIR


def release_in_process_dbt() -> None:
    """Close the DuckDB instance dbt-duckdb keeps open for the life of a process.

    When dbt runs inside this process (Cosmos' DBT_RUNNER mode, all tasks of `airflow dags test`), the
    adapter holds the warehouse open read-write; a later read-only connection would be refused."""
    module = sys.modules.get("dbt.adapters.duckdb.connections")
    if module is None:
        return
    manager = module.DuckDBConnectionManager
    with manager._LOCK:
        if manager._ENV is not None:
            manager._ENV.close()
            manager._ENV = None


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse file, closed when the block ends."""
    release_in_process_dbt()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if lake.enabled():
            lake.attach(con, read_only=read_only, warehouse=path)  # marts.* are the lake's
        # a setting, not a connection option: another connection to the file in this process may exist
        con.execute(f"set memory_limit = '{memory_limit()}'")
        yield con
    finally:
        con.close()


def memory_limit() -> str:
    """How much memory DuckDB may use before it spills to disk: $DUCKDB_MEMORY_LIMIT, default 1GB (DuckDB's own
    default is 80% of the machine's memory, which one large join in a task can take)."""
    return os.environ.get("DUCKDB_MEMORY_LIMIT") or "1GB"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw and audit schemas and tables if they are missing (idempotent)."""
    con.execute((SQL_DIR / "raw_schema.sql").read_text())


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Commit what the block does, or roll all of it back."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple], replace: bool = False
) -> None:
    """Append `rows` (tuples in the order of `columns`) in one statement, handed to DuckDB as an Arrow table
    (column by column; DuckDB casts each Arrow column to the table's type); `replace`: rows with a key that
    is already there replace it."""
    if not rows:
        return
    arrow = pa.Table.from_arrays([pa.array(list(values)) for values in zip(*rows, strict=True)], names=columns)
    view = f"_rows_{id(arrow)}"
    con.register(view, arrow)
    try:
        names = ", ".join(columns)
        con.execute(f"insert {'or replace ' if replace else ''}into {table} ({names}) select {names} from {view}")
    finally:
        con.unregister(view)


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Replace the whole content of `table` with `rows` in one transaction."""
    with transaction(con):
        con.execute(f"delete from {table}")
        insert_rows(con, table, columns, rows)
