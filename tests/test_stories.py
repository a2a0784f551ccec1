"""The stored linking index gives the stories a comparison of all articles at once gives, whatever the order in
which the articles arrive."""

from __future__ import annotations

import datetime as dt

import duckdb
from test_linking import LATER_STORY, ORIGINAL, OTHER_OUTLET, REPUBLISHED, REWRITTEN, UNRELATED, process

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


def test_an_undated_report_of_an_event_another_outlet_dated_reads_its_dates_against_that_report():
    docs = process({"original": ORIGINAL, "other": OTHER_OUTLET, "later": LATER_STORY, "unrelated": UNRELATED})
    con = duckdb.connect()
    try:
        ensure_schema(con)
        _store(con, [fingerprint(doc) for doc in docs.values()])
        places = {
            (s._.place["location_id"], s._.place["location_type"]) for d in docs.values() for s in d.spans["places"]
        }
        con.executemany(
            "insert into raw.places (location_id, name, location_type, geo_precision, in_gazetteer) "
            "values (?, ?, ?, 1, true)",
            [(lid, lid, kind) for lid, kind in sorted(places)],
        )
        stories.refresh_edges(con)
        found = stories.links(con)
        assert "other" not in found  # no rewrite of ORIGINAL: not one story
        # a date, a place below a District and a figure in common, and words: dated by ORIGINAL; LATER_STORY
        # shares the date and the place only
        assert stories.dating_partners(con) == {"other": stories.LinkedDate(dt.date(2024, 3, 12), "reference")}
        again = stories.relink_needed(con, found, stories.dating_partners(con))
        assert again == {"other": stories.LinkedDate(dt.date(2024, 3, 12), "reference")}
        con.execute(
            "update raw.article_prints set extracted_with_linked = ?, linked_kind = 'reference' "
            "where article_id = 'other'",
            [dt.date(2024, 3, 12)],
        )
        assert stories.relink_needed(con, found, stories.dating_partners(con)) == {}
        # published before March 10 of its year, the dated report tells the event as one of the year before
        con.execute("update raw.article_prints set published = '2025-02-01' where article_id = 'original'")
        assert stories.dating_partners(con) == {"other": stories.LinkedDate(dt.date(2024, 12, 31), "year")}
        con.execute("update raw.article_prints set published = '2024-03-12' where article_id = 'original'")
        # a State or Region in common is no place of one event
        town = next(
            lid
            for lid, kind in places
            if kind not in ("state_region", "district", "country")
            and con.execute(
                "select count(*) from raw.article_facts where fact = ?", [stories.encode_fact(("place", lid))]
            ).fetchone()[0]
            > 1
        )
        con.execute("update raw.places set location_type = 'state_region' where location_id = ?", [town])
        assert stories.dating_partners(con) == {}
        # ... and a report no longer dated by it is extracted again with no date
        assert stories.relink_needed(con, found, stories.dating_partners(con)) == {"other": None}
    finally:
        con.close()
