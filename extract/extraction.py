"""Run the spaCy pipeline over every article in raw.articles and write what it finds to the raw tables.

The rows of raw.article_metadata, raw.actors, raw.places, raw.mentions, raw.event_candidates and raw.figures
that each article contributes (`rows_for`), and `extract_rows`, which runs the pipeline over many articles.
Which articles a run extracts, and how their rows reach the warehouse, is extract/incremental.py's; ids are
hashes of what identifies a row, so the same input gives the same ids.

Throughput: `nlp.pipe` in batches of BATCH_SIZE. With N_PROCESS > 1 and enough articles, worker processes
(forked after the pipeline is built, so they share it and the articles) take the articles chunk by chunk (the
last chunks smaller, so the workers finish together) and send back plain rows and fingerprints, in the
articles' order: the result is the same as in one process. (spaCy's own
`n_process` would send Doc objects back, and this pipeline's extension values cannot be serialised.)
`make bench` measures these settings. The workers are `extract/workers.py`'s (no shared queue to wedge, a
dead or stalled worker noticed and replaced).

One bad article never stops the run: an article longer than the pipeline's limit, one whose processing
raises, one with a figure beyond MAX_FIGURE, or one that loses its worker twice gives an ArticleError
instead of rows, and extract/incremental.py quarantines it (extract/quarantine.py); the others are unaffected.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extract.ids import stable_id
from extract.linking import Fingerprint, fingerprint
from extract.nlp.docview import attr_of, boilerplate_mask, sentences, spans_of, view
from extract.nlp.figure_places import figure_place
from extract.nlp.pipeline import shared_nlp
from extract.nlp.sites import site_key
from extract.workers import Failed, ForkWorkers, Lost

log = logging.getLogger(__name__)

# nlp.pipe settings for extract/incremental.py (and `make bench`, which measures them); EXTRACT_PROCESSES overrides
BATCH_SIZE = 64
N_PROCESS = int(os.environ.get("EXTRACT_PROCESSES") or min(2, os.cpu_count() or 1))
MIN_ARTICLES_PER_PROCESS = 200  # fewer articles per process than this: one process (workers cost a start-up)
# a worker still on one chunk after this many seconds is stopped and its articles tried one by one
CHUNK_TIMEOUT = float(os.environ.get("EXTRACT_CHUNK_TIMEOUT") or 300)
# a casualty or displacement figure above this is not a reading of the text but an error: the article is
# quarantined (Myanmar has about 55 million people)
MAX_FIGURE = int(os.environ.get("EXTRACT_MAX_FIGURE") or 100_000_000)

TABLES = {
    "raw.article_metadata": [
        "article_id",
        "title",
        "outlet",
        "published_date",
        "published_date_source",
        "duplicate_of",
        "body_start",
        "body_end",
        "n_boilerplate_lines",
        "extractor_version",
    ],
    "raw.actors": ["actor_id", "name", "acronym", "actor_type", "aliases"],
    "raw.places": [
        "location_id",
        "name",
        "location_type",
        "admin1",
        "admin2",
        "admin3",
        "latitude",
        "longitude",
        "pcode",
        "geo_precision",
        "in_gazetteer",
        "site_key",
    ],
    "raw.mentions": [
        "mention_id",
        "article_id",
        "entity_type",
        "entity_id",
        "text",
        "start_char",
        "end_char",
        "sentence_start",
        "sentence_end",
    ],
    "raw.event_candidates": [
        "candidate_id",
        "article_id",
        "event_date",
        "date_precision",
        "event_type",
        "sub_event_type",
        "actor1_id",
        "actor2_id",
        "location_id",
        "sentence",
        "start_char",
        "end_char",
    ],
    "raw.figures": [
        "figure_id",
        "article_id",
        "candidate_id",
        "kind",
        "category",
        "party",
        "actor_id",
        "count_low",
        "count_high",
        "count_best",
        "qualifier",
        "unit",
        "is_cumulative",
        "claimed_by",
        "event_date",
        "location_id",
        "sentence",
        "start_char",
        "end_char",
    ],
}
PLACE_FIELDS = TABLES["raw.places"]


def make_docs(nlp, articles: Iterable[tuple], linked_dates: dict | None = None) -> Iterable[Doc]:
    """Docs to process, with what the input said about each article; `linked_dates` (article_id ->
    stories.LinkedDate) gives an undated article the publication date of the dated report it republishes, or the
    date (or only the year) of another outlet's report of the same event to read its dates against."""
    for article_id, text, title, url, outlet, published_raw in articles:
        doc = nlp.make_doc(text)
        linked = (linked_dates or {}).get(article_id)
        doc._.source = {
            "article_id": article_id,
            "title": title,
            "url": url,
            "outlet": outlet,
            "published_raw": published_raw,
            "linked_published": linked.value if linked and linked.kind == "republished" else None,
            "linked_reference": linked.value if linked and linked.kind == "reference" else None,
            "linked_year": linked.value.year if linked and linked.kind == "year" else None,
        }
        yield doc


def _sentence_chars(doc: Doc):
    """A function giving a span's (sentence start_char, sentence end_char), as `span.sent` gives them, from one
    pass over the sentences (not a scan of the tokens per span)."""
    sents = sentences(doc)
    starts = [s.start for s in sents]

    def chars(span: Span) -> tuple[int, int]:
        first = sents[bisect_right(starts, span.start) - 1]
        last = sents[bisect_right(starts, span.end - 1) - 1]
        return first.start_char, last.end_char

    return chars


def _body_tokens(boilerplate: list[bool], space: list[bool]) -> tuple[int, int] | None:
    """The first and last token that is body text (neither boilerplate nor whitespace), or None."""
    n = len(space)
    first = next((i for i in range(n) if not boilerplate[i] and not space[i]), None)
    if first is None:
        return None
    return first, next(i for i in range(n - 1, first - 1, -1) if not boilerplate[i] and not space[i])


def rows_for(doc: Doc) -> dict[str, list[tuple]]:
    """The raw-table rows one processed article contributes."""
    aid = doc._.source["article_id"]
    out: dict[str, list[tuple]] = {t: [] for t in TABLES}
    meta = doc._.article_meta
    lines = [s for s in spans_of(doc, "boilerplate") if s.label_ != "link"]
    v, boilerplate = view(doc), boilerplate_mask(doc)
    body = _body_tokens(boilerplate, v.space)
    out["raw.article_metadata"].append(
        (
            aid,
            meta["title"],
            meta["outlet"],
            meta["published_date"],
            meta["published_date_source"],
            None,
            v.idx[body[0]] if body else 0,
            v.idx[body[1]] + len(v.orth[body[1]]) if body else 0,
            len(lines),
            None,
        )
    )  # extractor_version: the extractor's fingerprint, set where the rows are written
    places: dict[str, dict] = {}
    sentence_of = _sentence_chars(doc)
    actor_of, place_of = attr_of(doc, "actors", "actor_id"), attr_of(doc, "places", "place")
    for span in spans_of(doc, "actors"):
        sent_start, sent_end = sentence_of(span)
        out["raw.mentions"].append(
            (
                stable_id("men", aid, span.start_char, span.end_char, "actor"),
                aid,
                "actor",
                actor_of(span),
                v.span_text(span.start, span.end),
                span.start_char,
                span.end_char,
                sent_start,
                sent_end,
            )
        )
    for span in spans_of(doc, "places"):
        place = place_of(span)
        if place is None or any(boilerplate[span.start : span.end]):
            continue
        places[place["location_id"]] = place
        sent_start, sent_end = sentence_of(span)
        out["raw.mentions"].append(
            (
                stable_id("men", aid, span.start_char, span.end_char, "location"),
                aid,
                "location",
                place["location_id"],
                v.span_text(span.start, span.end),
                span.start_char,
                span.end_char,
                sent_start,
                sent_end,
            )
        )
    candidate_ids = []
    for event in doc._.events or []:
        sent = event["sentence"]
        place = event["place"]
        places[place["location_id"]] = place
        cid = stable_id("cand", aid, sent.start_char, event["event_type"])
        if cid in candidate_ids:  # one sentence's event at each of the places it lists
            cid = stable_id("cand", aid, sent.start_char, event["event_type"], place["location_id"])
        candidate_ids.append(cid)
        out["raw.event_candidates"].append(
            (
                cid,
                aid,
                event["event_date"],
                event["date_precision"],
                event["event_type"],
                event["sub_event_type"],
                event["actor1_id"],
                event["actor2_id"],
                place["location_id"],
                v.text[sent.start_char : sent.end_char].strip(),
                sent.start_char,
                sent.end_char,
            )
        )
    links = doc._.figure_events or {}
    events = doc._.events or []
    for idx, fig in enumerate(doc._.figures or []):
        event_idx = links.get(idx)
        event = events[event_idx] if event_idx is not None else None
        place = figure_place(fig, event["place"] if event else None)
        if place:
            places[place["location_id"]] = place
        date = fig.date.value if fig.date is not None else (event["event_date"] if event else None)
        out["raw.figures"].append(
            (
                stable_id("fig", aid, fig.start_char, fig.end_char, fig.category),
                aid,
                candidate_ids[event_idx] if event_idx is not None else None,
                fig.kind,
                fig.category,
                fig.party,
                fig.actor_id,
                fig.count_low,
                fig.count_high,
                fig.count_best,
                fig.qualifier,
                fig.unit,
                fig.is_cumulative,
                fig.claimed_by,
                date,
                place["location_id"] if place else None,
                v.text[fig.sentence.start_char : fig.sentence.end_char].strip(),
                fig.start_char,
                fig.end_char,
            )
        )
    out["raw.places"] = [
        tuple({**p, "site_key": site_key(p["name"])}.get(k) for k in PLACE_FIELDS) for p in places.values()
    ]
    out["_actors"] = list((doc._.actors or {}).values())
    return out


# The work of each extract_rows call, by call number: forked workers inherit it, so a task names only its
# call and the bounds of its chunk instead of carrying the articles' text through a pipe.
_WORK: dict[int, tuple[Sequence[tuple], dict | None, int]] = {}
_calls = itertools.count()


@dataclass(frozen=True)
class ArticleError:
    """An article extraction could not handle: it is quarantined with this reason, and the run goes on."""

    reason: str


Outcome = tuple[dict[str, list[tuple]], Fingerprint] | ArticleError


def _extract_bounds(task: tuple[int, int, int]) -> list[Outcome]:
    call, start, end = task
    articles, linked_dates, batch_size = _WORK[call]
    return _extract_chunk(articles[start:end], linked_dates, batch_size)


def _too_long(nlp, text: str) -> ArticleError | None:
    if len(text) > nlp.max_length:
        return ArticleError(f"the text is too long to extract ({len(text):,} characters, at most {nlp.max_length:,})")
    return None


def _one(nlp, article: tuple, linked_dates: dict | None) -> Outcome:
    """One article through the pipeline on its own; whatever goes wrong becomes an ArticleError."""
    error = _too_long(nlp, article[1])
    if error is not None:
        return error
    try:
        doc = nlp(next(iter(make_docs(nlp, [article], linked_dates))))
        return _checked_rows(rows_for(doc), fingerprint(doc))
    except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the run
        last = f"{type(exc).__name__}: {exc}".strip().splitlines()[0][:300]
        return ArticleError(f"extraction failed on this article: {last}")


def _extract_chunk(articles: Sequence[tuple], linked_dates: dict | None, batch_size: int) -> list[Outcome]:
    """The chunk in nlp.pipe batches; if anything in it fails, each article again on its own, so only the
    article that fails is lost."""
    nlp = shared_nlp()
    if any(len(a[1]) > nlp.max_length for a in articles):
        return [_one(nlp, a, linked_dates) for a in articles]
    try:
        return [
            _checked_rows(rows_for(doc), fingerprint(doc))
            for doc in nlp.pipe(make_docs(nlp, articles, linked_dates), batch_size=batch_size)
        ]
    except Exception:  # noqa: BLE001 - find the article that failed, keep the others
        return [_one(nlp, a, linked_dates) for a in articles]


def _checked_rows(rows: dict[str, list[tuple]], print_: Fingerprint) -> Outcome:
    """Figures beyond the plausible range are a reason to quarantine the article, not an overflow later."""
    cols = TABLES["raw.figures"]
    low, high, best = cols.index("count_low"), cols.index("count_high"), cols.index("count_best")
    for fig in rows["raw.figures"]:
        for value in (fig[low], fig[high], fig[best]):
            if value is not None and not 0 <= value <= MAX_FIGURE:
                return ArticleError(
                    f"a figure is beyond the plausible range (0 to {MAX_FIGURE:,}): "
                    f'{value:,} in "{fig[cols.index("sentence")][:200]}"'
                )
    return rows, print_


def worker_processes(
    n_articles: int, n_process: int = N_PROCESS, min_per_process: int = MIN_ARTICLES_PER_PROCESS
) -> int:
    """How many processes extract_rows uses for this many articles."""
    return max(1, min(n_process, n_articles // max(1, min_per_process)))


def chunk_bounds(n: int, size: int, processes: int = 1) -> list[tuple[int, int]]:
    """[start, end) of the chunks of `n` articles the workers take: `size` articles each, except that with more
    than one process the last `processes` chunks' worth are cut in quarters, so the workers run out of work
    at nearly the same time (the last worker to finish otherwise spends up to a whole chunk alone)."""
    tail_from = max(0, n - size * processes) if processes > 1 else n
    bounds = [(a, min(a + size, tail_from)) for a in range(0, tail_from, size)]
    small = max(1, size // 4)
    bounds += [(a, min(a + small, n)) for a in range(tail_from, n, small)]
    return bounds


def _in_workers(call: int, bounds: list[tuple[int, int]], processes: int) -> Iterator[tuple[tuple[int, int], list]]:
    """(bounds, outcomes) of every chunk, in any order, from forked workers. A chunk whose worker died or
    stalled is tried again one article per task; an article whose worker is lost twice is an ArticleError."""
    tries: dict[tuple[int, int], int] = {}
    with ForkWorkers(_extract_bounds, processes, CHUNK_TIMEOUT) as workers:
        for a, b in bounds:
            workers.submit((a, b), (call, a, b))
        for (a, b), outcome in workers.results():
            if isinstance(outcome, Failed):
                raise RuntimeError(f"extraction of articles {a}-{b} failed: {outcome.error}\n{outcome.details}")
            if not isinstance(outcome, Lost):
                yield (a, b), outcome
                continue
            log.warning("extraction worker lost on articles %d-%d: %s; trying again", a, b, outcome.reason)
            tries[(a, b)] = tries.get((a, b), 0) + 1
            if b - a > 1:
                for i in range(a, b):
                    workers.submit((i, i + 1), (call, i, i + 1))
            elif tries[(a, b)] < 2:
                workers.submit((a, b), (call, a, b))
            else:
                yield (a, b), [ArticleError(f"extraction lost its worker on this article twice: {outcome.reason}")]


def extract_rows(
    articles: Sequence[tuple],
    linked_dates: dict | None = None,
    batch_size: int = BATCH_SIZE,
    n_process: int = N_PROCESS,
    min_per_process: int = MIN_ARTICLES_PER_PROCESS,
    stats: dict | None = None,
) -> Iterator[Outcome]:
    """(rows_for(doc), fingerprint(doc)) of every article (raw.articles rows, as make_docs takes them), or an
    ArticleError for one extraction cannot handle, in the articles' order. With more than one process,
    forked workers (extract/workers.py) take chunks of `batch_size` articles (the last ones smaller:
    `chunk_bounds`), reading the articles they inherited at the fork; where no worker can start (no fork)
    one process does it all. `stats`, if given, receives the number of processes used."""
    processes = worker_processes(len(articles), n_process, min_per_process)
    if "fork" not in multiprocessing.get_all_start_methods():
        processes = 1
    call = next(_calls)
    _WORK[call] = (articles, linked_dates, batch_size)
    bounds = chunk_bounds(len(articles), batch_size, processes)
    if stats is not None:
        stats["processes"] = processes
    try:
        if processes == 1:
            for a, b in bounds:
                yield from _extract_bounds((call, a, b))
            return
        shared_nlp()
        gc.collect()
        gc.freeze()  # the pipeline and gazetteer stay untouched by the collector: the forked pages stay shared
        try:
            done: dict[int, list] = {}
            nxt = 0
            for (a, _), outcomes in _in_workers(call, bounds, processes):
                done[a] = outcomes
                while nxt in done:
                    chunk = done.pop(nxt)
                    yield from chunk
                    nxt += len(chunk)
        finally:
            gc.unfreeze()
    finally:
        del _WORK[call]
