"""One bad article never stops extraction: it becomes an ArticleError (quarantined by extract_articles) and
every other article gives what it gives alone. Workers that die or stall lose nothing and never hang."""

from __future__ import annotations

import os
import signal
import time

import duckdb
import pytest
from spacy.language import Language

from bench.corpus import generate
from extract.extraction import ArticleError, extract_rows
from extract.incremental import extract_articles
from extract.ingest.load import load_articles
from extract.nlp.pipeline import shared_nlp
from extract.quarantine import quarantined, release
from extract.workers import ForkWorkers, Lost

MARK_RAISE = "ZZRAISEZZ"
MARK_KILL = "ZZKILLZZ"
MARK_KILL_ONCE = "ZZKILLONCEZZ"
TEST_PID = os.getpid()
ONCE_FLAG = {"path": None}

BAD_FIGURE = (
    "Junta troops attacked a village in Kanbalu Township, Sagaing Region, on Sunday, residents said. "
    "At least 99999999999999999999999 civilians were killed in the attack, a local group said."
)


@Language.component("test_saboteur")
def _saboteur(doc):
    """A component that fails the way real ones can: raises, or its process is killed (as by the OOM killer)."""
    if MARK_RAISE in doc.text:
        raise ValueError("a component crashed on this article")
    if os.getpid() != TEST_PID:
        if MARK_KILL in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        flag = ONCE_FLAG["path"]
        if MARK_KILL_ONCE in doc.text and flag and os.path.exists(flag):
            os.unlink(flag)
            os.kill(os.getpid(), signal.SIGKILL)
    return doc


@pytest.fixture
def saboteur():
    nlp = shared_nlp()
    nlp.add_pipe("test_saboteur", first=True)
    try:
        yield nlp
    finally:
        nlp.remove_pipe("test_saboteur")


def _articles(n: int, bad: dict[int, str]) -> list[tuple]:
    rows = [a.as_row() for a in generate(n)]
    for i, text in bad.items():
        rows[i] = (rows[i][0], text, *rows[i][2:])
    return rows


def _plain(outcomes):
    return [o if isinstance(o, ArticleError) else o[0] for o in outcomes]


def test_bad_articles_become_errors_and_the_others_are_untouched(saboteur):
    good = _articles(12, {})
    bad = _articles(12, {2: good[2][1] + "\n" + MARK_RAISE, 5: "y" * 1_000_001, 9: BAD_FIGURE})
    alone = _plain(extract_rows(good, n_process=1))
    out = _plain(extract_rows(bad, batch_size=4, n_process=1))
    assert [i for i, o in enumerate(out) if isinstance(o, ArticleError)] == [2, 5, 9]
    assert "ValueError: a component crashed" in out[2].reason
    assert "too long" in out[5].reason and "1,000,001" in out[5].reason
    assert "beyond the plausible range" in out[9].reason and "99999999999999999999999 civilians" in out[9].reason
    assert [o for i, o in enumerate(out) if i not in (2, 5, 9)] == [
        o for i, o in enumerate(alone) if i not in (2, 5, 9)
    ]


def test_a_worker_killed_mid_run_loses_only_its_article(saboteur):
    articles = _articles(24, {7: _articles(8, {})[7][1] + "\n" + MARK_KILL})
    stats = {}
    out = _plain(extract_rows(articles, batch_size=4, n_process=2, min_per_process=1, stats=stats))
    assert stats["processes"] == 2 and len(out) == 24
    assert [i for i, o in enumerate(out) if isinstance(o, ArticleError)] == [7]
    assert "lost its worker on this article twice" in out[7].reason and "SIGKILL" in out[7].reason
    alone = _plain(extract_rows([a for i, a in enumerate(articles) if i != 7], n_process=1))
    assert [o for i, o in enumerate(out) if i != 7] == alone


def test_a_worker_killed_once_is_replaced_and_its_chunk_tried_again(saboteur, tmp_path):
    flag = tmp_path / "kill-once"
    flag.touch()
    ONCE_FLAG["path"] = str(flag)
    try:
        articles = _articles(20, {3: _articles(4, {})[3][1] + "\n" + MARK_KILL_ONCE})
        out = _plain(extract_rows(articles, batch_size=4, n_process=2, min_per_process=1))
    finally:
        ONCE_FLAG["path"] = None
    assert not flag.exists()  # a worker did die
    assert not any(isinstance(o, ArticleError) for o in out)
    assert out == _plain(extract_rows(articles, n_process=1))


def _sleep_or_die(arg):
    if arg == "sleep":
        time.sleep(60)
    if arg == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return arg * 2


def test_fork_workers_report_dead_and_stalled_workers_and_always_end():
    started = time.monotonic()
    with ForkWorkers(_sleep_or_die, 2, task_timeout=2) as workers:
        for i, arg in enumerate(["a", "die", "sleep", "b", "c"]):
            workers.submit(i, arg)
        got = dict(workers.results())
    assert time.monotonic() - started < 30
    assert got[0] == "aa" and got[3] == "bb" and got[4] == "cc"
    assert isinstance(got[1], Lost) and "SIGKILL" in got[1].reason
    assert isinstance(got[2], Lost) and "longer than 2 s" in got[2].reason


def test_extract_articles_quarantines_and_a_later_run_skips_until_released(tmp_path, monkeypatch, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for i, a in enumerate(generate(3)):
        (src / f"ok{i}.txt").write_text(a.text)
    (src / "huge_figure.txt").write_text(BAD_FIGURE)
    wh = tmp_path / "wh.duckdb"
    load_articles(src, wh, "run-1")
    report = extract_articles(wh, n_process=1, run_id="run-1")
    assert (report.articles, report.quarantined) == (3, 1)
    [(aid, name, reason, run)] = quarantined(wh)
    assert name == "huge_figure.txt" and run == "run-1" and "plausible range" in reason
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("select count(*) from raw.article_metadata").fetchone()[0] == 3
        assert con.execute("select count(*) from raw.figures where count_low > 100000000").fetchone()[0] == 0
        rejected = con.execute(
            "select source_file, reason from audit.rejected_articles where run_id = 'run-1'"
        ).fetchall()
        assert rejected == [("huge_figure.txt", f"quarantined at extraction (article {aid}): {reason}")]
    finally:
        con.close()
    again = extract_articles(wh, n_process=1, run_id="run-2")
    assert (again.articles, again.quarantined) == (3, 0)  # skipped, not tried again
    from extract.cli import main

    monkeypatch.setenv("WAREHOUSE_PATH", str(wh))
    assert main(["quarantine"]) == 0
    listed = capsys.readouterr().out
    assert f"{aid}  huge_figure.txt  (run run-1): {reason}" in listed and "1 article(s) in quarantine" in listed
    assert main(["release", aid]) == 0 and quarantined(wh) == []
    assert "released 1 article(s)" in capsys.readouterr().out
    assert main(["release", "0000000000000000"]) == 1
    assert extract_articles(wh, n_process=1, run_id="run-3").quarantined == 1
    assert release(wh, None) == [aid]


def test_workers_end_even_when_the_parent_has_a_sigterm_handler_that_does_not_exit():
    """Airflow's task runner installs a SIGTERM handler; forked workers must not inherit a way to survive."""
    calls = []
    old = signal.signal(signal.SIGTERM, lambda signum, frame: calls.append(signum))
    try:
        for _ in range(5):
            with ForkWorkers(_sleep_or_die, 2, task_timeout=30) as workers:
                for i in range(6):
                    workers.submit(i, str(i))
                assert sorted(v for _, v in workers.results()) == [str(i) * 2 for i in range(6)]
            # stopped in the middle of work as well
            with ForkWorkers(_sleep_or_die, 2, task_timeout=30) as workers:
                workers.submit(0, "sleep")
                workers.submit(1, "sleep")
                workers._feed()
                pids = [w.process.pid for w in workers._workers]
            for pid in pids:
                assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z"
    finally:
        signal.signal(signal.SIGTERM, old)
    assert calls == []
