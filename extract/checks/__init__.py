"""Data-quality checks (Great Expectations 1.x) over the DuckDB warehouse; suites live in extract/data/checks/.

    report = run_checks(warehouse_path, run_id, suites=["marts"])   # read-only; GX imported lazily
    write_results(warehouse_path, report)                            # audit.dq_results, idempotent per run+suite
    assert_passed(report)                                            # raises ChecksFailed / BrokenChecks
or, in one call from a DAG task: check_warehouse(warehouse_path, run_id, suites=["marts"]).
Importing this package does not import Great Expectations.
"""

from extract.checks.report import BrokenChecks, CheckReport, CheckResult, ChecksFailed, assert_passed
from extract.checks.run import check_warehouse, run_checks
from extract.checks.store import write_results
from extract.checks.suites import Check, Suite, SuiteDefinitionError, available_suites, load_suite, resolve_suites

__all__ = [
    "BrokenChecks",
    "Check",
    "CheckReport",
    "CheckResult",
    "ChecksFailed",
    "Suite",
    "SuiteDefinitionError",
    "assert_passed",
    "available_suites",
    "check_warehouse",
    "load_suite",
    "resolve_suites",
    "run_checks",
    "write_results",
]
