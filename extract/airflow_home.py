"""A project-local Airflow: its home folder, environment, metadata DB and pool, and one DAG run through it.

Nothing is written to ~/airflow: AIRFLOW_HOME is `.airflow/` in the project, the DAG folder is `dags/`, example
DAGs and telemetry are off. The metadata DB is SQLite in AIRFLOW_HOME unless $AIRFLOW_DATABASE_URL (or
$AIRFLOW__DATABASE__SQL_ALCHEMY_CONN) names another, e.g. `postgresql+psycopg2://user:pw@host:5432/airflow`.
$AIRFLOW_EXECUTOR (e.g. LocalExecutor) makes `dags test` hand the tasks to that executor, one at a time, instead
of running them in its own process; the executor's task runners then reach the api-server named by
$AIRFLOW__CORE__EXECUTION_API_SERVER_URL, which must be running. `run_dag()` runs `airflow dags test`, which executes
the whole DAG in one process through Airflow's real task runner, with its output sent to a log file of
its own (`.airflow/logs/runs/`, `last-run.log` points at the latest), holding the warehouse's run lock and in
a process group that stops as a whole (extract/run_control.py).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import duckdb

from extract import lake
from extract.config import PROJECT_DIR, WAREHOUSE_POOL, articles_dir, bi_path, task_timeout, warehouse_path
from extract.run_control import RunStopped, run_group, run_log_path, warehouse_lock

DAG_ID = "conflict_pipeline"


def airflow_home() -> Path:
    return Path(os.environ.get("AIRFLOW_HOME") or PROJECT_DIR / ".airflow")


def metadata_db_url(home: Path | None = None) -> str:
    """Airflow's metadata DB: $AIRFLOW_DATABASE_URL, else $AIRFLOW__DATABASE__SQL_ALCHEMY_CONN, else SQLite in
    AIRFLOW_HOME (one process at a time; Postgres for anything that runs tasks in parallel)."""
    return (
        os.environ.get("AIRFLOW_DATABASE_URL")
        or os.environ.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN")
        or f"sqlite:///{(home or airflow_home()) / 'airflow.db'}"
    )


def executor() -> str | None:
    """$AIRFLOW_EXECUTOR: the executor `run_dag` hands tasks to; None runs them in the `dags test` process."""
    return os.environ.get("AIRFLOW_EXECUTOR") or None


def airflow_env(articles: Path | None = None, warehouse: Path | None = None) -> dict[str, str]:
    home = airflow_home()
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_DIR / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_db_url(home),
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            # Cosmos' cache (dbt's partial-parse file) in this home, not /tmp/cosmos/<dag>: another checkout's
            # DAG of the same name would hand this one its parse of another project, which dbt parses again
            "AIRFLOW__COSMOS__CACHE_DIR": str(home / "cosmos"),
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "GX_ANALYTICS_ENABLED": "False",
            "DO_NOT_TRACK": "1",
            "ARTICLES_DIR": str((articles or articles_dir()).resolve()),
            "WAREHOUSE_PATH": str((warehouse or warehouse_path()).resolve()),
        }
    )
    env["BI_WAREHOUSE_PATH"] = str(bi_path(warehouse))
    if executor():
        env["AIRFLOW__CORE__EXECUTOR"] = executor()
        # `dags test` hands every ready task to the executor without checking pools (the scheduler checks
        # them), so the one-slot `warehouse` pool would not hold: one task at a time keeps one writer.
        env["AIRFLOW__CORE__PARALLELISM"] = "1"
    if lake.enabled():  # dbt's profile and the tasks find the same lake
        env.update(lake.settings(Path(env["WAREHOUSE_PATH"])))
    return env


def run_timeout_seconds() -> float:
    """The whole run's time limit: $RUN_TIMEOUT_MINUTES, default four task time limits."""
    minutes = os.environ.get("RUN_TIMEOUT_MINUTES")
    return float(minutes) * 60 if minutes else task_timeout().total_seconds() * 4


def _airflow(args: list[str], env: dict[str, str], log, timeout: float | None = 600) -> int:
    cmd = [str(Path(sys.executable).with_name("airflow")), *args]
    log.flush()
    return run_group(cmd, env, log, PROJECT_DIR, timeout)


def prepare(env: dict[str, str], log) -> None:
    """Create the metadata DB (first time only) and the one-slot warehouse pool."""
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    # One stamp per metadata DB: pointing AIRFLOW_DATABASE_URL at a new database migrates it.
    url = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    stamp = home / f".db-ready-{hashlib.sha256(url.encode()).hexdigest()[:12]}"
    if not stamp.exists():
        if _airflow(["db", "migrate"], env, log) != 0:
            raise RuntimeError(f"airflow db migrate failed; see {log.name}")
        stamp.touch()
    pool = home / f".pool-{WAREHOUSE_POOL}-1"  # an Airflow command costs seconds: set the pool once per home
    if not pool.exists():
        if _airflow(["pools", "set", WAREHOUSE_POOL, "1", "Every task that writes the warehouse"], env, log) != 0:
            raise RuntimeError(f"creating the Airflow pool failed; see {log.name}")
        pool.touch()


def run_dag(articles: Path | None = None, warehouse: Path | None = None, dag_id: str = DAG_ID) -> tuple[int, Path]:
    """Run a DAG (the pipeline, unless `dag_id` names another) once through Airflow; returns (exit code, this
    run's log file). Raises AnotherRun when another run holds the warehouse, RunStopped when a signal or the
    time limit stopped the run (whose record is then marked failed)."""
    env = airflow_env(articles, warehouse)
    warehouse = Path(env["WAREHOUSE_PATH"])
    log_path = run_log_path(airflow_home() / "logs")
    with warehouse_lock(warehouse), open(log_path, "w") as log:
        try:
            prepare(env, log)
            args = ["dags", "test", dag_id, *(["--use-executor"] if executor() else [])]
            code = _airflow(args, env, log, run_timeout_seconds())
        except RunStopped as exc:
            log.write(f"\n{exc}\n")
            _mark_stopped(warehouse, str(exc))
            raise
    return code, log_path


def _mark_stopped(warehouse: Path, error: str) -> None:
    """The run's record says it failed and why (the run's processes are gone, so the file is free)."""
    from extract.runs import mark_stale_runs_failed
    from extract.warehouse import connect, exists

    if not exists(warehouse):
        return

    try:
        with connect(warehouse) as con:
            con.execute("select 1 from audit.runs limit 0")
            mark_stale_runs_failed(con, error)
    except duckdb.Error:
        pass  # no run record to close
