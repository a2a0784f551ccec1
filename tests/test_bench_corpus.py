"""The benchmark corpus generator (tests/bench/corpus.py) is deterministic and gives well-formed articles.

No timing here: speed is what `make bench` reports, not what the tests assert.
"""

from __future__ import annotations

import re

from bench.corpus import generate, make_article, templates
from extract.ids import content_hash
from extract.ingest.normalise import normalise_text


def test_same_seed_same_corpus_and_prefix_stable():
    a, b = generate(12), generate(12, seed=20210201)
    assert a == b
    assert generate(5) == a[:5]  # article i does not depend on n
    assert generate(5, seed=7) != a[:5]
    assert make_article(3) == a[3]


def test_articles_are_well_formed():
    articles = generate(40)
    assert len({a.article_id for a in articles}) == len(articles)
    for a in articles:
        assert a.article_id == content_hash(a.text)[:16]
        assert normalise_text(a.text) == a.text  # as ingestion would store it
        assert not re.search(r"\{\w+\}", a.text), "an unfilled template slot"
        assert 1000 <= len(a.text.encode("utf-8")) <= 6000
        lines = [line for line in a.text.split("\n") if line.strip()]
        body = [line for line in lines if len(line.split()) > 25]
        assert 4 <= len(body) <= 14 and len(lines) >= 5
        if a.title is None:
            assert len(lines[0].split()) <= 20 and not lines[0].endswith(".")  # a headline
        else:
            assert a.published_raw and a.url and a.outlet
        assert re.search(r"\d", a.text) and re.search(r"[A-Z][a-z]+ (Township|Region|State)\b", a.text)


def test_templates_are_data():
    tpl = templates()
    for category in ("headline", "event", "casualty", "displacement", "context", "quote", "caption"):
        assert len(tpl[category]) >= 5, category
