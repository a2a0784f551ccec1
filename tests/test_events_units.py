"""Event candidates: which sentences report an event, and its date, place and type.

The texts are invented in the style of conflict reporting; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract.nlp.actors import actor_id_for
from pipeline_cases import events, run, sides


def test_the_next_paragraph_can_go_on_telling_the_event(nlp):
    got = events(
        nlp,
        "A junta jet bombed a village in Kawlin Township on Sunday, killing six civilians.\n\n"
        "The aircraft dropped two bombs near the school of Tondaw village, residents said.",
    )
    assert got == [(dt.date(2024, 3, 10), "remote_violence", "air_drone_strike", "Tondaw")]


def test_hours_later_counts_from_the_time_told_just_before(nlp):
    got = events(
        nlp,
        "Rebels overran a junta outpost near Kawlin town over the weekend. State media reported on "
        "Monday that the attack had been repelled.\nHours later, junta jets bombed Tondaw village.",
    )
    assert got[-1] == (dt.date(2024, 3, 11), "remote_violence", "air_drone_strike", "Tondaw")


def test_an_event_named_before_the_expression_is_the_one_counted_from(nlp):
    # "The shelling came a day after": a day after the shelling, whatever date the sentence before gives
    got = events(
        nlp,
        "Junta artillery shelled Tondaw village on Tuesday night. Residents buried the dead on "
        "Thursday morning.\nThe shelling came a day after fighting near Kawlin town.",
    )
    assert got == [
        (dt.date(2024, 3, 12), "remote_violence", "shelling_artillery_missile_attack", "Tondaw"),
        (dt.date(2024, 3, 11), "battle", "armed_clash", "Kawlin"),
    ]


def test_something_else_done_at_the_same_place_is_a_new_event_on_that_day(nlp):
    got = events(
        nlp,
        "On Monday, resistance fighters ambushed a junta column near Tondaw village, killing three "
        "soldiers.\n\nThe fighting lasted two hours.\n\nBefore leaving, the troops shot dead two "
        "farmers near Tondaw village.",
    )
    assert got == [
        (dt.date(2024, 3, 11), "battle", "armed_clash", "Tondaw"),
        (dt.date(2024, 3, 11), "violence_against_civilians", "attack", "Tondaw"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # another place: not known to be the same day
        "On Monday, resistance fighters ambushed a junta column near Tondaw village. The troops then shelled "
        "Kawlin town.",
        # a time named in between moves the story on
        "On Monday, resistance fighters ambushed a junta column near Tondaw village. Residents fled on Tuesday. "
        "The troops shelled Tondaw village, witnesses said.",
        # a time of its own that is not a date
        "On Monday, resistance fighters ambushed a junta column near Tondaw village. The troops had shelled "
        "Tondaw village last year.",
    ],
)
def test_a_dateless_event_elsewhere_or_later_is_not_dated(nlp, text):
    assert len(events(nlp, text)) == 1


def test_the_next_sentence_can_give_the_date_of_an_event_told_without_one(nlp):
    # the dateline's year is not a time the sentence gives; "announced on Sunday" dates the report
    got = events(
        nlp,
        "Rebels take junta base\n\nKawlin, 13 March 2024 – The KIA announced on Sunday that it had "
        "taken full control of a junta base near Kawlin town after days of fighting.\n\nIts "
        "fighters stormed the last bunkers of the base on Saturday morning, the group said.",
    )
    assert got == [(dt.date(2024, 3, 9), "battle", "non_state_actor_overtakes_territory", "Kawlin")]


@pytest.mark.parametrize(
    "second",
    [
        "On Saturday, its fighters stormed a police post in Tondaw village.",  # another place: its own event
        "The group held a ceremony on Saturday.",  # no event told
    ],
)
def test_the_next_sentence_dates_only_an_event_it_goes_on_telling(nlp, second):
    got = events(nlp, "The KIA said it had taken full control of a junta base near Kawlin town. " + second)
    assert all(place != "Kawlin" for *_, place in got)


def test_a_withdrawal_told_in_the_next_paragraph_does_not_undo_a_capture(nlp):
    got = events(
        nlp,
        "Junta troops retook a KNLA camp near Kawlin town on Monday after a week-long assault.\n\n"
        "The KNLA said its troops withdrew from the camp to avoid further losses.",
    )
    assert got == [(dt.date(2024, 3, 11), "battle", "government_regains_territory", "Kawlin")]


def test_the_ends_of_a_route_are_not_where_fighting_happened(nlp):
    got = events(
        nlp,
        "About 4,000 people fled fighting between junta troops and the PDF in Kawlin Township last "
        "week. The PDF said the clashes took place along the road between Kawlin and Wuntho.",
    )
    assert got == [(dt.date(2024, 3, 6), "battle", "armed_clash", "Kawlin Township")]


def test_where_the_fire_came_from_is_not_where_it_struck(nlp):
    got = events(
        nlp,
        "Artillery shells fired from a base near Kawlin town struck two villages in Wuntho Township "
        "on Monday night, residents said.",
    )
    assert got == [(dt.date(2024, 3, 11), "remote_violence", "shelling_artillery_missile_attack", "Wuntho Township")]


def test_a_raid_burning_houses_is_property_destruction(nlp):
    got = events(nlp, "Junta troops raided Tondaw village on Monday and burned more than 30 houses.")
    assert got == [(dt.date(2024, 3, 11), "strategic_development", "looting_property_destruction", "Tondaw")]


def test_burning_told_after_a_raid_makes_it_property_destruction(nlp):
    got = events(
        nlp,
        "Thousands fled after a junta column raided villages near Kawlin town on Monday. Troops "
        "burned houses in at least six villages during the raid, residents said.",
    )
    assert got == [(dt.date(2024, 3, 11), "strategic_development", "looting_property_destruction", "Kawlin")]


def test_a_raid_met_by_an_armed_group_stays_a_battle(nlp):
    got = events(
        nlp,
        "Junta troops raided Tondaw village on Monday and clashed with the PDF. Troops burned houses during the raid.",
    )
    assert [(kind, sub) for _, kind, sub, _ in got] == [("battle", "armed_clash")]


def test_burning_is_property_destruction_only_with_a_building_or_settlement(nlp):
    assert events(nlp, "Troops burned the bodies of two fighters near Tondaw village on Monday.") == []
    got = events(nlp, "More than 200 houses in Tondaw village were burned on Monday, residents said.")
    assert got == [(dt.date(2024, 3, 11), "strategic_development", "looting_property_destruction", "Tondaw")]


def test_a_place_that_locates_another_is_not_the_events_place(nlp):
    got = events(nlp, "On Tuesday, a junta jet bombed the Hpa Lu IDP camp near Kawlin town, injuring five people.")
    assert got == [(dt.date(2024, 3, 12), "remote_violence", "air_drone_strike", "Hpa Lu camp")]
    # a place near something that is not a place stays the event's place
    got = events(nlp, "On Tuesday, junta troops retook a KNLA camp near Kawlin town.")
    assert got[0][3] == "Kawlin"


# --- cases from reading real reporting (texts invented) -------------------------------------------------
def test_an_event_told_first_without_its_place_takes_the_place_named_next(nlp):
    got = events(
        nlp,
        "An attack on a camp for displaced people on Monday left 20 people dead. "
        "The military was blamed for the air strike on Tondaw village in Kawlin Township.",
    )
    assert got == [(dt.date(2024, 3, 11), "remote_violence", "air_drone_strike", "Tondaw")]


def test_the_coups_date_does_not_date_an_event(nlp):
    got = events(nlp, "Kawlin is the first town seized by the resistance since the army seized power in February 2021.")
    assert all(date != dt.date(2021, 2, 1) for date, *_ in got)


def test_places_listed_together_are_one_event_each(nlp):
    got = events(nlp, "Junta jets bombed Falam and Hakha towns on Monday.")
    assert sorted(place for *_, place in got) == ["Falam", "Hakha"]


def test_killing_protesters_is_excessive_force_against_protesters(nlp):
    got = events(nlp, "Security forces opened fire on protesters in Monywa on Sunday, killing five people.")
    assert got == [(dt.date(2024, 3, 10), "protest", "excessive_force_against_protesters", "Monywa")]


def test_bases_told_as_lost_after_an_attack_make_it_a_capture(nlp):
    got = events(
        nlp,
        "Resistance fighters attacked two junta outposts in Kyainseikgyi Township on Monday.\n\n"
        "Both outposts were captured after a day of fighting.",
    )
    assert got == [(dt.date(2024, 3, 11), "battle", "non_state_actor_overtakes_territory", "Kyainseikgyi Township")]


@pytest.mark.parametrize(
    "text",
    [
        "The junta has lost control of its base in Kutkai on Friday, TNLA fighters said.",
        "On Friday the town of Kutkai was seized by the TNLA, residents said.",
    ],
)
def test_who_took_a_place_is_the_side_that_did_not_lose_it(nlp, text):
    [(_, _, sub_type, _)] = events(nlp, text)
    assert sub_type == "non_state_actor_overtakes_territory"


def test_troops_taking_a_town_back_is_the_government_regaining_it(nlp):
    [(_, _, sub_type, _)] = events(nlp, "Junta troops recaptured Kutkai town on Friday after a week of fighting.")
    assert sub_type == "government_regains_territory"


def test_an_event_told_at_a_unit_and_at_a_place_inside_it_is_one_event_at_the_place(nlp):
    got = events(
        nlp,
        "A junta air strike killed 40 people in Rakhine State on Monday.\n\n"
        "Jets bombed Kyauk Ni Maw village in Ramree Township on Monday, residents said.",
    )
    assert got == [(dt.date(2024, 3, 11), "remote_violence", "air_drone_strike", "Kyauk Ni Maw")]


def test_what_did_not_happen_is_no_event(nlp):
    assert events(nlp, "There was no fighting in Kawlin Township on Monday, the group said.") == []


def test_an_undated_day_gives_no_event(nlp):
    assert events(nlp, "Junta jets bombed Tondaw village on Sunday.", published=None) == []


def test_a_place_told_with_and_without_its_type_word_is_one_event(nlp):
    got = events(
        nlp,
        "Junta jets bombed the Hpa Lu camp in Kawlin Township on Monday. Another air strike hit "
        "Hpa Lu on Monday night, residents said.",
    )
    assert len(got) == 1


def test_a_sentence_with_nothing_of_its_own_does_not_break_the_story(nlp):
    got = events(
        nlp,
        "Thousands have fled after clashes between two armed groups in Chin State, officials said. "
        "The violence has created a humanitarian crisis. The clashes, which began on Saturday, "
        "continue.",
    )
    assert got == [(dt.date(2024, 3, 9), "battle", "armed_clash", "Chin State")]


def test_an_attack_on_protesters_and_struck_positions(nlp):
    got = events(
        nlp,
        "The Friday offensive by regime troops in Monywa was the third deadly attack on protesters "
        "this week.\n\nOn Monday the alliance struck junta positions in Kutkai.",
    )
    assert [(kind, sub) for _, kind, sub, _ in got] == [
        ("protest", "excessive_force_against_protesters"),
        ("battle", "armed_clash"),
    ]


def test_a_roads_name_is_not_where_it_happened(nlp):
    got = events(nlp, "On Monday the military launched an offensive on Kawlin town near the Wuntho-Pinlebu road.")
    assert [place for *_, place in got] == ["Kawlin"]


def test_a_relative_clause_can_tell_that_the_place_was_taken(nlp):
    got = events(nlp, "The militias attacked two army bases at Kutkai, which were taken control of by them on Monday.")
    assert [sub for _, _, sub, _ in got] == ["non_state_actor_overtakes_territory"]


def test_a_place_described_as_taken_by_someone_is_a_change_of_territory(nlp):
    # the sentence before tells the date but no place; the next names the place "seized by" the rebels, and
    # the year of the background clause ("since ... in February 2021") is not a time of its own
    got = events(
        nlp,
        "Resistance forces seized a district capital in the north on Monday, residents said.\n\n"
        "Kawlin is the first town seized by the resistance since the army seized power in "
        "February 2021.",
    )
    assert got == [(dt.date(2024, 3, 11), "battle", "non_state_actor_overtakes_territory", "Kawlin")]


def test_a_place_named_before_a_capture_word_without_by_is_not_taken(nlp):
    # "the town captured" with no agent: the capture's object is the soldiers, not the town
    got = events(nlp, "Rebels attacking Kawlin town captured 12 soldiers on Monday.")
    assert [g[2] for g in got] == ["armed_clash"]


def test_a_sentence_telling_two_kinds_of_event_gives_both(nlp):
    got = events(nlp, "Rebels seized Kawlin town on Monday, prompting junta jets to launch air strikes on the town.")
    assert sorted(g[2] for g in got) == ["air_drone_strike", "non_state_actor_overtakes_territory"]


@pytest.mark.parametrize(
    "text",
    [
        # the air strikes are the capture's means, not an event of their own
        "Junta troops took back a hilltop camp near Kawlin town on Monday after days of attacks supported by "
        "airstrikes.",
        # the detention was before the killing: it is how the victims are described
        "On Monday, soldiers shot dead two farmers they had detained near Tondaw village.",
        # a clash beside a capture is the same fighting
        "Rebels seized Kawlin town on Monday after heavy fighting.",
        # the weapon of the killing, one word between "with" and it
        "On Monday, soldiers shot dead 12 villagers with rifle grenades in Tondaw village.",
    ],
)
def test_a_means_or_what_had_been_done_before_is_no_second_event(nlp, text):
    assert len(events(nlp, text)) == 1


def test_soldiers_killing_a_civilian_with_no_other_trigger_is_an_attack_dated_by_the_sentence_before(nlp):
    got = events(
        nlp,
        "On Monday, a teacher from Tondaw village was on her way to the market in Kawlin town. "
        "Near the market in Kawlin town, soldiers stopped her and shot her in the head.",
    )
    assert got == [(dt.date(2024, 3, 11), "violence_against_civilians", "attack", "Kawlin")]


@pytest.mark.parametrize(
    "text, sub_types",
    [
        # the strike is the event; the villagers it killed are its toll
        ("Junta jets bombed Tondaw village on Monday, killing five villagers.", ["air_drone_strike"]),
        # soldiers killed in a clash are no attack on civilians
        ("Rebels attacked a junta column near Tondaw village on Monday and killed 12 soldiers.", ["armed_clash"]),
        # arson and a killing are two events
        ("On Monday, troops set fire to Tondaw village and killed a man.", ["looting_property_destruction", "attack"]),
    ],
)
def test_a_killing_of_civilians_decides_only_alone_or_beside_arson(nlp, text, sub_types):
    assert [g[2] for g in events(nlp, text)] == sub_types


def test_the_leads_news_told_as_just_done_is_dated_the_day_of_the_report(nlp):
    got = events(
        nlp,
        "Rebels say they have captured a junta base near Kawlin town.\n\n"
        "The military has reportedly shelled Tondaw village in the past.",
    )
    assert got == [(dt.date(2024, 3, 13), "battle", "non_state_actor_overtakes_territory", "Kawlin")]


def test_a_trigger_before_hours_later_is_counted_from_the_event_before(nlp):
    got = events(
        nlp,
        "Rebels overran a junta outpost near Kawlin town on Monday.\n\n"
        "Junta jets staged air strikes several hours later on Tondaw village, residents said.",
    )
    assert got[-1] == (dt.date(2024, 3, 11), "remote_violence", "air_drone_strike", "Tondaw")


@pytest.mark.parametrize(
    "text, sub_type",
    [
        ("Junta bombardment of Tondaw village on Monday destroyed the school.", "air_drone_strike"),
        ("A grenade exploded at the market in Kawlin town on Monday.", "remote_explosive_landmine_ied"),
        ("Hostilities resumed near Tondaw village on Monday.", "armed_clash"),
    ],
)
def test_the_trigger_vocabulary_of_acled_types(nlp, text, sub_type):
    assert [g[2] for g in events(nlp, text)] == [sub_type]


def test_there_names_the_place_of_the_sentence_before(nlp):
    got = events(
        nlp,
        "Kawlin, about 125 miles north of Mandalay, is the main town of its district.\n\n"
        "Clashes began there at dawn on Monday.",
    )
    assert got == [(dt.date(2024, 3, 11), "battle", "armed_clash", "Kawlin")]


@pytest.mark.parametrize(
    "text",
    [
        # existential "there" points nowhere
        "Kawlin is the main town of its district. There was fighting on Monday.",
        # a thing seized is no event
        "Soldiers searched houses in Kawlin town on Monday and seized mobile phones.",
    ],
)
def test_no_event_from_an_existential_there_or_things_seized(nlp, text):
    assert events(nlp, text) == []


def test_a_groups_spokesperson_is_the_source_of_a_strike_not_its_target(nlp):
    got = sides(nlp, "AA spokesperson Khaing Thu told reporters that a junta jet bombed Tondaw village on Monday.")
    assert got == [(actor_id_for("Myanmar military"), actor_id_for("Civilians"))]


def test_a_name_the_dictionary_does_not_know_is_no_side_beside_a_known_one(nlp):
    # "Karen Nation Union" (misspelt) is added for the article with no party: the other side is the junta
    [(_, actor2)] = sides(
        nlp, "The Karen Nation Union, or KNU, began their attack on junta troops in Kawlin town on Saturday."
    )
    assert actor2 == actor_id_for("Myanmar military")


def test_a_strike_that_kills_civilians_is_against_civilians_whatever_group_is_named(nlp):
    text = "On Monday junta jets bombed Tondaw village, held by the Chinland Defense Force, killing three civilians."
    assert sides(nlp, text) == [(actor_id_for("Myanmar military"), actor_id_for("Civilians"))]
    text = "On Monday junta jets bombed Chinland Defense Force positions near Tondaw village."
    assert sides(nlp, text) == [(actor_id_for("Myanmar military"), actor_id_for("Chinland Defense Force"))]


def test_shelling_that_kills_people_in_a_village_is_against_civilians(nlp):
    text = "On Monday, junta artillery shells killed two people in Kawlin Township's Tondaw village."
    assert sides(nlp, text) == [(actor_id_for("Myanmar military"), actor_id_for("Civilians"))]


def test_a_strike_or_arson_by_the_state_forces_on_a_town_or_village_is_against_civilians(nlp):
    civilians = (actor_id_for("Myanmar military"), actor_id_for("Civilians"))
    assert sides(nlp, "Junta jets bombed Kawlin on Monday.") == [civilians]
    assert sides(nlp, "On Monday junta troops torched Kawlin.") == [civilians]
    # a township is no place where people live as such: no side is assumed
    assert sides(nlp, "Junta jets bombed Kawlin Township on Monday.") == [(actor_id_for("Myanmar military"), None)]


@pytest.mark.parametrize("subject", ["the armed group", "it"])
def test_a_subject_referring_back_is_the_armed_group_named_before(nlp, subject):
    lead = "The Kachin Independence Army has been advancing across the region for weeks."
    text = f"{lead} On Monday, {subject} captured Kawlin town."
    assert sides(nlp, text) == [(actor_id_for("Kachin Independence Army"), actor_id_for("Myanmar military"))]
    # unnamed fighters are nobody in particular
    assert sides(nlp, f"{lead} On Monday, fighters captured Kawlin town.") == [(None, None)]


def test_the_state_forces_named_after_an_attack_on_civilians_did_it(nlp):
    junta_on_civilians = (actor_id_for("Myanmar military"), actor_id_for("Civilians"))
    text = "A teacher was shot dead on Monday during a search of his house in Tondaw village by the military junta."
    assert sides(nlp, text) == [junta_on_civilians]
    text = "A military column marching from Kawlin township raided Tondaw village on Monday and torched 30 houses."
    assert sides(nlp, text) == [junta_on_civilians]
    # in a clash, state forces named only after the trigger were the ones attacked
    text = "Resistance fighters attacked two junta outposts near Tondaw village on Monday."
    assert sides(nlp, text) == [(None, actor_id_for("Myanmar military"))]


def test_a_political_body_named_as_who_said_it_is_no_side(nlp):
    junta_on_civilians = (actor_id_for("Myanmar military"), actor_id_for("Civilians"))
    text = (
        "On Monday, airstrikes on Tondaw village killed two villagers, "
        "said a spokesperson for the National Unity Government."
    )
    assert sides(nlp, text) == [junta_on_civilians]
    text = (
        "On Monday, 41 junta troops were killed in fighting near Tondaw village, "
        "according to the National Unity Government."
    )
    assert sides(nlp, text) == [(actor_id_for("Myanmar military"), None)]


def test_a_capture_told_after_a_comma_is_the_subjects(nlp):
    text = "On Monday KIA and PDF fighters stormed the military garrison in Kawlin town, taking control of the town."
    assert sides(nlp, text) == [(actor_id_for("Kachin Independence Army"), actor_id_for("Myanmar military"))]


def test_the_chin_brotherhood_alliance_is_a_side(nlp):
    text = "The Chin Brotherhood alliance captured Falam town on Monday."
    assert sides(nlp, text) == [(actor_id_for("Chin Brotherhood"), actor_id_for("Myanmar military"))]


def test_a_group_named_as_anothers_armed_wing_is_no_side_of_its_own(nlp):
    text = (
        "The Karen National Liberation Army (KNLA), the armed wing of the Karen National Union (KNU), "
        "seized Kawlin town on Monday."
    )
    [(actor1, _)] = sides(nlp, text)
    assert actor1 == actor_id_for("Karen National Liberation Army")


def test_a_leads_toll_belongs_to_the_one_event_of_its_type_told_further_on(nlp):
    doc = run(
        nlp,
        "Junta aircraft killed 28 people in a strike on western Rakhine State, a local armed group said on Sunday. "
        "The group said the victims were relatives of soldiers. It posted photos of the site. "
        "It said one jet dropped two bombs on a school compound in Kawlin Township on Saturday.",
        published_raw="2024-03-13",
    )
    [event] = doc._.events
    killed = next(i for i, f in enumerate(doc._.figures) if f.category == "killed")
    assert event["sub_event_type"] == "air_drone_strike"
    assert doc._.figure_events.get(killed) == 0


def test_the_toll_of_the_one_event_an_article_tells_is_its_own_however_far_on(nlp):
    doc = run(
        nlp,
        "Resistance fighters attacked the police station in Kawlin town on Monday, local media said. "
        "The station had been fortified in January. Residents heard gunfire for an hour. "
        "Locals described the streets as empty. Five policemen were killed, a spokesman said. "
        "Three soldiers were killed in an earlier clash on March 2, he added.",
        published_raw="2024-03-13",
    )
    assert len(doc._.events) == 1
    five = next(i for i, f in enumerate(doc._.figures) if f.count_low == 5)
    three = next(i for i, f in enumerate(doc._.figures) if f.count_low == 3)
    assert doc._.figure_events.get(five) == 0
    assert three not in doc._.figure_events  # its sentence names another day


def test_a_political_body_named_as_a_side_fights_through_its_armed_wing(nlp):
    [(actor1, actor2)] = sides(nlp, "Troops loyal to the NUG took Kawlin town on Monday, seizing a junta base.")
    assert (actor1, actor2) == (actor_id_for("People's Defense Force"), actor_id_for("Myanmar military"))


def test_who_holds_the_place_struck_is_not_the_strikes_target(nlp):
    held = "Junta aircraft bombed the market in Kawlin on Monday, a town which the KIA has controlled since May."
    [(_, actor2)] = sides(nlp, held)
    assert actor2 == actor_id_for("Civilians")
    [(_, actor2)] = sides(nlp, "On Monday, junta jets bombed a KIA base near Kawlin town.")
    assert actor2 == actor_id_for("Kachin Independence Army")


def test_a_toll_naming_no_side_of_an_attack_on_civilians_is_theirs(nlp):
    doc = run(
        nlp,
        "Junta jets bombed Tondaw village on Monday, leaving six dead. Soldiers attacked a rebel camp "
        "near Kawlin town on Tuesday; three soldiers were killed and two seriously injured.",
        published_raw="2024-03-13",
    )
    parties = {(f.category, f.count_low): f.party for f in doc._.figures}
    assert parties == {("killed", 6): "civilians", ("killed", 3): "state_forces", ("injured", 2): "state_forces"}
