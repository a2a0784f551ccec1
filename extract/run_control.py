"""What keeps a run of the DAG in hand: one run per warehouse at a time, and a run that always ends.

- `warehouse_lock`: a lock file beside the warehouse (`<warehouse>.lock`, flock). A second run on the same
  warehouse learns that another run is in progress (its pid and start) and exits without touching anything.
  The lock dies with its process, so a run killed hard never leaves it behind.
- `run_group`: runs Airflow in a process group of its own that dies with this process (SIGKILL on Linux when
  the parent dies). SIGTERM, SIGINT (Ctrl-C) or SIGHUP here, or the run's time limit, stop the whole group:
  SIGTERM, a grace period, then SIGKILL; nothing goes on writing after this process returns.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from extract.workers import die_with_parent

GRACE_SECONDS = 10
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class AnotherRun(RuntimeError):
    """Another run holds the warehouse."""


class RunStopped(RuntimeError):
    """The run was stopped by a signal or its time limit; `exit_code` is what the command should return."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[Path]:
    """Hold the warehouse's run lock for the block, or raise AnotherRun at once."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "unknown process"
            raise AnotherRun(
                f"another run is in progress on {warehouse} ({holder}); this run exits without touching anything"
            ) from None
        started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing the file releases the lock


def _signal_exit(signum: int) -> int:
    return 128 + signum


def stop_group(proc: subprocess.Popen, grace: float = GRACE_SECONDS) -> None:
    """SIGTERM to the process group, then SIGKILL after `grace` seconds; returns once the leader is gone."""
    for sig, wait_for in ((signal.SIGTERM, grace), (signal.SIGKILL, 30)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=wait_for)
            break
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything the leader left behind in its group
    except ProcessLookupError:
        pass


class _Stop(BaseException):
    def __init__(self, signum: int):
        self.signum = signum


def run_group(cmd: list[str], env: dict[str, str], log, cwd: Path, timeout: float | None = None) -> int:
    """Run `cmd` in its own process group; its exit code. Raises RunStopped (after stopping the whole group)
    on SIGTERM/SIGINT/SIGHUP to this process or when `timeout` seconds have passed."""
    proc = subprocess.Popen(
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, start_new_session=True, preexec_fn=die_with_parent
    )
    in_main = threading.current_thread() is threading.main_thread()

    def stop(signum, frame):
        for s in STOP_SIGNALS:  # a second Ctrl-C must not interrupt the stopping
            signal.signal(s, signal.SIG_IGN)
        raise _Stop(signum)

    old = {s: signal.signal(s, stop) for s in STOP_SIGNALS} if in_main else {}
    try:
        return proc.wait(timeout=timeout)
    except _Stop as sig:
        stop_group(proc)
        name = signal.Signals(sig.signum).name
        raise RunStopped(f"stopped by {name}: the whole run was stopped", _signal_exit(sig.signum)) from None
    except subprocess.TimeoutExpired:
        stop_group(proc)
        limit = f"{timeout / 60:.0f} minutes" if timeout >= 120 else f"{timeout:.0f} seconds"
        raise RunStopped(f"stopped after its time limit of {limit} (RUN_TIMEOUT_MINUTES)", 124) from None
    finally:
        if proc.poll() is None:  # an exception of any other kind: nothing may go on running
            stop_group(proc, grace=1)
        for s, handler in old.items():
            signal.signal(s, handler)


def run_log_path(logs: Path) -> Path:
    """A new log file for this run under `logs/runs/`, and `logs/last-run.log` pointing at it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    path = logs / "runs" / f"{stamp}-{os.getpid()}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while path.exists():
        n += 1
        path = path.with_name(f"{stamp}-{os.getpid()}-{n}.log")
    path.touch()
    last = logs / "last-run.log"
    tmp = logs / f".last-run.{os.getpid()}.{time.monotonic_ns()}"
    tmp.symlink_to(path.relative_to(logs))
    os.replace(tmp, last)
    return path
