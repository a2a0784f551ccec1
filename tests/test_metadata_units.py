"""Publication dates found in article URLs. The URLs and texts are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.nlp.metadata import _stamp_date, date_from_url


@pytest.mark.parametrize(
    "url,day",
    [
        ("https://news.example.org/2024/01/16/junta-jets-bomb-village/", dt.date(2024, 1, 16)),
        # month, day and year run together at the end of the slug, then a time (RFA's style)
        ("https://www.rfa.org/english/news/myanmar/junta-shells-town-03082024101500.html", dt.date(2024, 3, 8)),
        ("https://news.example.org/myanmar/rebels-take-base-12312023.html", dt.date(2023, 12, 31)),
        # not a month-day-year: no date
        ("https://news.example.org/myanmar/rebels-take-base-13312023.html", None),
        ("https://news.example.org/myanmar/story-123456789", None),
        ("https://news.example.org/myanmar/brigade-5-fights-on/", None),
    ],
)
def test_dates_in_urls(url, day):
    assert date_from_url(url) == day


def test_publication_date_from_a_slug_in_the_header(nlp):
    doc = nlp.make_doc(
        "Rebels take two outposts near Bhamo\nhttps://www.rfa.org/english/news/myanmar/"
        "rebels-outposts-01142025161530.html\nBy Staff\n\nTroops overran two outposts near Bhamo "
        "on Monday, residents said."
    )
    doc._.source = {}
    doc = nlp(doc)
    meta = doc._.article_meta
    assert (meta["published_date"], meta["published_date_source"]) == (dt.date(2025, 1, 14), "url")
    [monday] = [s._.date for s in doc.spans["dates"]]
    assert monday.value == dt.date(2025, 1, 13)


@pytest.mark.parametrize(
    "stamp,day",
    [
        ("21.10.23, 07:05 PM", dt.date(2023, 10, 21)),
        ("2.3.24", dt.date(2024, 3, 2)),  # dots: day first
        ("28/02/24", dt.date(2024, 2, 28)),
        ("03/04/24", None),  # slashes and both numbers under 13: either way round
        ("14/May/2024 09:10", dt.date(2024, 5, 14)),
        ("March 3, 2024 | Staff", dt.date(2024, 3, 3)),
        ("March 3 | Staff", None),  # no year: not a publication date
    ],
)
def test_dates_after_a_stamp_word(stamp, day):
    assert _stamp_date(stamp) == day


def test_a_dated_url_wins_over_a_site_header_date(nlp):
    doc = nlp.make_doc(
        "Tuesday, 5 March 2024\nRebels take two outposts near Bhamo\nhttps://news.example.org/2024/01/"
        "12/rebels-take-outposts/\n\nTroops lost two outposts near Bhamo on Monday, residents said."
    )
    doc._.source = {}
    meta = nlp(doc)._.article_meta
    assert (meta["published_date"], meta["published_date_source"]) == (dt.date(2024, 1, 12), "url")
