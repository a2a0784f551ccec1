"""The real-article evaluation set (tests/eval/real): every gold file follows the annotation guide's
vocabularies, none is a held-out article, and the development half, the test half and the validation set
(articles annotated later, tests/eval/real/val) share no story and no article."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest

from extract.config import PROJECT_DIR
from extract.evaluate import eval_texts_dir, shared_dir

REAL = PROJECT_DIR / "tests" / "eval" / "real"
HALVES = ("dev", "test")
SETS = (*HALVES, "val")


def golds(half: str | None = None) -> list[dict]:
    folders = [REAL / half] if half else [REAL / h for h in SETS]
    return [json.loads(p.read_text()) for folder in folders for p in sorted(folder.glob("*.json"))]


def test_the_set_is_large_and_varied():
    all_golds = golds()
    assert len(all_golds) >= 80
    assert len({g["outlet"] for g in all_golds}) >= 15
    assert min(len(golds(h)) for h in HALVES) >= 35


def test_gold_files_follow_the_guide():
    """check_gold.py: fields, vocabularies, listed places, shared same_as keys; quotes and aliases verbatim
    where the page texts are present ($EVAL_TEXTS)."""
    proc = subprocess.run(
        [
            sys.executable,
            str(PROJECT_DIR / "tests" / "eval" / "check_gold.py"),
            "--gold",
            str(REAL),
            "--texts",
            str(eval_texts_dir()),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_gold_file_is_held_out():
    checker = shared_dir() / "eval" / "check_heldout.py"
    if not checker.exists():
        pytest.skip(f"{checker} is not here: the held-out list ships with the shared folder")
    proc = subprocess.run([sys.executable, str(checker), "--gold-dir", str(REAL)], capture_output=True, text=True)
    assert proc.returncode == 0, [line for line in proc.stdout.splitlines() if line.startswith("held out")]
    checked = sum(bool(g.get(k)) for g in golds() for k in ("url", "title"))  # a title may be unknown
    assert sum(line.startswith("free") for line in proc.stdout.splitlines()) == checked


def test_halves_split_by_story():
    """Every report of one story (a shared same_as key) is in the same set, so tuning on the development
    half never sees a test or validation story; and no article is in two sets."""
    ids, urls = [g["id"] for g in golds()], [g["url"] for g in golds()]
    assert len(ids) == len(set(ids)) and len(urls) == len(set(urls))
    halves_of = defaultdict(set)
    for half in SETS:
        for g in golds(half):
            for event in g["events"]:
                if event.get("same_as"):
                    halves_of[event["same_as"]].add(half)
    assert halves_of, "no story is reported by two outlets"
    assert {k: v for k, v in halves_of.items() if len(v) > 1} == {}


def test_every_gold_file_can_be_restored():
    """Each gold file carries what brings its page text back on a new machine: the search query, the url,
    and the text's hash to verify it."""
    for g in golds():
        assert g["retrieval_query"].strip() and g["url"].startswith("http"), g["id"]
        assert len(g.get("text_sha256", "")) == 64, g["id"]


def test_restore_lists_each_text_once():
    """An article labelled for training that has since got a gold file is listed once, by its gold file."""
    sys.path.insert(0, str(REAL))
    try:
        import restore
    finally:
        sys.path.remove(str(REAL))
    ids = [g["id"] for g in restore.golds()]
    assert len(ids) == len(set(ids))
    assert {g["id"] for g in golds()} <= set(ids)
