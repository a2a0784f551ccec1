"""The DAG on a team's set-up without Docker: a real PostgreSQL (a throwaway cluster of Debian's postgresql,
tests/postgres.py) holding Airflow's metadata DB and the DuckLake catalog of the whole warehouse, Airflow's
api-server, and the LocalExecutor running every task in a process of its own (`airflow dags test
--use-executor`), configured only through variables: AIRFLOW_DATABASE_URL and AIRFLOW_EXECUTOR
(extract/airflow_home.py), WAREHOUSE_BACKEND=ducklake, DUCKLAKE_CATALOG and DUCKLAKE_DATA_PATH (extract/lake.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from extract.config import PROJECT_DIR
from tests.postgres import _free_port, create_database, postgres_server


@pytest.fixture(scope="module")
def pg():
    for server in postgres_server():
        if isinstance(server, str):
            pytest.skip(server)
        yield server


@pytest.fixture(scope="module")
def team_run(pg, tmp_path_factory):
    """One DAG run over the seeds with the LocalExecutor and Postgres metadata; yields (exit code, log text,
    warehouse, metadata DB url)."""
    from extract import airflow_home

    create_database(pg, "airflow")
    create_database(pg, "lake")
    root = tmp_path_factory.mktemp("team")
    api_port = _free_port()
    settings = {
        "AIRFLOW_HOME": str(root / "airflow"),
        "AIRFLOW_DATABASE_URL": pg.url("airflow"),
        "AIRFLOW_EXECUTOR": "LocalExecutor",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": "test-only-shared-jwt-secret",
        "AIRFLOW__API__SECRET_KEY": "test-only-secret-key",
        "WAREHOUSE_BACKEND": "ducklake",
        "DUCKLAKE_CATALOG": f"postgres:dbname=lake host=127.0.0.1 port={pg.port} user={pg.user}",
        "DUCKLAKE_DATA_PATH": str(root / "lake-data") + "/",
    }
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    warehouse = root / "wh" / "conflict.duckdb"
    server = None
    try:
        env = airflow_home.airflow_env(PROJECT_DIR / "seeds", warehouse)
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == pg.url("airflow")
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
        assert env["AIRFLOW__CORE__PARALLELISM"] == "1"  # dags test does not check pools: one writer
        Path(env["AIRFLOW_HOME"]).mkdir(parents=True)
        with open(root / "prepare.log", "w") as log:
            airflow_home.prepare(env, log)  # migrates the Postgres DB, creates the pool
        server_log = open(root / "api-server.log", "w")
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("airflow")), "api-server", "--port", str(api_port), "--workers", "1"],
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
            cwd=PROJECT_DIR,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{api_port}/api/v2/version", timeout=5)
                break
            except OSError:
                assert server.poll() is None, (root / "api-server.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "the api-server did not answer within 180 s"
                time.sleep(2)
        code, log_path = airflow_home.run_dag(PROJECT_DIR / "seeds", warehouse)
        yield code, log_path.read_text(), warehouse, pg
    finally:
        if server is not None:
            os.killpg(server.pid, 15)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)
                server.wait()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _metadata(pg, sql: str, dbname: str = "airflow") -> list[tuple]:
    import psycopg2

    con = psycopg2.connect(host="127.0.0.1", port=pg.port, user=pg.user, dbname=dbname)
    try:
        with con.cursor() as cur:
            cur.execute(sql)
            return cur.fetchall()
    finally:
        con.close()


def test_the_dag_runs_with_the_local_executor_on_postgres(team_run):
    code, log, warehouse, pg = team_run
    assert code == 0, log[-4000:]
    assert "LocalExecutor" in log
    runs = _metadata(pg, "select state, run_type from dag_run where dag_id = 'conflict_pipeline'")
    assert runs == [("success", "manual")]
    states = dict(
        _metadata(pg, "select state, count(*) from task_instance where dag_id = 'conflict_pipeline' group by state")
    )
    assert set(states) == {"success"} and states["success"] >= 6, states
    # every task ran in a process of the executor's, not in the `dags test` process
    pids = _metadata(pg, "select count(distinct pid) from task_instance where dag_id = 'conflict_pipeline'")
    assert pids[0][0] > 1
    pool = _metadata(pg, "select slots from slot_pool where pool = 'warehouse'")
    assert pool == [(1,)]


def test_the_models_went_to_the_lake_and_the_bi_copy_has_them(team_run):
    from extract.warehouse import connect

    code, log, warehouse, pg = team_run
    assert code == 0
    assert not warehouse.exists()  # the whole warehouse is in the lake: no DuckDB file
    with connect(warehouse, read_only=True) as con:  # the lake, through the environment the fixture set
        assert con.execute("select status from audit.runs").fetchall() == [("success",)]
        assert con.execute("select count(*) from raw.articles").fetchone()[0] > 0
    # the lake's catalog is in Postgres, its data in Parquet files
    tables = {
        t for (t,) in _metadata(pg, "select table_name from ducklake_table where end_snapshot is null", dbname="lake")
    }
    assert {"fct_events", "dim_locations", "stg_articles", "articles", "mentions", "runs", "dq_results"} <= tables
    assert list((warehouse.parent.parent / "lake-data").rglob("*.parquet"))
    bi = duckdb.connect(str(warehouse.with_name("conflict_bi.duckdb")), read_only=True)
    try:
        assert bi.execute("select count(*) from marts.fct_events").fetchone()[0] > 0
        assert bi.execute("select last_run_status from audit.publication").fetchone()[0] == "success"
    finally:
        bi.close()
