"""A small corpus for the incremental-run tests: the seeds, reports of one story (a dated original, its undated
republication, a rewrite) and generated articles, split in two halves so that the undated republication
comes in the first half and its original only in the second."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_linking import ORIGINAL, REPUBLISHED, REWRITTEN, UNRELATED

from bench.corpus import generate
from extract.config import PROJECT_DIR


def write_corpus(first: Path, second: Path, n_generated: int = 24) -> None:
    """Half of the articles into `first`, the other half into `second`."""
    for folder in (first, second):
        folder.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(sorted((PROJECT_DIR / "seeds").glob("*.txt"))):
        shutil.copy(seed, (first if i % 2 else second) / seed.name)
    (first / "story_republished.txt").write_text(REPUBLISHED)
    (first / "story_unrelated.txt").write_text(UNRELATED)
    (second / "story_original.txt").write_text(ORIGINAL)
    (second / "story_rewritten.txt").write_text(REWRITTEN)
    for i, article in enumerate(generate(n_generated)):
        (first if i % 2 else second).joinpath(f"gen_{article.article_id}.txt").write_text(article.text)
