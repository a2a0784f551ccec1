"""Forked worker processes that always end and lose nothing: what extraction runs its chunks on.

Why not `multiprocessing.Pool`: its workers share one task queue and its lock, so a worker that dies while
holding the lock (the out-of-memory killer, a SIGKILL) wedges the others, a task held by a dead worker is
never answered (`imap` waits for ever), and `terminate()` sends SIGTERM to workers that inherited the
orchestrator's SIGTERM handler (Airflow's), which may not let them die: `join()` then waits for ever.

Here each worker has a pipe of its own; the parent hands it one task at a time and watches both the pipe and
the process. A worker that dies or outlives its time is noticed at once, its task is reported `Lost` (the
caller decides what to retry), and a new worker takes its place. Workers start with SIGTERM at its default
action, SIGINT ignored (the parent decides about Ctrl-C) and, on Linux, a SIGKILL if the parent dies; they
are stopped with SIGKILL, which no handler can wedge.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Lost:
    """A task whose worker died or ran out of time; `reason` says which, in words."""

    reason: str


@dataclass(frozen=True)
class Failed:
    """A task whose function raised; `error` is the traceback's last line, `details` the traceback."""

    error: str
    details: str


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _signal_name(code: int | None) -> str:
    if code is None or code >= 0:
        return f"exit code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    hint = " (the out-of-memory killer sends it)" if -code == signal.SIGKILL else ""
    return f"{name}{hint}"


def _worker_main(fn: Callable[[Any], Any], conn) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        key, arg = msg
        try:
            conn.send((key, True, fn(arg)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent with the traceback
            conn.send(
                (key, False, Failed(f"{type(exc).__name__}: {exc}".splitlines()[0][:500], traceback.format_exc()))
            )


class _Worker:
    def __init__(self, ctx, fn):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(fn, child), daemon=True)
        self.process.start()
        child.close()
        self.task: tuple[Any, Any] | None = None
        self.since = 0.0

    def give(self, key, arg) -> None:
        self.task = (key, arg)
        self.since = time.monotonic()
        self.conn.send((key, arg))

    def kill(self) -> None:
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(5)
        self.conn.close()


class ForkWorkers:
    """`processes` forked workers running `fn` on submitted tasks; `results()` yields (key, value) where value
    is fn's return, a `Failed` or a `Lost`, as they finish. Use as a context manager: leaving it kills every
    worker (SIGKILL) that is still there."""

    def __init__(self, fn: Callable[[Any], Any], processes: int, task_timeout: float | None = None):
        self._ctx = multiprocessing.get_context("fork")
        self._fn = fn
        self._timeout = task_timeout
        self._pending: list[tuple[Any, Any]] = []
        self._workers = [_Worker(self._ctx, fn) for _ in range(processes)]

    def __enter__(self) -> ForkWorkers:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def submit(self, key, arg) -> None:
        self._pending.append((key, arg))

    def _feed(self) -> None:
        for w in self._workers:
            if w.task is None and self._pending:
                w.give(*self._pending.pop(0))

    def _replace(self, w: _Worker) -> None:
        w.kill()
        self._workers[self._workers.index(w)] = _Worker(self._ctx, self._fn)

    def results(self) -> Iterator[tuple[Any, Any]]:
        """Yield every submitted task's (key, outcome); tasks submitted while iterating are included."""
        while True:
            self._feed()
            busy = [w for w in self._workers if w.task is not None]
            if not busy:
                return
            watch = {w.conn: w for w in busy} | {w.process.sentinel: w for w in busy}
            wait_for = None
            if self._timeout is not None:
                wait_for = max(0.0, min(w.since for w in busy) + self._timeout - time.monotonic())
            ready = wait(list(watch), timeout=wait_for)
            done: list[tuple[Any, Any]] = []
            for obj in ready:
                w = watch[obj]
                if w.task is None:
                    continue
                if obj is w.conn or w.conn.poll():
                    try:
                        key, ok, value = w.conn.recv()
                    except (EOFError, OSError):
                        key, ok, value = w.task[0], False, None
                    if ok or isinstance(value, Failed):
                        w.task = None
                        done.append((key, value))
                        continue
                key = w.task[0]
                w.process.join(1)
                done.append((key, Lost(f"the worker process died ({_signal_name(w.process.exitcode)})")))
                w.task = None
                self._replace(w)
            if self._timeout is not None:
                now = time.monotonic()
                for w in [w for w in self._workers if w.task is not None and now - w.since > self._timeout]:
                    done.append((w.task[0], Lost(f"the worker took longer than {self._timeout:.0f} s and was stopped")))
                    w.task = None
                    self._replace(w)
            yield from done

    def close(self) -> None:
        for w in self._workers:
            if w.task is None and not w.conn.closed and w.process.is_alive():
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        deadline = time.monotonic() + 2
        for w in self._workers:
            if w.task is None:
                w.process.join(max(0.0, deadline - time.monotonic()))
            if not w.conn.closed:
                w.kill()
        self._workers = []
