"""Event candidates: which sentences report an event, and its date, place and type.

The texts are invented in the style of conflict reporting; none is taken from an article.
"""
from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(scope="module")
def nlp():
    from extract.nlp.pipeline import build_nlp

    return build_nlp()


def events(nlp, text, published="2024-03-13"):
    """(date, type, sub-type, place name) of each event candidate; 13 March 2024 is a Wednesday."""
    doc = nlp.make_doc(text)
    doc._.source = {"published_raw": published}
    return [(e["event_date"], e["event_type"], e["sub_event_type"], e["place"]["name"])
            for e in nlp(doc)._.events]


def test_the_next_paragraph_can_go_on_telling_the_event(nlp):
    got = events(nlp, "A junta jet bombed a village in Kawlin Township on Sunday, killing six civilians.\n\n"
                      "The aircraft dropped two bombs near the school of Tondaw village, residents said.")
    assert got == [(dt.date(2024, 3, 10), "remote_violence", "air_drone_strike", "Tondaw")]
