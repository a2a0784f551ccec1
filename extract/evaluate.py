"""`python -m extract eval`: how well extraction does, on every annotated set of articles, in both input modes.

Sets:
- `seeds`: the shipped seed articles, scored against ../shared/eval/gold;
- `own`: the project's invented articles in tests/eval (written to the rules: a regression set, not a measure);
- `real-dev` / `real-test`: real published articles, gold in tests/eval/real/{dev,test}/. Their texts are not
  redistributed: they are read from the folder named by $EVAL_TEXTS (default ../eval-texts), one `<id>.txt`
  per gold file. Articles whose text is missing are named and left out; the rest are scored.
  Extraction is tuned on `real-dev` only; `real-test` is the measure.
- `real-val`: real published articles annotated later (tests/eval/real/val/), stories of neither half: a change
  tuned on `real-dev` is kept only if it does not lose here (its misses are not read to tune; only its figures).

Modes:
- `text`: each article as a plain `.txt` file: metadata (title, outlet, publication date) read from the text;
- `feed`: each article as a JSONL line with url, title, published and outlet beside the text, as a scraper or
  news feed delivers it.

For each set and mode it builds a scratch warehouse under build/eval/<set>-<mode>/ with the same library steps
the DAG runs (load, extract, `dbt build`; no checks, no publishing, no Airflow), then scores it with the shared
scorer (../shared/eval/score.py; $SHARED_DIR moves it). The live warehouse is never touched.
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
from extract.eval_published import published_where_stated

MODES = ("text", "feed")
FEED_FIELDS = ("url", "title", "published", "outlet")


@dataclass(frozen=True)
class AnnotatedSet:
    name: str
    gold: Path
    texts: Path  # the folder holding each gold file's article
    recursive: bool = False


def shared_dir() -> Path:
    return Path(os.environ.get("SHARED_DIR", config.PROJECT_DIR.parent / "shared")).resolve()


def eval_texts_dir() -> Path:
    return Path(os.environ.get("EVAL_TEXTS", config.PROJECT_DIR.parent / "eval-texts")).resolve()


REAL_GOLD = config.PROJECT_DIR / "tests" / "eval" / "real"


def annotated_sets() -> list[AnnotatedSet]:
    return [
        AnnotatedSet("seeds", shared_dir() / "eval" / "gold", config.PROJECT_DIR / "seeds"),
        AnnotatedSet(
            "own", config.PROJECT_DIR / "tests" / "eval" / "gold", config.PROJECT_DIR / "tests" / "eval" / "articles"
        ),
        AnnotatedSet("real-dev", REAL_GOLD / "dev", eval_texts_dir()),
        AnnotatedSet("real-test", REAL_GOLD / "test", eval_texts_dir()),
        AnnotatedSet("real-val", REAL_GOLD / "val", eval_texts_dir()),
    ]


def article_file(gold: dict) -> str:
    """The input file a gold annotation scores (GUIDE.md: its "file" field, else `<id>.txt`)."""
    return gold.get("file") or f"{gold['id']}.txt"


@dataclass(frozen=True)
class Prepared:
    articles: Path  # the input folder for this set and mode
    gold: Path  # the gold files of the articles present, naming their input files
    n_gold: int
    missing: list[str]  # gold ids whose text is missing


def prepare(s: AnnotatedSet, mode: str, workdir: Path) -> Prepared:
    """Lay out one set in one mode under `workdir`: the inputs, and gold copies naming those inputs."""
    articles, gold_dir = workdir / "articles", workdir / "gold"
    for d in (articles, gold_dir):
        d.mkdir(parents=True)
    golds = sorted(s.gold.glob("*.json"))
    missing = []
    for path in golds:
        gold = json.loads(path.read_text())
        source = s.texts / article_file(gold)
        if not source.is_file():
            missing.append(gold["id"])
            continue
        text = source.read_text(encoding="utf-8")
        if mode == "text":
            name = source.name
            (articles / name).write_text(text, encoding="utf-8")
        else:
            name = f"{Path(article_file(gold)).stem}.jsonl"
            line = {"text": text, **{k: gold.get(k) for k in FEED_FIELDS if gold.get(k)}}
            (articles / name).write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
        (gold_dir / path.name).write_text(json.dumps({**gold, "file": name}, ensure_ascii=False, indent=1))
    return Prepared(articles, gold_dir, len(golds), missing)


def build_warehouse(articles: Path, workdir: Path) -> Path:
    """Load and extract `articles` into a fresh warehouse in `workdir`, then `dbt build` it; return its path."""
    from extract.incremental import extract_articles
    from extract.ingest.load import load_articles

    warehouse = workdir / "conflict.duckdb"
    load_articles(articles, warehouse, "eval")
    extract_articles(warehouse)
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    proc = subprocess.run(
        [
            str(dbt),
            "build",
            "--quiet",
            "--project-dir",
            str(config.DBT_DIR),
            "--profiles-dir",
            str(config.DBT_DIR),
            "--target-path",
            str(workdir / "target"),
            "--log-path",
            str(workdir / "logs"),
            "--no-use-colors",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"dbt build failed for {articles}:\n{proc.stdout[-4000:]}{proc.stderr[-2000:]}")
    return warehouse


def score(gold: Path, warehouse: Path, scorer: Path) -> tuple[str, dict]:
    """The scorer's printed lines and its full JSON result (per-article misses included)."""
    out_json = warehouse.with_name("score.json")
    proc = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--warehouse", str(warehouse), "--json", str(out_json)],
        capture_output=True,
        text=True,
    )
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


def run(names: list[str] | None = None, verbose: bool = False, modes: list[str] | None = None) -> int:
    scorer = shared_dir() / "eval" / "score.py"
    if not scorer.exists():
        print(
            f"error: the scorer {scorer} is missing; set SHARED_DIR to the folder holding eval/score.py",
            file=sys.stderr,
        )
        return 2
    status = 0
    for s in annotated_sets():
        if names and s.name not in names:
            continue
        if not s.gold.is_dir() or not any(s.gold.glob("*.json")):
            print(f"== {s.name}: no gold annotations in {s.gold}; skipped", file=sys.stderr)
            status = 2
            continue
        for mode in modes or MODES:
            workdir = config.build_dir() / "eval" / f"{s.name}-{mode}"
            if workdir.exists():
                shutil.rmtree(workdir)
            prepared = prepare(s, mode, workdir)
            present = prepared.n_gold - len(prepared.missing)
            print(
                f"== {s.name}, {mode} mode: {present} of {prepared.n_gold} annotated articles (texts from {s.texts})",
                flush=True,
            )
            if prepared.missing:
                print(
                    f"   missing texts ({len(prepared.missing)}; "
                    "tests/eval/real/README.md says how to restore them): " + ", ".join(prepared.missing)
                )
            if not present:
                status = 2
                print("   nothing to score\n")
                continue
            warehouse = build_warehouse(prepared.articles, workdir)
            printed, result = score(prepared.gold, warehouse, scorer)
            print(printed.rstrip())
            if mode == "text":
                right, stated = published_where_stated(prepared.gold, prepared.articles, warehouse)
                share = f"{right / stated:.3f}" if stated else "n/a"
                print(f"published_date_where_text_gives_it: {share} ({right} of {stated})")
            if verbose:
                print("\n".join(per_article_lines(result)))
            print(f"(warehouse: {warehouse}; full result: {warehouse.with_name('score.json')})\n")
    return status
