"""The whole warehouse in DuckLake, chosen by configuration (WAREHOUSE_BACKEND=ducklake): the pipeline's raw
and audit tables and the same dbt models live in a lake with a local SQLite catalog and Parquet data (no
DuckDB file at WAREHOUSE_PATH), hold the same rows as the one-file warehouse, pass the checks, and publish
the same BI copy; a second run over the same folder changes nothing, a re-extraction replaces rows without
repeating a key, and a repeated key is refused. The extensions load from their PyPI packages."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import duckdb
import pytest

from extract import lake
from extract.config import PROJECT_DIR
from extract.warehouse import check_keys, connect, keys, repeated_keys, transaction

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


def test_the_whole_warehouse_lives_in_the_lake(lake_build):
    root, warehouse, _, _ = lake_build
    # no DuckDB file: WAREHOUSE_PATH only names the warehouse (the lake, the BI copy, the lock sit beside it)
    assert not warehouse.exists() and not list(warehouse.parent.glob("*.duckdb.wal"))
    catalog = sqlite3.connect(root / "catalog" / "lake.sqlite")
    try:
        live = {
            (schema, table)
            for schema, table in catalog.execute(
                "select s.schema_name, t.table_name from ducklake_table t join ducklake_schema s using (schema_id) "
                "where t.end_snapshot is null and s.end_snapshot is null"
            )
        }
        tables = {t for s, t in live if s == "marts"}
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
    # every table the Python tasks write (raw_schema.sql) is in the lake
    assert {tuple(t.split(".")) for t in keys()} | {("raw", "load_log"), ("audit", "dq_results")} <= live
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
        assert lake.attach(writer, warehouse=warehouse)
        assert lake.attach(reader, read_only=True, warehouse=warehouse)
        n = reader.execute("select count(*) from lake.marts.fct_events").fetchone()[0]
        assert n == writer.execute("select count(*) from lake.marts.fct_events").fetchone()[0] > 0
        assert reader.execute("select count(*) from lake.raw.articles").fetchone()[0] > 0
    finally:
        writer.close()
        reader.close()


def _raw_rows(warehouse: Path) -> dict[str, list[tuple]]:
    """Every raw table's rows, sorted (raw.load_log aside: every run adds its own lines)."""
    with connect(warehouse, read_only=True) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from duckdb_tables() where database_name = current_database() "
                "and schema_name = 'raw' and table_name <> 'load_log' order by 1"
            ).fetchall()
        ]
        return {t: sorted(con.execute(f"select * from raw.{t}").fetchall(), key=repr) for t in tables}


def test_a_second_run_over_the_same_folder_changes_nothing_and_a_reprocess_repeats_no_key(lake_build):
    """Runs on the built lake (after the tests above have read it): the loader and extraction again over the
    seeds, then every article extracted again (`make reprocess`), with no primary key to refuse a repeat."""
    from extract.incremental import extract_articles
    from extract.ingest.load import load_articles

    _, warehouse, _, _ = lake_build
    before = _raw_rows(warehouse)
    assert before["articles"] and before["mentions"] and before["story_edges"]

    report = load_articles(PROJECT_DIR / "seeds", warehouse, "lake-again")
    assert report.loaded and report.loaded + report.duplicate + report.rejected == report.seen
    assert extract_articles(warehouse, run_id="lake-again").extracted == 0
    assert _raw_rows(warehouse) == before  # same rows (the data version did not move either)
    with connect(warehouse, read_only=True) as con:
        logged = con.execute(
            "select count(*) filter (run_id = 'eval'), count(*) filter (run_id = 'lake-again') from raw.load_log"
        ).fetchone()
    assert logged[0] == logged[1] > 0

    again = extract_articles(warehouse, run_id="lake-reprocess", reprocess=True)
    assert again.extracted == len(before["article_metadata"])
    after = _raw_rows(warehouse)
    for table in set(before) - {"data_version"}:  # the data version moved on: rows were replaced
        assert after[table] == before[table], table  # replaced by the same rows, none twice
    with connect(warehouse, read_only=True) as con:
        assert repeated_keys(con) == {}


def test_the_loader_refuses_a_repeated_key_in_the_lake(lake_build):
    _, warehouse, _, _ = lake_build
    with connect(warehouse) as con:
        n = con.execute("select count(*) from raw.places").fetchone()[0]
        with pytest.raises(RuntimeError, match="raw.places"), transaction(con):
            con.execute("insert into raw.places select * from raw.places limit 1")  # the lake takes it...
            check_keys(con, ["raw.places"])  # ...the writer's check does not, and the transaction rolls back
        assert con.execute("select count(*) from raw.places").fetchone()[0] == n


def _lake_rows(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table of the lake (raw, audit, the models), its rows sorted."""
    with connect(warehouse, read_only=True) as con:
        tables = con.execute(
            "select schema_name || '.' || table_name from duckdb_tables() where database_name = current_database() "
            "order by 1"
        ).fetchall()
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for (t,) in tables}


def test_upkeep_shrinks_the_lake_and_keeps_every_row(lake_build, monkeypatch, capsys):
    """After the runs above (the build, a second run over the seeds, a reprocess), `python -m extract
    lake-upkeep` keeping no history: fewer snapshots, fewer files referenced and on disk, every row as it was,
    and a new reader reads the lake."""
    from extract.cli import main
    from extract.lake_upkeep import state

    root, warehouse, _, _ = lake_build
    rows = _lake_rows(warehouse)
    assert {"raw.articles", "marts.fct_events", "audit.runs"} <= set(rows) and rows["marts.fct_events"]
    with connect(warehouse, read_only=True) as con:
        before = state(con)
    on_disk = len(list((root / "parquet").rglob("*.parquet")))

    monkeypatch.setenv("WAREHOUSE_PATH", str(warehouse))
    assert main(["lake-upkeep", "--keep-days", "0"]) == 0
    printed = capsys.readouterr().out
    assert "lake upkeep (keeping 0 days)" in printed, printed

    with connect(warehouse, read_only=True) as con:
        after = state(con)
    left = len(list((root / "parquet").rglob("*.parquet")))
    with capsys.disabled():  # the figures, for whoever runs this with -s
        print(f"\nupkeep: {before} ({on_disk} files on disk) -> {after} ({left} files on disk)")
    assert after["snapshots"] == 1 < before["snapshots"]  # only the current snapshot is kept
    assert after["data_files"] + after["delete_files"] < before["data_files"] + before["delete_files"]
    assert after["scheduled_for_deletion"] == 0 and left < on_disk
    assert left == after["data_files"] + after["delete_files"]  # nothing on disk the catalog does not name
    assert _lake_rows(warehouse) == rows  # every table, every row, as before
    reader = duckdb.connect()
    try:
        assert lake.attach(reader, read_only=True, warehouse=warehouse)
        n = reader.execute("select count(*) from lake.marts.fct_events").fetchone()[0]
        assert n == len(rows["marts.fct_events"])
    finally:
        reader.close()

    # the default keeps a week: run again at once, it expires and deletes nothing
    assert main(["lake-upkeep"]) == 0
    assert "snapshots 1 -> 1" in capsys.readouterr().out


def test_upkeep_is_a_no_op_that_says_so_with_one_file(monkeypatch, tmp_path):
    from extract.lake_upkeep import keep_days, upkeep

    monkeypatch.delenv("WAREHOUSE_BACKEND", raising=False)
    assert "one DuckDB file" in upkeep(tmp_path / "conflict.duckdb")["skipped"]
    monkeypatch.delenv("DUCKLAKE_KEEP_DAYS", raising=False)
    assert keep_days() == 7
    monkeypatch.setenv("DUCKLAKE_KEEP_DAYS", "0.5")
    assert keep_days() == 0.5
    monkeypatch.setenv("DUCKLAKE_KEEP_DAYS", "-1")
    with pytest.raises(ValueError, match="DUCKLAKE_KEEP_DAYS"):
        keep_days()
