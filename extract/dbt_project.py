"""The dbt project the DAG orchestrates: making sure its manifest exists for Cosmos to render tasks from."""

from __future__ import annotations

import os

from extract.config import DBT_DIR, DBT_MANIFEST, warehouse_path


def _stale() -> bool:
    if not DBT_MANIFEST.exists():
        return True
    built = DBT_MANIFEST.stat().st_mtime
    sources = [DBT_DIR / "dbt_project.yml"] + [
        p for d in ("models", "macros", "tests") for p in (DBT_DIR / d).rglob("*") if p.is_file()
    ]
    return any(p.stat().st_mtime > built for p in sources)


def ensure_manifest() -> None:
    """Run `dbt parse` when dbt/target/manifest.json is missing or older than the dbt project's files."""
    if not _stale():
        return
    os.environ.setdefault("WAREHOUSE_PATH", str(warehouse_path()))
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(["parse", "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)])
    if not result.success:
        raise RuntimeError(f"dbt parse failed: {result.exception}")
