"""`make docs`: dbt's documentation site as one HTML file, built from a snapshot of the published BI copy.

dbt reads the warehouse to fill in its catalog (column types, row counts). It never opens the live warehouse
(a run may be writing it, and DuckDB takes one writer or many readers): the published copy is copied to
`build/docs/snapshot.duckdb` and dbt reads that. The catalog therefore shows what BI users see (marts, audit);
the raw, staging and intermediate models are documented from the project's YAML without row statistics.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from extract.config import DBT_DIR, PROJECT_DIR


def build_docs(bi_copy: Path, out_dir: Path) -> Path:
    """Write `out_dir/index.html` (dbt docs generate --static) from a snapshot of `bi_copy`; return its path."""
    if not bi_copy.exists():
        raise FileNotFoundError(
            f"no published copy at {bi_copy}: run `make run` first (make docs reads the "
            "published copy, never the live warehouse)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    snapshot = out_dir / "snapshot.duckdb"
    for stale in (snapshot, snapshot.with_name(snapshot.name + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(bi_copy, snapshot)  # the copy is replaced by rename, never written in place
    target = out_dir / "target"
    dbt = Path(sys.executable).with_name("dbt")
    env = {**os.environ, "WAREHOUSE_PATH": str(snapshot.resolve()), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    proc = subprocess.run(
        [
            str(dbt) if dbt.exists() else "dbt",
            "docs",
            "generate",
            "--static",
            "--quiet",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(target.resolve()),
            "--log-path",
            str((out_dir / "logs").resolve()),
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"dbt docs generate failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
    index = out_dir / "index.html"
    shutil.copyfile(target / "static_index.html", index)
    return index
