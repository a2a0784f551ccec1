"""The Airflow assets the DAGs share (data-aware scheduling; imported by `dags/` only): the published BI copy,
which `conflict_pipeline`'s publish task updates and `conflict_report` is scheduled on."""

from __future__ import annotations

from airflow.sdk import Asset


def bi_copy() -> Asset:
    """The BI copy analysts read (BI_WAREHOUSE_PATH): a new asset event each time a checked run publishes it.
    Named, not addressed by its path: one asset whichever folder a deployment or a test keeps it in (Airflow
    marks an asset inactive when its name comes back with another URI)."""
    return Asset(name="conflict_bi_copy")
