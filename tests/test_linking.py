"""Reports of one story are linked: a republication points to its dated original and borrows its date."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.extraction import make_docs
from extract.linking import find_links, fingerprint, word_cosine
from extract.nlp.pipeline import shared_nlp
from extract.stories import LinkedDate

ORIGINAL = """Resistance forces seize army camp near Hpapun

By Staff Writer 12 March 2024

Fighters of the Karen National Liberation Army (KNLA) and local People's Defense Force units captured a
junta camp near Hpapun town in Kayin State on March 10, after three days of fighting, the KNLA said.
At least 12 regime soldiers were killed and 25 were captured, according to a KNLA spokesperson.
More than 2,000 villagers fled to the forest when junta jets bombed nearby villages on March 11.
The KNLA said two of its fighters were killed in the assault on the camp.
"""

REPUBLISHED = """Resistance forces seize army camp near Hpapun

This article was first published by another outlet.

Fighters of the Karen National Liberation Army (KNLA) and local People's Defense Force units captured a
junta camp near Hpapun town in Kayin State on March 10, after three days of fighting, the KNLA said.
At least 12 regime soldiers were killed and 25 were captured, according to a KNLA spokesperson.
More than 2,000 villagers fled to the forest when junta jets bombed nearby villages on March 11.
"""

REWRITTEN = """KNLA takes junta base in Hpapun area

On March 10 the KNLA, together with PDF fighters, overran a military camp close to Hpapun in Karen State
following a three-day battle. The group's spokesperson said at least 12 junta troops died and 25 were taken
prisoner. Junta aircraft bombed villages on March 11, forcing more than 2,000 residents to flee.
"""

UNRELATED = """Arakan Army says it shot down junta helicopter in Rakhine

By Staff Writer 14 March 2024

The Arakan Army (AA) said its fighters hit a military helicopter over Ponnagyun Township in Rakhine State on
March 13. Five junta soldiers were killed and three were injured in clashes near the township, the AA said.
About 400 residents of Ponnagyun fled to Sittwe, local aid groups said.
"""

# Another outlet's report of the event ORIGINAL tells, in its own words and undated: too far from it to be one story,
# close enough (a date, a place, a figure and words in common) to read its dates against ORIGINAL's date
OTHER_OUTLET = """Karen fighters say junta outpost near Hpapun has fallen

Villagers around Hpapun town heard heavy gunfire for three days before Karen fighters announced on March 10
that the army outpost had fallen. One KNLA officer said 12 regime soldiers were killed in the fighting. Aid
workers said families were hiding in the jungle and needed rice, blankets and medicine, and that schools in the
area had been closed since the fighting began.
"""

# Undated too, and sharing ORIGINAL's date and place, but told in fewer of its words and with no figure of it
LATER_STORY = """Junta jets strike villages near Hpapun

Villagers near Hpapun town said junta jets bombed two villages on March 10, a week after the army lost its
outpost there. Aid workers said families were hiding in the jungle and needed rice, blankets and medicine.
"""


def process(texts: dict[str, str], linked_dates: dict | None = None) -> dict:
    nlp = shared_nlp()
    articles = [(aid, text, None, None, None, None) for aid, text in texts.items()]
    return {doc._.source["article_id"]: doc for doc in nlp.pipe(make_docs(nlp, articles, linked_dates))}


@pytest.fixture(scope="module")
def links():
    docs = process({"original": ORIGINAL, "republished": REPUBLISHED, "rewritten": REWRITTEN, "unrelated": UNRELATED})
    return find_links([fingerprint(d) for d in docs.values()])


def test_a_republication_points_to_its_dated_original(links):
    assert links["republished"].duplicate_of == "original"
    assert links["republished"].word_cosine > 0.9


def test_a_rewrite_of_the_same_story_by_another_outlet_is_linked_too(links):
    assert links["rewritten"].duplicate_of == "original"


def test_a_different_story_is_not_linked(links):
    assert "unrelated" not in links and "original" not in links


def test_an_undated_report_takes_the_linked_date_and_says_so():
    docs = process(
        {"republished": REPUBLISHED}, linked_dates={"republished": LinkedDate(dt.date(2024, 3, 12), "republished")}
    )
    meta = docs["republished"]._.article_meta
    assert meta["published_date"] == dt.date(2024, 3, 12)
    assert meta["published_date_source"] == "linked_article"
    # its dates are now resolved against the borrowed date
    assert dt.date(2024, 3, 10) in {s._.date.value for s in docs["republished"].spans["dates"]}


def test_a_date_in_the_text_wins_over_a_linked_one():
    docs = process({"original": ORIGINAL}, linked_dates={"original": LinkedDate(dt.date(2020, 1, 1), "republished")})
    assert docs["original"]._.article_meta["published_date_source"] == "text"


def test_another_outlets_report_dates_an_undated_reports_events_not_its_publication():
    alone = process({"other": OTHER_OUTLET})["other"]
    assert {s._.date.value for s in alone.spans["dates"]} == {None}  # "March 10" of no known year
    docs = process({"other": OTHER_OUTLET}, linked_dates={"other": LinkedDate(dt.date(2024, 3, 12), "reference")})
    meta = docs["other"]._.article_meta
    assert meta["published_date"] is None and meta["published_date_source"] == "none"
    assert {s._.date.value for s in docs["other"].spans["dates"]} == {dt.date(2024, 3, 10)}
    # a report telling the event as one of an earlier year lends that year only
    docs = process({"other": OTHER_OUTLET}, linked_dates={"other": LinkedDate(dt.date(2023, 12, 31), "year")})
    assert docs["other"]._.article_meta["reference_is_year_only"]
    assert {s._.date.value for s in docs["other"].spans["dates"]} == {dt.date(2023, 3, 10)}


def test_word_cosine_of_identical_and_disjoint_bags():
    from collections import Counter

    assert word_cosine(Counter("abc"), Counter("abc")) == pytest.approx(1.0)
    assert word_cosine(Counter("abc"), Counter("xyz")) == 0.0
