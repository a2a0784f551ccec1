"""Whether a run has anything to transform: the data version and the transform code the marts were built from.

The tasks that change raw rows (loading new articles, writing extraction, linking, quarantine) move
raw.data_version on (`bump`). After a run publishes, raw.build_state records the token it built from: that
version and a hash of what turns raw rows into the published copy (the dbt project, the check suites and
their code, publishing). A later run whose token is the same, after a run that succeeded and with the
published copy in place, has nothing to rebuild: the DAG skips dbt, the checks and publishing
(`needs_build`), so a run with nothing new finishes quickly and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from extract.config import DBT_DIR, PROJECT_DIR
from extract.warehouse import connect, ensure_schema

_CODE = (
    DBT_DIR / "models",
    DBT_DIR / "macros",
    DBT_DIR / "tests",
    DBT_DIR / "dbt_project.yml",
    PROJECT_DIR / "extract" / "checks",
    PROJECT_DIR / "extract" / "data" / "checks",
    PROJECT_DIR / "extract" / "publish.py",
)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) if path.is_dir() else []


def transform_code_hash() -> str:
    """A hash of the dbt project, the check suites (with $EXTRA_CHECKS_DIR's) and the publishing code."""
    digest = hashlib.sha256()
    extra = os.environ.get("EXTRA_CHECKS_DIR")
    for root in (*_CODE, *([Path(extra)] if extra else [])):
        for path in _files(root):
            digest.update(str(path).encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def data_version(con) -> int:
    row = con.execute("select max(version) from raw.data_version").fetchone()
    return row[0] if row and row[0] is not None else 0


def bump(con) -> None:
    """Raw rows changed: what was built from them is out of date."""
    version = data_version(con) + 1
    con.execute("delete from raw.data_version")
    con.execute("insert into raw.data_version values (?)", [version])


def token(con) -> str:
    return f"{data_version(con)}:{transform_code_hash()}"


def needs_build(con, bi_copy: Path) -> bool:
    """True unless the last run succeeded, the published copy exists and the marts were built from the
    current data version and transform code."""
    built = con.execute("select token from raw.build_state order by built_at desc limit 1").fetchone()
    last = con.execute(
        "select status from audit.runs where status <> 'running' order by started_at desc limit 1"
    ).fetchone()
    return not (built and built[0] == token(con) and last and last[0] == "success" and bi_copy.exists())


def record_built(con, run_id: str) -> None:
    """The marts (and the published copy) are now built from the current data and code."""
    con.execute("delete from raw.build_state")
    con.execute(
        "insert into raw.build_state values (?, ?, ?)",
        [token(con), run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None)],
    )


def needs_build_of(warehouse: Path, bi_copy: Path) -> bool:
    with connect(warehouse) as con:
        ensure_schema(con)
        return needs_build(con, bi_copy)


def record_built_in(warehouse: Path, run_id: str) -> None:
    with connect(warehouse) as con:
        record_built(con, run_id)
