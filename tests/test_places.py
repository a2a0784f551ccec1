"""The spaCy `place_matcher` component on short invented news sentences."""

from __future__ import annotations

import importlib
import time

import pytest
import spacy
from spacy.tokens import Span

import extract.nlp.places as places_module
from extract.gazetteer import unlisted_location_id

PLACE_KEYS = {
    "location_id",
    "name",
    "location_type",
    "admin1",
    "admin2",
    "admin3",
    "latitude",
    "longitude",
    "pcode",
    "geo_precision",
    "in_gazetteer",
}


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("place_matcher")
    nlp.initialize()
    return nlp


def found(nlp, text):
    """(span text, place name, type, admin1) for every place span."""
    doc = nlp(text)
    return [(s.text, s._.place["name"], s._.place["location_type"], s._.place["admin1"]) for s in doc.spans["places"]]


def names(nlp, text):
    return [n for _, n, _, _ in found(nlp, text)]


# ------------------------------------------------------------------------------------ basics
def test_spans_carry_the_place_record(nlp):
    doc = nlp("Fighting spread to Tanai Township, Kachin State, on Monday.")
    spans = doc.spans["places"]
    assert [s.text for s in spans] == ["Tanai Township", "Kachin State"]
    assert all(set(s._.place) == PLACE_KEYS for s in spans)
    tanai = spans[0]._.place
    assert (
        tanai["name"],
        tanai["location_type"],
        tanai["admin1"],
        tanai["pcode"],
        tanai["geo_precision"],
        tanai["in_gazetteer"],
    ) == ("Tanai Township", "township", "Kachin State", "MMR001004", 2, True)
    assert tanai["location_id"].startswith("loc_") and tanai["latitude"] and tanai["longitude"]
    assert spans[0].label_ == "township"


def test_importing_twice_is_harmless():
    importlib.reload(places_module)
    assert Span.has_extension("place")
    nlp = spacy.blank("en")
    nlp.add_pipe("place_matcher", config={"spans_key": "locs"})
    doc = nlp("Shelling hit Lashio.")
    assert [s.text for s in doc.spans["locs"]] == ["Lashio"]


def test_multiword_names_and_possessives(nlp):
    got = found(nlp, "The coalition took Mawdaung Town in Tanintharyi Region’s Tanintharyi Township last week.")
    assert got == [
        ("Mawdaung Town", "Maw Taung", "town", "Tanintharyi Region"),
        ("Tanintharyi Region", "Tanintharyi Region", "state_region", "Tanintharyi Region"),
        ("Tanintharyi Township", "Tanintharyi Township", "township", "Tanintharyi Region"),
    ]
    ascii_apostrophe = found(nlp, "Troops left Tanintharyi Region's Tanintharyi Township.")
    assert [g[2] for g in ascii_apostrophe] == ["state_region", "township"]


def test_spelling_variants_and_exonyms(nlp):
    assert names(nlp, "Refugees crossed from Karen State into Thailand.") == ["Kayin State", "Thailand"]
    assert names(nlp, "The navy shelled villages in Arakan State.") == ["Rakhine State"]
    assert names(nlp, "Airstrikes hit Papun on Friday.") == ["Hpapun"]
    assert names(nlp, "Clashes continued in Magwe Region.") == ["Magway Region"]
    assert names(nlp, "The battle for Maw Daung lasted weeks.") == ["Maw Taung"]
    assert names(nlp, "Residents of Hpa-An and Pa-an fled.") == ["Hpa-An", "Hpa-An"]


def test_the_same_name_keeps_its_meaning_in_one_article(nlp):
    text = "Rebels encircled Mawdaung Town in Tanintharyi Region. The fall of Mawdaung surprised analysts."
    got = found(nlp, text)
    assert [g[1] for g in got] == ["Maw Taung", "Tanintharyi Region", "Maw Taung"]


# ------------------------------------------------------------------------------------ lists
def test_state_lists_share_the_type_word(nlp):
    assert names(nlp, "Clashes were reported in Mon and Karen states.") == ["Mon State", "Kayin State"]
    assert names(nlp, "Jets struck targets in Karen, Chin and Kachin states this week.") == [
        "Kayin State",
        "Chin State",
        "Kachin State",
    ]
    assert names(nlp, "Attacks rose in Sagaing, Magwe, Yangon, Bago and southern Tanintharyi regions.") == [
        "Sagaing Region",
        "Magway Region",
        "Yangon Region",
        "Bago Region",
        "Tanintharyi Region",
    ]
    assert names(nlp, "Troops moved into Taze, Wetlet and Ayadaw townships.") == [
        "Taze Township",
        "Wetlet Township",
        "Ayadaw Township",
    ]


def test_border_pairs_give_both_names(nlp):
    assert names(nlp, "The group fought along the Arakan-Bago and Arakan-Magway borders.") == [
        "Rakhine State",
        "Bago Region",
        "Rakhine State",
        "Magway Region",
    ]
    assert names(nlp, "Fighters retreated to the Thai border.") == ["Thailand"]


# ------------------------------------------------------------------------------------ context
def test_a_bare_village_inside_a_named_township(nlp):
    got = found(nlp, "Soldiers burned houses in Kyein Chaung on Tuesday, residents of Tanintharyi Township said.")
    assert got[0][:3] == ("Kyein Chaung", "Kyein Chaung", "village")
    doc = nlp("Soldiers burned houses in Kyein Chaung on Tuesday, residents of Tanintharyi Township said.")
    assert doc.spans["places"][0]._.place["admin3"] == "Tanintharyi Township"


def test_a_bare_village_without_context_is_not_matched(nlp):
    assert names(nlp, "Soldiers burned houses in Kyein Chaung on Tuesday.") == []


def test_a_marked_village_uses_the_township_of_its_sentence(nlp):
    doc = nlp("Jets bombed Kone Thar village in Demoso Township, Kayah State.")
    kone = doc.spans["places"][0]._.place
    assert (kone["name"], kone["location_type"], kone["admin3"], kone["geo_precision"]) == (
        "Kone Thar",
        "village",
        "Demoso Township",
        1,
    )


# ------------------------------------------------------------------------------------ precision
def test_no_places_inside_organisation_names(nlp):
    text = (
        "The Karen National Union, the Arakan Army, the Kachin Independence Army, the Chin National Front "
        "and the Shan State Army issued a joint statement. Loikaw People’s Defense Force fighters agreed."
    )
    assert found(nlp, text) == []


def test_no_places_inside_person_names(nlp):
    text = (
        "Captain Zin Yaw told reporters the plan had failed. U Yee Mon and Maj. Gen. Zaw Min Tun disagreed, "
        "while Ko Tay Zar and Kyaw Kyaw said nothing. The TNLA's Lway Yay Oo said the town was quiet."
    )
    assert found(nlp, text) == []


def test_ethnic_names_used_as_adjectives_are_not_places(nlp):
    assert names(nlp, "Karen groups said the Kachin media had reported it first.") == []
    assert names(nlp, "A Karen village was burned.") == []
    assert names(nlp, "Fighting resumed in northern Shan.") == ["Shan State"]
    # after a locative preposition, with no noun after it, the name is the State's
    assert names(nlp, "Thousands have been displaced in Kachin since the coup.") == ["Kachin State"]
    assert names(nlp, "Troops burned Kachin villages in the north.") == []


def test_outlets_and_features_are_not_places(nlp):
    assert names(nlp, "A commander told The Irrawaddy that boats sank in the Irrawaddy River.") == []


def test_a_building_known_by_its_town_names_the_town(nlp):
    text = "Two bombs exploded at Insein Prison, and the wounded were taken to Lashio General Hospital."
    assert names(nlp, text) == ["Insein", "Lashio"]


def test_common_words_need_a_type_word(nlp):
    assert names(nlp, "Pale faces and a Muse for the poet.") == []
    assert names(nlp, "Troops torched houses in Pale Township.") == ["Pale Township"]


# ------------------------------------------------------------------------------------ outside the gazetteer
def test_a_camp_not_in_the_gazetteer_is_kept(nlp):
    doc = nlp("Jets bombed the headquarters at Camp Victoria near the Indian border in Chin State on Tuesday.")
    by_text = {s.text: s._.place for s in doc.spans["places"]}
    camp = by_text["Camp Victoria"]
    assert (camp["in_gazetteer"], camp["admin1"], camp["geo_precision"], camp["pcode"]) == (
        False,
        "Chin State",
        3,
        None,
    )
    chin = by_text["Chin State"]
    assert (camp["latitude"], camp["longitude"]) == (chin["latitude"], chin["longitude"])
    assert camp["location_id"] == unlisted_location_id("Camp Victoria", "other", "Chin State", None)
    assert by_text["Indian"]["name"] == "India"


def test_an_unknown_village_inside_a_known_township(nlp):
    doc = nlp("Troops raided Yoma Nyein village in Kanbalu Township at dawn.")
    village = doc.spans["places"][0]._.place
    assert (
        village["name"],
        village["location_type"],
        village["in_gazetteer"],
        village["admin3"],
        village["geo_precision"],
    ) == ("Yoma Nyein", "village", False, "Kanbalu Township", 2)


def test_ids_are_deterministic(nlp):
    text = "Troops raided Yoma Nyein village in Kanbalu Township at dawn."
    doc1, doc2 = nlp(text), nlp(text)
    first = [s._.place["location_id"] for s in doc1.spans["places"]]
    assert first == [s._.place["location_id"] for s in doc2.spans["places"]]
    assert len(first) == 2


# ------------------------------------------------------------------------------------ spellings outside the fold
def test_a_township_spelt_otherwise_is_found_by_the_fuzzy_level(nlp):
    got = found(nlp, "Troops shelled Depayin Township in Sagaing Region.")
    assert got[0] == ("Depayin Township", "Tabayin Township", "township", "Sagaing Region")
    # bare, in a place context, with the region named in the sentence: the town
    assert found(nlp, "Fighting broke out near Depayin, Sagaing Region, on Monday.")[0] == (
        "Depayin",
        "Tabayin",
        "town",
        "Sagaing Region",
    )


def test_a_town_the_news_calls_a_township_is_that_town(nlp):
    # Kyaikdon is a town (a sub-township) of Kyainseikgyi: not the township one letter away, Kyaikto
    assert found(nlp, "Troops shelled Kyaikdon Township in Kayin State.")[0] == (
        "Kyaikdon Township",
        "Kyaikdon",
        "town",
        "Kayin State",
    )
    # a township and its seat share a name: "Township" still names the township
    assert found(nlp, "Troops shelled Lashio Township.")[0][1:3] == ("Lashio Township", "township")
    assert names(nlp, "Fighting spread across Theinni Township.") == ["Hseni Township"]
    assert names(nlp, "A bomb went off in South Dagon.") == ["Dagon Myothit (South)"]


def test_the_cities_of_x_and_y_are_towns(nlp):
    got = found(nlp, "Rebels fired rockets at the cities of Magway and Meiktila.")
    assert [(n, t) for _, n, t, _ in got] == [("Magway", "town"), ("Meiktila", "town")]


def test_the_fuzzy_level_can_be_switched_off():
    plain = spacy.blank("en")
    plain.add_pipe("place_matcher", config={"fuzzy": False})
    doc = plain("Troops shelled Depayin Township in Sagaing Region.")
    depayin = doc.spans["places"][0]._.place
    assert (depayin["name"], depayin["in_gazetteer"]) == ("Depayin Township", False)  # kept as written


def test_a_fuzzy_name_keeps_its_meaning_in_the_article(nlp):
    text = "Troops shelled Depayin Township in Sagaing Region. Residents of Depayin fled north."
    assert names(nlp, text) == ["Tabayin Township", "Sagaing Region", "Tabayin Township"]


def test_a_short_bare_name_needs_its_state_in_the_sentence(nlp):
    assert names(nlp, "Airstrikes on Tiddim and Thantlang in Chin State.") == ["Tedim", "Thantlang", "Chin State"]
    assert names(nlp, "Airstrikes hit Tiddim on Monday.") == []


def test_spelling_variants_of_units(nlp):
    assert names(nlp, "Fighting continued in Taninthayi Region.") == ["Tanintharyi Region"]
    assert names(nlp, "Soldiers torched Kyaikmayaw Township villages.") == ["Kyaikmaraw Township"]
    assert names(nlp, "Clashes in Kyaukgyi Township and Toungoo.") == ["Kyaukkyi Township", "Taungoo"]
    assert names(nlp, "Kanbalu and Depayin townships were shelled.") == ["Kanbalu Township", "Tabayin Township"]


def test_a_village_spelt_otherwise_inside_the_named_township(nlp):
    doc = nlp("Troops burned Sa Tain Thaung village in Tanintharyi Township.")
    village = doc.spans["places"][0]._.place
    assert (village["name"], village["pcode"], village["in_gazetteer"]) == ("Sa Tein Thaung", "177899", True)
    doc = nlp("Troops burned Sa Tain Thaung village.")  # no township: kept as written
    village = doc.spans["places"][0]._.place
    assert (village["name"], village["in_gazetteer"], village["geo_precision"]) == ("Sa Tain Thaung", False, 3)


def test_a_named_base_or_camp_with_qualifiers_is_a_place(nlp):
    doc = nlp("Fighters attacked the Pulu Tu frontier military base on Friday.")
    assert [(s._.place["name"], s._.place["location_type"]) for s in doc.spans["places"]] == [("Pulu Tu", "other")]
    doc = nlp("The armed group captured the Mada Bum and Yaw Yung Bum military camps.")
    assert [s._.place["name"] for s in doc.spans["places"]] == ["Mada Bum", "Yaw Yung Bum camp"]


def test_a_village_of_its_township_is_named_before_the_type_word(nlp):
    doc = nlp("Planes bombed a ceremony in Moe Tarr Lay village of Katha township on Wednesday.")
    assert [s._.place["name"] for s in doc.spans["places"]] == ["Moe Tarr Lay", "Katha Township"]
    doc = nlp("Troops entered the village of Moe Tarr Lay in Katha township.")
    assert [s._.place["name"] for s in doc.spans["places"]] == ["Moe Tarr Lay", "Katha Township"]


@pytest.mark.parametrize(
    "text",
    [
        "Fighting broke out in March near Zin Yaw's house.",
        "Captain Zin Yaw said fighting in Tatmadaw ranks continued.",
        "He spoke to Reuters from Washington and to Mizzima in Bangkok.",
        "Refugees reached Kunming, Mae Sot and Chiang Mai.",
        "The Pyu Saw Htee militia attacked at Thingyan with the Brotherhood Alliance.",
        "Fighters posted on Facebook and Telegram in Changing times.",
    ],
)
def test_words_and_names_in_place_contexts_are_not_places(nlp, text):
    # countries and the places abroad of places_abroad.csv (Mae Sot, Washington) may be found; no place of Myanmar
    assert list(myanmar_places(nlp, text)) == []


def myanmar_places(nlp, text):
    """(span text, place name) of the places found inside Myanmar (not a country, not a place abroad)."""
    out = []
    for s in nlp(text).spans["places"]:
        p = s._.place
        if (
            p["location_type"] != "country"
            and (p["pcode"] or "MMR").startswith("MMR")
            and p["admin1"] in (None, *MYANMAR_ADMIN1)
            and not (p["admin1"] is None and p["in_gazetteer"])
        ):
            out.append((s.text, p["name"]))
    return out


MYANMAR_ADMIN1 = (
    "Kachin State",
    "Kayah State",
    "Kayin State",
    "Chin State",
    "Mon State",
    "Rakhine State",
    "Shan State",
    "Sagaing Region",
    "Tanintharyi Region",
    "Bago Region",
    "Magway Region",
    "Mandalay Region",
    "Yangon Region",
    "Ayeyarwady Region",
    "Nay Pyi Taw",
)


# ------------------------------------------------------------------------------------ ambiguity
def test_a_village_in_two_townships_takes_the_one_the_sentence_names_nearest(nlp):
    # Ah Lan Kone is a village of Thongwa Township (Yangon) and of Nyaungdon Township (Ayeyarwady)
    before = found(nlp, "Soldiers burned Ah Lan Kone village in Thongwa Township before moving to Nyaungdon Township.")
    after = found(nlp, "Soldiers moved from Thongwa Township to Nyaungdon Township and burned Ah Lan Kone village.")
    assert before[0][1:] == ("Ah Lan Kone", "village", "Yangon Region")
    assert after[2][1:] == ("Ah Lan Kone", "village", "Ayeyarwady Region")


def test_an_ambiguous_name_without_context_is_kept_at_what_its_places_share(nlp):
    doc = nlp("Soldiers burned Ah Lan Kone village.")
    place = doc.spans["places"][0]._.place
    assert (place["name"], place["in_gazetteer"], place["admin1"], place["geo_precision"]) == (
        "Ah Lan Kone",
        False,
        None,
        3,
    )
    doc = nlp("Clashes erupted in Minhla on Monday.")  # a town of Magway and of Bago Region
    place = doc.spans["places"][0]._.place
    assert (place["name"], place["in_gazetteer"], place["geo_precision"]) == ("Minhla", False, 3)
    assert names(nlp, "Clashes erupted in Minhla, Magway Region, on Monday.") == ["Minhla", "Magway Region"]
    assert found(nlp, "Clashes erupted in Minhla, Magway Region, on Monday.")[0][3] == "Magway Region"


def test_a_village_named_with_its_type_word_keeps_its_meaning_when_written_bare(nlp):
    got = found(nlp, "Kanto village in Tanintharyi Township was raided. Later Kan To was burned again.")
    assert [g[1:3] for g in got] == [("Kan To", "village"), ("Tanintharyi Township", "township"), ("Kan To", "village")]


# ------------------------------------------------------------------------------------ outside the gazetteer (more)
def test_a_missing_village_takes_its_townships_point(nlp):
    doc = nlp("Troops raided Yoma Nyein village in Kanbalu Township at dawn. Yoma Nyein residents fled.")
    spans = doc.spans["places"]
    village, township = spans[0]._.place, spans[1]._.place
    assert (village["latitude"], village["longitude"]) == (township["latitude"], township["longitude"])
    assert (village["geo_precision"], village["admin3"], village["in_gazetteer"]) == (2, "Kanbalu Township", False)
    assert spans[2].text == "Yoma Nyein" and spans[2]._.place["location_id"] == village["location_id"]


def test_numbered_hills_and_camps_are_kept(nlp):
    doc = nlp("Fighters overran Hill 1010 in Chin State and Camp 5 near Lashio.")
    by_text = {s.text: s._.place for s in doc.spans["places"]}
    assert (by_text["Hill 1010"]["admin1"], by_text["Hill 1010"]["geo_precision"]) == ("Chin State", 3)
    assert (by_text["Camp 5"]["admin3"], by_text["Camp 5"]["geo_precision"]) == ("Lashio Township", 2)


# ------------------------------------------------------------------------------------ speed
def test_a_long_article_takes_a_few_milliseconds(nlp):
    para = (
        "Resistance forces attacked junta positions in Kanbalu Township, Sagaing Region, on Monday, "
        "while the Karen National Liberation Army shelled a base near Hpapun in Karen State. "
        "U Yee Mon said fighting in Mon and Karen states would continue. "
    )
    text = (para * 30)[:5000]
    comp = nlp.get_pipe("place_matcher")
    doc = nlp.make_doc(text)
    comp(doc)
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        comp(nlp.make_doc(text))
    per_doc_ms = (time.perf_counter() - start) / runs * 1000
    assert per_doc_ms < 25, per_doc_ms  # about 2-3 ms here; generous for slow machines


# ------------------------------------------------------------------------- lists, camps, "known as"
def typed(nlp, text):
    """(span text, place name, type) for every place span."""
    return [(t, n, k) for t, n, k, _ in found(nlp, text)]


def test_a_listed_village_named_like_a_person_takes_the_lists_type_word(nlp):
    # "Daw" is also a title ("Daw Aung San Suu Kyi"); before "and X villages" it opens a village name
    got = typed(nlp, "Shells landed in Daw Byar Ku and Saw Lel villages in Hpruso Township on Tuesday.")
    assert ("Daw Byar Ku", "Daw Byar Ku", "village") in got
    assert ("Saw Lel villages", "Saw Lel", "village") in got


def test_a_person_before_a_list_of_places_is_still_a_person(nlp):
    got = typed(nlp, "Daw Khin Myint and her son fled from Saw Lel village in Hpruso Township.")
    assert [name for _, name, _ in got] == ["Saw Lel", "Hpruso Township"]


def test_a_camp_named_with_a_word_between_its_name_and_camp_is_kept(nlp):
    got = typed(nlp, "Jets bombed the Hpa Lu refugee camp in Chin State and the Nga Ywa IDP camp nearby.")
    # the word between describes the camp: the place is "Hpa Lu camp" (a camp named after its village)
    assert ("Hpa Lu refugee camp", "Hpa Lu camp", "other") in got
    assert ("Nga Ywa IDP camp", "Nga Ywa camp", "other") in got


def test_a_camp_known_locally_by_a_name_is_a_place(nlp):
    doc = nlp("Troops overran a resistance hilltop camp known locally as Ler Pa Doh in Hlaingbwe Township.")
    camp = [s._.place for s in doc.spans["places"] if s.text == "Ler Pa Doh"]
    assert [(p["name"], p["location_type"], p["in_gazetteer"], p["admin3"]) for p in camp] == [
        ("Ler Pa Doh", "other", False, "Hlaingbwe Township")
    ]


def test_only_a_place_word_before_known_as_makes_a_place(nlp):
    assert [n for _, n, _ in typed(nlp, "A man known locally as Ko Tun was arrested in Hlaingbwe Township.")] == [
        "Hlaingbwe Township"
    ]


def test_the_usual_english_spelling_of_a_town_resolves_to_mimus(nlp):
    got = typed(nlp, "The alliance seized the town of Hsenwi after fighting spread across Hsenwi Township.")
    assert [(n, t) for _, n, t in got] == [("Hseni", "town"), ("Hseni Township", "township")]


# ------------------------------------------------------- lists of unlisted places, places abroad, spellings
def test_a_plural_type_word_makes_every_name_of_its_list_a_place(nlp):
    got = typed(nlp, "Families fled from Pyinlaung and Kone Thar villages in Kanbalu Township.")
    assert ("Pyinlaung", "Pyinlaung", "village") in got
    got = typed(nlp, "Shelling hit Kutkai, Kyuakme and Lashio townships last week.")
    assert ("Kyuakme", "Kyaukme Township", "township") in got  # a misspelt township of the list
    # no list: a name before "and" that is not followed by the plural type word stays unmarked
    assert "Pyinlaung" not in names(nlp, "Pyinlaung and his son fled to Kone Thar village in Kanbalu Township.")


def test_a_plural_type_word_before_a_list_names_each_place(nlp):
    got = typed(nlp, "Troops raided four wards: Zaytan, Myoma Thit and Aungthukha of Monywa on Friday.")
    assert [n for _, n, t in got if t == "other"] == ["Zaytan", "Myoma Thit", "Aungthukha"]
    got = typed(nlp, "People from 12 villages, including Thitpoke Kone and Nwargyi, fled Kani Township.")
    assert ("Thitpoke Kone", "Thitpoke Kone", "village") in got and ("Nwargyi", "Nwargyi", "village") in got
    # a comma alone does not introduce a list: "villages, Amnesty International said"
    got = typed(nlp, "Soldiers torched several villages, Amnesty Director Plenty Zarni said in Kani Township.")
    assert [n for _, n, _ in got] == ["Kani Township"]


def test_the_states_of_a_list(nlp):
    got = found(nlp, "Displacement rose in the eastern states of Shan, Kayah and Kayin.")
    assert [n for _, n, _, _ in got] == ["Shan State", "Kayah State", "Kayin State"]
    assert names(nlp, "Fighting spread in the northern state of Kachin.") == ["Kachin State"]


def test_unknown_names_in_a_locative_list_with_a_myanmar_place_are_kept(nlp):
    doc = nlp("Clashes erupted on Sunday in Rihkhawdar, Vantlang and Hmunlui, close to the Indian border.")
    got = [(s.text, s._.place["admin1"], s._.place["in_gazetteer"]) for s in doc.spans["places"]]
    assert got[:3] == [
        ("Rihkhawdar", "Chin State", True),
        ("Vantlang", "Chin State", False),
        ("Hmunlui", "Chin State", False),
    ]
    doc = nlp("The rebels overran the outpost at Thangzang in Chin State.")
    p = doc.spans["places"][0]._.place
    assert (doc.spans["places"][0].text, p["admin1"], p["in_gazetteer"]) == ("Thangzang", "Chin State", False)


@pytest.mark.parametrize(
    "text",
    [
        "He met officials in Washington and Yangon.",  # a place abroad in the list
        "Talks were held in Geneva and Naypyitaw last year.",
        "Envoys travelled to Kunming, Beijing and Lashio.",
        "Fighting spread in Mandalay, Decrees Death Penalty For Protesters",  # a headline in title case
        "The delegation stayed at Parkview and left.",  # one name, no unit after it
        "Shells fell in Sittwe, Khaing Thukha said.",  # commas alone make no list
    ],
)
def test_a_locative_list_needs_a_myanmar_place_and_nothing_abroad(nlp, text):
    kept = [s.text for s in nlp(text).spans["places"] if not s._.place["in_gazetteer"]]
    assert kept == []


def test_places_abroad_are_found_outside_myanmar(nlp):
    from extract.nlp.places import PlaceFinder

    finder = PlaceFinder(abroad=True)
    text = "Refugees crossed to Zokhawthar in Mizoram's Champhai district and to Mae Sot in Tak."
    got = [(pm.place.display_name, pm.place.admin1) for pm in finder.find(text)]
    assert got == [
        ("Zokhawthar", "Mizoram"),
        ("Mizoram", "Mizoram"),
        ("Champhai", "Mizoram"),
        ("Mae Sot", "Tak"),
        ("Tak", "Tak"),
    ]
    # the component leaves them out of its spans by default (events and figures take every span as a place in
    # Myanmar), and no Myanmar village takes their names
    assert found(nlp, text) == []
    assert names(nlp, "Soldiers fled to Moreh in Manipur and then to Tamu.") == ["Tamu"]
    # a name the article puts in Myanmar is not inside the place abroad another sentence names
    doc = nlp("Some 1,400 people crossed to Zokhawthar in Mizoram. They are from Khawmawi and Rih villages.")
    assert [(s.text, s._.place["in_gazetteer"]) for s in doc.spans["places"]] == [
        ("Khawmawi", False),
        ("Rih villages", False),
    ]


def test_a_country_or_its_adjective_before_a_type_word_is_no_town(nlp):
    assert names(nlp, "Troops fired on crowds in the central Myanmar city of Bago.") == ["Myanmar", "Bago"]
    assert names(nlp, "They were sent to Tamu, the nearest Myanmarese town.") == ["Tamu"]


def test_a_camp_is_named_without_the_word_that_describes_it(nlp):
    got = typed(nlp, "Shells hit the Nam Lim Pa displacement camp near Hpakant.")
    assert ("Nam Lim Pa displacement camp", "Nam Lim Pa camp", "other") in got


def test_sub_township_direction_names_and_common_spellings(nlp):
    got = typed(nlp, "Residents of Nawng Lawng sub township in Loikaw Township heard gunfire.")
    assert ("Nawng Lawng sub township", "Nawng Lawng Township", "township") in got
    assert names(nlp, "A bomb exploded in South Dagon Township, Yangon.") == [
        "Dagon Myothit (South) Township",
        "Yangon Region",
    ]
    assert names(nlp, "The alliance took Laukkai and marched on Kalay.") == ["Laukkaing", "Kale"]
    # a direction word before a name that is not a unit's own name stays outside it
    assert names(nlp, "Fighting spread across northern Shan State.") == ["Shan State"]


def test_a_site_called_a_name_and_a_karen_title(nlp):
    got = typed(nlp, "The concert was held at a site called A Lel Bum in Hpakant Township.")
    assert ("A Lel Bum", "A Lel Bum", "other") in got
    assert names(nlp, "Casualties are unknown, said Padoh Saw Taw Nee of the KNU.") == []


def test_a_name_after_a_capitalised_function_word_is_still_a_place(nlp):
    # a headline run on into a caption: "... in Yangon A protester ..."
    assert names(nlp, "Death sentences for 19 in Yangon A protester sets off fireworks.") == ["Yangon Region"]


def test_a_state_before_a_plural_type_word_of_smaller_units_is_the_state(nlp):
    from extract.nlp.places import PlaceFinder

    got = [pm.place.display_name for pm in PlaceFinder(abroad=True).find("Six Mizoram districts border Myanmar.")]
    assert got == ["Mizoram", "Myanmar"]  # not an unknown "Mizoram District"
    # but a state's name that is also a township stays the township before "townships"
    assert names(nlp, "Sagaing and Monywa townships were shelled.") == ["Sagaing Township", "Monywa Township"]


def test_a_name_beside_a_stop_name_is_part_of_a_persons_name(nlp):
    # "Kyaw" is a stop name (never a place bare): it still makes "Tar Aik" part of a capitalised run
    assert names(nlp, "Eighteen soldiers died in Lashio Township, according to Tar Aik Kyaw.") == ["Lashio Township"]
    assert names(nlp, "Fighting near Ann Township and Ann town continued.")[0] == "Ann Township"


def test_a_name_the_article_establishes_as_a_place_is_that_place_everywhere(nlp):
    # "Lunghpai and Thenzawl villages" makes both places outside the gazetteer; the earlier "from Myanmar's
    # Lunghpai" and the later "at Thenzawl" are the same places (same record), as whole capitalised runs
    text = (
        "Troops fled from Myanmar's Lunghpai after their camp was overrun. Residents of Lunghpai and "
        "Thenzawl villages in Chin State fled. Fighting at Thenzawl went on."
    )
    got = found(nlp, text)
    assert [(t, n) for t, n, _, _ in got if n != "Myanmar"] == [
        ("Lunghpai", "Lunghpai"),
        ("Lunghpai", "Lunghpai"),
        ("Thenzawl villages", "Thenzawl"),
        ("Chin State", "Chin State"),
        ("Thenzawl", "Thenzawl"),
    ]
    # "X camp" establishes X too: the bare name elsewhere is the camp
    assert names(nlp, "Jets struck Naungpa camp near Hpakant Township. Naungpa was home to 300 people.") == [
        "Naungpa camp",
        "Hpakant Township",
        "Naungpa camp",
    ]


def test_an_established_name_is_not_taken_inside_other_names(nlp):
    text = "Residents of Lunghpai and Thenzawl villages fled. The Lunghpai Battalion and Col Thenzawl Hla denied it."
    assert [t for t, _, _, _ in found(nlp, text)] == ["Lunghpai", "Thenzawl villages"]
    # nor a name nobody established as a place
    assert names(nlp, "Lunghpai said the Thenzawl report was wrong.") == []


def test_a_line_wrapped_inside_a_sentence_does_not_cut_a_name(nlp):
    text = (
        "Residents flee again\n\n"
        "Fighting broke out on Tuesday near the Kachin Independence Army base close to the village of Hpum\n"
        "Lwe Yang in Waingmaw Township, residents said."
    )
    assert [(t.replace("\n", " "), n) for t, n, _, _ in found(nlp, text)] == [
        ("Hpum Lwe Yang", "Hpum Lwe Yang"),
        ("Waingmaw Township", "Waingmaw Township"),
    ]
    # a short first line (a headline) is no wrapped sentence
    assert names(nlp, "Shelling near Hpum\nLwe Yang village burned houses.")[-1] == "Lwe Yang"


def test_a_countrys_possessive_after_a_place_preposition_is_a_place_context(nlp):
    # the fuzzy level takes a misspelt town after "from Myanmar's" as after "from"
    assert names(nlp, "Soldiers fled from Myanmar's Thantalang after the attack.") == ["Myanmar", "Thantlang"]
    # not without the preposition, nor an organisation or a person
    assert names(nlp, "Myanmar's Thantalang is big.") == ["Myanmar"]
    assert names(nlp, "Troops fled from Myanmar's Arakan Army.") == ["Myanmar"]


def test_places_abroad_go_to_their_own_span_group(nlp):
    doc = nlp("Some 3,000 people fled from Tedim to Mizoram and Champhai last week.")
    assert [s.text for s in doc.spans["places"]] == ["Tedim"]  # events and figures: Myanmar only
    assert [(s.text, s._.place["name"], s._.place["in_myanmar"]) for s in doc.spans["places_abroad"]] == [
        ("Mizoram", "Mizoram", False),
        ("Champhai", "Champhai", False),
    ]
    # a Myanmar place's record has no such field, and an article without places abroad has an empty group
    doc = nlp("Fighting spread to Tanai Township.")
    assert "in_myanmar" not in doc.spans["places"][0]._.place and list(doc.spans["places_abroad"]) == []


def test_a_bare_established_name_is_the_settlement_rather_than_the_camp_named_after_it(nlp):
    text = "Shells hit the Lungkhin camp. The camp lies near Lungkhin town in Chin State. Lungkhin was shelled again."
    assert [(t, n) for t, n, _, _ in found(nlp, text)][-1] == ("Lungkhin", "Lungkhin")


def test_a_place_abroad_with_a_type_word_is_not_a_new_myanmar_village(nlp):
    doc = nlp("Zokhawthar village council members said seven fighters were killed on Monday.")
    assert [s.text for s in doc.spans["places"]] == []
    assert [s.text for s in doc.spans["places_abroad"]] == ["Zokhawthar village"]
