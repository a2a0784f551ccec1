"""Recording check results in audit.dq_results."""

from __future__ import annotations

from pathlib import Path

from extract.checks.report import CheckReport
from extract.warehouse import connect, ensure_schema, insert_rows, transaction

COLUMNS = ("run_id", "suite", "check_name", "severity", "success", "unexpected_count", "details", "checked_at")


def write_results(warehouse_path: Path | str, report: CheckReport) -> int:
    """Insert the report's rows into audit.dq_results over a read-write connection (closed afterwards).

    Rows of the same run_id and suite written earlier are replaced in the same transaction, so re-running a
    check task is idempotent. Returns the number of rows written.
    """
    rows = [
        (r.run_id, r.suite, r.check_name, r.severity, r.success, r.unexpected_count, r.details, report.checked_at)
        for r in report.results
    ]
    with connect(Path(warehouse_path)) as con:
        ensure_schema(con)  # idempotent; creates audit.dq_results if the DAG has not yet
        with transaction(con):
            for suite in report.suites:
                con.execute("delete from audit.dq_results where run_id = ? and suite = ?", [report.run_id, suite])
            insert_rows(con, "audit.dq_results", list(COLUMNS), rows)
    return len(rows)
