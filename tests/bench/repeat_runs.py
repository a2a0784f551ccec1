"""`python -m tests.bench.repeat_runs`: the pipeline run again and again through Airflow (`python -m extract
run`) over the seeds plus N generated articles, to show that no run hangs.

Each run gets a time limit (REPEAT_HANG_MINUTES, default 20): a run still going then is counted as hung (and
stopped). Prints one line per run (exit code, status, seconds) and the counts. Settings: REPEAT_RUNS (30),
REPEAT_ARTICLES (1500), REPEAT_DIR (build/repeat-runs; its own Airflow home and warehouse).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from extract.config import PROJECT_DIR
from tests.bench.corpus import generate


def _corpus(folder: Path, n: int) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for seed in sorted((PROJECT_DIR / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    lines = []
    for a in generate(n):
        if a.published_raw or a.url:
            lines.append(
                json.dumps(
                    {"text": a.text, "title": a.title, "url": a.url, "outlet": a.outlet, "published": a.published_raw}
                )
            )
        else:
            (folder / f"{a.article_id}.txt").write_text(a.text)
    (folder / "generated.jsonl").write_text("\n".join(lines) + "\n")


def main() -> int:
    runs = int(os.environ.get("REPEAT_RUNS", 30))
    n = int(os.environ.get("REPEAT_ARTICLES", 1500))
    limit = float(os.environ.get("REPEAT_HANG_MINUTES", 20)) * 60
    root = Path(os.environ.get("REPEAT_DIR", PROJECT_DIR / "build" / "repeat-runs")).resolve()
    _corpus(root / "articles", n)
    env = dict(
        os.environ,
        AIRFLOW_HOME=str(root / "airflow"),
        ARTICLES_DIR=str(root / "articles"),
        WAREHOUSE_PATH=str(root / "warehouse" / "conflict.duckdb"),
    )
    outcomes: dict[str, int] = {}
    for i in range(1, runs + 1):
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "extract", "run"],
            env=env,
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            out, _ = proc.communicate(timeout=limit)
            status = "success" if proc.returncode == 0 else f"failed (exit {proc.returncode})"
        except subprocess.TimeoutExpired:
            proc.terminate()  # the CLI stops its whole Airflow process group on SIGTERM
            out, _ = proc.communicate()
            status = "HUNG"
        outcomes[status] = outcomes.get(status, 0) + 1
        head = next((line for line in out.splitlines() if line.startswith("Run ")), out.strip()[-300:])
        print(f"run {i:2d}/{runs}: {status:20s} {time.monotonic() - started:6.1f} s  {head}", flush=True)
    print(
        f"{runs} runs of {n} generated articles (+ seeds): "
        + ", ".join(f"{v} {k}" for k, v in sorted(outcomes.items())),
        flush=True,
    )
    return 0 if outcomes.get("HUNG", 0) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
