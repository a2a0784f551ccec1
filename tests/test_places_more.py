"""More `place_matcher` cases on short invented news sentences: lists that share a type word, and
places outside the gazetteer that the text marks as places."""
from __future__ import annotations

import pytest
import spacy

import extract.nlp.places  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("place_matcher")
    nlp.initialize()
    return nlp


def found(nlp, text):
    """(span text, place name, type) for every place span."""
    doc = nlp(text)
    return [(s.text, s._.place["name"], s._.place["location_type"]) for s in doc.spans["places"]]


def test_a_listed_village_named_like_a_person_takes_the_lists_type_word(nlp):
    # "Daw" is also a title ("Daw Aung San Suu Kyi"); before "and X villages" it opens a village name
    got = found(nlp, "Shells landed in Daw Byar Ku and Saw Lel villages in Hpruso Township on Tuesday.")
    assert ("Daw Byar Ku", "Daw Byar Ku", "village") in got
    assert ("Saw Lel villages", "Saw Lel", "village") in got


def test_a_person_before_a_list_of_places_is_still_a_person(nlp):
    got = found(nlp, "Daw Khin Myint and her son fled from Saw Lel village in Hpruso Township.")
    assert [name for _, name, _ in got] == ["Saw Lel", "Hpruso Township"]
