"""Unit cases for the extraction components, written as a newcomer would read them.

The texts are invented in the style of conflict reporting; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from extract.nlp.dates import find_dates, weekday_year
from extract.nlp.segment import LineRules
from pipeline_cases import events, figures, run


# --- numbers and hedges --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,low,high,qualifier",
    [
        ("More than 40 soldiers were killed.", 40, None, "more_than"),
        ("About 70 soldiers surrendered.", 70, 70, "about"),
        ("Nearly 1.1 million people were displaced.", 1_100_000, 1_100_000, "about"),
        ("Around 2,730 civilians were killed.", 2730, 2730, "about"),
        ("At least fifteen villagers were killed.", 15, None, "at_least"),
        ("Between 10 and 15 soldiers were captured.", 10, 15, "exact"),
        ("A dozen villagers were detained.", 12, 12, "exact"),
        ("Twenty-five soldiers were injured.", 25, 25, "exact"),
        ("Up to 20 soldiers surrendered.", 20, 20, "up_to"),
        ("Fewer than 10 resistance fighters were wounded.", 10, 10, "fewer_than"),
    ],
)
def test_numbers_and_hedges(nlp, text, low, high, qualifier):
    [(_, _, got_low, got_high, got_q, _)] = figures(nlp, text)
    assert (got_low, got_high, got_q) == (low, high, qualifier)


# --- what is and is not a figure of people --------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Four fighter jets dropped 50 bombs on the villages.",
        "The troops burned 30 houses and three vehicles.",
        "Brigade 5 said the fighting lasted for 23 days.",
        "Several soldiers were killed and many injured.",
        "The junta suffered heavy casualties in 2023.",
        "On November 14, the column withdrew.",
    ],
)
def test_things_vague_amounts_and_dates_are_not_figures(nlp, text):
    assert figures(nlp, text) == []


def test_a_breakdown_of_a_figure_is_not_counted_again(nlp):
    assert figures(nlp, "Eleven civilians, including four children, were killed in the attack.") == [
        ("killed", "civilians", 11, 11, "exact", False)
    ]


def test_a_total_of_one_battle_is_not_a_period_total(nlp):
    [(_, _, _, _, _, cumulative)] = figures(nlp, "A total of 12 soldiers were killed in the battle.")
    assert cumulative is False


def test_violence_against_civilians_targets_civilians_by_default(nlp):
    from extract.nlp.actors import actor_id_for

    doc = run(nlp, "Regime troops shot dead a dozen villagers in Kani Township on Sunday.", published_raw="2024-03-12")
    [event] = doc._.events
    assert (event["event_type"], event["event_date"]) == ("violence_against_civilians", dt.date(2024, 3, 10))
    assert event["actor2_id"] == actor_id_for("Civilians")


def test_category_party_and_claimant(nlp):
    doc = run(nlp, "Twelve junta soldiers and three resistance fighters were killed, the rebels claimed.")
    got = [(f.category, f.party, f.count_low, f.claimed_by) for f in doc._.figures]
    assert got == [("killed", "state_forces", 12, "rebels"), ("killed", "non_state_armed", 3, "rebels")]


def test_killed_or_injured_counts_as_one_category(nlp):
    assert figures(nlp, "Some 45 troops were killed or injured in the raid.")[0][:2] == (
        "killed_or_injured",
        "state_forces",
    )


def test_captives_belong_to_the_side_opposite_their_captor(nlp):
    doc = run(nlp, "The Arakan Army said 25 prisoners of war had surrendered to it.")
    [fig] = doc._.figures
    assert (fig.category, fig.party, fig.claimed_by) == ("surrendered", "state_forces", "Arakan Army")


def test_a_verb_before_the_number_gives_the_category(nlp):
    assert figures(nlp, "The airstrike killed at least 9 villagers and wounded 14.")[:1] == [
        ("killed", "civilians", 9, None, "at_least", False)
    ]


def test_period_totals_are_cumulative(nlp):
    got = figures(nlp, "Since the coup, more than 6,000 civilians have been killed, a monitoring group said.")
    assert got == [("killed", "civilians", 6000, None, "more_than", True)]


def test_displacement_stock_vs_flow(nlp):
    stock = run(nlp, "About 300,000 people remain displaced in the region.")._.figures
    flow = run(nlp, "On Monday, 2,000 residents fled the fighting.")._.figures
    assert [(f.kind, f.count_low, f.is_cumulative) for f in stock] == [("displacement", 300000, True)]
    assert [(f.kind, f.count_low, f.is_cumulative) for f in flow] == [("displacement", 2000, False)]


def test_displacement_in_households(nlp):
    [fig] = run(nlp, "More than 500 households fled to the forest after the shelling.")._.figures
    assert (fig.kind, fig.unit, fig.count_low, fig.qualifier) == ("displacement", "households", 500, "more_than")


# --- actors ---------------------------------------------------------------------------------------------
def actor_names(nlp, text):
    doc = run(nlp, text)
    return [(s.text, doc._.actors[s._.actor_id]["name"]) for s in doc.spans["actors"]]


def test_aliases_resolve_to_one_actor(nlp):
    got = actor_names(nlp, "The junta denied it. Regime troops and the SAC's police fired; the Tatmadaw fled.")
    assert {name for _, name in got if name == "Myanmar military"} == {"Myanmar military"}
    assert [t for t, n in got if n == "Myanmar military"] == ["junta", "Regime troops", "SAC", "Tatmadaw"]


def test_acronym_defined_in_parentheses_names_a_new_group(nlp):
    got = actor_names(nlp, "The Hill Tigers Defence Force (HTDF) attacked. Later the HTDF withdrew.")
    # one spelling per group (Defence -> Defense), whichever the article uses
    assert got == [
        ("Hill Tigers Defence Force", "Hill Tigers Defense Force"),
        ("HTDF", "Hill Tigers Defense Force"),
        ("HTDF", "Hill Tigers Defense Force"),
    ]


def test_defined_long_name_wins_over_a_dictionary_name_inside_it(nlp):
    got = actor_names(nlp, "Fighters of the Lotus Valley People’s Defense Force (LVPDF) ambushed a convoy.")
    assert got == [
        ("Lotus Valley People’s Defense Force", "Lotus Valley People's Defense Force"),
        ("LVPDF", "Lotus Valley People's Defense Force"),
    ]
    # without an acronym of its own, a local PDF is the People's Defense Force
    assert [n for _, n in actor_names(nlp, "The Lotus Valley People’s Defense Force ambushed a convoy.")] == [
        "People's Defense Force"
    ]


def test_acronym_must_abbreviate_the_name_before_it(nlp):
    """A dateline's agency or an office named with a longer acronym is not a new group."""
    assert actor_names(nlp, "Springfield (XNA) - The UN Office for the Relief of Remote Areas (UNORRA) said.") == []
    assert actor_names(nlp, "A man holds a portrait of the leader Daw Khin Mya (AP).") == []
    got = actor_names(nlp, "The Lotus Valley People’s Defense Force (LV-PDF) and the Civic Rights Defenders (CDR) met.")
    assert [n for _, n in got] == ["Lotus Valley People's Defense Force"] * 2 + ["Civic Rights Defenders"] * 2


def test_hyphenated_acronym_and_a_branch_of_a_known_group(nlp):
    got = actor_names(nlp, "The Lotus Valley People’s Defense Force (LV-PDF) attacked. Later the LV-PDF withdrew.")
    assert [t for t, _ in got] == ["Lotus Valley People’s Defense Force", "LV-PDF", "LV-PDF"]
    got = actor_names(nlp, "The Chinland Defence Force-Riverside (CDF-R) held the hill; the CDF-R lost two men.")
    assert {n for _, n in got} == {"Chinland Defense Force"} and len(got) == 3
    # a hyphenated word that abbreviates nothing before it is not an acronym of a group
    assert actor_names(nlp, "The river town (HQ-2) was quiet.") == []
    got = actor_names(nlp, "The Ridge Guardians Army (RGA) took the hill.")
    assert got == [("Ridge Guardians Army", "Ridge Guardians Army"), ("RGA", "Ridge Guardians Army")]


def test_offices_and_media_are_not_groups(nlp):
    text = (
        "The Daily Lantern Times (DLT) and the Ministry of Border Affairs (MBA) said the Silver Peak Army (SPA) left."
    )
    assert [n for _, n in actor_names(nlp, text)] == ["Silver Peak Army", "Silver Peak Army"]


def test_spelling_variants_match_the_dictionary(nlp):
    got = actor_names(nlp, "The Kayah Nationalities Defence Force and the Karen National Defense Organisation met.")
    assert [n for _, n in got] == ["Karenni Nationalities Defense Force", "Karen National Defence Organisation"]
    # a variant pair swaps whole words only
    assert actor_names(nlp, "The Kayahville defence forum met.") == []


def test_foreign_forces_and_media_with_acronyms_are_not_groups(nlp):
    text = "The Border Guard Bangladesh (BGB) met the Free Voice of Lowland (FVL) and the Hill Rights Watch (HRW)."
    assert [n for _, n in actor_names(nlp, text)] == []


def test_kinds_of_forces_are_not_groups(nlp):
    text = "Local Defence Forces, Resistance Forces and the Air Force moved; the Local Defence Force (LDF) left."
    assert actor_names(nlp, text) == []


def test_named_militia_sides_with_the_state(nlp):
    doc = nlp("The Kaung Hill Militia, the Moon River Revolution Force and the Silver Tiger Force clashed.")
    parties = [(s.text, doc._.actors[s._.actor_id]["party"]) for s in doc.spans["actors"]]
    assert parties == [
        ("Kaung Hill Militia", "state_forces"),
        ("Moon River Revolution Force", "non_state_armed"),
        ("Silver Tiger Force", "non_state_armed"),
    ]


def test_soldiers_named_by_nationality_are_not_the_actor(nlp):
    """'Myanmar soldiers' are mostly the object (fled, killed, captured): as an actor they would make the
    soldiers the captor of the bases they lost."""
    assert actor_names(nlp, "Forty Myanmar soldiers fled after militias overran two bases near the river.") == []


def test_junta_units_are_the_military(nlp):
    got = actor_names(nlp, "Fighters overran Light Infantry Battalion 901 and the IB 77 base near the town.")
    assert [n for _, n in got] == ["Myanmar military", "Myanmar military"]


def test_named_army_is_not_the_generic_army(nlp):
    got = actor_names(nlp, "The Hill Supply Army and the Thai army met at the border; the army withdrew.")
    assert got == [("Hill Supply Army", "Hill Supply Army"), ("army", "Myanmar military")]


def test_foreign_and_local_police_are_not_the_myanmar_police(nlp):
    text = "Local police, the Inspector General of Police and Indian security forces received the soldiers."
    assert actor_names(nlp, text) == []
    assert [n for _, n in actor_names(nlp, "Police and regime troops fired on the crowd.")] == [
        "Myanmar Police Force",
        "Myanmar military",
    ]
    assert [n for _, n in actor_names(nlp, "Two men were held by Lotus Region police on Friday.")] == [
        "Myanmar Police Force"
    ]


def test_stance_words_do_not_name_the_actor(nlp):
    assert actor_names(nlp, "Two anti-junta groups and a pro-military militia clashed.") == []
    got = actor_names(nlp, "Anti-coup protesters marched; the junta arrested dozens.")
    assert [n for _, n in got] == ["Protesters", "Myanmar military"]


def test_name_wrapped_over_two_lines(nlp):
    text = (
        "Headline\n\nShells fell on the camp at night, residents said on Tuesday. It lies near the Kachin\n"
        "Independence Organisation offices, and the Silver Peak People's Organisation said it would help."
    )
    got = actor_names(nlp, text)
    assert [n for _, n in got] == ["Kachin Independence Organization", "Silver Peak People's Organisation"]
    # a new line that starts "The ..." starts a new name
    got = actor_names(
        nlp, "Residents fled on Monday, a teacher in the Ward told us. Then came the Rain\nThe Silver Peak Army fired."
    )
    assert [n for _, n in got] == ["Silver Peak Army"]


def test_political_wing_and_curly_quotes(nlp):
    got = actor_names(
        nlp,
        "The Kachin Independence Organisation and its army, the KIA, fought the Ta‘ang "
        "army and the Chin Defence Force.",
    )
    assert [n for _, n in got] == [
        "Kachin Independence Organization",
        "Kachin Independence Army",
        "Chinland Defense Force",
    ]
    got = actor_names(nlp, "Soldiers of the Ta‘ang National Liberation Army withdrew.")
    assert [n for _, n in got] == ["Ta'ang National Liberation Army"]


def test_hashtags_and_possessives_resolve(nlp):
    got = actor_names(nlp, "#KNLA fighters took the post. The KIA’s brigade moved.")
    assert [n for _, n in got] == ["Karen National Liberation Army", "Kachin Independence Army"]


def test_generic_military_only_as_a_noun(nlp):
    assert actor_names(nlp, "Military analysts said the strikes were planned.") == []
    assert [n for _, n in actor_names(nlp, "The military said the strikes were planned.")] == ["Myanmar military"]


# --- dates ----------------------------------------------------------------------------------------------
def test_dates_resolve_against_the_publication_date():
    ref = dt.date(2024, 1, 5)  # a Friday
    got = {
        d.text: (d.value, d.precision)
        for d in find_dates("On January 4 and on Tuesday, and on December 30, and yesterday, and in March 2022.", ref)
    }
    assert got["January 4"] == (dt.date(2024, 1, 4), 1)
    assert got["Tuesday"] == (dt.date(2024, 1, 2), 1)
    assert got["December 30"] == (dt.date(2023, 12, 30), 1)  # not a date in the future
    assert got["yesterday"] == (dt.date(2024, 1, 4), 1)
    assert got["March 2022"] == (dt.date(2022, 3, 1), 3)


def test_last_year_and_this_year_after_a_date_name_its_year():
    ref = dt.date(2025, 8, 21)
    got = {d.text: (d.value, d.has_year) for d in find_dates("Rebels took the town on August 5 last year.", ref)}
    assert got == {"August 5 last year": (dt.date(2024, 8, 5), True)}
    got = {d.text: d.value for d in find_dates("on 3 March, last year, and in June of this year", ref)}
    assert got == {"3 March, last year": dt.date(2024, 3, 3), "June of this year": dt.date(2025, 6, 1)}
    got = {d.text: d.value for d in find_dates("On August 5 last year.", None)}
    assert got == {"August 5": None}  # no reference: no year


def test_no_year_is_invented_without_a_reference():
    got = {d.text: d.value for d in find_dates("On July 25 and on Sunday, and on 3 August 2024.", None)}
    assert got == {"July 25": None, "Sunday": None, "3 August 2024": dt.date(2024, 8, 3)}


def test_publication_date_from_a_byline(nlp):
    doc = run(
        nlp,
        "Headline of the story\n\nBy Staff 17 Nov 2025\n\nThe junta said on Sunday that troops "
        "had withdrawn from the town after days of fighting with local defence forces.",
    )
    meta = doc._.article_meta
    assert (meta["published_date"], meta["published_date_source"], meta["title"]) == (
        dt.date(2025, 11, 17),
        "text",
        "Headline of the story",
    )
    [sunday] = [s._.date for s in doc.spans["dates"]]
    assert sunday.value == dt.date(2025, 11, 16)


# --- body and boilerplate -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line,label",
    [
        ("Soldiers patrol a road near the border. / Example Agency", "caption"),
        ("Villagers flee the shelling. Photo: Local Group", "caption"),
        ("This article was added by the user . SomeSite is not responsible for the content of the platform.", "notice"),
        ("Expanded Coverage:", "notice"),
        ("— A Person (@someone) May 3, 2024", "tweet"),
        ("By Admin 17 Nov 2025", "byline"),
        ("17 November 2025, Sittwe", "dateline"),
        ("The junta lost control of the town on Sunday, residents said.", "body"),
        # a publication stamp after a reporter's name and town, with a two-digit year
        ("Jane Example Sittwe Published 21.10.23, 07:05 PM", "dateline"),
        ("World | Updated: 3 Mar 2024", "dateline"),
        # credits in brackets end a caption
        ("Families queue for water at a camp in Kachin State [File: Jane Example/Agency]", "caption"),
        ("A nurse treats a wounded boy at a clinic in Hpakant on June 2, 2024. (Example News)", "caption"),
        ("Fighting near the Rakhine/Chin border displaced 300 families (about 1,200 people)", "body"),
        # "published" in running text is no stamp
        ("The group published 3 March figures on the fighting near the town of Kyauktaw", "body"),
    ],
)
def test_line_labels(line, label):
    assert LineRules().label_line(line) == label


def test_nothing_in_a_caption_becomes_a_mention_or_figure(nlp):
    doc = run(
        nlp,
        "Title line\n\nTen KIA fighters were killed in Hpakant. / Photo Agency\n\n"
        "The junta shelled the area on Monday, residents said.",
    )
    assert [s.text for s in doc.spans["actors"]] == ["junta"]
    assert doc._.figures == []


def test_a_headline_run_together_with_a_caption_is_neither_body(nlp):
    doc = run(
        nlp,
        "Junta Troops Burn Homes in Kyauktaw\n\nJunta Troops Burn Homes in Kyauktaw A man walks past "
        "burned houses in Kyauktaw, March 3, 2024.\nJane Example/Local Media via Agency\n\nSoldiers "
        "burned more than 50 houses in a village of Mrauk-U Township on Monday, residents said.",
    )
    labels = [s.label_ for s in doc.spans["boilerplate"]]
    assert labels == ["title", "repeated", "caption", "caption"]
    assert all(t._.is_boilerplate for t in doc if t.text == "Kyauktaw")


def test_a_caption_after_its_credit_line(nlp):
    doc = run(
        nlp,
        "Rebels take a town\n\nRebels took the town after four days of fighting, a spokesman said.\n"
        "|\nThe Example/AP\nVolunteers unload rice from a boat on Aug. 12, 2024.\n\nThe fighting began "
        "on Aug. 10, residents said.",
    )
    assert [(s.label_, s.text) for s in doc.spans["boilerplate"] if s.label_ == "caption"] == [
        ("caption", "The Example/AP"),
        ("caption", "Volunteers unload rice from a boat on Aug. 12, 2024."),
    ]


def test_a_caption_printed_twice_and_an_outlet_line_are_not_the_story():
    rules = LineRules()
    shot = "A resident said two jets circled over the village of Tonzang in the afternoon."
    text = (
        f"Jets bomb border village\nRefugees cross the river at night to escape the air strikes on their "
        f"homes\nReuters\nPublished 3 March 2024\n{shot}\n{shot} File picture\n"
        "Two jets bombed the village on Sunday, officials said."
    )
    assert [label for *_, label in rules.label_lines(text)] == [
        "title",
        "standfirst",
        "byline",
        "dateline",
        "caption",
        "caption",
        "body",
    ]


def test_a_line_saying_the_feeds_title_is_the_headline_wherever_it_stands(nlp):
    text = (
        "- World\n- Asia\n\nNine villagers killed as jets bomb a hill village\n\n- World\n\n"
        "At least nine villagers were killed when two jets bombed Tonzang on Monday, a medic said."
    )
    title = "Nine villagers killed as jets bomb a hill village"
    assert [label for *_, label in LineRules().label_lines(text)][2] == "body"
    assert [label for *_, label in LineRules().label_lines(text, title)][2] == "title"
    doc = run(nlp, text, title=title, published_raw="2024-03-13")
    assert [(f.category, f.count_low) for f in doc._.figures] == [("killed", 9)]


def test_a_list_of_other_stories_above_the_headline_is_no_part_of_the_story():
    text = (
        "- Villagers flee shelling near the border\n- Two killed in air strike on market town\n"
        "- Aid convoy reaches flooded district\nRebels take a town\n  • | Date: 11 October 2023\n"
        "Rebels took the town on Monday after three days of fighting, residents said.\n"
        "- Five civilians were wounded\n- Ten houses burned\n- Schools closed"
    )
    assert [label for *_, label in LineRules().label_lines(text)] == [
        "notice",
        "notice",
        "notice",
        "title",
        "dateline",  # a date stamp in bullet form stays one
        "body",
        "body",  # bullets after the story has begun are the story's
        "body",
        "body",
    ]


def test_a_sentence_naming_a_photo_is_no_caption():
    assert LineRules().label_line("Residents shared a photo of the burned school with reporters.") == "body"


def test_a_body_line_next_to_a_credit_without_a_date_stays_body():
    rules = LineRules()
    text = (
        "Title of the story here\n\nTroops shelled the town on Monday, residents said.\nThe Example/AP\n"
        "Rebels took the town after four days of fighting."
    )
    assert [label for *_, label in rules.label_lines(text)] == ["title", "body", "caption", "body"]


def test_headline_and_standfirst_above_the_byline_are_not_the_story(nlp):
    doc = run(
        nlp,
        "SITE NAME\nADVERTISEMENT\n900 families cross into Manipur as fighting spreads along the "
        "border near Tamu and beyond\nRelief workers say most of the families came on foot\n"
        "Jane Example Imphal Published 21.10.23, 07:05 PM\n\nAbout 900 families crossed into "
        "Manipur on Sunday, relief workers said.",
    )
    assert [s.label_ for s in doc.spans["boilerplate"]] == ["title", "notice", "standfirst", "standfirst", "dateline"]
    assert [f.count_low for f in doc._.figures] == [900]
    assert doc._.article_meta["published_date"] == dt.date(2023, 10, 21)


def test_a_standfirst_printed_again_as_the_first_paragraph_is_the_story_there():
    rules = LineRules()
    lead = "Eleven people died when shells struck a camp outside Sadung on Monday night, a nurse said."
    text = f"Shells strike a camp near Sadung\n{lead}\n12 Feb 2024\nExample Newsroom\n{lead}\nMore text follows here."
    assert [label for *_, label in rules.label_lines(text)] == [
        "title",
        "standfirst",
        "dateline",
        "byline",
        "body",
        "body",
    ]


def test_paragraphs_above_a_late_byline_stay_the_story():
    rules = LineRules()
    text = (
        "Rebels take a town\n\nRebels took the town on Monday.\n\nThe army shelled it on Tuesday.\n\n"
        "Thousands fled on Wednesday.\n\nBy Staff\n\nMore fighting is expected."
    )
    assert [label for *_, label in rules.label_lines(text)] == ["title", "body", "body", "body", "byline", "body"]


def body_sentences(nlp, body: str) -> list[str]:
    """The sentences of an article with a title line and `body`, the title's left out."""
    return [s.text for s in run(nlp, "Title line\n\n" + body).sents][1:]


def test_an_opening_quote_starts_the_sentence_it_opens(nlp):
    assert body_sentences(
        nlp,
        'Troops shelled the village on Monday, residents said. "We fled at night," '
        'one man said. Another said "nothing" was left. \u201cThey burned it,\u201d he added.',
    ) == [
        "Troops shelled the village on Monday, residents said.",
        '"We fled at night," one man said.',
        'Another said "nothing" was left.',
        "\u201cThey burned it,\u201d he added.",
    ]


def test_a_short_form_stop_ends_no_sentence(nlp):
    assert body_sentences(
        nlp,
        "Rebels took the No. 1002 battalion on Monday. Lt. Col. Aung Kyaw said so. They said no. Then the army left.",
    ) == [
        "Rebels took the No. 1002 battalion on Monday.",
        "Lt. Col. Aung Kyaw said so.",
        "They said no.",
        "Then the army left.",
    ]


def test_a_bare_number_counts_the_people_named_before_it(nlp):
    got = figures(nlp, "Six junta soldiers were killed and four were captured, the group said.")
    assert [(c, p, n) for c, p, n, *_ in got] == [("killed", "state_forces", 6), ("captured", "state_forces", 4)]


def test_participles_give_the_category(nlp):
    got = figures(
        nlp, "The strike killed three villagers, injuring 14 others and forcing about 2,000 residents to flee."
    )
    assert [(c, n) for c, _, n, *_ in got] == [("killed", 3), ("injured", 14), ("displaced", 2000)]


@pytest.mark.parametrize(
    "text,day,precision",
    [
        ("over the weekend", dt.date(2024, 3, 9), 2),  # the latest Saturday on or before Wed 13 March
        ("earlier this month", dt.date(2024, 3, 1), 3),
        ("last month", dt.date(2024, 2, 1), 3),
        ("two days ago", dt.date(2024, 3, 11), 1),
        ("the day before yesterday", dt.date(2024, 3, 11), 1),
        ("on Tuesday night", dt.date(2024, 3, 12), 1),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(text, day, precision):
    [found] = find_dates(text, dt.date(2024, 3, 13))
    assert (found.value, found.precision) == (day, precision)


@pytest.mark.parametrize(
    "text,found",
    [
        # any weekday is a day, with or without "on" before it (reference: Wednesday 13 March 2024)
        ("Jets bombed the village late Monday.", [("Monday", dt.date(2024, 3, 11), 1)]),
        ("Shells hit the camp Sunday night.", [("Sunday", dt.date(2024, 3, 10), 1)]),
        ("Rebels attacked the post overnight Tuesday.", [("Tuesday", dt.date(2024, 3, 12), 1)]),
        ("Troops raided the ward early Friday at 8:30 a.m.", [("Friday", dt.date(2024, 3, 8), 1)]),
        ("Fighting went on on Monday and Tuesday.", [("Monday and Tuesday", dt.date(2024, 3, 11), 2)]),
        ("The base fell last Wednesday.", [("Wednesday", dt.date(2024, 3, 6), 1)]),  # written on a Wednesday
        ("The base fell Wednesday.", [("Wednesday", dt.date(2024, 3, 13), 1)]),
        (
            "Clashes broke out on Nov. 3 and Sept. 16 and Jan 9.",
            [
                ("Nov. 3", dt.date(2023, 11, 3), 1),
                ("Sept. 16", dt.date(2023, 9, 16), 1),
                ("Jan 9", dt.date(2024, 1, 9), 1),
            ],
        ),
        ("Several were killed earlier in the week.", [("earlier in the week", dt.date(2024, 3, 11), 2)]),
        # the date after the weekday says which one
        ("Rebels took the town on Monday, March 4.", [("March 4", dt.date(2024, 3, 4), 1)]),
        # not a day of this story: a report's day, a count's, a name, an event told before, a day ahead
        ("Two villagers were killed, officials said Monday.", []),
        ("The toll rose to 12 as of Thursday.", []),
        ("The Tuesday shelling was a reprisal.", []),
        ("Shops closed on Good Friday.", []),
        ("Talks resume next Monday.", [("Monday", None, 1)]),
    ],
)
def test_weekdays_in_news_wording(text, found):
    got = [(d.text, d.value, d.precision) for d in find_dates(text, dt.date(2024, 3, 13))]
    assert got == found


@pytest.mark.parametrize(
    "header,day,outlet",
    [
        ("MANDALAY — 3 March 2024", dt.date(2024, 3, 3), None),
        ("By Staff | 3 March 2024", dt.date(2024, 3, 3), None),
        ("Published: March 3, 2024 12:45 GMT", dt.date(2024, 3, 3), None),
        ("March 3, 2024 | Mizzima", dt.date(2024, 3, 3), "Mizzima"),
        ("Sunday, 28/2/2024", dt.date(2024, 2, 28), None),
        ("Example News, 21 May 2024", dt.date(2024, 5, 21), None),
        ("Date – 3 September 2024", dt.date(2024, 9, 3), None),
        ("Posted on June 3, 2024 by admin", dt.date(2024, 6, 3), None),
        ("Last updated 05 Jun 2024 14:02 ICT", dt.date(2024, 6, 5), None),
    ],
)
def test_datelines_in_any_layout_give_the_publication_date(nlp, header, day, outlet):
    doc = run(nlp, f"Junta raids villages in Sagaing\n\n{header}\n\nJunta troops raided three villages on Sunday.")
    meta = doc._.article_meta
    assert (meta["published_date"], meta["published_date_source"], meta["outlet"]) == (day, "text", outlet)
    assert all(t._.is_boilerplate for t in doc if t.text == "Mizzima")


@pytest.mark.parametrize(
    "text,day",
    [
        # a site header printing the day it was read loses to the story's own stamp, before or after it
        (
            "Tuesday, 5 March 2024\n\nJunta shells camp near Laiza\n\nBy: Admin | Date: 12 January 2024\n\n"
            "Troops shelled the camp on Monday.",
            dt.date(2024, 1, 12),
        ),
        (
            "Junta shells camp near Laiza\nSat, January 20, 2024\nJane Example Laiza Published 21.10.23, 07:05 PM\n\n"
            "Troops shelled the camp on Monday.",
            dt.date(2023, 10, 21),
        ),
        # a publication stamp before an update stamp, whatever their order
        (
            "Junta shells camp near Laiza\nUpdated 5 March 2024 | Published 3 March 2024\n\nTroops shelled the camp.",
            dt.date(2024, 3, 3),
        ),
        # the only date stated, after a weekday and a section name, with the month written between slashes
        (
            "Junta shells camp near Laiza\n\nAsia Tuesday 14/May/2024 09:10 AM\n\nTroops shelled the camp.",
            dt.date(2024, 5, 14),
        ),
        # no date in the header: none (a date in the body is no publication date)
        ("Junta shells camp near Laiza\n\nTroops shelled the camp on 3 March 2024, residents said.", None),
    ],
)
def test_the_stories_own_date_wins_over_a_site_header(nlp, text, day):
    assert run(nlp, text)._.article_meta["published_date"] == day


def test_a_leading_metadata_date_is_cut_off_from_the_first_sentence(nlp):
    doc = run(
        nlp,
        " date 2024-01-26 Rebels seized the town of Kyauktaw on Wednesday after weeks of fighting, "
        "residents said.\n\nThe army shelled the town the next day.",
    )
    meta = doc._.article_meta
    assert (meta["published_date"], meta["published_date_source"]) == (dt.date(2024, 1, 26), "text")
    first = next(s for s in doc.sents if not all(t._.is_boilerplate or t.is_space for t in s))
    assert first.text.startswith("Rebels seized")
    assert [(s.text, s._.date.value) for s in doc.spans["dates"]][:1] == [("Wednesday", dt.date(2024, 1, 24))]


def test_a_place_and_a_colon_after_a_metadata_date_is_a_dateline(nlp):
    doc = run(nlp, " date 2024-01-26 SITTWE: Rebels seized two outposts on Wednesday, residents said.")
    assert [s.label_ for s in doc.spans["boilerplate"]] == ["meta", "dateline"]
    doc = run(nlp, "Rebels take outposts\n\nThe army said: we lost two outposts on Wednesday.")
    assert [s.label_ for s in doc.spans["boilerplate"]] == ["title"]


def test_a_place_with_its_country_and_a_colon_is_a_dateline_not_the_events_place(nlp):
    doc = run(nlp, "Rebels take outposts\n\nMandalay (Myanmar): Security forces shot dead two people on Monday.")
    assert [s.label_ for s in doc.spans["boilerplate"]] == ["title", "dateline"]
    assert doc._.events == []  # no place of the event's own
    doc = run(nlp, "Rebels take outposts\n\nU Kyaw Min, a resident: we fled on Monday.")
    assert [s.label_ for s in doc.spans["boilerplate"]] == ["title"]


def test_a_leading_metadata_date_before_a_headline(nlp):
    doc = run(
        nlp,
        " date 2024-01-26 Rebels Seize Kyauktaw After Weeks of Fighting\nRebels seized the town of "
        "Kyauktaw on Wednesday, residents said.",
    )
    meta = doc._.article_meta
    assert (meta["published_date"], meta["title"]) == (
        dt.date(2024, 1, 26),
        "Rebels Seize Kyauktaw After Weeks of Fighting",
    )


def test_a_date_word_later_in_the_first_line_is_no_metadata_prefix(nlp):
    doc = run(nlp, "Rebels said the date 2024-01-26 was chosen for the attack on Kyauktaw, residents said.")
    assert doc._.article_meta["published_date"] is None
    assert not [s for s in doc.spans["boilerplate"] if s.label_ == "meta"]


def test_a_body_sentence_with_a_date_is_not_a_dateline(nlp):
    doc = run(nlp, "Title line\n\nThe junta said on March 3, 2024 that it had retaken the town of Kawlin.")
    assert doc._.article_meta["published_date"] is None


def test_others_are_the_people_of_the_figure_before(nlp):
    got = figures(nlp, "The shells killed three villagers and injured five others.")
    assert [(c, p, n) for c, p, n, *_ in got] == [("killed", "civilians", 3), ("injured", "civilians", 5)]


def test_a_partitive_names_the_people_counted(nlp):
    doc = run(nlp, "Junta troops shelled the camp. The KNDF said two of its own fighters were injured.")
    assert [(f.category, f.party, f.count_low) for f in doc._.figures] == [("injured", "non_state_armed", 2)]


def test_the_size_of_a_unit_is_not_a_casualty_figure(nlp):
    got = figures(nlp, "The PDF ambushed a junta column of about 80 troops near the village, killing seven soldiers.")
    assert [(c, n) for c, _, n, *_ in got] == [("killed", 7)]


def test_prisoners_and_bodies_take_their_category_from_the_noun(nlp):
    doc = run(
        nlp,
        "The AA said that 37 prisoners of war were taken and that more than 20 bodies of junta "
        "soldiers were recovered.",
    )
    assert [(f.category, f.party, f.count_low) for f in doc._.figures] == [
        ("captured", "state_forces", 37),
        ("killed", "state_forces", 20),
    ]


def test_killing_or_injuring_is_one_category(nlp):
    [(category, party, low, high, qualifier, _)] = figures(
        nlp, "Jets bombed the village, killing or injuring up to 20 civilians."
    )
    assert (category, party, low, qualifier) == ("killed_or_injured", "civilians", 20, "up_to")


def test_a_total_since_an_event_is_cumulative(nlp):
    [(*_, cumulative)] = figures(nlp, "More than 100 civilians have been killed since the fighting resumed.")
    assert cumulative is True


def test_capturing_a_base_is_territorial_and_capturing_soldiers_is_not(nlp):
    got = events(
        nlp,
        "On Sunday the KIA overran two hilltop junta outposts near Bhamo. On Monday, 12 soldiers "
        "were captured after a clash near Kawlin.",
    )
    assert got == [
        (dt.date(2024, 3, 10), "battle", "non_state_actor_overtakes_territory", "Bhamo"),
        (dt.date(2024, 3, 11), "battle", "armed_clash", "Kawlin"),
    ]


def test_a_raid_followed_by_a_retreat_is_a_clash(nlp):
    [(_, _, sub_type, _)] = events(
        nlp, "On Sunday the PDF occupied three junta camps near Kawlin. They burned the barracks before retreating."
    )
    assert sub_type == "armed_clash"


def test_a_date_counted_from_the_event_told_before(nlp):
    got = events(
        nlp, "On Sunday junta jets bombed Kawlin town.\nThe air strike came a day after fighting near Wuntho town."
    )
    assert got == [
        (dt.date(2024, 3, 10), "remote_violence", "air_drone_strike", "Kawlin"),
        (dt.date(2024, 3, 9), "battle", "armed_clash", "Wuntho"),
    ]


def test_a_dateless_sentence_going_on_about_an_event_refines_its_place(nlp):
    got = events(
        nlp,
        "A junta jet bombed a village in Kawlin Township on Sunday, killing 11 civilians. The "
        "aircraft dropped two bombs on the centre of Tondaw village.",
    )
    assert len(got) == 1 and got[0][:3] == (dt.date(2024, 3, 10), "remote_violence", "air_drone_strike")
    assert got[0][3] != "Kawlin Township"


def test_a_date_in_a_since_clause_starts_a_period(nlp):
    assert (
        events(
            nlp, "More than 100 civilians have been killed in Kawlin Township since the fighting began on January 8."
        )
        == []
    )


def test_a_breakdown_with_its_own_category_is_a_figure(nlp):
    doc = run(nlp, "About 3.1 million people are displaced, including 2.8 million displaced since the coup.")
    assert [(f.kind, f.count_low) for f in doc._.figures] == [("displacement", 3_100_000), ("displacement", 2_800_000)]


@pytest.mark.parametrize(
    "text,low,unit",
    [
        ("Over 1,500 villagers have left their homes since the airstrike.", 1500, "people"),
        ("More than 6,000 villagers from about 1,100 households have fled.", 1100, "households"),
        ("The camp shelters about 3,500 people.", 3500, "people"),
    ],
)
def test_displacement_wordings(nlp, text, low, unit):
    found = [(f.count_low, f.unit) for f in run(nlp, text)._.figures if f.kind == "displacement"]
    assert (low, unit) in found


# --- cases from reading real reporting (texts invented) -------------------------------------------------
def test_a_totals_words_before_the_number_name_its_category(nlp):
    assert figures(
        nlp, "The fighting pushed the number of displaced people in the region to more than 200,000, the agency said."
    ) == [("displaced", None, 200_000, None, "more_than", True)]  # the number of displaced people: a stock


@pytest.mark.parametrize(
    "text",
    [
        "One out of every 100 residents of the region has been displaced.",  # a ratio
        "Forty soldiers fled across the border after the attack.",  # soldiers who fled: not displacement
        "Of the 30 victims, five were teachers who were sheltering in a school.",
    ],
)
def test_ratios_fleeing_soldiers_and_relative_clauses_are_not_displacement(nlp, text):
    assert [f for f in figures(nlp, text) if f[0] == "displaced"] == []


def test_a_category_word_inside_the_noun_phrase_names_the_category(nlp):
    assert figures(nlp, "Seventeen injured refugees were taken to hospital.") == [
        ("injured", "civilians", 17, 17, "exact", False)
    ]


def test_a_keyword_after_another_count_of_people_is_that_counts(nlp):
    # "were among 40 refugees": the 40 are the refugees; the two monks have no category of their own
    assert figures(nlp, "Two monks were among 40 refugees who reached the camp.") == [
        ("displaced", "civilians", 40, 40, "exact", False)
    ]


def test_a_displacement_figure_with_no_place_is_the_countrys(nlp):
    from extract.nlp.figure_places import figure_place

    [fig] = run(nlp, "More than 3 million people have been displaced since the coup.")._.figures
    assert figure_place(fig, None)["location_type"] == "country"
    assert figure_place(fig, {"location_id": "x"}) == {"location_id": "x"}  # its event's place comes first


def test_a_displacement_flow_with_no_place_is_told_where_its_story_is(nlp):
    from extract.nlp.figure_places import figure_place

    doc = run(
        nlp,
        "Junta jets bombed Tondaw village in Kawlin Township on Sunday.\n\n"
        "More than 2,000 people have fled, residents said.\n\n"
        "Over 3 million people have been displaced since the coup.",
    )
    flow, stock = doc._.figures
    assert figure_place(flow, None)["name"] == "Tondaw"
    assert figure_place(stock, None)["location_type"] == "country"  # a period total: the whole country's


def test_a_displacement_flow_out_of_the_country_is_told_where_its_story_is(nlp):
    from extract.nlp.figure_places import figure_place

    doc = run(
        nlp,
        "Junta jets bombed Tondaw village in Kawlin Township on Sunday.\n\n"
        "More than 2,000 people have fled Myanmar, residents said.",
    )
    [flow] = doc._.figures
    assert figure_place(flow, None)["name"] == "Tondaw"


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "A medic said 41 people were killed and 52 wounded.",
            [("killed", "civilians", 41, 41, "exact", False), ("injured", "civilians", 52, 52, "exact", False)],
        ),
        (
            "The blast killed 15 villagers and injured a further 15.",
            [("killed", "civilians", 15, 15, "exact", False), ("injured", "civilians", 15, 15, "exact", False)],
        ),
        ("Troops arrested and questioned 143 civilians.", [("detained", "civilians", 143, 143, "exact", False)]),
        ("He said over 20 military personnel were killed.", [("killed", "state_forces", 20, None, "more_than", False)]),
        (
            "The group said a total of (5,599) people have been killed since the coup.",
            [("killed", "civilians", 5599, 5599, "exact", True)],
        ),
        (
            "Eight residents, including three children aged five, 10 and 11, were injured.",
            [("injured", "civilians", 8, 8, "exact", False)],
        ),
    ],
)
def test_real_reporting_shapes_of_figures(nlp, text, expected):
    assert figures(nlp, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("As of Sunday, 204 refugees have returned home.", []),  # no longer displaced
        ("More than 12,000 civilian properties have been burned since the coup.", []),  # things
        (
            "On Monday, 28 IDPs from Tondaw village were killed by the shelling.",
            [("killed", "civilians", 28, 28, "exact", False)],
        ),  # IDPs who were killed
        ("He placed the number of new arrivals at 3,000.", [("displaced", None, 3000, 3000, "exact", False)]),
    ],
)
def test_displacement_words_in_real_reporting(nlp, text, expected):
    assert figures(nlp, text) == expected


def test_refugees_abroad_are_placed_where_they_are_only_for_a_stock(nlp):
    from extract.nlp.figure_places import figure_place

    doc = run(
        nlp,
        "Junta jets bombed Tondaw village in Kawlin Township on Sunday.\n\n"
        "About 300 refugees have fled to Mizoram, officials said.\n\n"
        "Since the coup, more than 30,000 refugees have sheltered in Mizoram.",
    )
    flow, stock = doc._.figures
    assert figure_place(flow, None)["name"] == "Tondaw"  # a flow: where they fled from
    assert figure_place(stock, None)["name"] == "Mizoram"  # a stock: where they are


def test_the_country_naming_whose_refugees_they_are_is_not_their_place(nlp):
    """ "Myanmar refugees" names whose people they are: with a place abroad in the sentence, a flow is told at its
    story's place and a stock where the refugees are; with none abroad, the country stays the place."""
    from extract.nlp.figure_places import figure_place

    doc = run(
        nlp,
        "About 300 Myanmar refugees crossed to Zokhawthar in Mizoram on Sunday.\n\n"
        "They fled fighting in Tonzang Township, officials said.\n\n"
        "Some 30,000 Myanmar refugees have sheltered in Mizoram since the coup.\n\n"
        "More than 4,000 people in Myanmar have been displaced this month.",
    )
    flow, stock, home = doc._.figures
    assert figure_place(flow, None)["name"] == "Tonzang Township"  # the story's place, told after it
    assert figure_place(stock, None)["name"] == "Mizoram"
    assert figure_place(home, None)["location_type"] == "country"


def test_a_displacement_figure_told_again_is_one_figure_and_an_aside_between_dashes_is_skipped(nlp):
    got = figures(
        nlp,
        "Fighting has forced about 5,000 people to flee into Thailand this week.\n\n"
        "About 5,000 people had crossed into Thailand's Tak province, officials said.\n\n"
        "The UN said 566,100 people — or more than 1% of the population of 55 million — were made "
        "refugees since the coup.",
    )
    assert [(f[0], f[2]) for f in got] == [("displaced", 5000), ("displaced", 566100)]


@pytest.mark.parametrize(
    "text, cumulative",
    [
        ("Since the 1 February 2021 coup, a total of 5,599 people have been killed by the junta.", True),
        ("From January 1 to August 31, 2024, a total of 224 people were killed by junta gunfire.", True),
        ("Between 9 October and 10 October, 12 people were killed in Kawlin town.", False),
    ],
)
def test_a_period_however_written_makes_a_period_total(nlp, text, cumulative):
    assert [f[5] for f in figures(nlp, text)] == [cumulative]


def test_a_number_listed_after_a_subset_cue_is_part_of_the_breakdown(nlp):
    got = figures(nlp, "Nine civilians, including a pastor and two teachers, were killed in Kawlin town.")
    assert [(f[0], f[2]) for f in got] == [("killed", 9)]


def test_a_casualty_figure_told_again_alike_is_one_but_told_otherwise_stays_two(nlp):
    got = figures(
        nlp,
        "A junta air strike killed nearly 50 people in Kawlin town on Sunday.\n\n"
        "Residents said nearly 50 people were killed in the strike.\n\n"
        "According to initial reports, 50 civilians were killed.",
    )
    assert [(f[0], f[2], f[4]) for f in got] == [("killed", 50, "about"), ("killed", 50, "exact")]


def test_people_listed_as_including_armed_men_are_mixed(nlp):
    text = "At least 31 people, including members of the local People's Defense Force, were killed by troops."
    assert [f[1] for f in figures(nlp, text)] == ["mixed"]
    text = "Troops killed 18 people, including five children, after the PDF attacked the junta troops."
    assert [f[1] for f in figures(nlp, text)] == ["civilians"]
    assert [f[1] for f in figures(nlp, "Thirteen visitors and 19 adults were killed.")] == ["civilians", "civilians"]


def test_a_weekday_led_date_names_the_year_of_an_undated_article():
    today = dt.date(2026, 12, 7)
    assert weekday_year("Fighting broke out on Tuesday morning, August 24, near Loikaw.", today) == 2021
    assert weekday_year("The town fell on Monday, 7 April.", today) == 2025
    # two weekday-led dates that fit no one year, or none at all: no year
    assert weekday_year("on Tuesday, Aug. 24, and on Monday (March 3)", today) is None
    assert weekday_year("The town fell on Monday.", today) is None
    # a date with its year needs no deduction
    assert weekday_year("on Tuesday, August 24, 2021", today) is None


def test_an_undated_articles_background_date_is_no_reference(nlp):
    # "since the army seized power on Feb. 1, 2021" is no day to count "Thursday" from; a date said otherwise is
    text = (
        "A jet bombed Tondaw village in Kawlin Township on Thursday, killing 21. Myanmar has been in turmoil since "
        "the army seized power on Feb. 1, 2021."
    )
    assert events(nlp, text, published=None) == []
    text = "Junta jets bombed Tondaw village in Kawlin Township on Thursday, residents told reporters on Sept. 2, 2024."
    strike = (dt.date(2024, 8, 29), "remote_violence", "air_drone_strike", "Tondaw")
    assert events(nlp, text, published=None) == [strike]


def test_an_undated_article_dates_its_events_by_a_weekday_led_date(nlp):
    # (29 February 2024 was the only Thursday 29 February between 2021 and 2051, so the case holds for years)
    text = "Fighting broke out near Tondaw village on Thursday morning, February 29."
    assert events(nlp, text, published=None) == [(dt.date(2024, 2, 29), "battle", "armed_clash", "Tondaw")]


def test_one_man_or_woman_counted_is_a_civilian(nlp):
    got = figures(nlp, "One man was killed and a novice and two women were injured when the shells hit Tondaw village.")
    assert [(c, p, n) for c, p, n, *_ in got] == [("killed", "civilians", 1), ("injured", "civilians", 2)]


def test_others_no_figure_stands_for_take_the_side_named_before(nlp):
    got = figures(nlp, "A soldier died and six others were wounded near Tondaw village.")
    assert [(c, p, n) for c, p, n, *_ in got] == [("injured", "state_forces", 6)]
