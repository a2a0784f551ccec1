"""Reports of one story: republications, translations and close rewrites of the same article.

Each processed article gets a fingerprint: the content words of its body (boilerplate excluded) and the facts
extracted from it (places, actors, casualty and displacement figures as count + category, month-day dates).
Two articles are one story when their words and their facts both overlap strongly (thresholds in
`extract/data/linking.yml`). Within a story the original is the earliest dated report (an undated one is never
preferred over a dated one; ties go to the lower article id), and every other report is `duplicate_of` it.
Candidate pairs come from shared facts (blocking), so linking stays close to linear in the number of articles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

from spacy.attrs import IS_ALPHA, IS_STOP
from spacy.tokens import Doc

from extract.nlp.dates import find_dates
from extract.nlp.docview import attr_of, boilerplate_mask, spans_of, view
from extract.nlp.resources import load_yaml

# month-day dates are compared without their year: any year serves as the reference for resolving them
_ANY_YEAR_END = dt.date(2000, 12, 31)


@dataclass
class Fingerprint:
    article_id: str
    published: dt.date | None
    words: Counter = field(default_factory=Counter)
    facts: frozenset = frozenset()


@dataclass(frozen=True)
class Link:
    article_id: str
    duplicate_of: str
    word_cosine: float
    fact_jaccard: float


@lru_cache(maxsize=10_000)  # date expressions repeat across articles ("on Sunday", "January 4")
def _month_day(text: str) -> tuple[int, int] | None:
    found = [d for d in find_dates(text, _ANY_YEAR_END) if d.precision == 1 and d.value]
    return (found[0].value.month, found[0].value.day) if found else None


def fingerprint(doc: Doc) -> Fingerprint:
    """What one processed article says, for comparing it with others."""
    meta = doc._.article_meta or {}
    v, boilerplate = view(doc), boilerplate_mask(doc)
    words: Counter = Counter()
    if len(doc):
        # alphabetic, not a stop word
        content = ((doc.to_array(IS_ALPHA) != 0) & (doc.to_array(IS_STOP) == 0)).tolist()
        words.update([w for w, o, c, b in zip(v.lower, v.orth, content, boilerplate) if c and not b and len(o) > 2])
    facts: set[tuple] = set()
    place_of, actor_of = attr_of(doc, "places", "place"), attr_of(doc, "actors", "actor_id")
    for span in spans_of(doc, "places"):
        if place_of(span) and not any(boilerplate[span.start : span.end]):
            facts.add(("place", place_of(span)["location_id"]))
    for span in spans_of(doc, "actors"):
        facts.add(("actor", actor_of(span)))
    for fig in doc._.figures or []:
        facts.add(("figure", fig.category, fig.count_low))
    for span in spans_of(doc, "dates"):
        md = _month_day(v.span_text(span.start, span.end))
        if md:
            facts.add(("date", *md))
    return Fingerprint(doc._.source["article_id"], meta.get("published_date"), words, frozenset(facts))


def word_cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(n * large[w] for w, n in small.items() if w in large)
    return dot / math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))


def fact_jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _candidate_pairs(prints: list[Fingerprint], max_postings: int) -> set[tuple[int, int]]:
    postings: dict[tuple, list[int]] = defaultdict(list)
    for i, fp in enumerate(prints):
        for fact in fp.facts:
            postings[fact].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 1 < len(members) <= max_postings:
            pairs.update(combinations(members, 2))
    return pairs


def _precedence(fp: Fingerprint) -> tuple:
    """Sort key of the original within a story: dated before undated, earlier first, then the article id."""
    return (fp.published is None, fp.published or dt.date.max, fp.article_id)


def find_links(prints: list[Fingerprint]) -> dict[str, Link]:
    """For every article that reports a story another article reported first: its link to that original."""
    cfg = load_yaml("linking.yml")
    prints = [fp for fp in prints if len(fp.facts) >= cfg["min_facts"]]
    parent = list(range(len(prints)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    scores: dict[tuple[int, int], tuple[float, float]] = {}
    for i, j in sorted(_candidate_pairs(prints, cfg["max_postings"])):
        facts = fact_jaccard(prints[i].facts, prints[j].facts)
        if facts < cfg["min_fact_jaccard"]:
            continue
        words = word_cosine(prints[i].words, prints[j].words)
        if words >= cfg["min_word_cosine"]:
            scores[(i, j)] = (words, facts)
            parent[root(i)] = root(j)

    stories: dict[int, list[int]] = defaultdict(list)
    for i in range(len(prints)):
        stories[root(i)].append(i)
    links: dict[str, Link] = {}
    for members in stories.values():
        if len(members) < 2:
            continue
        original = min(members, key=lambda i: _precedence(prints[i]))
        for i in members:
            if i == original:
                continue
            words, facts = scores.get((min(i, original), max(i, original)), (None, None))
            if words is None:  # linked through a third report: measure against the original itself
                words = word_cosine(prints[i].words, prints[original].words)
                facts = fact_jaccard(prints[i].facts, prints[original].facts)
            links[prints[i].article_id] = Link(
                prints[i].article_id, prints[original].article_id, round(words, 3), round(facts, 3)
            )
    return links
