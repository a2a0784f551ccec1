"""A project-local Airflow: its home folder, environment, metadata DB and pool, and one DAG run through it.

Nothing is written to ~/airflow: AIRFLOW_HOME is `.airflow/` in the project (SQLite metadata DB), the DAG
folder is `dags/`, example DAGs and telemetry are off. `run_dag()` runs `airflow dags test`, which executes
the whole DAG in one process through Airflow's real task runner, with its output sent to a log file.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from extract.config import PROJECT_DIR, WAREHOUSE_POOL, articles_dir, bi_path, warehouse_path

DAG_ID = "conflict_pipeline"


def airflow_home() -> Path:
    return Path(os.environ.get("AIRFLOW_HOME") or PROJECT_DIR / ".airflow")


def airflow_env(articles: Path | None = None, warehouse: Path | None = None) -> dict[str, str]:
    home = airflow_home()
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_DIR / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
        "GX_ANALYTICS_ENABLED": "False",
        "DO_NOT_TRACK": "1",
        "ARTICLES_DIR": str((articles or articles_dir()).resolve()),
        "WAREHOUSE_PATH": str((warehouse or warehouse_path()).resolve()),
    })
    env["BI_WAREHOUSE_PATH"] = str(bi_path(warehouse))
    return env


def _airflow(args: list[str], env: dict[str, str], log) -> int:
    cmd = [str(Path(sys.executable).with_name("airflow")), *args]
    return subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=PROJECT_DIR).returncode


def prepare(env: dict[str, str], log) -> None:
    """Create the metadata DB (first time only) and the one-slot warehouse pool."""
    home = Path(env["AIRFLOW_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    stamp = home / ".db-ready"
    if not stamp.exists():
        if _airflow(["db", "migrate"], env, log) != 0:
            raise RuntimeError(f"airflow db migrate failed; see {log.name}")
        stamp.touch()
    if _airflow(["pools", "set", WAREHOUSE_POOL, "1", "Every task that writes the warehouse"], env, log) != 0:
        raise RuntimeError(f"creating the Airflow pool failed; see {log.name}")


def run_dag(articles: Path | None = None, warehouse: Path | None = None) -> tuple[int, Path]:
    """Run the DAG once through Airflow; returns (exit code, log file)."""
    env = airflow_env(articles, warehouse)
    log_path = airflow_home() / "logs" / "last-run.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        prepare(env, log)
        log.flush()
        code = _airflow(["dags", "test", DAG_ID], env, log)
    return code, log_path
