"""`make bench-run`: what whole runs cost through Airflow, per task, from empty, with 100 new articles, with none.

    python -m tests.bench.pipeline_run                    # or: make bench-run
    BENCH_RUN_ARTICLES=2000 make bench-run                # smaller

Builds a generated corpus (tests/bench/corpus.py: the seeds' style, 3 KB articles; those with metadata in
JSONL files of 100 lines, as a feed delivers them, the others as .txt files) of BENCH_RUN_ARTICLES (10,000)
articles in `build/bench/run-work/` (its own Airflow home and warehouse), then runs the real DAG
(`airflow dags test`, as `make run` does) three times:
1. a full run from an empty warehouse over the N articles;
2. an incremental run after 100 new articles (a new JSONL file and new .txt files) are added;
3. a run with nothing new.
For each: the wall-clock time of the whole run (Airflow's start included), and each task's time from
Airflow's log, grouped as load (load_articles), extract (plan_extraction and the mapped extract_batch
tasks), write (write_extraction), link, dbt (every transform.* task), checks, publish, upkeep (lake_upkeep),
and other (start, anything_new, finish); the peak memory, sampled every 0.2 s over the processes of the run
(the sum of their resident sizes, and the largest single process). If `tests/bench/bi_queries.py` is present (its
`run_bi_queries(bi_path) -> dict`), its timings on the published copy are reported too. Prints a table and
writes `build/bench/run.json`. Nothing is asserted: the targets are read off the report.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import psutil

from extract.config import PROJECT_DIR
from tests.bench.corpus import generate

GROUPS = (
    ("load", ("load_articles",)),
    ("extract", ("plan_extraction", "extract_batch")),
    ("write", ("write_extraction",)),
    ("link", ("link",)),
    ("dbt", ("transform.",)),
    ("checks", ("check",)),
    ("publish", ("publish",)),
    ("upkeep", ("lake_upkeep",)),
    ("other", ("start", "anything_new", "finish")),
)
_LINE = re.compile(r"^(\S+Z) .*\[DAG TEST\] (starting|end task) task_id=(\S+) map_index=(\S+)")
FEED_LINES = 100


def write_corpus(folder: Path, first: int, last: int, tag: str) -> int:
    """Articles first..last-1 of the generated corpus into `folder`: metadata-carrying ones as JSONL files of
    FEED_LINES lines, the others as .txt files. Returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    feed: list[str] = []
    articles = generate(last)[first:]
    for a in articles:
        if a.published_raw or a.url:
            feed.append(
                json.dumps(
                    {"text": a.text, "title": a.title, "url": a.url, "outlet": a.outlet, "published": a.published_raw}
                )
            )
        else:
            (folder / f"{a.article_id}.txt").write_text(a.text)
    for n, start in enumerate(range(0, len(feed), FEED_LINES)):
        (folder / f"feed-{tag}-{n:04d}.jsonl").write_text("\n".join(feed[start : start + FEED_LINES]) + "\n")
    return len(articles)


class PeakMemory:
    """Samples the resident memory of this process's descendants (the Airflow run and its workers): the sum
    and the largest of their resident sets, and the sum of their proportional sets (PSS: a page forked
    workers share with their parent counts once, split between them, where the RSS sum counts it in each)."""

    def __init__(self, every: float = 0.2):
        self.every, self.total, self.largest, self.proportional = every, 0, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            sizes, shares = [], []
            for proc in me.children(recursive=True):
                try:
                    full = proc.memory_full_info()
                    sizes.append(full.rss)
                    shares.append(full.pss)
                except psutil.Error:
                    pass
            if sizes:
                self.total, self.largest = max(self.total, sum(sizes)), max(self.largest, max(sizes))
                self.proportional = max(self.proportional, sum(shares))
            self._stop.wait(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def task_seconds(log: Path) -> dict[str, float]:
    """Each task's seconds (mapped tasks summed) from `airflow dags test`'s log."""
    started: dict[tuple[str, str], dt.datetime] = {}
    out: dict[str, float] = {}
    for line in log.read_text(errors="replace").splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        at = dt.datetime.fromisoformat(m[1].replace("Z", "+00:00"))
        key = (m[3], m[4])
        if m[2] == "starting":
            started[key] = at
        elif key in started:
            out[m[3]] = out.get(m[3], 0.0) + (at - started.pop(key)).total_seconds()
    return out


def grouped(tasks: dict[str, float]) -> dict[str, float]:
    out = {name: 0.0 for name, _ in GROUPS}
    for task, seconds in tasks.items():
        for name, prefixes in GROUPS:
            if any(task == p or (p.endswith(".") and task.startswith(p)) for p in prefixes):
                out[name] += seconds
                break
        else:
            out["other"] += seconds
    return {k: round(v, 2) for k, v in out.items()}


def one_run(label: str, articles: Path, warehouse: Path) -> dict:
    from extract.airflow_home import run_dag
    from extract.summary import latest_run

    started = time.monotonic()
    with PeakMemory() as memory:
        code, log = run_dag(articles, warehouse)
    wall = time.monotonic() - started
    tasks = task_seconds(log)
    run = latest_run(warehouse) or {}
    result = {
        "run": label,
        "exit_code": code,
        "status": run.get("status"),
        "wall_s": round(wall, 1),
        "tasks_s": grouped(tasks),
        "tasks_total_s": round(sum(tasks.values()), 1),
        "airflow_overhead_s": round(wall - sum(tasks.values()), 1),
        "extract_batches": sum(
            1 for line in log.read_text(errors="replace").splitlines() if "starting task_id=extract_batch" in line
        ),
        "peak_rss_total_mb": round(memory.total / 2**20),
        "peak_rss_largest_mb": round(memory.largest / 2**20),
        "peak_pss_total_mb": round(memory.proportional / 2**20),
        "log": str(log),
    }
    print(f"  {label}: exit {code}, {run.get('status')}, {wall:.1f} s", flush=True)
    return result


def bi_queries(bi_path: Path) -> dict | None:
    try:
        from tests.bench.bi_queries import run_bi_queries
    except ImportError:
        return None
    return run_bi_queries(bi_path)


def render(report: dict) -> str:
    runs = report["runs"]
    head = f"{'':14s}" + "".join(f"{r['run']:>16s}" for r in runs)
    lines = [f"make bench-run: {report['articles']:,} generated articles (+100 new), {report['host']}", head]
    lines.append(f"{'wall clock s':14s}" + "".join(f"{r['wall_s']:16.1f}" for r in runs))
    for name, _ in GROUPS:
        lines.append(f"{'  ' + name:14s}" + "".join(f"{r['tasks_s'][name]:16.1f}" for r in runs))
    lines.append(f"{'  airflow':14s}" + "".join(f"{r['airflow_overhead_s']:16.1f}" for r in runs))
    lines.append(f"{'batches':14s}" + "".join(f"{r['extract_batches']:16d}" for r in runs))
    lines.append(f"{'peak MB (sum)':14s}" + "".join(f"{r['peak_rss_total_mb']:16d}" for r in runs))
    lines.append(f"{'peak MB (max)':14s}" + "".join(f"{r['peak_rss_largest_mb']:16d}" for r in runs))
    lines.append(f"{'peak MB (PSS)':14s}" + "".join(f"{r['peak_pss_total_mb']:16d}" for r in runs))
    if report.get("bi_queries") is not None:
        lines.append(f"BI queries: {json.dumps(report['bi_queries'])}")
    else:
        lines.append("BI queries: tests/bench/bi_queries.py is not on this branch")
    return "\n".join(lines)


def main() -> int:
    n = int(os.environ.get("BENCH_RUN_ARTICLES") or 10_000)
    root = Path(os.environ.get("BENCH_RUN_DIR") or PROJECT_DIR / "build" / "bench" / "run-work").resolve()
    out = PROJECT_DIR / "build" / "bench" / "run.json"
    shutil.rmtree(root, ignore_errors=True)
    articles, warehouse = root / "articles", root / "warehouse" / "conflict.duckdb"
    os.environ["AIRFLOW_HOME"] = str(root / "airflow")
    from extract.airflow_home import airflow_env, prepare

    (root / "airflow").mkdir(parents=True)
    with open(root / "airflow" / "prepare.log", "w") as log:  # the metadata DB, before anything is timed
        prepare(airflow_env(articles, warehouse), log)
    print(f"generating {n:,} articles into {articles} ...", flush=True)
    write_corpus(articles, 0, n, "a")
    size_mb = sum(p.stat().st_size for p in articles.iterdir()) / 2**20
    runs = [one_run("full", articles, warehouse)]
    write_corpus(articles, n, n + 100, "b")
    runs.append(one_run("incremental", articles, warehouse))
    runs.append(one_run("nothing new", articles, warehouse))
    report = {
        "articles": n,
        "corpus_mb": round(size_mb, 1),
        "new_articles": 100,
        "host": f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}",
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_at_end": os.getloadavg(),
        "runs": runs,
        "bi_queries": bi_queries(warehouse.with_name("conflict_bi.duckdb")),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    print(render(report))
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
