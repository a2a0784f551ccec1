"""BI access as the README gives it: SQLAlchemy with duckdb-engine (Superset's path), read-only, running every
query of the README's "Query the result" section and the analysts' questions on the seeds' published copy."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest

from extract.config import PROJECT_DIR

README = (PROJECT_DIR / "README.md").read_text()
SECTION = README[README.index("## Query the result") : README.index("## What runs")]


def readme_queries() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", SECTION, re.S)
    statements = [s.strip() for block in blocks for s in block.split(";")]
    return [s for s in statements if re.sub(r"--[^\n]*", "", s).strip()]


def readme_uri(bi_copy) -> str:
    uri = re.search(r"`(duckdb:////abs/path/[^`]+)`", SECTION).group(1)
    return uri.replace("/abs/path/warehouse/conflict_bi.duckdb", str(bi_copy))


def test_readme_commands_and_connections_are_read_only():
    for command in re.findall(r"^duckdb .*$", SECTION, re.M) + re.findall(r"`(duckdb -[^`]+)`", SECTION):
        assert "-readonly" in command, command
    assert "access_mode=read_only" in readme_uri("x")
    assert "read_only=True" in SECTION and "duckdb.read_only" in SECTION and "read-only connection" in SECTION


@pytest.fixture(scope="module")
def engine(seeds_bi_copy):
    sqlalchemy = pytest.importorskip("sqlalchemy")
    pytest.importorskip("duckdb_engine")
    engine = sqlalchemy.create_engine(readme_uri(seeds_bi_copy))
    yield engine
    engine.dispose()


def run(engine, sql: str) -> list[dict]:
    from sqlalchemy import text

    with engine.connect() as con:
        return [dict(r._mapping) for r in con.execute(text(sql))]


def test_every_readme_query_runs_through_sqlalchemy(engine):
    queries = readme_queries()
    assert len(queries) >= 6
    for sql in queries:
        run(engine, sql)  # raises on any error


def test_the_connection_is_read_only(engine):
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError, match="read-only|Cannot execute statement"):
        run(engine, "create table marts.scratch (a integer)")


def _query(topic: str) -> str:
    return next(q for q in readme_queries() if topic in q)


def test_analyst_questions_on_the_seeds(engine, capsys):
    per_township = run(engine, _query("-- events per month and township"))
    dated = run(
        engine,
        """select count(*) as n from marts.fct_events e join marts.dim_locations l using (location_id)
                           where e.event_date is not null""",
    )[0]["n"]
    assert per_township and sum(r["events"] for r in per_township) == dated
    assert any(r["township"] == "Kyainseikgyi Township" for r in per_township)

    deaths = run(engine, _query("-- deaths by side per month"))
    for r in deaths:
        assert r["state_forces"] + r["non_state"] + r["civilians"] + r["unknown"] == r["total"], r

    latest = run(engine, _query("-- latest reported displacement"))
    national = [r for r in latest if r["area_level"] == "country"]
    assert national and national[0]["area_name"] == "Myanmar" and national[0]["displacement_kind"] == "stock"

    status = run(engine, _query("audit.publication"))
    assert len(status) == 1 and status[0]["last_run_status"] == "success"
    with capsys.disabled():  # the answers, for people reading the test log
        for title, rows in (
            ("events per month and township", per_township),
            ("deaths by side per month", deaths),
            ("latest displacement per State/Region", latest),
        ):
            print(f"\n{title}:")
            for r in rows:
                print("  ", {k: v for k, v in r.items() if k != "sentence"})


def test_reflection_with_superset_s_sqlalchemy_and_a_duckdb_1x_client(seeds_bi_copy):
    """Superset's combination: SQLAlchemy 1.4, duckdb-engine 0.17 and a DuckDB 1.x engine, in an environment
    of its own (uv from PyPI). Reflection lists the marts' columns; SQLAlchemy 2.x could not."""
    uv = PROJECT_DIR / ".tools" / "bin" / "uv"
    if not uv.exists():
        pytest.skip("uv is not installed in .tools/ (make installs it)")
    script = textwrap.dedent(f"""
        import duckdb, sqlalchemy
        engine = sqlalchemy.create_engine({readme_uri(seeds_bi_copy)!r})
        columns = [c["name"] for c in sqlalchemy.inspect(engine).get_columns("fct_events", schema="marts")]
        with engine.connect() as con:
            n = con.execute(sqlalchemy.text("select count(*) from marts.fct_events")).scalar()
        print(duckdb.__version__, sqlalchemy.__version__, n, ",".join(columns))
    """)
    proc = subprocess.run(
        [
            str(uv),
            "run",
            "--no-project",
            "--quiet",
            "--python",
            sys.executable,
            "--with",
            "duckdb>=1.4,<1.5",
            "--with",
            "sqlalchemy>=1.4,<2",
            "--with",
            "duckdb-engine==0.17.0",
            "python",
            "-c",
            script,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0 and re.search(r"(?i)failed to fetch|connect|network|dns", proc.stderr):
        pytest.skip(f"PyPI not reachable for the Superset-like environment: {proc.stderr.strip()[-300:]}")
    assert proc.returncode == 0, proc.stderr[-3000:]
    duckdb_version, sqlalchemy_version, n, columns = proc.stdout.split()
    assert duckdb_version.startswith("1.4") and sqlalchemy_version.startswith("1.4")
    assert int(n) > 0 and {"deaths_state_forces", "fatalities_best"} <= set(columns.split(","))
