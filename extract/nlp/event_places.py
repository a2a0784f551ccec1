"""Where an event happened: the places a sentence names that are not where it happened (ends of a route,
roads, places that locate another, where fire came from), places listed together, and the place a
pointing word ("there", "the town") refers to. A mixin of `EventExtractor` (extract/nlp/events.py)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.nlp.docview import attr_of, boilerplate_mask, phrase_before, spans_in, view
from extract.nlp.event_copies import contains
from extract.nlp.figure_places import PLACE_SPECIFICITY

_JOINERS = (",", "and", "&", "or")


class EventPlaces:
    @staticmethod
    def _coordinated(doc: Doc, chosen: Span, places: list[Span]) -> list[Span]:
        """Places listed with the chosen one, of its kind ("bases in Rihkhawdar and Khawmawi", "Satawm,
        Lianhna and Tuichirh"): ACLED codes one event per place."""
        place_of, orth = attr_of(doc, "places", "place"), view(doc).lower
        rank = lambda s: max(PLACE_SPECIFICITY.get(place_of(s).get("location_type"), 9), 2)  # noqa: E731
        kind = rank(chosen)  # villages, towns and unlisted places list together; units with units of their level
        run = sorted((s for s in places if rank(s) == kind), key=lambda s: s.start)
        i = run.index(chosen)
        # a unit that locates the place before it may stand between them ("X town in Mandalay Region and Y town")
        units = {j for s in places if rank(s) > kind for j in range(s.start, s.end)}

        def joined(a: Span, b: Span) -> bool:
            between = range(a.end, b.start)
            joiners = [j for j in between if orth[j] in _JOINERS]
            locating = [j for j in between if j in units or (orth[j] == "in" and j + 1 in units)]
            return len(joiners) + len(locating) == len(between) and (bool(joiners) or not locating)

        lo = i
        while lo > 0 and joined(run[lo - 1], run[lo]):
            lo -= 1
        hi = i
        while hi + 1 < len(run) and joined(run[hi], run[hi + 1]):
            hi += 1
        seen = {place_of(chosen)["location_id"]}
        out = []
        for s in run[lo : hi + 1]:
            if place_of(s)["location_id"] not in seen:
                seen.add(place_of(s)["location_id"])
                out.append(s)
        return out

    def _refers_to_a_place(self, doc: Doc, sent: Span) -> bool:
        """The sentence names a place by a word that points back: "there" (not "there was"), "the town"."""
        lower = view(doc).lower
        for j in range(sent.start, sent.end):
            for words in self.place_anaphors.get(lower[j], ()):
                k = j + len(words)
                if tuple(lower[j:k]) == words and (k >= sent.end or lower[k] not in self.anaphor_not_before):
                    return True
        return False

    def _referent(self, doc: Doc, prior: Span) -> list[Span]:
        """The place a pointing word refers to: the most specific place the sentence before names where
        things happen (not the end of a route, a road or a place that locates another)."""
        place_of = attr_of(doc, "places", "place")
        places = [
            s
            for s in spans_in(doc, "places", prior.start, prior.end)
            if place_of(s) and place_of(s).get("location_type") not in ("country", "state_region")
        ]
        where = self._where(doc, prior, places, "battle") if places else []
        return [self._most_specific(doc, where)] if where else []

    def _places_in(self, doc: Doc, sent: Span) -> list[Span]:
        """The places the sentence's body names below the country, but where the wounded were taken ("taken to
        Mandalay for surgery")."""
        place_of, boiler, lower = attr_of(doc, "places", "place"), boilerplate_mask(doc), view(doc).lower
        return [
            s
            for s in spans_in(doc, "places", sent.start, sent.end)
            if place_of(s)
            and place_of(s).get("location_type") != "country"
            and not any(boiler[s.start : s.end])
            and not phrase_before(lower, sent.start, s.start, self.destination_before)
        ]

    def _where(self, doc: Doc, sent: Span, places: list[Span], event_type: str) -> list[Span]:
        """The places that may be where the event happened: not the ends of a route ("between X and Y"), not a
        road's name ("the X-Y road"), not a place that only locates another ("the X camp near Y"), and for
        remote violence not where the fire came from ("fired from a base near X", "based in X")."""
        out = []
        lower = view(doc).lower
        for span in places:
            before = lower[max(sent.start, span.start - self.locator_window) : span.start]
            if before and before[-1] == "between" and self._between_villages(doc, span, places):
                out.append(span)  # "the junction between X and Y villages": near X, a stone's throw from Y
                continue
            if before and (
                before[-1] in self.route_words
                or (
                    len(before) >= 2
                    and before[-1] == "and"
                    and any(
                        p.end == span.start - 1 and p.start - 1 >= sent.start and lower[p.start - 1] in self.route_words
                        for p in places
                    )
                )
            ):
                continue  # "between X and Y"
            if event_type == "remote_violence" and self._origin(before):
                continue
            if self._names_a_road(lower, span, sent.end):
                continue  # "the Myaing-Pakokku road"
            if self._locates_another(doc, sent, span, places):
                continue  # "the X camp near Y": the event is at X
            out.append(span)
        return out

    def _places_told_event(self, doc: Doc, sent: Span, last: dict) -> bool:
        """A sentence with no time of its own that names the event told before ("the attack on Nan Khan village",
        "The strike hit a house in X ward of Y village") at a place inside that event's: the event was there. Its
        place becomes that place."""
        lower = view(doc).lower
        words = lower[sent.start : sent.end]
        if not self.told_again_nouns.intersection(words) or spans_in(doc, "dates", sent.start, sent.end):
            return False
        if not self._names_the_event_told(words):
            return False
        place_of = attr_of(doc, "places", "place")
        places = [s for s in spans_in(doc, "places", sent.start, sent.end) if place_of(s)]
        where = self._where(doc, sent, places, last["event_type"]) if places else []
        inside = [s for s in where if contains(last["place"], place_of(s))]
        if not inside:
            return False
        last["place"] = place_of(self._most_specific(doc, inside))
        return True

    def _names_the_event_told(self, words: list[str]) -> bool:
        """The words name the event told before: "the attack", "this raid", "that strike"."""
        return any(a in self.told_again_determiners and b in self.told_again_nouns for a, b in zip(words, words[1:]))

    def _dates_told_event(self, doc: Doc, sent: Span, last: dict) -> bool:
        """A sentence naming the event told before ("The attack came on Monday night.") at no place of its own,
        on that event's day: it tells no new time."""
        if not self._names_the_event_told(view(doc).lower[sent.start : sent.end]):
            return False
        if self._names_a_place_inside(doc, sent):
            return False
        date_of = attr_of(doc, "dates", "date")
        days = {date_of(s).value for s in spans_in(doc, "dates", sent.start, sent.end)}
        return days == {last["event_date"]}

    @staticmethod
    def _between_villages(doc: Doc, first: Span, places: list[Span]) -> bool:
        """`first` and the place after "and" right after it are both villages ("between X and Y villages")."""
        place_of, lower = attr_of(doc, "places", "place"), view(doc).lower
        if first.end >= len(lower) or lower[first.end] != "and":
            return False
        second = next((p for p in places if p.start == first.end + 1), None)
        if second is None:
            return False
        return place_of(first).get("location_type") == place_of(second).get("location_type") == "village"

    def _names_a_road(self, lower: list[str], span: Span, end: int) -> bool:
        """The place is part of a road's name: a road word right after it, or after "-" and another name."""
        j = span.end
        if j < end and lower[j] in self.road_words:
            return True
        return j + 2 < end and lower[j] in ("-", "–") and lower[j + 2] in self.road_words

    def _locates_another(self, doc: Doc, sent: Span, span: Span, places: list[Span]) -> bool:
        """The place comes right after another place and a locator word ("X camp near Y", "X, east of Y")."""
        v = view(doc)
        ends = None
        for words in self.locator_words:
            k = span.start - len(words)
            if k <= sent.start or tuple(v.lower[k : span.start]) != words:
                continue
            if ends is None:
                ends = {p.end for p in places if p is not span}
            if k in ends or (v.orth[k - 1] == "," and k - 1 in ends):
                return True
        return False

    def _origin(self, before: list[str]) -> bool:
        """The words before a place make it where fire came from: an origin word, or "from" after a fire
        verb, with only filler words between it and the place."""
        for j in range(len(before) - 1, -1, -1):
            word = before[j]
            if word in self.origin_words or (word == "from" and j > 0 and before[j - 1] in self.fire_verbs):
                return True
            if word not in self.origin_filler:
                return False
        return False

    @staticmethod
    def _most_specific(doc: Doc, places: list[Span]) -> Span:
        place_of = attr_of(doc, "places", "place")
        return min(places, key=lambda s: (PLACE_SPECIFICITY.get(place_of(s).get("location_type"), 9), s.start))
