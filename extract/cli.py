"""Command line: `python -m extract run` (the pipeline through Airflow, then the summary) and friends."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from extract import config


def _run(args: argparse.Namespace) -> int:
    from extract.airflow_home import run_dag
    from extract.run_control import AnotherRun, RunStopped
    from extract.summary import latest_run, render, shown
    from extract.warehouse import exists

    articles = Path(args.articles).resolve() if args.articles else config.articles_dir()
    warehouse = Path(args.warehouse).resolve() if args.warehouse else config.warehouse_path()
    bi_copy = config.bi_path(warehouse)
    if not articles.is_dir():
        print(f"error: the articles folder {articles} does not exist", file=sys.stderr)
        return 2
    new_warehouse = not exists(warehouse)
    if new_warehouse:
        print(f"New warehouse: {warehouse} does not exist yet and will be created.", flush=True)
    if args.reprocess:
        os.environ["EXTRACT_REPROCESS"] = "1"
        print("Reprocess: every article is extracted again.", flush=True)
    print(f"Running the conflict_pipeline DAG through Airflow over {articles} ...", flush=True)
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
    try:
        code, log = run_dag(articles, warehouse)
    except AnotherRun as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 75
    except RunStopped as exc:
        print(f"Run {exc}; nothing is running any more. Airflow's log: {shown(_last_log())}", file=sys.stderr)
        return exc.exit_code
    run = latest_run(warehouse, since=started)
    if run is None:
        print(
            f"This run left no record in {warehouse} (airflow exited {code}). Last lines of {shown(log)}:",
            file=sys.stderr,
        )
        print("\n".join(log.read_text(errors="replace").splitlines()[-40:]), file=sys.stderr)
        return 1
    print(render(warehouse, bi_copy, run, new_warehouse=new_warehouse and exists(warehouse)))
    print(f"\nAirflow's log of this run: {shown(log)}")
    return 0 if run["status"] == "success" and code == 0 else 1


def _docs(args: argparse.Namespace) -> int:
    from extract.docs_site import build_docs
    from extract.summary import shown

    try:
        index = build_docs(config.bi_path(), config.build_dir() / "docs")
    except (FileNotFoundError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"dbt docs (from the published copy): open {shown(index)}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from extract.report.page import write_report
    from extract.summary import shown

    try:
        page = write_report(config.bi_path(), config.report_path())
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"report (one self-contained page, opens offline): {shown(page)}")
    return 0


def _last_log() -> Path:
    from extract.airflow_home import airflow_home

    return airflow_home() / "logs" / "last-run.log"


def _summary(args: argparse.Namespace) -> int:
    from extract.summary import render

    print(render(config.warehouse_path(), config.bi_path()))
    return 0


def _quarantine(args: argparse.Namespace) -> int:
    from extract.quarantine import quarantined

    rows = quarantined(config.warehouse_path())
    for article_id, source, reason, run_id in rows:
        print(f"{article_id}  {source}  (run {run_id}): {reason}")
    print(
        f"{len(rows)} article(s) in quarantine"
        + (": release with python -m extract release <article_id> | --all" if rows else "")
    )
    return 0


def _release(args: argparse.Namespace) -> int:
    from extract.quarantine import release
    from extract.run_control import AnotherRun, warehouse_lock

    if not args.all and not args.article_ids:
        print("error: name article ids to release, or --all", file=sys.stderr)
        return 2
    try:
        with warehouse_lock(config.warehouse_path()):
            done = release(config.warehouse_path(), None if args.all else args.article_ids)
    except AnotherRun as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 75
    missing = sorted(set(args.article_ids) - set(done))
    print(f"released {len(done)} article(s); the next run extracts them again")
    if missing:
        print(f"not in quarantine: {', '.join(missing)}", file=sys.stderr)
    return 0 if not missing else 1


def _lake_upkeep(args: argparse.Namespace) -> int:
    from extract.lake_upkeep import describe, upkeep
    from extract.run_control import AnotherRun, warehouse_lock

    try:
        with warehouse_lock(config.warehouse_path()):
            result = upkeep(config.warehouse_path(), args.keep_days)
    except AnotherRun as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 75
    print(describe(result))
    return 0


def _eval(args: argparse.Namespace) -> int:
    from extract.evaluate import run

    return run(args.sets, verbose=args.verbose, modes=args.modes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the whole pipeline through Airflow and print a summary")
    run.add_argument("--articles", help="folder of input articles (default: $ARTICLES_DIR or seeds/)")
    run.add_argument("--warehouse", help="warehouse file (default: $WAREHOUSE_PATH or warehouse/conflict.duckdb)")
    run.add_argument(
        "--reprocess",
        action="store_true",
        help="extract every article again (default: only those the current extractor has not)",
    )
    run.set_defaults(func=_run)
    docs = sub.add_parser("docs", help="build dbt's documentation from the published copy (build/docs/index.html)")
    docs.set_defaults(func=_docs)
    report = sub.add_parser("report", help="write the HTML report from the published copy (build/report/index.html)")
    report.set_defaults(func=_report)
    summary = sub.add_parser("summary", help="print the summary of the latest run")
    summary.set_defaults(func=_summary)
    quarantine = sub.add_parser("quarantine", help="list the articles in quarantine and why")
    quarantine.set_defaults(func=_quarantine)
    release = sub.add_parser("release", help="take articles out of quarantine (the next run extracts them)")
    release.add_argument("article_ids", nargs="*", help="article ids (see `python -m extract quarantine`)")
    release.add_argument("--all", action="store_true", help="release every quarantined article")
    release.set_defaults(func=_release)
    upkeep = sub.add_parser(
        "lake-upkeep", help="DuckLake's upkeep: expire old snapshots, merge small files, delete unreferenced ones"
    )
    upkeep.add_argument(
        "--keep-days", type=float, help="keep snapshots (and scheduled files) this many days ($DUCKLAKE_KEEP_DAYS, 7)"
    )
    upkeep.set_defaults(func=_lake_upkeep)
    evaluate = sub.add_parser("eval", help="score extraction on the annotated sets, in text and feed modes")
    evaluate.add_argument(
        "sets",
        nargs="*",
        help="which sets (seeds, own, real-dev, real-test, real-val); default: all",
    )
    evaluate.add_argument(
        "--mode", dest="modes", action="append", choices=("text", "feed"), help="input mode (repeatable); default: both"
    )
    evaluate.add_argument("-v", "--verbose", action="store_true", help="list each article's misses")
    evaluate.set_defaults(func=_eval)
    args = parser.parse_args(argv)
    return args.func(args)
