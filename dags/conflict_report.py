"""conflict_report: the HTML report (map, charts and the numbers behind them) rebuilt from the BI copy each
time a checked run of conflict_pipeline publishes one (data-aware scheduling on the `conflict_bi_copy` asset).
It reads the published copy only, never the live warehouse, so it needs no slot in the warehouse pool. The
work lives in `extract.report`; `make report` does the same by hand."""

from __future__ import annotations

from datetime import datetime

from airflow.sdk import dag, task

from extract import config
from extract.assets import bi_copy


@dag(
    dag_id="conflict_report",
    schedule=[bi_copy()],
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"execution_timeout": config.task_timeout()},
    tags=["conflict", "report"],
    doc_md=__doc__,
)
def conflict_report():
    @task
    def write_report() -> str:
        from extract.report.page import write_report as write

        return str(write(config.bi_path(), config.report_path()))

    write_report()


conflict_report()
