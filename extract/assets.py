"""The Airflow assets the DAGs share (data-aware scheduling; imported by `dags/` only): the published BI copy,
which `conflict_pipeline`'s publish task updates and `conflict_report` is scheduled on."""

from __future__ import annotations

from airflow.sdk import Asset

from extract import config


def bi_copy() -> Asset:
    """The BI copy analysts read (BI_PATH): a new asset event each time a checked run publishes it."""
    return Asset(name="conflict_bi_copy", uri=config.bi_path().resolve().as_uri())
