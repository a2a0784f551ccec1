"""Runs that cost what is new, through Airflow: a warehouse built in two runs (half the articles, then the
other half added, with some articles' rows marked as made by an older extractor) is identical, row for row
and id for id, to one built from empty over all the articles; the stale articles are extracted again. The
run with nothing new is tested in test_pipeline_e2e.py (its second run)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from incremental_corpus import write_corpus
from warehouse_state import differences, state

from extract import extractor_fingerprint
from extract.airflow_home import run_dag
from extract.evaluate import build_warehouse
from extract.summary import latest_run

STALE = 3  # articles of the first half whose rows are marked as made by an older extractor


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("incremental")
    first, second, everything = root / "first", root / "second", root / "all"
    write_corpus(first, second)
    everything.mkdir()
    for path in sorted(first.iterdir()) + sorted(second.iterdir()):
        shutil.copy(path, everything / path.name)
    return first, second, everything


@pytest.fixture(scope="module")
def from_empty(corpus, tmp_path_factory) -> dict:
    """The reference: every article loaded, extracted and built from empty in one go."""
    return state(build_warehouse(corpus[2], tmp_path_factory.mktemp("full")))


def test_two_incremental_runs_give_the_warehouse_of_one_run_over_everything(corpus, from_empty, tmp_path):
    first, second, _ = corpus
    folder, warehouse = tmp_path / "articles", tmp_path / "wh" / "conflict.duckdb"
    shutil.copytree(first, folder)
    code, log = run_dag(folder, warehouse)
    assert code == 0, log.read_text()[-5000:]
    for path in second.iterdir():
        shutil.copy(path, folder / path.name)
    con = duckdb.connect(str(warehouse))
    try:  # as if an older extractor had made these articles' rows
        stale = [
            r[0]
            for r in con.execute(
                f"select article_id from raw.article_metadata order by article_id limit {STALE}"
            ).fetchall()
        ]
        con.execute(
            "update raw.article_metadata set extractor_version = 'older' where article_id in (select unnest(?))",
            [stale],
        )
        version = con.execute("select version from raw.data_version").fetchone()[0]
    finally:
        con.close()
    code, log = run_dag(folder, warehouse)
    assert code == 0, log.read_text()[-5000:]
    assert latest_run(warehouse)["status"] == "success"
    assert differences(state(warehouse), from_empty) == []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        versions = dict(con.execute("select article_id, extractor_version from raw.article_metadata").fetchall())
        assert {versions[a] for a in stale} == {extractor_fingerprint.current()}
        assert con.execute("select version from raw.data_version").fetchone()[0] > version
        # the undated republication in the first half took its original's date when the original came
        dated = con.execute(
            "select count(*) from raw.article_metadata where published_date_source = 'linked_article'"
        ).fetchone()[0]
        assert dated >= 1
    finally:
        con.close()


def test_the_fingerprint_covers_the_rules_and_data_and_nothing_else(tmp_path):
    root = tmp_path / "extract"
    for path in extractor_fingerprint.source_files():
        target = root / path.relative_to(extractor_fingerprint.PACKAGE_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    before = extractor_fingerprint.compute(root)
    assert before == extractor_fingerprint.compute(extractor_fingerprint.PACKAGE_DIR)
    (root / "report").mkdir()
    (root / "report" / "page.py").write_text("# not the extractor\n")
    assert extractor_fingerprint.compute(root) == before
    for changed in (
        "data/patterns/events.yml",
        "data/actors.yml",
        "nlp/figures.py",
        "data/gazetteer/manual_aliases.csv",
    ):
        path = root / changed
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert extractor_fingerprint.compute(root) != before, changed
        path.write_bytes(original)
    assert extractor_fingerprint.compute(root) == before
