"""Places of figures: how specific a kind of place is, the country as a place, the most specific of some
places and the one a sentence names. Used by the figure extractor (figures.py) and the event extractor."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from extract.gazetteer.load import load_gazetteer
from extract.nlp.docview import attr_of, spans_in

# Most specific first: a figure or event takes the most specific place its sentence names.
PLACE_SPECIFICITY = {
    "village": 0,
    "town": 1,
    "other": 2,
    "village_tract": 3,
    "township": 4,
    "district": 5,
    "state_region": 6,
    "country": 7,
}


def is_country(place: dict | None) -> bool:
    return bool(place) and place.get("location_type") == "country"


@lru_cache(maxsize=1)
def country_place() -> dict:
    """The country as a place (the gazetteer's top unit)."""
    return load_gazetteer().country.as_dict()


def most_specific(places: list[dict]) -> dict | None:
    """The most specific of some place records (the first of the most specific kind), None for none."""
    return min(places, key=lambda p: PLACE_SPECIFICITY.get(p.get("location_type"), 9)) if places else None


def sentence_place(doc: Doc, sent: Span) -> dict | None:
    place_of = attr_of(doc, "places", "place")
    return most_specific([place_of(s) for s in spans_in(doc, "places", sent.start, sent.end) if place_of(s)])


def figure_place(fig, event_place: dict | None) -> dict | None:
    """Where a figure (a figures.Figure) happened: the most specific place in Myanmar its sentence names,
    else its event's place; a displacement flow that neither places (or whose sentence names only the
    country: "5,000 people fled Myanmar") happened where its story is told ("More than 5,000 people have
    fled."), else where its sentence says they went abroad; a stock is where its
    sentence says the displaced are abroad ("33,000 refugees are living in Mizoram"), else the whole
    country's ("3 million displaced since the coup"). A sentence naming the country only for whose people
    they are ("Myanmar refugees in Mizoram") names no place of theirs when it names one abroad."""
    own = fig.place
    if fig.kind == "displacement" and is_country(own) and (fig.abroad_place or not fig.is_cumulative):
        own = None  # "500 people fled Myanmar into Thailand": from where the story is told
    if own or event_place or fig.kind != "displacement":
        return own or event_place
    if fig.is_cumulative:  # a stock: where the displaced are ("33,000 refugees are living in Mizoram")
        return fig.abroad_place or country_place()
    return fig.story_place or fig.abroad_place or country_place()  # a flow: where they fled from
