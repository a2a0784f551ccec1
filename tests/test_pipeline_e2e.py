"""The whole pipeline, end to end, through Airflow: real DAG run, real DuckDB file, real dbt, real GX.

One DAG run over a folder holding the seed articles plus files of every supported format and some bad ones;
a second run over the same folder (same ids, no new rows); a third with an extra check that must fail
(the published BI copy stays as it was). Each run takes about a minute.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from warehouse_state import differences, state

from contract import CONTRACT
from extract.airflow_home import run_dag
from extract.config import PROJECT_DIR
from extract.summary import latest_run, render

AUDIT = {
    "runs": [
        "run_id",
        "started_at",
        "finished_at",
        "status",
        "articles_seen",
        "articles_loaded",
        "articles_duplicate",
        "articles_rejected",
    ],
    "rejected_articles": ["run_id", "source_file", "reason", "rejected_at"],
    "dq_results": ["run_id", "suite", "check_name", "severity", "success", "unexpected_count", "details"],
}
KEYS = {
    "fct_events": "event_id",
    "fct_casualties": "casualty_id",
    "fct_displacement": "displacement_id",
    "fct_entity_mentions": "mention_id",
    "dim_locations": "location_id",
    "dim_articles": "article_id",
}

# Articles written for this test (in the style of conflict reporting; no third-party text).
JSONL_ARTICLES = [
    {
        "title": "Airstrike hits village in Sagaing Region",
        "url": "https://news.example.org/2024/02/11/strike",
        "published": "2024-02-11",
        "outlet": "Example Wire",
        "text": "Junta jets bombed a village in Kanbalu Township, Sagaing Region, on Saturday, killing at least "
        "nine civilians and injuring 14 others, residents said. More than 300 villagers fled to nearby "
        "forests after the attack, according to a local relief group.",
    },
    {
        "title": "Resistance seizes police outpost",
        "published": "2024-02-12",
        "outlet": "Example Wire",
        "text": "The People's Defense Force said it captured a police outpost in Kalay Township, Sagaing Region, "
        "on Sunday. Six junta soldiers were killed and four were captured, the group claimed.",
    },
]
HTML_PAGE = """<html><head><meta property="og:title" content="Fighting displaces thousands in Kayin State">
<meta property="article:published_time" content="2024-03-05T06:00:00Z"><meta property="og:site_name"
content="Example Daily"></head><body><nav><a href="/">Home</a><a href="/news">News</a></nav><article>
<h1>Fighting displaces thousands in Kayin State</h1><p>Clashes between the Karen National Liberation Army
and regime troops near Hpapun on March 3 forced about 2,000 residents to flee, local aid workers said.</p>
<figure><img src="x.jpg"><figcaption>Residents of Loikaw queue for rice. / Example Photo</figcaption></figure>
<p>Since the coup, more than 500,000 people have been displaced in Kayin State, the group said.</p>
</article><footer>Example Daily</footer></body></html>"""


HUGE_FIGURE = (
    "Junta troops attacked a village in Kanbalu Township, Sagaing Region, on Sunday, residents said. "
    "At least 99999999999999999999999 civilians were killed in the attack, a local group said."
)


def _articles_folder(root: Path) -> Path:
    folder = root / "articles"
    folder.mkdir()
    for seed in sorted((PROJECT_DIR / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    shutil.copy(PROJECT_DIR / "seeds" / "000_d9af29795bdbcced.txt", folder / "republished_copy.txt")
    lines = [json.dumps(a) for a in JSONL_ARTICLES] + ["{this line is not json"]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "page.html").write_text(HTML_PAGE)
    (folder / "empty.txt").write_text("")
    (folder / "huge_figure.txt").write_text(HUGE_FIGURE)  # loaded, then quarantined by extraction
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return folder


def _snapshot(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: sorted(r[0] for r in con.execute(f"select {k} from marts.{t}").fetchall()) for t, k in KEYS.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    folder = _articles_folder(root)
    warehouse = root / "wh" / "conflict.duckdb"
    code, log = run_dag(folder, warehouse)
    assert code == 0, log.read_text()[-5000:]
    return folder, warehouse, log


def test_the_report_dag_writes_the_report_from_the_published_copy(first_run, tmp_path, monkeypatch):
    """conflict_report (scheduled on the BI-copy asset publish updates) run through Airflow: one page."""
    folder, warehouse, _ = first_run
    monkeypatch.setenv("REPORT_PATH", str(tmp_path / "report.html"))
    code, log = run_dag(folder, warehouse, dag_id="conflict_report")
    assert code == 0, log.read_text()[-5000:]
    page = (tmp_path / "report.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") >= 2  # the page, with its map and charts


def test_run_succeeds_and_accounts_for_every_input_file(first_run):
    _, warehouse, log = first_run
    run = latest_run(warehouse)
    assert run["status"] == "success", log.read_text()[-5000:]
    # 4 seeds + copy + 3 jsonl lines + html + empty + png + huge figure = 12 inputs
    assert (run["seen"], run["loaded"], run["duplicate"], run["rejected"]) == (12, 8, 1, 3)
    assert run["quarantined"] == 1
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rejected = dict(con.execute("select source_file, reason from audit.rejected_articles").fetchall())
        assert set(rejected) == {"wire.jsonl", "empty.txt", "photo.png", "huge_figure.txt"}
        assert "quarantined at extraction" in rejected["huge_figure.txt"]
        assert "beyond the plausible range" in rejected["huge_figure.txt"]
        assert "not valid JSON" in rejected["wire.jsonl"] and "unsupported file type" in rejected["photo.png"]
        dup = con.execute("select reason from raw.load_log where source_file = 'republished_copy.txt'").fetchone()
        assert dup == ("same text as 000_d9af29795bdbcced.txt",)
    finally:
        con.close()


def test_warehouse_has_every_contract_table_and_column(first_run):
    _, warehouse, _ = first_run
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for schema, tables in (("marts", CONTRACT), ("audit", AUDIT)):
            for table, cols in tables.items():
                have = {
                    r[0]
                    for r in con.execute(
                        "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                        [schema, table],
                    ).fetchall()
                }
                assert have, f"{schema}.{table} is missing"
                assert not set(cols) - have, f"{schema}.{table} lacks {set(cols) - have}"
        assert con.execute("select count(*) from marts.dim_articles").fetchone()[0] == 7
        fmt = dict(con.execute("select source_file, published_date_source from marts.dim_articles").fetchall())
        assert fmt["page.html"] == "metadata" and fmt["wire.jsonl"] == "metadata"
        # seed 000 (undated) reports the story seed 001 dated: linked, dated from it, one merged event
        assert fmt["000_d9af29795bdbcced.txt"] == "linked_article"
        assert con.execute("""select o.source_file from marts.dim_articles d join marts.dim_articles o
                              on o.article_id = d.duplicate_of where d.source_file = '000_d9af29795bdbcced.txt'
                           """).fetchone() == ("001_ab2742a45577e8b9.txt",)
        assert con.execute("select max(n_articles) from marts.fct_events").fetchone()[0] == 2
        assert con.execute("select count(*) from marts.fct_casualties").fetchone()[0] > 0
        assert con.execute("select count(*) from marts.fct_displacement").fetchone()[0] > 0
        assert con.execute("select count(*) from marts.fct_events").fetchone()[0] > 0
        # every figure carries its evidence sentence and offsets into the article text
        bad = con.execute("""select count(*) from marts.fct_casualties c join raw.articles a using (article_id)
                             where substr(a.text, c.start_char + 1, c.end_char - c.start_char) = ''
                                or strpos(a.text, c.sentence) = 0""").fetchone()[0]
        assert bad == 0
        checks = con.execute(
            "select count(*), count(*) filter (not success and severity = 'error') from audit.dq_results"
        ).fetchone()
        assert checks[0] > 20 and checks[1] == 0
    finally:
        con.close()


def test_bi_copy_opens_in_a_duckdb_1x_client(first_run, duckdb_cli):
    _, warehouse, _ = first_run
    bi = warehouse.with_name("conflict_bi.duckdb")
    assert bi.exists()
    out = subprocess.run(
        [
            str(duckdb_cli),
            "-readonly",
            "-csv",
            "-noheader",
            str(bi),
            "-c",
            "select version(), count(*) from marts.fct_events",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    version, n_events = out.stdout.strip().split(",")
    assert version.startswith("v1.") and int(n_events) > 0


def test_summary_tells_a_person_what_happened(first_run):
    _, warehouse, _ = first_run
    text = render(warehouse, warehouse.with_name("conflict_bi.duckdb"))
    assert "SUCCESS" in text and "8 loaded, 1 duplicate, 3 rejected; 1 quarantined" in text
    assert "quarantined at extraction" in text
    assert "duckdb -readonly " in text and "from marts.fct_events" in text
    docs = re.search(r"Data Docs (\S+)", text)
    assert docs
    assert "Great Expectations" in (Path(docs.group(1)).resolve().parent / "marts__marts.fct_events.html").read_text()


def test_bi_copy_holds_only_what_analysts_query(first_run):
    _, warehouse, _ = first_run
    con = duckdb.connect(str(warehouse.with_name("conflict_bi.duckdb")), read_only=True)
    try:
        schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
        assert schemas == {"marts", "audit", "provenance"}
        # the national displacement figures of the seeds are placed in Myanmar
        places = con.execute("""select d.count_low, l.name from marts.fct_displacement d
                                join marts.dim_locations l using (location_id)
                                where d.count_low in (1100000, 3000000)""").fetchall()
        assert sorted(places) == [(1100000, "Myanmar"), (3000000, "Myanmar")]
    finally:
        con.close()


def test_second_run_with_nothing_new_changes_nothing(first_run):
    folder, warehouse, _ = first_run
    before, everything = _snapshot(warehouse), state(warehouse)
    bi = warehouse.with_name("conflict_bi.duckdb")
    published = bi.stat()
    code, log = run_dag(folder, warehouse)
    assert code == 0, log.read_text()[-5000:]
    assert latest_run(warehouse)["status"] == "success"
    assert _snapshot(warehouse) == before
    assert differences(state(warehouse), everything) == []  # every raw and mart row, every id
    assert (bi.stat().st_ino, bi.stat().st_mtime_ns) == (published.st_ino, published.st_mtime_ns)
    text = log.read_text()
    assert "starting task_id=extract_batch" not in text  # no batch: nothing to extract
    assert "starting task_id=transform." not in text  # nothing to rebuild: dbt, checks and publish skipped
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from raw.articles").fetchone()[0] == 8  # one in quarantine
        assert con.execute("select count(*) from raw.quarantine").fetchone()[0] == 1
        assert con.execute("select count(*) from audit.runs where status = 'success'").fetchone()[0] == 2
        # the quarantined article is skipped by later runs, not quarantined again
        assert (
            con.execute("select articles_quarantined from audit.runs order by started_at desc limit 1").fetchone()[0]
            == 0
        )
    finally:
        con.close()


def test_a_failing_check_keeps_the_last_good_marts_and_shows_the_failure(first_run, tmp_path, monkeypatch):
    folder, warehouse, _ = first_run
    bi = warehouse.with_name("conflict_bi.duckdb")
    published = _snapshot(bi)
    suites = tmp_path / "checks"
    suites.mkdir()
    (suites / "impossible.yml").write_text(
        "suite: impossible\n"
        "description: a check no warehouse passes, to prove that failing checks block publishing\n"
        "checks:\n"
        "  - table: marts.fct_events\n"
        "    expectation: expect_table_row_count_to_be_between\n"
        "    kwargs: {min_value: 0, max_value: 0}\n"
        "    severity: error\n"
    )
    monkeypatch.setenv("EXTRA_CHECKS_DIR", str(suites))
    code, log = run_dag(folder, warehouse)
    assert code != 0
    run = latest_run(warehouse)
    assert run["status"] == "failed"
    assert _snapshot(bi) == published  # the last good marts
    copy = duckdb.connect(str(bi), read_only=True)
    try:  # what a BI user sees: the run failed, and why, beside the last good marts
        pub = copy.execute(
            "select last_run_id, last_run_status, last_run_failure, marts_run_id from audit.publication"
        ).fetchone()
        assert pub[:2] == (run["run_id"], "failed") and pub[3] != run["run_id"]
        assert "marts.fct_events:table_row_count_to_be_between" in pub[2]
        assert copy.execute("select status from audit.runs where run_id = ?", [run["run_id"]]).fetchone() == ("failed",)
    finally:
        copy.close()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        failed = con.execute(
            "select check_name, severity from audit.dq_results where run_id = ? and suite = "
            "'impossible' and not success",
            [run["run_id"]],
        ).fetchall()
        assert failed == [("marts.fct_events:table_row_count_to_be_between", "error")]
    finally:
        con.close()
    text = render(warehouse, bi)
    assert "FAILED: task check failed" in text.splitlines()[0], text
    assert "not published: the last good copy" in text and "audit.publication" in text
    assert "Data Docs" in text and "-readonly" in text
