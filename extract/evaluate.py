"""`python -m extract eval`: how well extraction does, on every annotated set of articles.

For each set (the shipped seeds, scored against the gold in ../shared/eval/gold, and the project's own
annotated articles in tests/eval), it builds a scratch warehouse under build/eval/<set>/ with the same library
steps the DAG runs (load, extract, `dbt build`; no checks, no publishing, no Airflow), then scores it with the
shared scorer (../shared/eval/score.py; $SHARED_DIR moves it). The live warehouse is never touched.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from extract import config


@dataclass(frozen=True)
class AnnotatedSet:
    name: str
    articles: Path
    gold: Path


def shared_dir() -> Path:
    return Path(os.environ.get("SHARED_DIR", config.PROJECT_DIR.parent / "shared")).resolve()


def annotated_sets() -> list[AnnotatedSet]:
    return [
        AnnotatedSet("seeds", config.PROJECT_DIR / "seeds", shared_dir() / "eval" / "gold"),
        AnnotatedSet("own", config.PROJECT_DIR / "tests" / "eval" / "articles",
                     config.PROJECT_DIR / "tests" / "eval" / "gold"),
    ]


def build_warehouse(articles: Path, workdir: Path) -> Path:
    """Load and extract `articles` into a fresh warehouse in `workdir`, then `dbt build` it; return its path."""
    from extract.extraction import extract_articles
    from extract.ingest.load import load_articles

    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    warehouse = workdir / "conflict.duckdb"
    load_articles(articles, warehouse, "eval")
    extract_articles(warehouse)
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    proc = subprocess.run(
        [str(dbt), "build", "--quiet", "--project-dir", str(config.DBT_DIR), "--profiles-dir", str(config.DBT_DIR),
         "--target-path", str(workdir / "target"), "--log-path", str(workdir / "logs"), "--no-use-colors"],
        env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"dbt build failed for {articles}:\n{proc.stdout[-4000:]}{proc.stderr[-2000:]}")
    return warehouse


def score(gold: Path, warehouse: Path, scorer: Path) -> tuple[str, dict]:
    """The scorer's printed lines and its full JSON result (per-article misses included)."""
    out_json = warehouse.with_name("score.json")
    proc = subprocess.run([sys.executable, str(scorer), "--gold", str(gold), "--warehouse", str(warehouse),
                           "--json", str(out_json)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{scorer} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout, json.loads(out_json.read_text())


def per_article_lines(result: dict) -> list[str]:
    lines = []
    for name, misses in sorted(result.get("per_article", {}).items()):
        shown = {k: v for k, v in misses.items() if v}
        if shown:
            lines.append(f"  {name}: " + "; ".join(f"{k}={v}" for k, v in shown.items()))
    return lines


def run(names: list[str] | None = None, verbose: bool = False) -> int:
    scorer = shared_dir() / "eval" / "score.py"
    if not scorer.exists():
        print(f"error: the scorer {scorer} is missing; set SHARED_DIR to the folder holding eval/score.py",
              file=sys.stderr)
        return 2
    status = 0
    for s in annotated_sets():
        if names and s.name not in names:
            continue
        if not s.gold.is_dir() or not any(s.gold.glob("*.json")):
            print(f"== {s.name}: no gold annotations in {s.gold}; skipped", file=sys.stderr)
            status = 2
            continue
        n_gold = len(list(s.gold.glob("*.json")))
        print(f"== {s.name}: {n_gold} annotated articles from {s.articles}", flush=True)
        warehouse = build_warehouse(s.articles, config.build_dir() / "eval" / s.name)
        printed, result = score(s.gold, warehouse, scorer)
        print(printed.rstrip())
        if verbose:
            print("\n".join(per_article_lines(result)))
        print(f"(warehouse: {warehouse}; full result: {warehouse.with_name('score.json')})\n")
    return status
