"""The stored linking index gives the stories a comparison of all articles at once gives, whatever the order in
which the articles arrive."""

from __future__ import annotations

import duckdb
from test_linking import ORIGINAL, REPUBLISHED, REWRITTEN, UNRELATED, process

from bench.corpus import generate
from extract import stories
from extract.linking import find_links, fingerprint
from extract.warehouse import ensure_schema


def _store(con, prints) -> None:
    table = stories.prints_table(prints)
    con.register("_batch", table)
    try:
        stories.store_prints(con, "select * from _batch")
    finally:
        con.unregister("_batch")


def test_links_in_two_arrivals_equal_links_over_everything_at_once():
    texts = {"original": ORIGINAL, "republished": REPUBLISHED, "rewritten": REWRITTEN, "unrelated": UNRELATED}
    texts.update({a.article_id: a.text for a in generate(12)})
    prints = {aid: fingerprint(doc) for aid, doc in process(texts).items()}
    expected = {aid: link.duplicate_of for aid, link in find_links(list(prints.values())).items()}
    assert expected["republished"] == "original" and expected["rewritten"] == "original"
    for first in (["republished", "rewritten", "unrelated"], ["original", "unrelated"]):
        con = duckdb.connect()
        try:
            ensure_schema(con)
            _store(con, [p for aid, p in prints.items() if aid in first])
            stories.refresh_edges(con)
            _store(con, [p for aid, p in prints.items() if aid not in first])
            counts = stories.refresh_edges(con)
            assert counts["compared"] == len(prints) - len(first)
            assert stories.links(con) == expected
            # a print stored again (the article extracted again) is compared again, with the same result
            _store(con, [prints["original"]])
            stories.refresh_edges(con)
            assert stories.links(con) == expected
        finally:
            con.close()
