"""Incremental extraction: a run extracts only what is new, in batches that never touch the warehouse file.

A run's extraction has four steps; the DAG runs each as a task (the batches as mapped tasks), and
`extract_articles` runs them one after the other in this process (`make eval`, the tests):
1. `plan` (warehouse, read): the articles to extract are those of raw.articles that are not quarantined and
   have no rows made by the current extractor (raw.article_metadata.extractor_version differs from
   extract/extractor_fingerprint.py's fingerprint, or is missing); `reprocess` takes every article. They are
   written as Parquet batches (`<warehouse stem>_runs/<run id>/batch-NNNNN/articles.parquet`).
2. `extract_batch` (no warehouse): one batch through the pipeline; its rows, fingerprints, actors and
   failures go to Parquet files beside the batch's articles. Batches can run anywhere the run folder is.
3. `write_batches` (warehouse, write): in one transaction, each extracted article's old rows are replaced by
   its new ones, read from the Parquet files; its linking fingerprint goes to the stored index
   (extract/stories.py); failed articles are quarantined; places and actors no row refers to any more are
   dropped, so the tables hold what a run over all articles from empty would write.
4. `link` (warehouse, write): new articles are compared with the stored ones (extract/stories.py); an undated
   report whose original is dated is extracted again against the original's date (steps 2-3 in this
   process, usually a few articles); `duplicate_of` follows the stories.
The run folder is removed once its batches are written. A run with nothing to extract plans no batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extract import build_state, stories
from extract.extraction import BATCH_SIZE, N_PROCESS, TABLES, ArticleError, extract_rows
from extract.extractor_fingerprint import current as current_fingerprint
from extract.nlp.actors import load_dictionary
from extract.quarantine import quarantine_with
from extract.warehouse import check_keys, connect, ensure_schema, merge_rows, transaction

BATCH_ARTICLES = int(os.environ.get("EXTRACT_BATCH_ARTICLES") or 2500)
ARTICLE_COLUMNS = ["article_id", "text", "title", "url", "outlet", "published_raw"]
ACTOR_COLUMNS = TABLES["raw.actors"]
# raw tables holding one article's rows (replaced when the article is extracted again)
PER_ARTICLE = ("raw.article_metadata", "raw.mentions", "raw.event_candidates", "raw.figures")
_INT = {
    "body_start",
    "body_end",
    "n_boilerplate_lines",
    "start_char",
    "end_char",
    "sentence_start",
    "sentence_end",
    "date_precision",
    "geo_precision",
    "count_low",
    "count_high",
    "count_best",
}
_TYPES = {
    **{c: pa.int64() for c in _INT},
    "published_date": pa.date32(),
    "event_date": pa.date32(),
    "latitude": pa.float64(),
    "longitude": pa.float64(),
    "in_gazetteer": pa.bool_(),
    "is_cumulative": pa.bool_(),
    "aliases": pa.list_(pa.string()),
}


def _schema(columns: list[str]) -> pa.Schema:
    return pa.schema([(c, _TYPES.get(c, pa.string())) for c in columns])


def _table(columns: list[str], rows: list[tuple]) -> pa.Table:
    schema = _schema(columns)
    values = list(zip(*rows)) if rows else [[] for _ in columns]
    return pa.table([pa.array(list(v), f.type) for v, f in zip(values, schema)], schema=schema)


def run_dir(warehouse: Path, run_id: str) -> Path:
    """Where a run's batches live: beside the warehouse, one folder per run."""
    return warehouse.parent / f"{warehouse.stem}_runs" / re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)


def batch_dirs(warehouse: Path, run_id: str) -> list[Path]:
    folder = run_dir(warehouse, run_id)
    return sorted(p for p in folder.glob("batch-*") if p.is_dir()) if folder.is_dir() else []


def plan(warehouse: Path, run_id: str, reprocess: bool = False, batch_articles: int = BATCH_ARTICLES) -> list[str]:
    """Write the articles this run extracts as Parquet batches; returns the batch folders (none: nothing new)."""
    with connect(warehouse) as con:
        ensure_schema(con)
        articles = con.sql(
            f"""select {", ".join("a." + c for c in ARTICLE_COLUMNS)} from raw.articles a
                left join raw.article_metadata m using (article_id)
                where a.article_id not in (select article_id from raw.quarantine)
                  and (? or m.extractor_version is distinct from ?)
                order by a.article_id""",
            params=[reprocess, current_fingerprint()],
        ).to_arrow_table()
    folder = run_dir(warehouse, run_id)
    shutil.rmtree(folder, ignore_errors=True)
    batches = []
    for n, start in enumerate(range(0, articles.num_rows, max(1, batch_articles))):
        batch = folder / f"batch-{n:05d}"
        batch.mkdir(parents=True)
        pq.write_table(articles.slice(start, batch_articles), batch / "articles.parquet")
        batches.append(str(batch))
    return batches


def extract_batch(
    batch: Path | str, linked_dates: dict | None = None, batch_size: int = BATCH_SIZE, n_process: int = N_PROCESS
) -> dict:
    """Extract one batch folder's articles into Parquet files beside them: one per raw table, `prints`
    (linking fingerprints), `actors` and `failed` (article_id, reason). Touches no warehouse."""
    batch = Path(batch)
    articles = [tuple(r[c] for c in ARTICLE_COLUMNS) for r in pq.read_table(batch / "articles.parquet").to_pylist()]
    rows: dict[str, list[tuple]] = {t: [] for t in TABLES if t != "raw.actors"}
    actors: dict[str, dict] = {}
    prints, failed = [], []
    version = TABLES["raw.article_metadata"].index("extractor_version")
    fingerprint = current_fingerprint()
    for article, outcome in zip(articles, extract_rows(articles, linked_dates, batch_size, n_process), strict=True):
        if isinstance(outcome, ArticleError):
            failed.append((article[0], outcome.reason))
            continue
        found, print_ = outcome
        for actor in found.pop("_actors"):
            actors.setdefault(actor["actor_id"], actor)
        meta = list(found["raw.article_metadata"][0])
        meta[version] = fingerprint
        found["raw.article_metadata"] = [tuple(meta)]
        for table in rows:
            rows[table].extend(found[table])
        prints.append(print_)
    for table, table_rows in rows.items():
        pq.write_table(_table(TABLES[table], table_rows), batch / f"{table}.parquet")
    pq.write_table(
        _table(ACTOR_COLUMNS, [tuple(a[c] for c in ACTOR_COLUMNS) for a in actors.values()]),
        batch / "raw.actors.parquet",
    )
    pq.write_table(stories.prints_table(prints), batch / "prints.parquet")
    pq.write_table(_table(["article_id", "reason"], failed), batch / "failed.parquet")
    (batch / "done.json").write_text(json.dumps({"articles": len(articles), "failed": len(failed)}))
    return {"articles": len(articles), "extracted": len(prints), "failed": len(failed)}


def _parquet(batches: list[Path], name: str) -> str:
    files = [str(b / f"{name}.parquet") for b in batches]
    return f"read_parquet({files!r})"


def write_batches(
    warehouse: Path,
    run_id: str | None,
    batches: list[Path | str],
    keep_prints: bool = False,
    linked_dates: dict | None = None,
) -> dict:
    """Load extracted batches into the warehouse in one transaction (see the module's docstring). With
    `keep_prints`, the articles were extracted again against a linked date (`linked_dates`): their stored
    fingerprints stay (stories are told by the first extraction), and the date is recorded."""
    batches = [Path(b) for b in batches]
    missing = [str(b) for b in batches if not (b / "done.json").exists()]
    if missing:
        raise RuntimeError(f"batches not extracted: {', '.join(missing)}")
    if not batches:
        return {"articles": 0, "extracted": 0, "quarantined": 0}
    failed: dict[str, str] = {}
    with connect(warehouse) as con:
        ensure_schema(con)
        with transaction(con):
            con.execute(
                f"create or replace temp table _batch_ids as select article_id from {_parquet(batches, 'articles')}"
            )
            for table in PER_ARTICLE:
                con.execute(f"delete from {table} where article_id in (select article_id from _batch_ids)")
                cols = ", ".join(TABLES[table])
                con.execute(f"insert into {table} ({cols}) select {cols} from {_parquet(batches, table)}")
            cols = ", ".join(TABLES["raw.places"])
            merge_rows(
                con,
                "raw.places",
                f"""select {cols} from {_parquet(batches, "raw.places")}
                    qualify row_number() over (partition by location_id order by {cols}) = 1""",
                TABLES["raw.places"],
                replace=False,
            )
            _write_actors(con, batches)
            failed = dict(con.execute(f"select article_id, reason from {_parquet(batches, 'failed')}").fetchall())
            if keep_prints:
                linked = linked_dates or {}
                con.execute(
                    "update raw.article_prints p set extracted_with_linked = l.linked, linked_kind = l.kind from "
                    "(select unnest(?::varchar[]) as article_id, unnest(?::date[]) as linked, "
                    "unnest(?::varchar[]) as kind) l where p.article_id = l.article_id",
                    [
                        list(linked),
                        [d.value if d else None for d in linked.values()],
                        [d.kind if d else None for d in linked.values()],
                    ],
                )
            else:
                stories.store_prints(con, f"select * from {_parquet(batches, 'prints')}")
            stories.forget(con, sorted(failed))
            if failed:
                quarantine_with(con, run_id, failed)
            _drop_unreferenced(con)
            build_state.bump(con)
            check_keys(con, [*PER_ARTICLE, "raw.places", "raw.actors", "raw.article_prints", "raw.quarantine"])
            extracted = con.execute("select count(*) from _batch_ids").fetchone()[0] - len(failed)
            con.execute("drop table _batch_ids")
    return {"articles": extracted + len(failed), "extracted": extracted, "quarantined": len(failed)}


def _write_actors(con, batches: list[Path]) -> None:
    """The actor dictionary (as it is now) and every other actor an article named."""
    cols = ", ".join(ACTOR_COLUMNS)
    dictionary = [a.as_dict() for a in load_dictionary()]
    con.register("_dictionary", _table(ACTOR_COLUMNS, [tuple(a[c] for c in ACTOR_COLUMNS) for a in dictionary]))
    try:
        merge_rows(con, "raw.actors", f"select {cols} from _dictionary", ACTOR_COLUMNS)
    finally:
        con.unregister("_dictionary")
    merge_rows(
        con,
        "raw.actors",
        f"""select {cols} from {_parquet(batches, "raw.actors")}
            qualify row_number() over (partition by actor_id order by name) = 1""",
        ACTOR_COLUMNS,
        replace=False,
    )


def _drop_unreferenced(con) -> None:
    """Places and (non-dictionary) actors no extracted row refers to any more, as a run from empty leaves none."""
    con.execute("""delete from raw.places where location_id not in (
                       select entity_id from raw.mentions where entity_type = 'location' and entity_id is not null
                       union all select location_id from raw.event_candidates where location_id is not null
                       union all select location_id from raw.figures where location_id is not null)""")
    dictionary = [a.actor_id for a in load_dictionary()]
    con.execute(
        """delete from raw.actors where actor_id not in (select unnest(?)) and actor_id not in (
                       select entity_id from raw.mentions where entity_type = 'actor' and entity_id is not null
                       union all select actor1_id from raw.event_candidates where actor1_id is not null
                       union all select actor2_id from raw.event_candidates where actor2_id is not null
                       union all select actor_id from raw.figures where actor_id is not null)""",
        [dictionary],
    )


def link(warehouse: Path, run_id: str | None, n_process: int = N_PROCESS) -> dict:
    """Compare the new articles with the stored ones, extract again what a story dates, set duplicate_of."""
    with connect(warehouse) as con:
        ensure_schema(con)
        # not in one transaction: DuckDB keeps a transaction's temporary tables in memory (the candidate pairs
        # of 10,000 articles from empty reached 20 GB that way, or 134 s under a 1 GB limit, against 11 s
        # outside); each step is safe to repeat, so a run stopped half-way is completed by the next one
        counts = stories.refresh_edges(con)
        found = stories.links(con)
        again = stories.relink_needed(con, found, stories.dating_partners(con))
        if again:
            articles = con.sql(
                f"select {', '.join(ARTICLE_COLUMNS)} from raw.articles where article_id in "
                f"(select unnest(?)) order by article_id",
                params=[sorted(again)],
            ).to_arrow_table()
    if again:
        batch = run_dir(warehouse, run_id or "local") / "relink"
        shutil.rmtree(batch, ignore_errors=True)
        batch.mkdir(parents=True)
        pq.write_table(articles, batch / "articles.parquet")
        dates = {aid: linked for aid, linked in again.items() if linked is not None}
        extract_batch(batch, dates, n_process=n_process)
        write_batches(warehouse, run_id, [batch], keep_prints=True, linked_dates=again)
        shutil.rmtree(batch, ignore_errors=True)
    with connect(warehouse) as con:
        with transaction(con):
            found = stories.links(con)  # a report quarantined on its second extraction has left the stories
            changed = stories.apply_links(con, found)
            if changed or counts["edges_added"] or counts["edges_dropped"]:
                build_state.bump(con)
            check_keys(con, ["raw.story_edges", "raw.article_metadata"])
    return {**counts, "reports_linked": len(found), "extracted_again": len(again), "duplicate_of_changed": changed}


def clean(warehouse: Path, run_id: str) -> None:
    """Remove the run's folder (its batches are in the warehouse)."""
    shutil.rmtree(run_dir(warehouse, run_id), ignore_errors=True)
    parent = run_dir(warehouse, run_id).parent
    if parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()


@dataclass
class ExtractionReport:
    articles: int = 0  # articles extracted by the current extractor, in the warehouse after the run
    extracted: int = 0  # articles this run extracted
    quarantined: int = 0  # articles this run quarantined
    mentions: int = 0
    events: int = 0
    casualties: int = 0
    displacement: int = 0
    linked: dict | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def report(warehouse: Path, extracted: int, quarantined: int, linked: dict | None = None) -> ExtractionReport:
    with connect(warehouse, read_only=True) as con:
        articles, mentions, events = con.execute(
            """select (select count(*) from raw.article_metadata), (select count(*) from raw.mentions),
                      (select count(*) from raw.event_candidates)"""
        ).fetchone()
        casualties, displacement = con.execute(
            "select count(*) filter (kind = 'casualty'), count(*) filter (kind = 'displacement') from raw.figures"
        ).fetchone()
    return ExtractionReport(articles, extracted, quarantined, mentions, events, casualties, displacement, linked)


def extract_articles(
    warehouse: Path,
    batch_size: int = BATCH_SIZE,
    n_process: int = N_PROCESS,
    run_id: str | None = None,
    reprocess: bool = False,
) -> ExtractionReport:
    """The four steps in this process: extract what is new (or everything, with `reprocess`), write it, link."""
    rid = run_id or "local-" + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    try:
        batches = plan(warehouse, rid, reprocess)
        for batch in batches:
            extract_batch(batch, batch_size=batch_size, n_process=n_process)
        written = write_batches(warehouse, run_id, batches)
        linked = link(warehouse, run_id, n_process)
    finally:
        clean(warehouse, rid)
    return report(warehouse, written["extracted"], written["quarantined"], linked)
