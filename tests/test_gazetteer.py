"""The Myanmar gazetteer: name keys, the table built from MIMU 9.6, and name resolution."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

import pytest

from extract.gazetteer import Gazetteer, load_gazetteer, location_id, place_key, unlisted_location_id, variant_key
from extract.gazetteer.fuzzy import edit_distance


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()  # builds build/gazetteer.parquet on first use


# ------------------------------------------------------------------------------------ keys
@pytest.mark.parametrize(
    "a, b",
    [
        ("Kyain Seikgyi", "Kyainseikgyi"),
        ("Hpa-An", "Hpa An"),
        ("Kanbalu Township", "Kanbalu"),
        ("Tanintharyi Region’s", "Tanintharyi"),
        ("Tanintharyi Region's", "tanintharyi"),
        ("Kone Thar Village Tract", "Kone Thar"),
        ("Hpapun District", "Hpapun"),
        ("Shan State", "Shan"),
        ("Wagèma", "Wagema"),
    ],
)
def test_place_key_ignores_spacing_case_and_generic_words(a, b):
    assert place_key(a) == place_key(b)


def test_place_key_keeps_a_lone_generic_word():
    assert place_key("Town") == "town"
    assert place_key("Kyainseikgyi") == "kyainseikgyi"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Mawdaung", "Maw Taung"),
        ("Maw Daung", "Mawtaung"),
        ("Magwe", "Magway"),
        ("Papun", "Hpapun"),
        ("Kya-In Seikkyi", "Kyainseikgyi"),
        ("Pa-an", "Hpa-An"),
        ("Sittway", "Sittwe"),
        ("Toungoo", "Taungoo"),
        ("Kalay", "Kale"),
        ("Yinmabin", "Yinmarbin"),
        ("Pyin Oo Lwin", "Pyinoolwin"),
    ],
)
def test_variant_key_folds_romanisation_variants(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize("a, b", [("Hpa-An", "Hpapun"), ("Mon", "Muse"), ("Bago", "Pegu"), ("Kachin", "Chin")])
def test_variant_key_keeps_different_names_apart(a, b):
    assert variant_key(a) != variant_key(b)


def test_variant_key_does_not_merge_township_names(gaz):
    groups = defaultdict(set)
    for p in gaz.places:
        if p.location_type == "township":
            groups[variant_key(p.name)].add(place_key(p.name))
    assert [v for v in groups.values() if len(v) > 1] == []


def test_variant_key_merges_few_town_names(gaz):
    groups = defaultdict(set)
    for p in gaz.places:
        if p.location_type in ("town", "township"):
            groups[variant_key(p.name)].add(place_key(p.name))
    merged = [sorted(v) for v in groups.values() if len(v) > 1]
    assert len(merged) <= 3, merged


# ------------------------------------------------------------------------------------ the table
def test_table_has_every_mimu_level(gaz):
    counts = Counter(p.location_type for p in gaz.places if p.level != "abroad")
    assert counts["state_region"] == 18 + 2  # MIMU's 18, plus the whole of Shan and of Bago
    assert counts["district"] == 84
    assert counts["township"] == 358
    assert counts["town"] == 506
    assert counts["village_tract"] == 13_979
    assert counts["village"] == 72_569
    assert counts["country"] >= 1


def test_state_and_region_names_follow_myanmar_usage(gaz):
    assert gaz.by_pcode("MMR001").display_name == "Kachin State"
    assert gaz.by_pcode("MMR005").display_name == "Sagaing Region"
    assert gaz.by_pcode("MMR003").display_name == "Kayin State"
    assert gaz.by_pcode("MMR018").display_name == "Nay Pyi Taw"
    shan = gaz.by_pcode("MMR014|MMR015|MMR016")
    assert (shan.display_name, shan.location_type, shan.admin1) == ("Shan State", "state_region", "Shan State")
    assert gaz.by_pcode("MMR007|MMR008").display_name == "Bago Region"


def test_places_in_split_states_carry_the_whole_state_as_admin1(gaz):
    lashio = gaz.by_pcode("MMR015001701")
    assert (lashio.name, lashio.location_type, lashio.admin1, lashio.admin3) == (
        "Lashio",
        "town",
        "Shan State",
        "Lashio Township",
    )
    assert gaz.by_pcode("MMR014|MMR015|MMR016").contains(lashio)


def test_town_names_drop_the_word_town(gaz):
    town = gaz.by_pcode("MMR006008702")
    assert (town.name, town.display_name, town.admin3) == ("Maw Taung", "Maw Taung", "Tanintharyi Township")


def test_township_is_placed_at_its_seat_town(gaz):
    tsp, seat = gaz.by_pcode("MMR006008"), gaz.by_pcode("MMR006008701")
    assert (tsp.latitude, tsp.longitude) == (seat.latitude, seat.longitude)
    assert tsp.geo_precision == 2 and seat.geo_precision == 1


def test_self_administered_zones_have_names(gaz):
    assert gaz.by_pcode("MMR014S002").display_name == "Pa-O Self-Administered Zone"


def test_every_point_lies_in_myanmar(gaz):
    outside = [
        p.pcode
        for p in gaz.places
        if p.location_type != "country"
        and p.level != "abroad"
        and p.latitude is not None
        and not (9.4 <= p.latitude <= 28.7 and 92.0 <= p.longitude <= 101.3)
    ]
    assert outside == []


def test_location_ids_are_hashes_of_pcodes(gaz):
    p = gaz.by_pcode("MMR006008")
    assert p.location_id == location_id("MMR006008") == "loc_" + hashlib.sha256(b"MMR006008").hexdigest()[:16]
    assert len({q.location_id for q in gaz.places}) == len(gaz.places)


# ------------------------------------------------------------------------------------ lookup
def test_candidates_exact_then_variant(gaz):
    assert {p.pcode for p in gaz.candidates("Maw Taung")} >= {"MMR006008702", "177491"}
    assert "MMR006008702" in {p.pcode for p in gaz.candidates("Mawdaung")}  # by the variant key only


@pytest.mark.parametrize(
    "surface, pcode",
    [
        ("Karen State", "MMR003"),
        ("Arakan State", "MMR012"),
        ("Magwe Region", "MMR009"),
        ("Irrawaddy Region", "MMR017"),
        ("Shan State", "MMR014|MMR015|MMR016"),
        ("Bago Region", "MMR007|MMR008"),
        ("Pegu", "MMR007|MMR008"),
        ("Naypyitaw", "MMR018"),
        ("Papun", "MMR003003701"),  # manual alias -> Hpapun town
        ("Papun District", "MMR003D004"),
        ("Moulmein", "MMR011001701"),  # GeoNames old name -> Mawlamyine
        ("Mawdaung Town", "MMR006008702"),  # variant key: Maw Taung Town
        ("Kyain Seikgyi Township", "MMR003007"),
        ("Myanmar", "MMR"),
        ("Burma", "MMR"),
    ],
)
def test_resolve_names_exonyms_and_variants(gaz, surface, pcode):
    assert gaz.resolve(surface).pcode == pcode


def test_bare_names_prefer_states_then_towns(gaz):
    assert gaz.resolve("Lashio").location_type == "town"
    assert gaz.resolve("Kanbalu").location_type == "town"  # the township's seat town
    assert gaz.resolve("Bago").display_name == "Bago Region"
    assert gaz.resolve("Sagaing").display_name == "Sagaing Region"


def test_type_hints_choose_the_level(gaz):
    assert gaz.resolve("Tanintharyi Township").pcode == "MMR006008"
    assert gaz.resolve("Tanintharyi", "region").pcode == "MMR006"
    assert gaz.resolve("Tanintharyi", "town").pcode == "MMR006008701"
    assert gaz.resolve("Lashio District").location_type == "district"
    assert gaz.resolve("Magwe", "regions").display_name == "Magway Region"


def test_context_picks_between_same_named_townships(gaz):
    assert gaz.resolve("Minhla Township", context={"MMR009"}).admin1 == "Magway Region"
    assert gaz.resolve("Minhla Township", context={"MMR007|MMR008"}).admin1 == "Bago Region"


def test_a_village_resolves_inside_the_township_the_article_names(gaz):
    kanto = gaz.resolve("Kanto", "village", context={"MMR006008"})  # Tanintharyi Township
    assert (kanto.pcode, kanto.name, kanto.admin3, kanto.geo_precision) == (
        "177965",
        "Kan To",
        "Tanintharyi Township",
        1,
    )
    assert gaz.resolve("Kanto", context={"MMR006008"}).pcode == "177965"  # bare, but in context
    assert gaz.resolve("Kanto") is None  # bare, no context
    assert gaz.resolve("Kanto", "village", context={"MMR001"}) is None  # not in Kachin State
    assert gaz.resolve("Kanto", "village") is None  # two villages: ambiguous


def test_nothing_fits(gaz):
    assert gaz.resolve("Xyzzyville") is None
    assert gaz.resolve("Lashio", "village") is None


def test_places_outside_the_gazetteer(gaz):
    chin = gaz.resolve("Chin State")
    camp = gaz.unlisted("Camp Victoria", "other", within=chin)
    assert (camp.in_gazetteer, camp.admin1, camp.geo_precision, camp.pcode) == (False, "Chin State", 3, None)
    assert (camp.latitude, camp.longitude) == (chin.latitude, chin.longitude)
    assert camp.location_id == unlisted_location_id("Camp Victoria", "other", "Chin State", None)
    village = gaz.unlisted("Yoma Nyein", "village", within=gaz.by_pcode("MMR005007"))
    assert (village.geo_precision, village.admin3, village.admin1) == (2, "Kanbalu Township", "Sagaing Region")


# ------------------------------------------------------------------------------------ spelling variants
@pytest.mark.parametrize(
    "a, b",
    [
        ("Mawdaung", "Mawtaung"),
        ("Mawtaung", "Maw Taung"),
        ("Magwe", "Magway"),
        ("Hpapun", "Papun"),
        ("Kyaukkyi", "Kyaukgyi"),
        ("Taungoo", "Toungoo"),
        ("Nyaunglaybin", "Nyaunglebin"),  # "ay" before a consonant is an "e"
    ],
)
def test_the_variant_key_folds_the_usual_spellings(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Depayin", "Tabayin"),  # a vowel for a vowel
        ("Tiddim", "Tedim"),
        ("Kyaikmayaw", "Kyaikmaraw"),  # y for r
        ("Kunlone", "Kunlong"),  # the last letter
        ("Kantbalu", "Kanbalu"),  # a consonant of a cluster left out
        ("Bokepyin", "Bokpyin"),  # a vowel written in
    ],
)
def test_one_edit_of_the_kinds_romanised_burmese_shows(a, b):
    assert edit_distance(variant_key(a), variant_key(b)) == 1


@pytest.mark.parametrize(
    "a, b",
    [
        ("Kunming", "Kunhing"),  # a consonant for another consonant is not a spelling variant
        ("Dawson", "Dawbon"),
        ("Pattern", "Pathein"),
    ],
)
def test_other_edits_do_not_count_as_one(a, b):
    assert edit_distance(variant_key(a), variant_key(b)) > 1


# ------------------------------------------------------------------------------------ the fuzzy level
UNIT_TYPES = ("state_region", "town", "township", "district")


def test_fuzzy_finds_a_township_spelt_otherwise(gaz):
    best, dist = gaz.fuzzy("Depayin", ("township",), national=True)
    assert [(p.display_name, p.admin1) for p in best] == [("Tabayin Township", "Sagaing Region")] and dist == 1
    best, _ = gaz.fuzzy("Depayin", UNIT_TYPES, context={"MMR005": 2.0})  # Sagaing Region named
    assert [p.display_name for p in best] == ["Tabayin"]  # a bare name: the town
    assert gaz.fuzzy("Depayin", UNIT_TYPES, context={"MMR001": 2.0}) == ([], 0)  # Kachin State: nothing


def test_fuzzy_short_names_need_the_state(gaz):
    assert gaz.fuzzy("Tiddim", ("township",), national=True) == ([], 0)  # five letters: too short alone
    best, _ = gaz.fuzzy("Tiddim", ("township",), context={"MMR004": 2.0})  # Chin State named
    assert [p.display_name for p in best] == ["Tedim Township"]


def test_fuzzy_villages_only_inside_the_units_the_article_names(gaz):
    tanintharyi_township, kachin_state = "MMR006008", "MMR001"
    best, _ = gaz.fuzzy("Sa Tain Thaung", ("village",), context={tanintharyi_township: 2.0})
    assert [(p.name, p.pcode) for p in best] == [("Sa Tein Thaung", "177899")]
    assert gaz.fuzzy("Sa Tain Thaung", ("village",), context={kachin_state: 1.0}) == ([], 0)
    assert gaz.fuzzy("Sa Tain Thaung", ("village",), national=True) == ([], 0)


@pytest.mark.parametrize(
    "name",
    [
        "March",
        "Monday",
        "Zin Yaw",
        "Min Aung Hlaing",
        "Tatmadaw",
        "Pyu Saw Htee",
        "Reuters",
        "Facebook",
        "Bangkok",
        "Kunming",
        "Washington",
        "Government",
        "Pattern",
        "Changing",
    ],
)
def test_fuzzy_gives_no_place_to_words_and_names_that_are_not_places(gaz, name):
    bare = {"national_min_len": 9, "national_max_edits": 1}  # the matcher's limits for a bare name
    assert gaz.fuzzy(name, UNIT_TYPES, national=True, **bare) == ([], 0)


# ------------------------------------------------------------------------------------ ambiguity
def test_same_named_townships_without_context_are_ambiguous(gaz):
    best, _ = gaz.rank("Minhla Township")
    assert sorted(p.admin1 for p in best) == ["Bago Region", "Magway Region"]
    assert gaz.resolve("Minhla Township") is None
    assert gaz.common_unit(best) == gaz.country


# ------------------------------------------------------------------------------------ the index cache
def test_the_cached_index_gives_the_same_answers_as_the_table(gaz):
    from extract.gazetteer.load import index_cache_path, read_gazetteer

    assert index_cache_path(gaz.path).exists()
    fresh = read_gazetteer(gaz.path)  # built from the Parquet file, no cache
    assert len(fresh) == len(gaz)
    for surface, hint, ctx in [
        ("Lashio", None, None),
        ("Kanto", "village", {"MMR006008"}),
        ("Mawdaung Town", None, None),
        ("Minhla Township", None, {"MMR009"}),
        ("Papun", None, None),
        ("Moulmein", None, None),
        ("Thai", None, None),
    ]:
        a, b = gaz.resolve(surface, hint, ctx), fresh.resolve(surface, hint, ctx)
        assert (a and a.pcode, a and a.location_id) == (b and b.pcode, b and b.location_id), surface
    assert gaz.by_location_id(location_id("MMR006008")).pcode == "MMR006008"
    assert sorted(gaz.alias_rows) == sorted(fresh.alias_rows)
    assert gaz.adjectives.keys() == fresh.adjectives.keys()


def test_a_stale_index_cache_is_ignored(gaz, tmp_path):
    from extract.gazetteer.load import _read_index, _write_index

    cache = tmp_path / "gazetteer.index.pickle"
    _write_index(gaz, cache, "fingerprint-1")
    assert _read_index(cache, "fingerprint-2", gaz.path) is None
    again = _read_index(cache, "fingerprint-1", gaz.path)
    assert again is not None and again.resolve("Lashio").pcode == gaz.resolve("Lashio").pcode


def test_every_village_lies_in_the_state_of_its_township(gaz):
    # the fuzzy level searches a township's villages in that township's state/region index
    checked = 0
    for (admin1, township), items in gaz._village_key_lists().items():
        if township is not None:
            assert gaz.by_pcode(township).admin1_pcode == admin1, township
            checked += len(items)
    assert checked > 50_000


def test_places_abroad_are_outside_myanmar_and_never_fuzzy_targets(gaz):
    mizoram = gaz.resolve("Mizoram")
    assert (mizoram.location_type, mizoram.level, mizoram.admin1) == ("state_region", "abroad", "Mizoram")
    zok = gaz.resolve("Zokhawthar")
    assert (zok.admin1, zok.admin2, gaz.is_abroad(zok)) == ("Mizoram", "Champhai", True)
    assert mizoram.contains(zok)
    assert not gaz.is_abroad(gaz.resolve("Lashio"))
    # the fuzzy level searches Myanmar only: "Mae Sott Township" is no Thai town
    assert gaz.fuzzy("Mae Sott", ["town", "township"], national=True)[0] == []


def test_common_spellings_of_townships_are_aliases(gaz):
    assert gaz.resolve("Laukkai").name == "Laukkaing"
    assert gaz.resolve("Kalay").name == "Kale"
    assert gaz.resolve("North Dagon").name == "Dagon Myothit (North)"
