"""What a check run returns, and the exceptions a DAG task raises from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome: one row of audit.dq_results."""

    run_id: str
    suite: str
    check_name: str
    severity: str  # error | warn (as declared in the suite)
    success: bool
    unexpected_count: int | None
    details: str  # short JSON
    table: str = ""
    expectation: str = ""
    broken: bool = False  # the check itself could not be evaluated (GX raised): never a pass

    @property
    def blocking(self) -> bool:
        """Fails the run: a failed error-severity check, or any broken check whatever its severity."""
        return not self.success and (self.severity == "error" or self.broken)

    def describe(self) -> str:
        what = "BROKEN" if self.broken else ("FAILED" if not self.success else "passed")
        count = f", {self.unexpected_count} unexpected" if self.unexpected_count else ""
        return f"[{self.suite}] {self.check_name} ({self.severity}) {what}{count}: {self.details}"


@dataclass
class CheckReport:
    run_id: str
    warehouse_path: Path
    suites: tuple[str, ...]
    results: list[CheckResult] = field(default_factory=list)
    checked_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None))
    seconds: float = 0.0  # wall time of the run (reading + validating), excluding the GX import
    # GX's own validation results (suite name, table, ExpectationSuiteValidationResult), for the Data Docs
    validations: list = field(default_factory=list, repr=False)

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success]

    @property
    def broken(self) -> list[CheckResult]:
        return [r for r in self.results if r.broken]

    @property
    def error_failures(self) -> list[CheckResult]:
        """Failures that fail the run: error-severity failures and broken checks."""
        return [r for r in self.results if r.blocking]

    @property
    def warn_failures(self) -> list[CheckResult]:
        return [r for r in self.results if not r.success and not r.blocking]

    @property
    def ok(self) -> bool:
        return not self.error_failures

    def summary(self) -> str:
        n = len(self.results)
        return (
            f"run {self.run_id}: {n} checks in suites {', '.join(self.suites)}: "
            f"{n - len(self.failures)} passed, {len(self.error_failures)} blocking failures "
            f"({len(self.broken)} broken), {len(self.warn_failures)} warnings, {self.seconds:.2f}s"
        )


class ChecksFailed(Exception):
    """Error-severity data-quality checks failed: the run must not publish."""

    def __init__(self, report: CheckReport, message: str | None = None):
        self.report = report
        super().__init__(message or _failure_message(report, "data-quality checks failed"))


class BrokenChecks(ChecksFailed):
    """Checks that could not be evaluated (bad kwargs, missing column, GX error). Never treated as a pass."""


def _failure_message(report: CheckReport, headline: str, limit: int = 30) -> str:
    blocking = sorted(report.error_failures, key=lambda r: (not r.broken, r.suite, r.check_name))
    lines = [f"{headline} in run {report.run_id} ({len(blocking)} blocking):"]
    lines += [f"  - {r.describe()}" for r in blocking[:limit]]
    if len(blocking) > limit:
        lines.append(f"  ... and {len(blocking) - limit} more (see audit.dq_results)")
    if report.warn_failures:
        lines.append(f"  ({len(report.warn_failures)} warn-severity failures not listed)")
    return "\n".join(lines)


def assert_passed(report: CheckReport) -> CheckReport:
    """Raise BrokenChecks if any check is broken, ChecksFailed if any error-severity check failed."""
    if report.broken:
        raise BrokenChecks(report, _failure_message(report, "broken data-quality checks (fix the suite or the model)"))
    if not report.ok:
        raise ChecksFailed(report)
    return report
