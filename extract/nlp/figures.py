"""`figure_extractor`: casualty and displacement figures of people, one per number, with what they count.

For each number in a body sentence (see numbers.py), in this order:
1. drop it if it names or dates something ("Brigade 5", "November 14", a year), counts things (bombs,
   houses, vehicles: `non_person_nouns`), or breaks down the figure before it ("including four children");
2. find the noun phrase it counts ("junta soldiers", "resistance fighters", "people") and the category from
   the nearest keyword after it in the sentence, or a verb right before it ("killed at least 12");
   a number with no person noun and no category keyword is not a figure;
3. the party: an actor named in the noun phrase, else a party word ("resistance", "junta"), else the noun's
   default (soldiers → state_forces, villagers → civilians); a bare number ("and four were captured") counts
   the people of the figure before it in the sentence; captured/surrendered people with no side named
   belong to the side opposite their captor;
4. the claimant ("according to X", "X said/claimed/announced"), whether it is a period total
   (`cumulative_cues`, and for displacement `stock_cues`), its date and place within the sentence.
Vocabulary lives in `extract/data/patterns/figures.yml`. Results: `doc._.figures`, a list of `Figure`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp.docview import attr_of, boilerplate_mask, sentences, spans_in, spans_of, view
from extract.nlp.figure_categories import FigureCategories
from extract.nlp.figure_places import is_country, most_specific, sentence_place
from extract.nlp.figure_sides import FigureSides
from extract.nlp.figure_totals import names_a_period, without_restatements
from extract.nlp.numbers import Count, bounds, parse_count
from extract.nlp.resources import load_yaml

if not Doc.has_extension("figures"):
    Doc.set_extension("figures", default=None)


@dataclass
class Figure:
    kind: str  # casualty | displacement
    category: str  # casualty category, or 'displaced'
    party: str | None
    actor_id: str | None
    count_low: int
    count_high: int | None
    count_best: int
    qualifier: str
    unit: str | None
    is_cumulative: bool
    claimed_by: str | None
    start_char: int
    end_char: int
    sentence: Span
    date: object | None  # DateMention of the sentence nearest the figure, if any
    place: dict | None  # the sentence's most specific place, if any
    token_end: int = 0  # token index after the figure's number expression (a range ends at its second number)
    verb_before: bool = False  # its category is a verb's right before it ("killing three staff")
    story_place: dict | None = None  # displacement with no place of its own: the place its story is told at
    abroad_place: dict | None = None  # displacement with no place in Myanmar: the place abroad its sentence names
    generic: bool = False  # its people are only "people", "persons": civilians by default, no side told


class FigureExtractor(FigureSides, FigureCategories):
    def __init__(self, nlp: Language, name: str = "figure_extractor"):
        self.name = name
        cfg = load_yaml("patterns/figures.yml")
        self.cfg = cfg
        self.person_nouns = {tuple(k.split()): v for k, v in cfg["person_nouns"].items()}
        self.person_party = {k: v for k, v in cfg["person_nouns"].items() if " " not in k}
        self.max_noun_len = max(len(k) for k in self.person_nouns)
        self.non_person = set(cfg["non_person_nouns"])
        self.plural_units = set(cfg["plural_units"])
        self.not_before = set(cfg["not_count_before"])
        self.adds_to = set(cfg["count_after"])
        self.ratio_after = [tuple(w.split()) for w in cfg["ratio_after"]]
        self.category_filler = set(cfg["category_filler"])
        self.count_openers = [tuple(w.split()) for w in cfg["count_openers"]]
        self.place_prepositions = set(cfg["parallel_place_prepositions"])
        self.partitive_cues = {tuple(w.split()) for w in cfg["partitive_cues"]}
        self.keyword_before_place = set(cfg["keyword_before_place"])
        self.generic_heads = set(cfg["generic_people"])
        self.list_links = set(cfg["number_list_links"])
        self.main_auxiliaries = set(cfg["main_auxiliaries"])
        self.total_words = [tuple(w.split()) for w in cfg["total_words"]]
        self.named_totals = {tuple(w.split()): cat for w, cat in cfg["named_totals"].items()}
        self.part_of_cues = {tuple(w.split()) for w in cfg["part_of_cues"]}
        self.total_window = cfg["total_window"]
        self.combatant_heads = set(cfg["combatant_heads"])
        self.return_words = [tuple(w.split()) for w in cfg["return_words"]]
        categories = sorted(
            ((tuple(p.split()), cat) for cat, ps in cfg["categories"].items() for p in ps), key=lambda x: -len(x[0])
        )
        # the same list (longest first) looked up by a keyword's first or last word
        self.categories_by_first: dict[str, list] = {}
        self.categories_by_last: dict[str, list] = {}
        for words, cat in categories:
            self.categories_by_first.setdefault(words[0], []).append((words, cat))
            self.categories_by_last.setdefault(words[-1], []).append((words, cat))
        self.categories_by_words = {words for words, _ in categories}
        self.casualty_categories = {cat for _, cat in categories if cat != "displaced"}
        self.party_words = {w: party for party, ws in cfg["party_words"].items() for w in ws}
        # a sentence containing any of these cues gives period totals (one search for all the cues)
        # ("By December, ..." opening the sentence is a cue too: matched at the start, apart, so that the
        # cues' alternation keeps the regex engine's fast scan for their first letters)
        self.cumulative = re.compile("|".join([re.escape(c.lower()) for c in cfg["cumulative_cues"]]) or r"(?!)")
        self.cumulative_opening = re.compile(r"by (the end of )?[a-z]+,")
        self._period_cues = lru_cache(maxsize=4096)(self._read_period_cues)
        self.stock = re.compile("|".join([re.escape(c.lower()) for c in cfg["stock_cues"]]) or r"(?!)")
        self.claim_before = sorted(cfg["claim_cues_before"], key=len, reverse=True)
        self.claim_verbs = set(cfg["claim_verbs_after"])
        self.units = cfg["displacement_units"]
        self.head_categories = cfg["head_categories"]
        self.toll_heads = set(cfg["toll_heads"])
        self.phrase_stops = set(cfg["phrase_stop_words"])
        # what a number can start with (see numbers.parse_count): a digit, a number word, "a" ("a dozen")
        self.number_starts = set(cfg["number_words"]) | {"a"}
        self.subset_cues = [tuple(c.split()) for c in cfg["subset_cues"]]
        self.subset_list_window = cfg["subset_list_window"]
        windows = cfg["windows"]
        self.category_gap = windows["category_gap"]
        self.return_window = windows["return_window"]
        self.noun_phrase_window = windows["noun_phrase"]
        self.total_category_window = windows["total_category"]
        self.claimant_name_window = windows["claimant_name"]
        self.claimant_before_window = windows["claimant_before"]
        self.period_patterns = [re.compile(p) for p in cfg["period_patterns"]]
        self.superlative_since = re.compile(
            r"\b(?:" + "|".join(cfg["superlatives_before_since"]) + r")\b[^.;,]{0,60}?\bsince\b[^.;,]*"
        )
        self.same_people = set(cfg["same_people_heads"])
        self.partitive = set(cfg["partitive_words"])
        self.unit_size = [tuple(w.split()) for w in cfg["unit_size_nouns"]]
        self.hedge_phrases = sorted(
            {tuple(p.split()) for ps in cfg["hedges"].values() for p in ps}, key=len, reverse=True
        )

    def __call__(self, doc: Doc) -> Doc:
        figures: list[Figure] = []
        date_tokens = {i for s in spans_of(doc, "dates") for i in range(s.start, s.end)}
        actor_of = attr_of(doc, "actors", "actor_id")
        actor_at = {i: actor_of(s) for s in spans_of(doc, "actors") for i in range(s.start, s.end)}  # actor ids
        boiler = boilerplate_mask(doc)
        starts = self.number_starts
        # the tokens a number can start at: a digit, a number word, "a" ("a dozen")
        numbers = [i for i, w in enumerate(view(doc).lower) if w in starts or w[:1].isdigit()]
        for sent in sentences(doc):
            if all(boiler[sent.start : sent.end]):
                continue
            i = sent.start  # where the next number may start (after the last figure's words)
            previous: Figure | None = None
            said: dict = {}  # what the sentence says for all its figures (claimant, place), read once
            for j in numbers[bisect_left(numbers, sent.start) : bisect_left(numbers, sent.end)]:
                if j < i or boiler[j] or j in date_tokens or j in actor_at:
                    continue
                count = parse_count(doc, j)
                if count is None:
                    continue
                figure = self._figure(doc, sent, count, actor_at, previous, said)
                if figure is not None:
                    figures.append(figure)
                    previous = figure
                i = max(count.end, figure.token_end if figure else 0)
        doc._.figures = self._with_story_places(doc, without_restatements(figures))
        return doc

    @staticmethod
    def _with_story_places(doc: Doc, figures: list[Figure]) -> list[Figure]:
        """A displacement figure whose sentence names no place ("More than 5,000 people have fled.") is told
        at the place of its story: the most specific place of the last sentence before it that names one
        (below the country), else of the first such sentence of the article."""
        if not any(f.kind == "displacement" and (f.place is None or is_country(f.place)) for f in figures):
            return figures
        place_of, boiler = attr_of(doc, "places", "place"), boilerplate_mask(doc)
        placed = []  # (sentence start, its most specific place below the country), in order
        for sent in sentences(doc):
            named = [
                place_of(s)
                for s in spans_in(doc, "places", sent.start, sent.end)
                if place_of(s) and place_of(s).get("location_type") != "country" and not boiler[s.start]
            ]
            if named:
                placed.append((sent.start, most_specific(named)))
        if not placed:
            return figures
        starts = [start for start, _ in placed]
        out = []
        for fig in figures:
            if fig.kind == "displacement" and (fig.place is None or is_country(fig.place)):
                k = bisect_left(starts, fig.sentence.start) - 1
                fig = replace(fig, story_place=placed[k][1] if k >= 0 else placed[0][1])
            out.append(fig)
        return out

    # -- pieces ---------------------------------------------------------------------------------------
    def _figure(
        self, doc: Doc, sent: Span, count: Count, actor_at: dict, previous: Figure | None, said: dict
    ) -> Figure | None:
        """The figure whose number is `count`; `previous` is the sentence's figure before it, whose people
        a bare number refers to ("six soldiers were killed and four captured"); `said` keeps, for the
        sentence's other figures, its claimant and place once read."""
        qualifier, low, high, first, last = bounds(doc, count)
        v = view(doc)
        orth, lower = v.orth, v.lower
        # the word before the expression ("up to 20": before "up"), so a hedge is not read as a name's word
        prev = lower[first - 1] if first > sent.start else ""
        k = first - 1
        while k > sent.start and (
            lower[k] in self.list_links or lower[k][:1].isdigit() or lower[k] in self.number_starts
        ):
            k -= 1
        if k < first - 1 and lower[k] in self.not_before:
            return None  # a list or range after "aged" ("children aged five, 10 and 11", "aged between 16 and 30")
        if (
            first - 2 >= sent.start
            and orth[first - 1] == ","
            and orth[first - 2][:1].isupper()
            and last < sent.end
            and orth[last] == ","
            and first == last - 1
        ):
            return None  # an age after a name: "Daw Ni Dain, 60, a teacher"
        if prev in ("no", "not") and lower[first] == "one":
            return None  # "no one was hurt", "not one was killed": nobody
        total = self._category_of_total(doc, sent, first)  # "rose to 912,700": "to" is no range then
        prev2 = f"{lower[first - 2]} {prev}" if first - 2 >= sent.start else ""
        if ((prev in self.not_before or prev2 in self.not_before) and total is None and prev2 not in self.adds_to) or (
            first > sent.start and orth[first - 1] in ("#", "$", "No.")
        ):
            return None
        subset = any(
            first - len(cue) >= sent.start and tuple(lower[first - len(cue) : first]) == cue for cue in self.subset_cues
        ) or self._listed_after_subset_cue(lower, orth, sent.start, first)
        if (
            first - 1 > sent.start
            and lower[first - 1] == "of"
            and any(tuple(lower[max(first - 1 - len(w), 0) : first - 1]) == w for w in self.unit_size)
        ):
            return None  # the size of a unit: "a column of about 80 troops"
        if count.end < len(doc) and orth[count.end] in ("%", "-", "/", ":", "am", "pm", "a.m.", "p.m."):
            if not (doc[count.end].text == "-" and count.end + 1 < len(doc) and doc[count.end + 1].like_num):
                return None
        head, head_party, modifiers, head_end = self._noun_phrase(doc, sent, last, actor_at)
        if head == "__thing__":
            return None
        if 1900 <= count.value <= 2100 and head is None and qualifier == "exact":
            return None  # a year
        # a verb before the number, then one right after the phrase ("25 prisoners of war surrendered"), then
        # what the head noun says ("37 prisoners of war were taken"), then a keyword further on in the clause
        after, at = self._category_after(doc, sent, head_end)
        if subset and (after is None or at - head_end > self.category_gap or "," in orth[head_end:at]):
            return None  # a breakdown of the figure before it, with no category of its own
        if any(tuple(lower[count.end : count.end + len(w)]) == w for w in self.ratio_after):
            return None  # "one out of every 100"
        # a keyword far after, in a relative clause, says what the people were doing ("victims who were
        # sheltering in the camp"), not what the figure counts
        far = after if self._main_clause_keyword(lower, head_end, at) else None
        before = self._category_before(doc, sent, first)
        listed_under = (
            (previous.category, previous.token_end) if previous is not None and previous.verb_before else None
        )
        listed = self._listed_after(lower, orth, listed_under, first)
        category = (
            before
            or (self._category_of_head(head) if head in self.toll_heads else None)
            or (after if at - head_end <= self.category_gap else None)
            or listed
            or self._category_of_modifiers(modifiers)
            or self._category_of_head(head)
            or total
            or far
            or self._parallel(lower, previous, head, first, head_end)
        )
        if category is None:
            return None
        if category == "displaced" and far in self.casualty_categories and self._category_of_head(head):
            category = far  # "28 IDPs ... were killed": the IDPs are the casualties
        if category == "displaced" and (
            head in self.combatant_heads or head_party in ("state_forces", "non_state_armed")
        ):
            return None  # soldiers who fled retreated or deserted: not displacement
        if category == "displaced" and any(
            tuple(lower[j : j + len(w)]) == w
            for j in range(head_end, min(sent.end, head_end + self.return_window))
            for w in self.return_words
        ):
            return None  # "204 refugees have returned": no longer displaced
        if category == "displaced":
            kind, unit = "displacement", self.units.get(head or "", "people")
        else:
            kind, unit = "casualty", None
        party, actor_id = self._party(doc, modifiers, head_party, actor_at)
        if party is None and head_end < sent.end and lower[head_end] == "of":  # "bodies of 20 soldiers"
            _, of_party, of_modifiers, _ = self._noun_phrase(doc, sent, head_end + 1, actor_at)
            party, actor_id = self._party(doc, of_modifiers, of_party, actor_at)
        if party == "civilians" and self._includes_fighters(doc, sent, head_end, actor_at):
            party, actor_id = "mixed", None  # "31 people, including members of the PDF, were killed"
        if (
            previous is not None
            and previous.kind == kind
            and (
                (head is None and all(self._says_how(m.lower_) for m in modifiers))
                or (head in self.same_people and party is None)
            )
        ):  # "41 people were killed and 52 wounded"
            party, actor_id, unit = previous.party, previous.actor_id, previous.unit
        if party is None and head in self.same_people:  # "A soldier died and six others were wounded"
            party = self._party_named_before(doc, sent, first, actor_at)
        if kind == "displacement" and party in ("state_forces", "non_state_armed"):
            return None  # "39 soldiers were airlifted ... the remaining 6 evacuated": not displacement
        if kind == "casualty" and party is None and category in ("captured", "surrendered"):
            party = self._opposite_of_captor(doc, sent, first, head_end, actor_at)
        if kind == "casualty" and party is None and category == "detained":
            party = "civilians"
        if (
            kind == "casualty"
            and category == "detained"
            and party == "state_forces"
            and self._opposite_of_captor(doc, sent, first, head_end, actor_at) != "non_state_armed"
        ):
            category = "captured"  # soldiers "arrested" by the other side are prisoners, not detainees
        generic = head in self.generic_heads and not modifiers and actor_id is None
        period, stock = self._period_cues(view(doc).lower_text(sent.start, sent.end))  # sent.text.lower()
        cumulative = period or (kind == "displacement" and stock)
        if not said:
            said.update(claimant=self._claimant(doc, sent, actor_at), place=sentence_place(doc, sent))
        best = low if high is None else (low + high) // 2
        final = max(head_end, last) - 1
        return Figure(
            kind=kind,
            category=category,
            party=party or ("unknown" if kind == "casualty" else None),
            actor_id=actor_id,
            count_low=low,
            count_high=high,
            count_best=best,
            qualifier=qualifier,
            unit=unit,
            is_cumulative=cumulative,
            generic=generic,
            claimed_by=said["claimant"],
            start_char=v.idx[first],
            end_char=v.idx[final] + len(orth[final]),
            sentence=sent,
            date=_nearest_date(doc, sent, count.start),
            place=said["place"],
            token_end=last,
            verb_before=before is not None or listed is not None,
            abroad_place=self._abroad(doc, sent, said)
            if kind == "displacement" and (not said["place"] or is_country(said["place"]))
            else None,
        )

    @staticmethod
    def _abroad(doc: Doc, sent: Span, said: dict) -> dict | None:
        """A displacement figure whose sentence names no place in Myanmar but one abroad ("33,000 refugees are
        living in Mizoram") is placed there: where the displaced are."""
        if "abroad" not in said:
            if "places_abroad" in doc.spans:
                place_of = attr_of(doc, "places_abroad", "place")
                found = [place_of(s) for s in spans_in(doc, "places_abroad", sent.start, sent.end) if place_of(s)]
            else:
                found = []
            said["abroad"] = most_specific(found)
        return said["abroad"]

    def _read_period_cues(self, text: str) -> tuple[bool, bool]:
        """Whether a sentence (lower case) has a period-total cue ("since the coup") and a stock cue ("remain
        displaced"). Remembered as `_period_cues`: a sentence often gives several figures."""
        # "the deadliest attack since the coup": no period
        periods = self.superlative_since.sub(" ", text) if "since" in text else text
        return (
            bool(
                self.cumulative_opening.match(periods)
                or self.cumulative.search(periods)
                or names_a_period(periods, self.period_patterns)
            ),
            bool(self.stock.search(text)),
        )

    def _noun_phrase(self, doc: Doc, sent: Span, i: int, actor_at: dict):
        """(head noun, its default party, modifier tokens, end index) of the phrase a number counts.
        head '__thing__' means the number counts things, not people."""
        modifiers = []
        lower = view(doc).lower
        j = i
        if j < sent.end and lower[j] == ")":  # "a total of (5,599) people"
            i = j = j + 1
        if j < sent.end and lower[j] == "of":  # "three of its own fighters"
            while j < sent.end and lower[j] in self.partitive:
                j += 1
            i = j
        while j < sent.end and j - i < self.noun_phrase_window:
            tok = doc[j]
            if tok.is_punct and tok.text not in ("-", "’s", "'s"):
                break
            for k in range(self.max_noun_len, 0, -1):
                words = tuple(lower[j : j + k])
                if len(words) == k and words in self.person_nouns:
                    if j + k < sent.end and lower[j + k] in self.non_person and j + k not in actor_at:
                        return "__thing__", None, modifiers, j + k + 1  # "two army columns", "civilian houses"
                    return " ".join(words), self.person_nouns[words], modifiers, j + k
            if lower[j] in self.non_person and (j not in actor_at or lower[j] in self.plural_units):
                return "__thing__", None, modifiers, j + 1  # ... "two army columns": units, not people
            if lower[j] in self.phrase_stops:
                break
            modifiers.append(tok)
            j += 1
        return None, None, modifiers, i

    def _parallel(
        self, lower: list[str], previous: Figure | None, head: str | None, first: int, end: int
    ) -> str | None:
        """A bare number listed after the sentence's figure before it and told at a place of its own ("60,000 in
        X Township and 900 in Y Township", "300 on the border and 80 in Z"): the same category."""
        if previous is None or head is not None or first <= 0 or lower[first - 1] not in ("and", ","):
            return None
        return previous.category if end < len(lower) and lower[end] in self.place_prepositions else None

    def _says_how(self, word: str) -> bool:
        """A word between a bare number and its category that says how, not who ("two seriously injured")."""
        return (word,) in self.categories_by_words or word.endswith("ly")

    def _party_named_before(self, doc: Doc, sent: Span, first: int, actor_at: dict) -> str | None:
        """The side of the nearest person or actor named before the figure in its sentence, for "others" or
        "more" that no figure before stands for ("A soldier died and six others were wounded")."""
        lower = view(doc).lower
        for j in range(first - 1, sent.start - 1, -1):
            if j in actor_at:
                party = (doc._.actors or {}).get(actor_at[j], {}).get("party")
                if party in ("state_forces", "non_state_armed", "civilians"):
                    return party
            party = self.person_nouns.get((lower[j],))
            if party is not None:
                return party
        return None

    def _listed_after_subset_cue(self, lower: list[str], orth: list[str], start: int, first: int) -> bool:
        """The number continues a list a subset cue opened ("nine civilians, including a pastor and two
        teachers"): it is part of the breakdown too."""
        if first - 1 <= start or lower[first - 1] != "and":
            return False
        for j in range(first - 2, max(start, first - self.subset_list_window) - 1, -1):
            if orth[j] in (",", ";", ".", "—", "–") or orth[j][:1].isdigit():
                return False
            if any(tuple(lower[j - len(c) + 1 : j + 1]) == c for c in self.subset_cues):
                return True
        return False


def _nearest_date(doc: Doc, sent: Span, i: int):
    dates = spans_in(doc, "dates", sent.start, sent.end)
    if not dates:
        return None
    return attr_of(doc, "dates", "date")(min(dates, key=lambda s: abs(s.start - i)))


@Language.factory("figure_extractor")
def make_figure_extractor(nlp: Language, name: str) -> FigureExtractor:
    return FigureExtractor(nlp, name)
