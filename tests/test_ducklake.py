"""The warehouse's models in DuckLake, chosen by configuration (WAREHOUSE_BACKEND=ducklake): the same dbt
models build into a lake with a local SQLite catalog and Parquet data, hold the same rows as in the one-file
warehouse, pass the checks, and publish the same BI copy. The extensions load from their PyPI packages."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import duckdb
import pytest

from extract import lake
from extract.config import PROJECT_DIR

VOLATILE = {"dim_articles": "ingested_at"}  # when the build loaded the article: differs between two builds
MARTS = (
    "bridge_event_articles",
    "dim_actors",
    "dim_articles",
    "dim_locations",
    "fct_casualties",
    "fct_displacement",
    "fct_displacement_latest",
    "fct_entity_mentions",
    "fct_events",
)


@pytest.fixture(scope="module")
def lake_build(tmp_path_factory):
    """The seeds loaded, extracted and `dbt build` with the ducklake target; then checked and published."""
    from extract.checks.run import run_checks
    from extract.evaluate import build_warehouse
    from extract.publish import publish_bi_copy
    from extract.runs import finish_run, start_run

    root = tmp_path_factory.mktemp("lake")
    settings = {
        "WAREHOUSE_BACKEND": "ducklake",
        "DUCKLAKE_CATALOG": f"sqlite:{root / 'catalog' / 'lake.sqlite'}",
        "DUCKLAKE_DATA_PATH": str(root / "parquet") + "/",
    }
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    try:
        warehouse = build_warehouse(PROJECT_DIR / "seeds", root / "wh")
        start_run(warehouse, "lake")
        report = run_checks(warehouse, "lake")
        finish_run(warehouse, "lake", "success")
        bi = publish_bi_copy(warehouse, root / "wh" / "conflict_bi.duckdb", "lake")
        yield root, warehouse, report, bi
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_configuration_chooses_the_backend(monkeypatch, tmp_path):
    from extract.config import dbt_target

    monkeypatch.delenv("WAREHOUSE_BACKEND", raising=False)
    assert not lake.enabled() and dbt_target() == "warehouse"
    monkeypatch.setenv("WAREHOUSE_BACKEND", "DuckLake")
    assert lake.enabled() and dbt_target() == "ducklake"
    monkeypatch.delenv("DUCKLAKE_CATALOG", raising=False)
    monkeypatch.delenv("DUCKLAKE_DATA_PATH", raising=False)
    wh = tmp_path / "conflict.duckdb"
    assert lake.catalog(wh) == f"sqlite:{tmp_path / 'conflict_lake' / 'catalog.sqlite'}"
    assert lake.data_path(wh) == f"{tmp_path / 'conflict_lake' / 'data'}/"
    monkeypatch.setenv("WAREHOUSE_BACKEND", "parquet")
    with pytest.raises(ValueError, match="duckdb or ducklake"):
        lake.enabled()


def test_extensions_load_from_the_packages_without_a_download():
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        lake.load_extensions(con, "sqlite:/nonexistent.sqlite")
        lake.load_extensions(con, "postgres:dbname=x")
        loaded = {n for (n,) in con.execute("select extension_name from duckdb_extensions() where loaded").fetchall()}
        assert {"ducklake", "sqlite_scanner", "postgres_scanner"} <= loaded
    finally:
        con.close()


def test_models_live_in_the_lake_and_sources_in_the_file(lake_build):
    root, warehouse, _, _ = lake_build
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        schemas = {
            s
            for (s,) in con.execute(
                "select schema_name from duckdb_schemas() where database_name = current_database()"
            ).fetchall()
        }
    finally:
        con.close()
    assert {"raw", "audit"} <= schemas
    assert not schemas & {"staging", "intermediate", "marts"}
    catalog = sqlite3.connect(root / "catalog" / "lake.sqlite")
    try:
        tables = {
            r[0]
            for r in catalog.execute(
                "select t.table_name from ducklake_table t join ducklake_schema s using (schema_id) "
                "where s.schema_name = 'marts' and t.end_snapshot is null"
            )
        }
        files = [
            r[0]
            for r in catalog.execute(
                "select f.path from ducklake_data_file f join ducklake_table t using (table_id) "
                "where t.table_name = 'fct_entity_mentions' and t.end_snapshot is null and f.end_snapshot is null"
            )
        ]
    finally:
        catalog.close()
    assert set(MARTS) <= tables
    # the mentions (198 rows) are Parquet files under the data path, named in the SQLite catalog (DuckLake keeps
    # the rows of a table of ten or fewer in the catalog itself: its data inlining)
    assert files and all(p.endswith(".parquet") for p in files)
    parquet = {p.name for p in (root / "parquet").rglob("*.parquet")}
    assert {Path(p).name for p in files} <= parquet


def test_the_lake_holds_the_same_rows_as_the_one_file_warehouse(lake_build, seeds_bi_copy):
    _, _, _, bi = lake_build
    con = duckdb.connect()
    try:
        con.execute(f"attach '{seeds_bi_copy}' as one_file (read_only)")
        con.execute(f"attach '{bi}' as from_lake (read_only)")
        for table in MARTS:
            n = con.execute(f"select count(*) from one_file.marts.{table}").fetchone()[0]
            assert con.execute(f"select count(*) from from_lake.marts.{table}").fetchone()[0] == n, table
            cols = f"* exclude ({VOLATILE[table]})" if table in VOLATILE else "*"
            differ = con.execute(f"""select count(*) from (
                (select {cols} from one_file.marts.{table} except all select {cols} from from_lake.marts.{table})
                union all
                (select {cols} from from_lake.marts.{table} except all select {cols} from one_file.marts.{table})
                )""").fetchone()[0]
            assert differ == 0, table
        assert con.execute("select count(*) from from_lake.marts.fct_events").fetchone()[0] > 0
        comment = con.execute(
            "select comment from duckdb_tables() where database_name = 'from_lake' and table_name = 'fct_events'"
        ).fetchone()[0]
        assert comment  # the dbt descriptions came through the lake into the BI copy
    finally:
        con.close()


def test_checks_read_the_lake_marts(lake_build):
    _, _, report, _ = lake_build
    marts = [r for r in report.results if r.table.startswith("marts.")]
    assert {r.table for r in marts} >= {"marts.fct_events", "marts.dim_locations"}
    assert not [r for r in report.results if r.broken], [r for r in report.results if r.broken][:3]
    failed = [r for r in report.results if not r.success and r.severity == "error"]
    assert not failed, failed[:3]


def test_a_second_process_reads_the_lake_while_it_is_attached(lake_build):
    """Unlike one DuckDB file, the lake takes a reader beside a read-write attachment."""
    root, warehouse, _, _ = lake_build
    writer = duckdb.connect()
    reader = duckdb.connect()
    try:
        lake.attach(writer, warehouse=warehouse)
        lake.attach(reader, read_only=True, warehouse=warehouse)
        n = reader.execute("select count(*) from lake.marts.fct_events").fetchone()[0]
        assert n == writer.execute("select count(*) from marts.fct_events").fetchone()[0] > 0
    finally:
        writer.close()
        reader.close()
