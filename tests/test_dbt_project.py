"""The dbt project builds the warehouse contract's marts from the raw tables.

Each scenario creates a fresh DuckDB file, runs extract/sql/raw_schema.sql in it, inserts raw rows and
runs one real `dbt build` (models, data tests and unit tests) against it:
- `small`: two articles reporting the same battle (same date, place and type), one article-only
  event without a date, casualty and displacement figures, mentions, places and actors;
- `empty`: the raw schema with no rows at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from contract import CONTRACT

PROJECT_DIR = Path(__file__).resolve().parent.parent
DBT_DIR = PROJECT_DIR / "dbt"
RAW_SCHEMA_SQL = PROJECT_DIR / "extract" / "sql" / "raw_schema.sql"


# Types the contract fixes for some columns (DuckDB's names).
CONTRACT_TYPES = {
    ("dim_articles", "published_date"): "DATE",
    ("dim_articles", "ingested_at"): "TIMESTAMP",
    ("dim_actors", "aliases"): "VARCHAR[]",
    ("fct_events", "event_date"): "DATE",
    ("fct_casualties", "count_low"): "BIGINT",
    ("fct_casualties", "is_cumulative"): "BOOLEAN",
    ("dim_locations", "latitude"): "DOUBLE",
}

A1_TEXT = (
    "On 1 March 2024 the Myanmar military clashed with the KNLA in Hpapun. "
    "At least five soldiers were killed in the fighting, residents said."
)
A2_TEXT = (
    "Fighting between the KNLA and junta troops broke out in Hpapun on March 1. "
    "Seven soldiers were killed, a KNLA spokesperson said. About 2,000 villagers fled."
)
A3_TEXT = "Junta airstrikes hit a village in Mindat last week, residents said."
ARTICLES = {"a1": A1_TEXT, "a2": A2_TEXT, "a3": A3_TEXT}


def span(article_id: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Character offsets of `needle` in an article's text."""
    text = ARTICLES[article_id]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def sentence_of(article_id: str, needle: str) -> tuple[str, int, int]:
    start, end = span(article_id, needle)
    return needle, start, end


def insert_small_raw(con: duckdb.DuckDBPyConnection) -> None:
    now = dt.datetime(2024, 3, 5, 12, 0, 0)
    for aid, fname, fmt, title, outlet in [
        ("a1", "a1.txt", "txt", None, None),
        ("a2", "feed.jsonl", "jsonl", "Clashes in Hpapun", "The Irrawaddy"),
        ("a3", "a3.html", "html", "Airstrike in Mindat", None),
    ]:
        text = ARTICLES[aid]
        con.execute(
            "insert into raw.articles values (?, ?, ?, ?, ?, ?, ?, null, ?, null, ?, ?, 'run1', ?, null, null)",
            [
                aid,
                hashlib.sha256(text.encode()).hexdigest(),
                fname,
                f"/in/{fname}",
                fmt,
                1 if fmt == "jsonl" else None,
                title,
                outlet,
                text,
                len(text),
                now,
            ],
        )
    # a3 has no metadata row: published_date_source must come out as 'none'.
    con.execute("""insert into raw.article_metadata values
        ('a1', 'Fighting in Hpapun', 'Myanmar Now', date '2024-03-02', 'text', null, 0, 140, 0, 'test'),
        ('a2', null, null, date '2024-03-03', 'metadata', null, 0, 160, 0, 'test')""")
    con.execute("""insert into raw.actors values
        ('act_mil', 'Myanmar military', null, 'state_forces', ['junta', 'Tatmadaw']),
        ('act_knla', 'Karen National Liberation Army', 'KNLA', 'ethnic_armed_organization', [])""")
    con.execute("""insert into raw.places values
        ('loc_hpapun', 'Hpapun', 'town', 'Kayin State', 'Hpapun', 'Hpapun', 18.06, 97.44, 'MMR003004701', 1, true,
         'papun'),
        ('loc_mindat', 'Mindat', 'township', 'Chin State', 'Mindat', 'Mindat', 21.37, 93.97, 'MMR004006', 2, true,
         'mintat'),
        ('loc_unused', 'Nowhere', 'village', null, null, null, null, null, null, 3, false, 'nowhere')""")

    mentions = [
        ("a1", "actor", "act_mil", "Myanmar military", 0),
        ("a1", "actor", "act_knla", "KNLA", 0),
        ("a1", "location", "loc_hpapun", "Hpapun", 0),
        ("a2", "actor", "act_knla", "KNLA", 0),
        ("a2", "actor", "act_mil", "junta", 0),
        ("a2", "location", "loc_hpapun", "Hpapun", 0),
        ("a2", "actor", "act_knla", "KNLA", 1),
        ("a3", "actor", "act_mil", "Junta", 0),
        ("a3", "location", "loc_mindat", "Mindat", 0),
    ]
    for i, (aid, etype, eid, text, occ) in enumerate(mentions):
        start, end = span(aid, text, occ)
        con.execute(
            "insert into raw.mentions values (?, ?, ?, ?, ?, ?, ?, 0, ?)",
            [f"m{i}", aid, etype, eid, text, start, end, len(ARTICLES[aid])],
        )

    s1 = sentence_of("a1", "On 1 March 2024 the Myanmar military clashed with the KNLA in Hpapun.")
    s1b = sentence_of("a1", "At least five soldiers were killed in the fighting, residents said.")
    s2 = sentence_of("a2", "Seven soldiers were killed, a KNLA spokesperson said.")
    s3 = sentence_of("a3", A3_TEXT)
    candidates = [
        ("c1", "a1", dt.date(2024, 3, 1), 1, "battle", "armed_clash", "act_mil", "act_knla", "loc_hpapun", s1),
        ("c1b", "a1", dt.date(2024, 3, 1), 1, "battle", "armed_clash", "act_mil", "act_knla", "loc_hpapun", s1b),
        ("c2", "a2", dt.date(2024, 3, 1), 1, "battle", "armed_clash", "act_knla", "act_mil", "loc_hpapun", s2),
        ("c3", "a3", None, None, "remote_violence", "air_drone_strike", "act_mil", None, "loc_mindat", s3),
    ]
    for cid, aid, day, prec, etype, sub, a1, a2, loc, (sent, start, end) in candidates:
        con.execute(
            "insert into raw.event_candidates values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [cid, aid, day, prec, etype, sub, a1, a2, loc, sent, start, end],
        )

    f1 = span("a1", "At least five soldiers were killed")
    f2 = span("a2", "Seven soldiers were killed")
    f3 = span("a2", "About 2,000 villagers fled")
    figures = [
        (
            "f1",
            "a1",
            "c1b",
            "casualty",
            "killed",
            "state_forces",
            "act_mil",
            5,
            None,
            5,
            "at_least",
            None,
            False,
            None,
            dt.date(2024, 3, 1),
            "loc_hpapun",
            s1b[0],
            f1,
        ),
        (
            "f2",
            "a2",
            "c2",
            "casualty",
            "killed",
            "state_forces",
            "act_mil",
            7,
            7,
            7,
            "exact",
            None,
            False,
            "KNLA",
            dt.date(2024, 3, 1),
            "loc_hpapun",
            s2[0],
            f2,
        ),
        (
            "f3",
            "a2",
            None,
            "displacement",
            "displaced",
            None,
            None,
            2000,
            2000,
            2000,
            "about",
            "people",
            False,
            None,
            dt.date(2024, 3, 1),
            "loc_hpapun",
            "About 2,000 villagers fled.",
            f3,
        ),
    ]
    for fid, aid, cid, kind, cat, party, actor, low, high, best, qual, unit, cum, claim, day, loc, sent, (
        start,
        end,
    ) in figures:
        con.execute(
            "insert into raw.figures values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                fid,
                aid,
                cid,
                kind,
                cat,
                party,
                actor,
                low,
                high,
                best,
                qual,
                unit,
                cum,
                claim,
                day,
                loc,
                sent,
                start,
                end,
            ],
        )


def dbt_executable() -> str:
    candidate = Path(sys.executable).parent / "dbt"
    found = str(candidate) if candidate.exists() else shutil.which("dbt")
    assert found, "dbt is not installed in this environment"
    return found


def build_warehouse(tmp: Path, fill) -> dict:
    """Create the raw schema in a fresh DuckDB file, fill it, run `dbt build`; return the run results."""
    warehouse = tmp / "conflict.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(RAW_SCHEMA_SQL.read_text())
        fill(con)
    finally:
        con.close()

    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    cmd = [
        dbt_executable(),
        "build",
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        "--target-path",
        str(tmp / "target"),
        "--log-path",
        str(tmp / "logs"),
        "--no-use-colors",
    ]
    proc = subprocess.run(cmd, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"dbt build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
    results = json.loads((tmp / "target" / "run_results.json").read_text())
    return {"warehouse": warehouse, "target": tmp / "target", "results": results, "stdout": proc.stdout}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("dbt_small"), insert_small_raw)


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    return build_warehouse(tmp_path_factory.mktemp("dbt_empty"), lambda con: None)


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def rows_as_dicts(warehouse: Path, sql: str) -> list[dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]
    finally:
        con.close()


def assert_contract(warehouse: Path) -> None:
    cols = query(
        warehouse,
        """select table_schema, table_name, column_name, data_type
                               from information_schema.columns where table_schema = 'marts'""",
    )
    have: dict[str, dict[str, str]] = {}
    for _, table, column, dtype in cols:
        have.setdefault(table, {})[column] = dtype
    for table, required in CONTRACT.items():
        assert table in have, f"marts.{table} missing"
        lacking = [c for c in required if c not in have[table]]
        assert not lacking, f"marts.{table} lacks {lacking}"
    for (table, column), dtype in CONTRACT_TYPES.items():
        assert have[table][column] == dtype, (table, column, have[table][column])
    schemas = {r[0] for r in query(warehouse, "select distinct table_schema from information_schema.tables")}
    assert {"staging", "intermediate", "marts"} <= schemas
    assert not any(s.startswith("main_") for s in schemas), schemas


# ---- small scenario ----------------------------------------------------------------------------------


def test_build_passes_every_test_without_warnings(small):
    statuses = {
        r["unique_id"]: r["status"] for r in small["results"]["results"] if not r["unique_id"].startswith("exposure.")
    }  # exposures are listed as no-op
    bad = {k: v for k, v in statuses.items() if v not in ("success", "pass")}
    assert not bad, bad
    kinds = {k.split(".")[0] for k in statuses}
    assert {"model", "test", "unit_test"} <= kinds


def test_marts_follow_the_contract(small):
    assert_contract(small["warehouse"])


def test_two_articles_merge_into_one_event(small):
    events = rows_as_dicts(small["warehouse"], "select * from marts.fct_events order by event_type")
    assert len(events) == 2
    battle, strike = events
    assert battle["event_id"] == "evt_" + hashlib.md5(b"2024-03-01|loc_hpapun|battle").hexdigest()
    assert battle["event_date"] == dt.date(2024, 3, 1)
    assert battle["location_id"] == "loc_hpapun"
    assert battle["geo_precision"] == 1
    assert battle["date_precision"] == 1
    assert battle["sub_event_type"] == "armed_clash"
    assert (battle["actor1_id"], battle["actor2_id"]) == ("act_mil", "act_knla")
    assert battle["n_articles"] == 2
    assert battle["n_outlets"] == 2
    assert battle["first_published_date"] == dt.date(2024, 3, 2)
    # a1: at least 5 (open-ended -> high = best 5); a2: exactly 7 -> low min 5, best max 7, high max 7.
    assert (battle["fatalities_low"], battle["fatalities_best"], battle["fatalities_high"]) == (5, 7, 7)
    # Both figure-carrying sentences qualify; the shorter one wins.
    assert battle["summary"] == "Seven soldiers were killed, a KNLA spokesperson said."

    # The undated article-only event: kept on its own, no fatalities, its one unknown outlet counts once.
    assert strike["event_type"] == "remote_violence"
    assert strike["event_date"] is None
    assert strike["n_articles"] == 1 and strike["n_outlets"] == 1
    assert strike["fatalities_low"] is None and strike["fatalities_best"] is None
    assert strike["first_published_date"] is None

    bridge = query(
        small["warehouse"],
        """select event_id, article_id, sentence
                                          from marts.bridge_event_articles order by article_id""",
    )
    assert [(e, a) for e, a, _ in bridge] == [
        (battle["event_id"], "a1"),
        (battle["event_id"], "a2"),
        (strike["event_id"], "a3"),
    ]
    # a1's first evidence sentence for the event.
    assert bridge[0][2].startswith("On 1 March 2024")


def test_figures(small):
    wh = small["warehouse"]
    battle_id = "evt_" + hashlib.md5(b"2024-03-01|loc_hpapun|battle").hexdigest()
    cas = query(
        wh,
        """select casualty_id, article_id, event_id, category, party, count_low, count_high, qualifier
                       from marts.fct_casualties order by casualty_id""",
    )
    assert cas == [
        ("f1", "a1", battle_id, "killed", "state_forces", 5, None, "at_least"),
        ("f2", "a2", battle_id, "killed", "state_forces", 7, 7, "exact"),
    ]
    dis = query(
        wh,
        """select displacement_id, event_id, count_low, unit, as_of_date, is_cumulative
                       from marts.fct_displacement""",
    )
    assert dis == [("f3", None, 2000, "people", dt.date(2024, 3, 1), False)]


def test_dimensions(small):
    wh = small["warehouse"]
    arts = {r["article_id"]: r for r in rows_as_dicts(wh, "select * from marts.dim_articles")}
    assert arts["a1"]["title"] == "Fighting in Hpapun" and arts["a1"]["outlet"] == "Myanmar Now"
    assert arts["a2"]["title"] == "Clashes in Hpapun" and arts["a2"]["outlet"] == "The Irrawaddy"
    assert arts["a2"]["source_file"] == "feed.jsonl"
    assert arts["a3"]["published_date"] is None and arts["a3"]["published_date_source"] == "none"
    locations = [r[0] for r in query(wh, "select location_id from marts.dim_locations order by 1")]
    assert locations == ["loc_hpapun", "loc_mindat"]  # loc_unused is referenced by nothing
    actors = dict(query(wh, "select actor_id, aliases from marts.dim_actors"))
    assert actors["act_mil"] == ["junta", "Tatmadaw"]
    assert query(wh, "select count(*) from marts.fct_entity_mentions")[0][0] == 9


def test_descriptions_are_persisted_as_comments(small):
    comments = dict(
        query(
            small["warehouse"],
            """select table_name, comment from duckdb_tables()
                                                 where schema_name = 'marts'""",
        )
    )
    assert all(comments.get(t) for t in CONTRACT), comments
    col = query(
        small["warehouse"],
        """select comment from duckdb_columns()
                                       where schema_name = 'marts' and table_name = 'fct_events'
                                         and column_name = 'n_outlets'""",
    )
    assert col and col[0][0]


def test_manifest_for_cosmos(small):
    manifest = json.loads((small["target"] / "manifest.json").read_text())
    node = manifest["nodes"]["model.conflict_warehouse.fct_events"]
    assert node["schema"] == "marts"
    assert node["config"]["contract"]["enforced"] is True


# ---- empty scenario ----------------------------------------------------------------------------------


def test_empty_raw_schema_builds(empty):
    statuses = [r["status"] for r in empty["results"]["results"] if not r["unique_id"].startswith("exposure.")]
    assert statuses and all(s in ("success", "pass") for s in statuses)
    assert_contract(empty["warehouse"])
    for table in CONTRACT:
        assert query(empty["warehouse"], f"select count(*) from marts.{table}")[0][0] == 0


def test_every_model_and_column_is_described(small):
    """dbt docs are only useful when complete: every model, every column it builds, every source and
    exposure has a description."""
    manifest = json.loads((small["target"] / "manifest.json").read_text())
    built = {}
    for schema, table, column in query(
        small["warehouse"],
        """select table_schema, table_name, column_name
                                                             from information_schema.columns""",
    ):
        built.setdefault((schema, table), []).append(column)
    missing = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model":
            continue
        if not node["description"].strip():
            missing.append(node["name"])
        described = {c for c, v in node["columns"].items() if v["description"].strip()}
        missing += [f"{node['name']}.{c}" for c in built[(node["schema"], node["alias"])] if c not in described]
    for source in manifest["sources"].values():
        if not source["description"].strip():
            missing.append(source["unique_id"])
    assert not missing, f"undescribed in dbt: {missing}"
    assert manifest["docs"]["doc.conflict_warehouse.__overview__"]["block_contents"].strip()
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert {"conflict_report", "superset_conflict_dashboard"} <= set(exposures)
    assert all(e["description"].strip() and e["depends_on"]["nodes"] for e in exposures.values())
    freshness = {s["name"]: s["freshness"] for s in manifest["sources"].values() if s.get("loaded_at_field")}
    assert freshness["articles"]["warn_after"]["count"] and freshness["runs"]["error_after"]["count"]


def test_toll_and_displacement_fields(small):
    wh = small["warehouse"]
    battle = rows_as_dicts(wh, "select * from marts.fct_events where event_type = 'battle'")[0]
    # a2's report (7 soldiers) gives the best, so the side split is its: all state forces.
    assert (
        battle["deaths_state_forces"],
        battle["deaths_non_state"],
        battle["deaths_civilians"],
        battle["deaths_unknown"],
    ) == (7, 0, 0, 0)
    claims = query(
        wh,
        """select outlet, claimed_by, count_best from marts.fct_casualties
                          where event_id = ? order by outlet""",
        [battle["event_id"]],
    )
    assert claims == [("Myanmar Now", None, 5), ("The Irrawaddy", "KNLA", 7)]
    dis = rows_as_dicts(wh, "select * from marts.fct_displacement")[0]
    assert (dis["displacement_kind"], dis["location_source"], dis["as_of_date_source"]) == (
        "flow",
        "sentence",
        "sentence",
    )
    latest = query(wh, "select area_level, area_name, count_best, outlet from marts.fct_displacement_latest")
    assert latest == [("township", "Hpapun", 2000, "The Irrawaddy")]
