"""Where things are: every path the pipeline uses, overridable by environment variables."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
SQL_DIR = Path(__file__).resolve().parent / "sql"


def _path(var: str, default: Path) -> Path:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else default


def articles_dir() -> Path:
    """Folder of input articles (.txt, .jsonl, .html). Default: the shipped seeds."""
    return _path("ARTICLES_DIR", PROJECT_DIR / "seeds")


def warehouse_path() -> Path:
    """The live DuckDB warehouse the pipeline writes."""
    return _path("WAREHOUSE_PATH", PROJECT_DIR / "warehouse" / "conflict.duckdb")


def bi_path(warehouse: Path | None = None) -> Path:
    """The published read-only copy BI tools open: $BI_WAREHOUSE_PATH, else `<warehouse stem>_bi.duckdb`
    beside the warehouse (the given one, or the default)."""
    warehouse = (warehouse or warehouse_path()).resolve()
    return _path("BI_WAREHOUSE_PATH", warehouse.with_name(warehouse.stem + "_bi.duckdb"))


def data_docs_dir(warehouse: Path | None = None) -> Path:
    """Great Expectations Data Docs (HTML), one folder per run: $DATA_DOCS_DIR, else `data_docs/` beside the
    warehouse."""
    warehouse = (warehouse or warehouse_path()).resolve()
    return _path("DATA_DOCS_DIR", warehouse.parent / "data_docs")


def report_path() -> Path:
    """The HTML report `make report` and the conflict_report DAG write: $REPORT_PATH, else build/report/index.html."""
    return _path("REPORT_PATH", build_dir() / "report" / "index.html")


def build_dir() -> Path:
    """Generated artefacts (the gazetteer table, trained models): rebuilt from sources, never committed."""
    return _path("CONFLICT_BUILD_DIR", PROJECT_DIR / "build")


DBT_DIR = PROJECT_DIR / "dbt"
DBT_MANIFEST = DBT_DIR / "target" / "manifest.json"
WAREHOUSE_POOL = "warehouse"  # the Airflow pool (one slot) every task that touches the warehouse runs in


def dbt_target() -> str:
    """dbt's target in dbt/profiles.yml: `ducklake` when $WAREHOUSE_BACKEND is ducklake (the whole warehouse in
    DuckLake, extract/lake.py), else `warehouse` (everything in the one DuckDB file)."""
    return "ducklake" if (os.environ.get("WAREHOUSE_BACKEND") or "").strip().lower() == "ducklake" else "warehouse"


def task_timeout() -> timedelta:
    """How long any one DAG task may run before Airflow stops it: $TASK_TIMEOUT_MINUTES, default 60."""
    return timedelta(minutes=float(os.environ.get("TASK_TIMEOUT_MINUTES") or 60))


def max_article_chars() -> int:
    """Longest article text ingestion accepts: $ARTICLE_MAX_CHARS, default 200,000 (spaCy's limit is 1,000,000)."""
    return int(os.environ.get("ARTICLE_MAX_CHARS") or 200_000)


def reprocess() -> bool:
    """$EXTRACT_REPROCESS (`make reprocess`): extract every article again, whatever extracted it before."""
    return (os.environ.get("EXTRACT_REPROCESS") or "").strip().lower() in ("1", "true", "yes")
