"""Opening the warehouse, creating the tables the Python tasks write, and keeping their keys.

A DuckDB file takes one read-write process or many read-only ones, never both: every connection here is
opened for one task's work and closed at its end (the DAG runs all writers under one pool slot). With
WAREHOUSE_BACKEND=ducklake the whole warehouse (raw, audit and the models) is a DuckLake (extract/lake.py): a
connection is an in-memory DuckDB that attaches the lake and uses it, so no process holds a file and tasks on
several hosts can write through a Postgres catalog.

The keys the tables declare in raw_schema.sql (`primary key`) are the writers' to keep: DuckLake takes no
primary or unique key, so in the lake the tables are created without them (`schema_sql`), rows that replace
or skip existing ones go through `merge_rows` (MERGE INTO on the declared key, on both backends), and
`repeated_keys` finds a key that occurs twice (the writers check the tables they wrote before committing).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
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
    """A connection to the warehouse (the file at `path`, or the lake beside it), closed when the block ends."""
    release_in_process_dbt()
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    in_lake = lake.enabled()
    con = duckdb.connect(":memory:" if in_lake else str(path), read_only=read_only and not in_lake)
    try:
        if in_lake:
            if not lake.attach(con, read_only=read_only, warehouse=path):
                raise duckdb.IOException(f"no warehouse at {lake.catalog(path)} (nothing has been loaded)")
            con.execute(f"use {lake.ALIAS}")
            con.execute(f"set temp_directory = '{path.with_name(path.name + '.tmp')}'")  # a file's own default
        # a setting, not a connection option: another connection to the file in this process may exist
        con.execute(f"set memory_limit = '{memory_limit()}'")
        yield con
    finally:
        con.close()


def exists(path: Path) -> bool:
    """Whether the warehouse has been started: the file at `path`, or the lake beside it."""
    return lake.exists(path) if lake.enabled() else path.exists()


def memory_limit() -> str:
    """How much memory DuckDB may use before it spills to disk: $DUCKDB_MEMORY_LIMIT, default 1GB (DuckDB's own
    default is 80% of the machine's memory, which one large join in a task can take)."""
    return os.environ.get("DUCKDB_MEMORY_LIMIT") or "1GB"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw and audit schemas and tables if they are missing (idempotent)."""
    con.execute(schema_sql())


def schema_sql(in_lake: bool | None = None) -> str:
    """raw_schema.sql; for the lake, without its primary keys (a column key's NOT NULL stays)."""
    sql = (SQL_DIR / "raw_schema.sql").read_text()
    if not (lake.enabled() if in_lake is None else in_lake):
        return sql
    sql = re.sub(r",\s*primary key \([^)]*\)", "", sql)
    return re.sub(r"\bprimary key\b", "not null", sql)


@cache
def keys() -> dict[str, list[str]]:
    """Each table's key as raw_schema.sql declares it: `raw.articles` -> ["article_id"]."""
    out: dict[str, list[str]] = {}
    sql = re.sub(r"--[^\n]*", "", (SQL_DIR / "raw_schema.sql").read_text())
    for table, body in re.findall(r"create table if not exists (\w+\.\w+) \((.*?)\);", sql, re.S):
        if found := re.search(r"primary key \(([^)]*)\)", body):
            out[table] = [c.strip() for c in found.group(1).split(",")]
        elif found := re.search(r"(\w+)\s+\w+(?:\[\])?\s+primary key", body):
            out[table] = [found.group(1)]
    return out


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
    is already there replace it (`merge_rows`)."""
    if not rows:
        return
    arrow = pa.Table.from_arrays([pa.array(list(values)) for values in zip(*rows, strict=True)], names=columns)
    view = f"_rows_{id(arrow)}"
    con.register(view, arrow)
    try:
        names = ", ".join(columns)
        if replace:
            merge_rows(con, table, f"select {names} from {view}", columns)
        else:
            con.execute(f"insert into {table} ({names}) select {names} from {view}")
    finally:
        con.unregister(view)


def merge_rows(
    con: duckdb.DuckDBPyConnection, table: str, source: str, columns: list[str], replace: bool = True
) -> None:
    """Write the rows of the query `source` (with `columns`, one row per key) into `table` by its declared key:
    a row whose key is there replaces it (`replace`) or is skipped; the others are inserted. MERGE INTO, which
    the file and the lake both take (`insert or replace` needs a primary key, which the lake has not)."""
    key = keys()[table]
    on = " and ".join(f"t.{k} = s.{k}" for k in key)
    update = ", ".join(f"{c} = s.{c}" for c in columns if c not in key)
    matched = f"when matched then update set {update} " if replace and update else ""
    names = ", ".join(columns)
    values = ", ".join(f"s.{c}" for c in columns)
    con.execute(
        f"merge into {table} t using ({source}) s on {on} {matched}"
        f"when not matched then insert ({names}) values ({values})"
    )


def repeated_keys(con: duckdb.DuckDBPyConnection, tables: list[str] | None = None) -> dict[str, int]:
    """Tables (of `tables`, default all keyed ones) where a declared key occurs more than once -> how many keys."""
    out = {}
    for table, key in keys().items():
        if tables is None or table in tables:
            cols = ", ".join(key)
            n = con.execute(
                f"select count(*) from (select {cols} from {table} group by {cols} having count(*) > 1)"
            ).fetchone()[0]
            if n:
                out[table] = n
    return out


def check_keys(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """In the lake, where no primary key refuses a repeated key, raise (before the caller commits) when one of
    these tables holds a key twice; the file's primary keys already refuse it."""
    if lake.enabled() and (repeated := repeated_keys(con, tables)):
        raise RuntimeError(f"a declared key occurs more than once in {repeated} (extract/sql/raw_schema.sql)")


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], rows: list[tuple]) -> None:
    """Replace the whole content of `table` with `rows` in one transaction."""
    with transaction(con):
        con.execute(f"delete from {table}")
        insert_rows(con, table, columns, rows)
