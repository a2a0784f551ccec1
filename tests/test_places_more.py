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


def test_a_camp_named_with_a_word_between_its_name_and_camp_is_kept(nlp):
    got = found(nlp, "Jets bombed the Hpa Lu refugee camp in Chin State and the Nga Ywa IDP camp nearby.")
    assert ("Hpa Lu refugee camp", "Hpa Lu refugee camp", "other") in got
    assert ("Nga Ywa IDP camp", "Nga Ywa IDP camp", "other") in got


def test_a_camp_known_locally_by_a_name_is_a_place(nlp):
    doc = nlp("Troops overran a resistance hilltop camp known locally as Ler Pa Doh in Hlaingbwe Township.")
    camp = [s._.place for s in doc.spans["places"] if s.text == "Ler Pa Doh"]
    assert [(p["name"], p["location_type"], p["in_gazetteer"], p["admin3"]) for p in camp] == [
        ("Ler Pa Doh", "other", False, "Hlaingbwe Township")]


def test_only_a_place_word_before_known_as_makes_a_place(nlp):
    assert [n for _, n, _ in found(nlp, "A man known locally as Ko Tun was arrested in Hlaingbwe Township.")] == [
        "Hlaingbwe Township"]


def test_the_usual_english_spelling_of_a_town_resolves_to_mimus(nlp):
    got = found(nlp, "The alliance seized the town of Hsenwi after fighting spread across Hsenwi Township.")
    assert [(n, t) for _, n, t in got] == [("Hseni", "town"), ("Hseni Township", "township")]
