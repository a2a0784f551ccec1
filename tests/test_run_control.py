"""Runs exclude each other, always end, and say truthfully what happened.

The SIGTERM test runs `make run` for real (Airflow, dbt, DuckDB) and stops it the way a supervisor would."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from extract.config import PROJECT_DIR
from extract.run_control import AnotherRun, lock_path, warehouse_lock
from extract.runs import finish_run, record_failure, start_run
from extract.summary import latest_run, render


def test_a_second_run_on_the_same_warehouse_exits_without_touching_anything(tmp_path):
    wh = tmp_path / "wh" / "conflict.duckdb"
    with warehouse_lock(wh):
        with pytest.raises(AnotherRun, match=f"pid {os.getpid()}"):
            with warehouse_lock(wh):
                pass
        out = subprocess.run(
            [sys.executable, "-m", "extract", "run", "--articles", str(PROJECT_DIR / "seeds"), "--warehouse", str(wh)],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=PROJECT_DIR,
        )
    assert out.returncode == 75
    assert "another run is in progress on" in out.stderr and "exits without touching anything" in out.stderr
    assert sorted(p.name for p in wh.parent.iterdir()) == [lock_path(wh).name]
    with warehouse_lock(wh):  # released when its holder ends
        pass


def test_a_run_killed_hard_is_marked_failed_by_the_next_run(tmp_path):
    wh = tmp_path / "wh.duckdb"
    start_run(wh, "killed")  # never finished: its process was killed
    start_run(wh, "next")
    con = duckdb.connect(str(wh), read_only=True)
    try:
        rows = dict(con.execute("select run_id, status from audit.runs").fetchall())
        error = con.execute("select error from audit.runs where run_id = 'killed'").fetchone()[0]
    finally:
        con.close()
    assert rows == {"killed": "failed", "next": "running"}
    assert "marked failed by run next" in error


def test_the_summary_of_a_failed_run_names_the_task_its_error_and_the_bi_copy(tmp_path):
    wh = tmp_path / "wh.duckdb"
    bi = tmp_path / "wh_bi.duckdb"
    start_run(wh, "r1")
    record_failure(wh, "r1", "extract", "Traceback (most recent call last):\n  ...\nValueError: boom at article 7")
    record_failure(wh, "r1", "finish", "the run failed before publishing")  # not the first: ignored
    finish_run(wh, "r1", "failed")
    text = render(wh, bi, new_warehouse=True)
    first, second = text.splitlines()[:2]
    assert first == f"New warehouse started at {wh} (nothing was there before this run)."
    assert second == "Run r1: FAILED: task extract failed: ValueError: boom at article 7"
    assert "not rebuilt by this run" in text and "checks     not run" in text
    assert "no BI copy exists yet" in text and "last good copy" not in text
    bi.write_bytes(b"")
    assert "the last good copy" in render(wh, bi)
    # a summary asked for runs since now finds none: it never shows an earlier run as this one's
    assert latest_run(wh, since=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=5)) is None


def _pids_with(marker: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if marker.encode() in (proc / "environ").read_bytes():
                    found.append(int(proc.name))
            except OSError:
                continue
    return found


def test_sigterm_to_make_run_stops_the_whole_run_and_leaves_nothing_writing(tmp_path):
    wh = tmp_path / "sigterm-wh" / "conflict.duckdb"
    env = dict(os.environ, ARTICLES_DIR=str(PROJECT_DIR / "seeds"), WAREHOUSE_PATH=str(wh))
    make = subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 240
    while not wh.exists() and time.monotonic() < deadline and make.poll() is None:
        time.sleep(0.5)
    assert wh.exists(), "the run never started writing"
    time.sleep(3)  # well inside the run: Airflow, dbt or extraction at work
    assert _pids_with(str(wh)), "the run's processes are there"
    make.send_signal(signal.SIGTERM)  # to make only, as a supervisor does
    out, _ = make.communicate(timeout=90)
    assert make.returncode != 0
    time.sleep(1)
    assert _pids_with(str(wh)) == [], out  # nothing of the run goes on
    size, mtime = wh.stat().st_size, wh.stat().st_mtime
    time.sleep(3)
    assert (wh.stat().st_size, wh.stat().st_mtime) == (size, mtime)
    con = duckdb.connect(str(wh), read_only=True)  # no one holds the file
    try:
        runs = con.execute("select status, error from audit.runs").fetchall()
    finally:
        con.close()
    assert runs and all(status == "failed" for status, _ in runs), runs
    assert "stopped by SIGTERM" in out
    with warehouse_lock(wh):  # and the next run may start
        pass


def test_ctrl_c_stops_the_whole_process_group_and_says_so(tmp_path):
    import threading

    from extract.run_control import RunStopped, run_group

    pids = tmp_path / "pids"
    cmd = ["sh", "-c", f"trap '' TERM; sleep 300 & echo $! > {pids}; sleep 300"]  # ignores SIGTERM, has a child
    timer = threading.Timer(1.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    started = time.monotonic()
    with open(tmp_path / "log", "w") as log, pytest.raises(RunStopped, match="stopped by SIGINT") as stopped:
        run_group(cmd, dict(os.environ), log, tmp_path)
    assert stopped.value.exit_code == 130 and time.monotonic() - started < 60
    child = int(pids.read_text())
    time.sleep(0.5)
    assert not Path(f"/proc/{child}").exists() or Path(f"/proc/{child}/stat").read_text().split()[2] == "Z"


def test_each_run_has_its_own_log_and_last_run_log_points_at_the_latest(tmp_path):
    from extract.run_control import run_log_path

    first = run_log_path(tmp_path)
    second = run_log_path(tmp_path)
    assert first != second and first.parent == second.parent == tmp_path / "runs"
    assert (tmp_path / "last-run.log").resolve() == second.resolve()


def test_a_task_past_its_execution_timeout_fails_the_run_which_says_so(tmp_path, monkeypatch):
    """Through Airflow: with a 1.2-second task limit and 1,500 articles (several seconds of extraction on any
    machine), the first task that needs longer (loading or extraction) is stopped, the run ends failed, and
    its record names the task and the timeout."""
    from bench.corpus import generate
    from extract.airflow_home import run_dag

    articles = tmp_path / "articles"
    articles.mkdir()
    for a in generate(1500):
        (articles / f"{a.article_id}.txt").write_text(a.text, encoding="utf-8")
    monkeypatch.setenv("TASK_TIMEOUT_MINUTES", "0.02")
    monkeypatch.setenv("RUN_TIMEOUT_MINUTES", "10")
    wh = tmp_path / "timeout" / "conflict.duckdb"
    started = time.monotonic()
    code, log = run_dag(articles, wh)
    assert code != 0 and time.monotonic() - started < 600
    run = latest_run(wh)
    assert run["status"] == "failed", log.read_text()[-3000:]
    assert run["failed_task"] and "Timeout" in run["error"], run  # whichever task first needed > 1.2 s
    assert render(wh, tmp_path / "none.duckdb").splitlines()[0] == (
        f"Run {run['run_id']}: FAILED: task {run['failed_task']} failed: {run['error']}"
    )
