"""docker-compose.yml: valid for Compose (no Docker engine needed) and wired the way the pipeline needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
AIRFLOW_SERVICES = {
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
}
LONG_RUNNING = AIRFLOW_SERVICES - {"airflow-init"}
PROFILED = {"flower": "flower", "airflow-cli": "debug"}  # services that start only with their profile


def _compose_command() -> list[str] | None:
    """Debian's docker-compose (no engine needed for `config`), else the docker compose plugin."""
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return None


def _run_config(*args: str) -> subprocess.CompletedProcess:
    cmd = _compose_command()
    if cmd is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is on PATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "AIRFLOW", "POSTGRES_"))}
    return subprocess.run(
        [*cmd, "-f", str(COMPOSE_FILE), "--project-directory", str(ROOT), "config", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def rendered() -> dict:
    """The compose file as Compose resolves it (anchors merged, variables interpolated, paths absolute)."""
    result = _run_config()
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_compose_config_is_valid():
    result = _run_config("-q")
    assert result.returncode == 0, f"compose config failed:\n{result.stderr}"


def test_services_present(rendered: dict):
    assert set(rendered["services"]) == {"postgres", "redis", *AIRFLOW_SERVICES, *PROFILED}
    commands = {name: " ".join(map(str, svc.get("command") or [])) for name, svc in rendered["services"].items()}
    assert "airflow api-server" in commands["airflow-apiserver"]
    assert "airflow scheduler" in commands["airflow-scheduler"]
    assert "airflow dag-processor" in commands["airflow-dag-processor"]
    assert "airflow triggerer" in commands["airflow-triggerer"]
    assert "airflow celery worker" in commands["airflow-worker"]
    assert "airflow celery flower" in commands["flower"]
    ports = rendered["services"]["airflow-apiserver"]["ports"]
    assert any(str(p.get("target") if isinstance(p, dict) else p).endswith("8080") for p in ports)


def test_airflow_uses_postgres_and_the_pipeline_settings(rendered: dict):
    for name in AIRFLOW_SERVICES:
        env = rendered["services"][name]["environment"]
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://airflow:")
        assert "@postgres:5432/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:6379/")
        assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql://airflow:")
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False"
        assert env["AIRFLOW__COSMOS__ENABLE_TELEMETRY"] == "False"
        assert env["GX_ANALYTICS_ENABLED"] == "False"
        assert env["PYTHONPATH"] == "/opt/project"
        assert env["ARTICLES_DIR"] == "/opt/project/seeds"
        assert env["WAREHOUSE_PATH"] == "/opt/project/warehouse/conflict.duckdb"
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"]  # one secret shared by every component
    secrets = {rendered["services"][n]["environment"]["AIRFLOW__API_AUTH__JWT_SECRET"] for n in AIRFLOW_SERVICES}
    assert len(secrets) == 1
    pg = rendered["services"]["postgres"]
    assert pg["image"].startswith("postgres:") and "healthcheck" in pg


def test_dag_folder_and_project_are_mounted(rendered: dict):
    for name in AIRFLOW_SERVICES | set(PROFILED):
        svc = rendered["services"][name]
        mounts = {}
        for volume in svc["volumes"]:
            if isinstance(volume, dict):
                mounts[volume["target"]] = str(volume.get("source", ""))
            else:
                source, target = str(volume).split(":")[:2]
                mounts[target] = source
        for folder in ("dags", "dbt", "extract", "seeds", "warehouse"):
            target = f"/opt/project/{folder}"
            assert target in mounts, f"{name} does not mount {folder}/"
            assert Path(mounts[target]) == ROOT / folder
        assert svc["environment"]["AIRFLOW__CORE__DAGS_FOLDER"] == "/opt/project/dags"


def test_init_migrates_creates_pool_and_admin(rendered: dict):
    init = rendered["services"]["airflow-init"]
    script = " ".join(map(str, init["command"]))
    assert "airflow db migrate" in script
    assert "airflow pools set warehouse 1 " in script
    assert "SIMPLE_AUTH_MANAGER_PASSWORDS_FILE" in script and '"admin"' in script
    assert "dbt parse" in script  # the DAG is rendered from dbt/target/manifest.json
    # the script as the container's bash will see it ($$ is Compose's escape for $) parses
    bash = shutil.which("bash")
    if bash:
        text = init["command"][-1].replace("$$", "$")
        check = subprocess.run([bash, "-n", "-c", text], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_startup_order_uses_healthchecks(rendered: dict):
    services = rendered["services"]
    assert services["airflow-init"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in LONG_RUNNING:
        svc = services[name]
        assert "healthcheck" in svc, name
        assert svc["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert svc["depends_on"]["redis"]["condition"] == "service_healthy"
        assert svc["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"
    assert services["airflow-scheduler"]["depends_on"]["airflow-apiserver"]["condition"] == "service_healthy"
    assert services["airflow-worker"]["depends_on"]["airflow-apiserver"]["condition"] == "service_healthy"
    assert "healthcheck" in services["redis"] and services["redis"]["image"].startswith("redis:")


def test_workers_scale_and_flower_is_a_profile(rendered: dict):
    """`docker compose up --scale airflow-worker=N` needs a service with no fixed container name and no
    host port; Flower and the CLI start only with their profile."""
    worker = rendered["services"]["airflow-worker"]
    assert "container_name" not in worker
    assert not worker.get("ports")
    assert worker.get("init") is True  # the stop signal reaches Celery for a warm shutdown
    for name, profile in PROFILED.items():
        assert rendered["services"][name]["profiles"] == [profile]
    for name in set(rendered["services"]) - set(PROFILED):
        assert not rendered["services"][name].get("profiles"), name
    flower_ports = rendered["services"]["flower"]["ports"]
    assert any(str(p.get("target") if isinstance(p, dict) else p).endswith("5555") for p in flower_ports)


def test_celery_app_the_worker_healthcheck_names_exists():
    """The worker's healthcheck and the executor name resolve in the locked environment (the deploy group)."""
    test = " ".join(yaml.safe_load(COMPOSE_FILE.read_text())["services"]["airflow-worker"]["healthcheck"]["test"])
    module = test.split("--app ")[1].split()[0].rsplit(".", 1)[0]
    proc = subprocess.run(
        [sys.executable, "-c", f"import {module} as m; print(type(m.app).__name__, m.CeleryExecutor.__name__)"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "AIRFLOW__CORE__LOAD_EXAMPLES": "False"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split()[-2:] == ["Celery", "CeleryExecutor"]


def test_dockerfile_installs_from_the_lock():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11-slim" in text
    assert "uv sync --frozen --no-dev" in text
    assert "COPY pyproject.toml uv.lock" in text
