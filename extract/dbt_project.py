"""The dbt project the DAG orchestrates: its manifest (Cosmos renders the tasks from it), and the dbt tasks' process."""

from __future__ import annotations

import gc
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


# Cosmos runs dbt in the task's process (DBT_RUNNER) and then a full `gc.collect()` (to release dbt's
# adapters); in a process holding the run's other work (`airflow dags test` runs every task in one: Airflow,
# the extraction pipeline, the checks), that collection walked a million objects, 0.4-0.5 s of every model's
# task. Objects frozen before dbt starts are not walked; dbt's own garbage is still collected.
def freeze_heap(context=None) -> None:
    """Before a dbt task: what the process holds so far is left out of garbage collection (until thaw_heap)."""
    gc.freeze()


def thaw_heap(context=None, result=None) -> None:
    """After a dbt task: everything is collected as usual again."""
    gc.unfreeze()
