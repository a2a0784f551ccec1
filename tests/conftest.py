"""Shared fixtures: a DuckDB 1.x command-line client in its own environment (what BI drivers ship)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extract.config import PROJECT_DIR

DUCKDB_CLI_VERSION = "1.5.6"


@pytest.fixture(scope="session")
def nlp():
    """The project's extraction pipeline (built once per test session)."""
    from extract.nlp.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def duckdb_cli() -> Path:
    """`duckdb` from the PyPI package duckdb-cli 1.x, installed once into .tools/duckdb-cli-<version>."""
    env_dir = PROJECT_DIR / ".tools" / f"duckdb-cli-{DUCKDB_CLI_VERSION}"
    exe = env_dir / "bin" / "duckdb"
    if not exe.exists():
        uv = PROJECT_DIR / ".tools" / "bin" / "uv"
        if uv.exists():
            subprocess.run([str(uv), "venv", "--quiet", "--python", sys.executable, str(env_dir)], check=True)
            subprocess.run(
                [
                    str(uv),
                    "pip",
                    "install",
                    "--quiet",
                    "--python",
                    str(env_dir / "bin" / "python"),
                    f"duckdb-cli=={DUCKDB_CLI_VERSION}",
                ],
                check=True,
            )
        else:
            subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
            subprocess.run(
                [str(env_dir / "bin" / "pip"), "install", "--quiet", f"duckdb-cli=={DUCKDB_CLI_VERSION}"], check=True
            )
    return exe


@pytest.fixture(scope="session")
def seeds_bi_copy(tmp_path_factory) -> Path:
    """The published BI copy of the seeds: load, extract and `dbt build` as the DAG does (without Airflow),
    then publish_bi_copy, as the DAG's publish task does."""
    from extract.evaluate import build_warehouse
    from extract.publish import publish_bi_copy
    from extract.runs import finish_run, start_run

    workdir = tmp_path_factory.mktemp("seeds_bi") / "wh"
    with pytest.MonkeyPatch.context() as mp:
        # the one-file warehouse, whichever test asks first (test_ducklake's module sets the lake backend)
        for key in ("WAREHOUSE_BACKEND", "DUCKLAKE_CATALOG", "DUCKLAKE_DATA_PATH"):
            mp.delenv(key, raising=False)
        warehouse = build_warehouse(PROJECT_DIR / "seeds", workdir)
        start_run(warehouse, "eval")
        finish_run(warehouse, "eval", "success")
        return publish_bi_copy(warehouse, workdir / "conflict_bi.duckdb", "eval")
