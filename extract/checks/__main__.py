"""Run data-quality checks on the warehouse.

python -m extract.checks --run-id ID [--suite marts ...] [--warehouse PATH] [--no-write]

Runs the suites, records them in audit.dq_results (unless --no-write) and exits 1 if the run must fail.
"""

from __future__ import annotations

import argparse
import logging
import sys

from extract.checks.report import ChecksFailed, assert_passed
from extract.checks.run import run_checks
from extract.checks.store import write_results
from extract.config import warehouse_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.checks", description=__doc__.splitlines()[0])
    parser.add_argument("--run-id", required=True)
    parser.add_argument("--suite", action="append", dest="suites", help="suite name or YAML path (repeatable)")
    parser.add_argument("--warehouse", default=None, help="default: $WAREHOUSE_PATH or warehouse/conflict.duckdb")
    parser.add_argument("--no-write", action="store_true", help="do not record results in audit.dq_results")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every check, not only failures")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    path = args.warehouse or warehouse_path()
    report = run_checks(path, args.run_id, args.suites)
    if not args.no_write:
        write_results(path, report)
    if args.verbose:
        for r in report.results:
            print(r.describe())
    try:
        assert_passed(report)
    except ChecksFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
