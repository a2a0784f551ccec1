"""The DAG file parses in Airflow, and every task that touches the warehouse is in the one-slot pool."""

from __future__ import annotations

import os

import pytest

from extract.airflow_home import airflow_env


@pytest.fixture(scope="module")
def dag():
    os.environ.update({k: v for k, v in airflow_env().items() if k.startswith(("AIRFLOW", "GX_"))})
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder="dags")
    assert bag.import_errors == {}
    # Read the parsed DAG, not the metadata DB: a fresh clone has no migrated DB yet.
    return bag.dags["conflict_pipeline"]


def test_the_dag_tells_the_pipeline_story_in_order(dag):
    order = [t.task_id for t in dag.topological_sort()]
    assert order[:7] == [
        "start",
        "load_articles",
        "plan_extraction",
        "extract_batch",
        "write_extraction",
        "link",
        "anything_new",
    ]
    assert order[-4:] == ["check", "publish", "lake_upkeep", "finish"]
    dbt_tasks = [t for t in order if t.startswith("transform.")]
    assert any("fct_events" in t for t in dbt_tasks) and any("dim_locations" in t for t in dbt_tasks)


def test_every_task_that_opens_the_warehouse_runs_in_the_warehouse_pool(dag):
    """Only the extraction batches, which read and write Parquet and never the warehouse file, run outside."""
    assert {t.task_id: t.pool for t in dag.tasks if t.pool != "warehouse"} == {"extract_batch": "default_pool"}


def test_extraction_is_mapped_over_batches_and_retried_with_backoff(dag):
    from airflow.sdk.definitions.mappedoperator import MappedOperator

    batch = dag.get_task("extract_batch")
    assert isinstance(batch, MappedOperator)
    assert batch.retries >= 1 and batch.retry_exponential_backoff > 1
    assert dag.get_task("write_extraction").trigger_rule == "none_failed"


def test_finish_runs_whatever_happened_upstream(dag):
    assert dag.get_task("finish").trigger_rule == "all_done"
    assert dag.schedule is not None and dag.max_active_runs == 1


def test_every_task_has_an_execution_timeout_and_records_its_failure(dag):
    from extract.runs import record_task_failure

    for t in dag.tasks:
        assert t.execution_timeout is not None and t.execution_timeout.total_seconds() > 0, t.task_id
        assert record_task_failure in (
            t.on_failure_callback if isinstance(t.on_failure_callback, list) else [t.on_failure_callback]
        ), t.task_id


def test_publishing_the_bi_copy_schedules_the_report():
    """Data-aware scheduling: publish updates the BI-copy asset, and conflict_report runs on it."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder="dags")
    assert bag.import_errors == {}
    pipeline, report = bag.dags["conflict_pipeline"], bag.dags["conflict_report"]
    [published] = pipeline.get_task("publish").outlets
    assert published.name == "conflict_bi_copy"
    assert [(a.name, a.uri) for a in report.timetable.asset_condition.objects] == [(published.name, published.uri)]
    assert [t.task_id for t in report.tasks] == ["write_report"]
