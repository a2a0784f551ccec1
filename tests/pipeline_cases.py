"""Running the extraction pipeline on a short invented text, for the unit tests (the `nlp` fixture is in
conftest.py)."""

from __future__ import annotations

from spacy.tokens import Doc


def run(nlp, text: str, **source) -> Doc:
    """The processed document; `source` is what the input said about the article (published_raw, url, ...)."""
    doc = nlp.make_doc(text)
    doc._.source = source
    return nlp(doc)


def figures(nlp, text: str, **source) -> list[tuple]:
    return [
        (f.category, f.party, f.count_low, f.count_high, f.qualifier, f.is_cumulative)
        for f in run(nlp, text, **source)._.figures
    ]


def events(nlp, text: str, published: str = "2024-03-13") -> list[tuple]:
    """(date, type, sub-type, place name) of each event candidate; 13 March 2024 is a Wednesday."""
    return [
        (e["event_date"], e["event_type"], e["sub_event_type"], e["place"]["name"])
        for e in run(nlp, text, published_raw=published)._.events
    ]


def sides(nlp, text: str, published: str = "2024-03-13") -> list[tuple]:
    """(actor1_id, actor2_id) of each event candidate."""
    return [(e["actor1_id"], e["actor2_id"]) for e in run(nlp, text, published_raw=published)._.events]
