"""Run the check suites against the warehouse with Great Expectations 1.x.

GX's SQL datasource over DuckDB fails (`MetricResolutionError: list index out of range`, stack-notes.md), so
each table is read over a READ-ONLY DuckDB connection into a pandas DataFrame (the connection is closed before
anything is validated or written) and validated as a whole-dataframe batch of an ephemeral GX context, one
context per call. Great Expectations is imported lazily (it takes seconds), after its logging is silenced, so
importing this module at DAG-parse time costs nothing.

A check whose GX result carries `exception_info.raised_exception`, or that cannot even be built (unknown
expectation type, bad kwargs), is BROKEN: recorded as success=false with the exception text, and it fails the
run whatever its severity (`CheckReport.error_failures`, `assert_passed`). A table missing from the warehouse
is a failed error-severity `<table>:table_exists` check.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# Before Great Expectations is imported anywhere through this module (stack-notes.md: log noise).
logging.getLogger("great_expectations").setLevel(logging.WARNING)
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import pandas as pd  # noqa: E402

from extract.checks.report import CheckReport, CheckResult, assert_passed  # noqa: E402
from extract.checks.suites import Check, Suite, resolve_placeholders, resolve_suites  # noqa: E402
from extract.warehouse import connect, exists  # noqa: E402

log = logging.getLogger(__name__)

TABLE_EXISTS = "table_exists"
_DETAILS_MAX = 1000
_SAMPLE = 5


def run_checks(
    warehouse_path: Path | str,
    run_id: str,
    suites: Iterable[str | Path | Suite] | str | Path | Suite | None = None,
    *,
    today: dt.date | None = None,
) -> CheckReport:
    """Validate `suites` (default: every suite in extract/data/checks) against the warehouse.

    Returns one CheckResult per check, plus one `<table>:table_exists` check per table a suite reads.
    Raises only when the suites are malformed or the warehouse cannot be opened; failed and broken checks
    are results (see CheckReport.ok / assert_passed).
    """
    started = time.perf_counter()
    warehouse_path = Path(warehouse_path)
    if not exists(warehouse_path):
        raise FileNotFoundError(f"warehouse not found: {warehouse_path}")
    suite_list = resolve_suites(suites)
    today = today or dt.datetime.now(dt.UTC).date()
    report = CheckReport(run_id=run_id, warehouse_path=warehouse_path, suites=tuple(s.name for s in suite_list))

    tables = list(dict.fromkeys(t for s in suite_list for t in s.tables))
    frames, read_errors = _read_tables(warehouse_path, tables)

    gx = _import_gx()
    # String row conditions (`row_condition` + `condition_parser: pandas` in a suite's kwargs) still work in
    # GX 1.x, which is pinned; GX warns that 2.0 will drop them.
    warnings.filterwarnings(
        "ignore", message=r".*(condition_parser|row_condition).*deprecated", category=DeprecationWarning
    )
    context = _ephemeral_context(gx)
    datasource = context.data_sources.add_pandas(name="warehouse")
    batch_definitions: dict[str, Any] = {}

    for suite in suite_list:
        for table in suite.tables:
            checks = [c for c in suite.checks if c.table == table]
            if table not in frames and table not in read_errors:
                report.results.append(_table_exists(run_id, suite.name, table, exists=False))
                continue
            report.results.append(_table_exists(run_id, suite.name, table, exists=True))
            if table in read_errors:
                report.results += [_broken(run_id, c, f"could not read {table}: {read_errors[table]}") for c in checks]
                continue
            if table not in batch_definitions:
                asset = datasource.add_dataframe_asset(name=table)
                batch_definitions[table] = asset.add_batch_definition_whole_dataframe(name=f"{table}:all")
            report.results += _validate_table(
                gx, batch_definitions[table], run_id, suite, table, frames[table], checks, today, report.validations
            )

    report.seconds = time.perf_counter() - started
    log.info("%s", report.summary())
    for r in report.failures:
        (log.error if r.blocking else log.warning)("%s", r.describe())
    return report


def check_warehouse(
    warehouse_path: Path | str | None,
    run_id: str,
    suites: Iterable[str | Path | Suite] | str | Path | Suite | None = None,
) -> CheckReport:
    """What a DAG task calls: run the checks, record them in audit.dq_results, then raise if the run must fail."""
    from extract.checks.data_docs import write_data_docs
    from extract.checks.store import write_results
    from extract.config import data_docs_dir, warehouse_path as default_warehouse

    path = Path(warehouse_path) if warehouse_path else default_warehouse()
    report = run_checks(path, run_id, suites)
    write_results(path, report)
    try:
        index = write_data_docs(report, data_docs_dir(path))
        log.info("Great Expectations Data Docs of this run: %s", index)
    except Exception:  # the pages help people read the checks; the checks themselves are recorded
        log.exception("could not write the Data Docs of run %s", run_id)
    return assert_passed(report)


# ------------------------------------------------------------------------------------------------ internals


def _import_gx():
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx

    # Some GX modules set their own logger to INFO on import (data_context.types.base), overriding the parent.
    for name, logger in list(logging.root.manager.loggerDict.items()):
        if name.startswith("great_expectations.") and isinstance(logger, logging.Logger):
            if logger.level and logger.level < logging.WARNING:
                logger.setLevel(logging.WARNING)
    return gx


def _ephemeral_context(gx):
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


def _read_tables(warehouse_path: Path, tables: list[str]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Read each existing table into a DataFrame over one read-only connection, closed before returning."""
    frames: dict[str, pd.DataFrame] = {}
    errors: dict[str, str] = {}
    with connect(Path(warehouse_path), read_only=True) as con:
        present = {
            f"{schema}.{name}".lower()
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_catalog = current_database()"  # the file, or the lake (extract/warehouse.py)
            ).fetchall()
        }
        for table in tables:
            if table.lower() not in present:
                continue
            schema, name = table.split(".", 1)
            try:
                frames[table] = con.execute(f'select * from "{schema}"."{name}"').df()
            except Exception as exc:  # noqa: BLE001 - recorded as broken checks
                errors[table] = _one_line(exc)
    return frames, errors


def _validate_table(
    gx,
    batch_definition,
    run_id: str,
    suite: Suite,
    table: str,
    df: pd.DataFrame,
    checks: list[Check],
    today: dt.date,
    validations: list,
) -> list[CheckResult]:
    """Validate one table's checks as one GX suite; failed rows are named by the table's first column (its id)."""
    from great_expectations.expectations.registry import get_expectation_impl

    results: dict[str, CheckResult] = {}
    gx_suite = gx.ExpectationSuite(name=f"{suite.name}:{table}")
    built: list[Check] = []
    for check in checks:
        try:
            kwargs = _prepare_kwargs(check.kwargs, df, today)
            expectation_cls = get_expectation_impl(check.expectation)
            gx_suite.add_expectation(expectation_cls(**kwargs, meta={"check_name": check.name}))
            built.append(check)
        except Exception as exc:  # noqa: BLE001 - a check that cannot be built is broken, not skipped
            results[check.name] = _broken(run_id, check, f"could not build the expectation: {_one_line(exc)}")

    if built:
        try:
            batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
            result_format = {"result_format": "SUMMARY", "partial_unexpected_count": _SAMPLE}
            if len(df.columns):
                result_format["unexpected_index_column_names"] = [str(df.columns[0])]
            validation = batch.validate(gx_suite, result_format=result_format)
            validations.append((suite.name, table, validation))
            by_name = {r.expectation_config.meta.get("check_name"): r for r in validation.results}
        except Exception as exc:  # noqa: BLE001
            by_name = {}
            failure = f"validation of {table} raised: {_one_line(exc)}"
        else:
            failure = "Great Expectations returned no result for this check"
        for check in built:
            r = by_name.get(check.name)
            results[check.name] = (
                _broken(run_id, check, failure)
                if r is None
                else _from_gx(run_id, check, r, str(df.columns[0]) if len(df.columns) else None)
            )

    return [results[c.name] for c in checks]


def _prepare_kwargs(kwargs: Mapping[str, Any], df: pd.DataFrame, today: dt.date) -> dict[str, Any]:
    """Resolve ${today...} placeholders; compare dates to datetime64 columns as Timestamps."""
    out = resolve_placeholders(dict(kwargs), today)
    column = out.get("column")
    if isinstance(column, str) and column in df.columns and pd.api.types.is_datetime64_any_dtype(df[column].dtype):
        tz = getattr(df[column].dtype, "tz", None)
        for key in ("min_value", "max_value"):
            value = out.get(key)
            if isinstance(value, (dt.date, str)):
                ts = pd.Timestamp(value)
                out[key] = ts.tz_localize(tz) if tz is not None and ts.tzinfo is None else ts
    if "value_pairs_set" in out and isinstance(out["value_pairs_set"], list):
        out["value_pairs_set"] = [tuple(p) if isinstance(p, list) else p for p in out["value_pairs_set"]]
    return out


def _exception_messages(info: Any) -> list[str]:
    """GX puts exception_info either flat ({raised_exception, exception_message, ...}) or keyed by metric."""
    if not isinstance(info, Mapping):
        return []
    if "raised_exception" in info:
        if info.get("raised_exception"):
            return [str(info.get("exception_message") or "raised an exception (no message)")]
        return []
    messages: list[str] = []
    for value in info.values():
        messages += _exception_messages(value)
    return messages


def _from_gx(run_id: str, check: Check, r: Any, id_column: str | None = None) -> CheckResult:
    errors = _exception_messages(getattr(r, "exception_info", None) or {})
    if errors:
        return _broken(run_id, check, "; ".join(dict.fromkeys(errors)))
    result = dict(getattr(r, "result", None) or {})
    info: dict[str, Any] = {}
    if "observed_value" in result:
        info["observed_value"] = _short(result["observed_value"])
    if result.get("unexpected_count"):
        info["unexpected_percent"] = round(float(result.get("unexpected_percent") or 0.0), 2)
        info["sample"] = [_short(v) for v in (result.get("partial_unexpected_list") or [])[:_SAMPLE]]
        info.update(_offending_ids(result, id_column))
    unexpected = result.get("unexpected_count")
    return CheckResult(
        run_id=run_id,
        suite=check.suite,
        check_name=check.name,
        severity=check.severity,
        success=bool(r.success),
        unexpected_count=int(unexpected) if unexpected is not None else None,
        details=_details(check, info),
        table=check.table,
        expectation=check.expectation,
    )


def _offending_ids(result: Mapping[str, Any], id_column: str | None) -> dict[str, Any]:
    """The ids of (the first few) failing rows, from GX's index list: {'id_column': 'event_id', 'ids': [...]}."""
    rows = [row for row in (result.get("partial_unexpected_index_list") or []) if isinstance(row, Mapping)]
    if not id_column or not rows or id_column not in rows[0]:
        return {}
    return {"id_column": id_column, "ids": [_short(row.get(id_column)) for row in rows[:_SAMPLE]]}


def _broken(run_id: str, check: Check, message: str) -> CheckResult:
    return CheckResult(
        run_id=run_id,
        suite=check.suite,
        check_name=check.name,
        severity=check.severity,
        success=False,
        unexpected_count=None,
        details=_details(check, {"broken": True, "error": message}),
        table=check.table,
        expectation=check.expectation,
        broken=True,
    )


def _table_exists(run_id: str, suite: str, table: str, exists: bool) -> CheckResult:
    details = {"table": table, "expectation": TABLE_EXISTS}
    if not exists:
        details["error"] = f"table {table} not found in the warehouse"
    return CheckResult(
        run_id=run_id,
        suite=suite,
        check_name=f"{table}:{TABLE_EXISTS}",
        severity="error",
        success=exists,
        unexpected_count=None,
        details=json.dumps(details),
        table=table,
        expectation=TABLE_EXISTS,
    )


def _details(check: Check, info: dict[str, Any]) -> str:
    d: dict[str, Any] = {"table": check.table, "expectation": check.expectation}
    for key in ("column", "column_A", "column_B", "column_list"):
        if key in check.kwargs:
            d[key] = check.kwargs[key]
    d.update(info)
    text = json.dumps(d, default=str, ensure_ascii=False)
    if len(text) > _DETAILS_MAX and "error" in d:
        d["error"] = str(d["error"])[: _DETAILS_MAX // 2] + "..."
        text = json.dumps(d, default=str, ensure_ascii=False)
    return text if len(text) <= _DETAILS_MAX else text[: _DETAILS_MAX - 3] + "..."


def _short(value: Any, limit: int = 60) -> Any:
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy / pandas scalars
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if isinstance(value, float) and value != value:  # NaN
        return None
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
