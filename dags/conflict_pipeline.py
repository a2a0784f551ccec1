"""conflict_pipeline: news articles in, a checked DuckDB warehouse out, and a BI copy published if it passed.

start → load new and changed files → plan: the articles not yet extracted by the current extractor, in
batches → extract each batch (mapped tasks, Parquet out) → write the batches into the warehouse → link new
reports to stored ones → anything new? → dbt models and tests (one task per model, via Cosmos) → Great
Expectations checks → publish the BI copy (an asset event: dags/conflict_report.py rebuilds the report on it)
→ lake upkeep (with the DuckLake backend: old snapshots expired, small files merged, unreferenced ones
deleted) → finish (records the run, fails it if anything did)
Every task that touches the warehouse file runs in the one-slot `warehouse` pool; the extraction batches
never open it (they read and write Parquet in the run's folder), so they run side by side wherever there are
workers. A run with nothing new skips dbt, the checks, publishing and the upkeep. The work lives in the `extract`
package; this file only wires it together.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

logging.getLogger("great_expectations").setLevel(logging.WARNING)

from airflow.sdk import dag, get_current_context, task  # noqa: E402
from airflow.sdk.exceptions import AirflowFailException  # noqa: E402
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig  # noqa: E402
from cosmos.constants import InvocationMode, LoadMode, TestBehavior, TestIndirectSelection  # noqa: E402

from extract import config  # noqa: E402
from extract.assets import bi_copy  # noqa: E402
from extract.dbt_project import ensure_manifest, freeze_heap, thaw_heap  # noqa: E402
from extract.runs import record_task_failure  # noqa: E402

os.environ.setdefault("WAREHOUSE_PATH", str(config.warehouse_path()))
ensure_manifest()


def _run_id() -> str:
    """The Airflow run id, which keys this run's rows in audit.* and raw.load_log."""
    return get_current_context()["run_id"]


def _task_states() -> dict[str, str]:
    """The state of each task of this run."""
    context = get_current_context()
    try:
        states = context["ti"].get_task_states(dag_id=context["dag"].dag_id, run_ids=[_run_id()])
    except Exception:  # noqa: BLE001 - the failure reason then falls back to "see Airflow's log"
        return {}
    return states.get(_run_id(), {})


def _failed_tasks() -> list[str]:
    """The tasks of this run that failed (for the failure reason the BI copy shows)."""
    return sorted(task for task, state in _task_states().items() if state == "failed")


@dag(
    dag_id="conflict_pipeline",
    schedule="@daily",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    # every task ends: an execution timeout each (TASK_TIMEOUT_MINUTES), and a failure is recorded in
    # audit.runs (which task, the error's last line) for the summary
    default_args={
        "pool": config.WAREHOUSE_POOL,
        "retries": 0,
        "retry_delay": timedelta(minutes=1),
        "execution_timeout": config.task_timeout(),
        "on_failure_callback": record_task_failure,
    },
    dagrun_timeout=config.task_timeout() * 4,
    tags=["conflict", "warehouse"],
    doc_md=__doc__,
)
def conflict_pipeline():
    @task
    def start() -> None:
        from extract.runs import start_run

        start_run(config.warehouse_path(), _run_id())

    @task
    def load_articles() -> dict:
        from extract.ingest.load import load_articles as load

        return load(config.articles_dir(), config.warehouse_path(), _run_id()).as_dict()

    @task
    def plan_extraction() -> list[str]:
        from extract.incremental import plan

        return plan(config.warehouse_path(), _run_id(), reprocess=config.reprocess())

    # no warehouse: any free worker; a lost worker process or a full disk can pass on a retry
    @task(pool="default_pool", retries=2, retry_delay=timedelta(seconds=5), retry_exponential_backoff=2.0)
    def extract_batch(batch: str) -> dict:
        from extract.incremental import extract_batch as run

        return run(batch)

    @task(trigger_rule="none_failed")  # also when there was no batch to extract
    def write_extraction() -> dict:
        from extract.incremental import batch_dirs, write_batches

        return write_batches(config.warehouse_path(), _run_id(), batch_dirs(config.warehouse_path(), _run_id()))

    @task
    def link() -> dict:
        from extract.incremental import clean, link as link_new

        result = link_new(config.warehouse_path(), _run_id())
        clean(config.warehouse_path(), _run_id())
        return result

    @task.short_circuit(ignore_downstream_trigger_rules=False)
    def anything_new() -> bool:
        """False (dbt, checks and publishing are skipped) when the marts are built from the data as it is."""
        from extract.build_state import needs_build_of

        return needs_build_of(config.warehouse_path(), config.bi_path())

    transform = DbtTaskGroup(
        group_id="transform",
        project_config=ProjectConfig(dbt_project_path=config.DBT_DIR, manifest_path=config.DBT_MANIFEST),
        profile_config=ProfileConfig(
            profile_name="conflict_warehouse",
            target_name=config.dbt_target(),
            profiles_yml_filepath=config.DBT_DIR / "profiles.yml",
        ),
        # one `dbt build` task per model: the model and its tests, a test spanning models (a relationship)
        # with the last of them (the marts name the ones their keys refer to as dependencies); dbt writes no
        # JSON artefacts (nothing reads them; writing the manifest twice was a third of each task)
        execution_config=ExecutionConfig(
            invocation_mode=InvocationMode.DBT_RUNNER, test_indirect_selection=TestIndirectSelection.BUILDABLE
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.BUILD,
            should_detach_multiple_parents_tests=False,
        ),
        operator_args={
            "pool": config.WAREHOUSE_POOL,
            "install_deps": False,
            "quiet": True,
            "dbt_cmd_global_flags": ["--no-write-json"],
            # Cosmos collects garbage after dbt: not through what the process held before (extract/dbt_project.py)
            "pre_execute": freeze_heap,
            "post_execute": thaw_heap,
            "execution_timeout": config.task_timeout(),
        },
    )

    @task
    def check() -> dict:
        """Great Expectations suites → audit.dq_results; raises when an error-severity check failed."""
        from extract.checks import check_warehouse

        report = check_warehouse(config.warehouse_path(), _run_id())
        return {"checks": len(report.results), "failed": len(report.failures)}

    # a reader's lock passes on a retry; a published copy is an asset event (conflict_report runs on it)
    @task(retries=2, retry_delay=timedelta(seconds=5), retry_exponential_backoff=2.0, outlets=[bi_copy()])
    def publish() -> str:
        """Record the run as a success, then copy the warehouse (with that record) for BI readers."""
        from extract.build_state import record_built_in
        from extract.publish import publish_bi_copy
        from extract.runs import finish_run

        finish_run(config.warehouse_path(), _run_id(), "success")
        try:
            copy = str(publish_bi_copy(config.warehouse_path(), config.bi_path(), _run_id()))
            record_built_in(config.warehouse_path(), _run_id())
            return copy
        except Exception:
            finish_run(config.warehouse_path(), _run_id(), "failed")
            raise

    @task
    def lake_upkeep() -> str:
        """With WAREHOUSE_BACKEND=ducklake, DuckLake's maintenance (a no-op that says so with one file)."""
        from extract.lake_upkeep import describe, upkeep

        return describe(upkeep(config.warehouse_path()))

    @task(trigger_rule="all_done")
    def finish() -> str:
        """Whatever happened upstream: a run that did not publish is recorded as failed, the BI copy keeps the
        last good marts and shows the failure (audit.publication), and the run fails."""
        from extract.publish import failure_reason, publish_failed_run
        from extract.runs import finish_run

        states = _task_states()
        if states.get("anything_new") == "success" and states.get("publish") == "skipped":
            finish_run(config.warehouse_path(), _run_id(), "success")
            return "nothing new: the marts and the BI copy are as the last run left them"
        if get_current_context()["ti"].xcom_pull(task_ids="publish") is None:
            finish_run(config.warehouse_path(), _run_id(), "failed")
            reason = failure_reason(config.warehouse_path(), _run_id(), _failed_tasks())
            try:
                publish_failed_run(config.warehouse_path(), config.bi_path(), reason)
            except Exception:  # the run fails either way; the copy then stays as it was
                logging.getLogger(__name__).exception("could not show the failed run in the BI copy")
            raise AirflowFailException(f"the run failed: {reason}. The BI copy keeps the last good marts.")
        return "success"

    batches = plan_extraction()
    written = write_extraction()
    start() >> load_articles() >> batches >> extract_batch.expand(batch=batches) >> written
    written >> link() >> anything_new() >> transform >> check() >> publish() >> lake_upkeep() >> finish()


conflict_pipeline()
