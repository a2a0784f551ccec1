"""`event_extractor`: one event candidate per body sentence that reports an event with a date and a place.

The trigger vocabulary and the rules for the other side are in `extract/data/patterns/events.yml`.
Type: the sentence's first trigger, except that a capture of a place ("seized the town", "fall of X")
outranks a clash; a capture word with no place after it ("captured three bases") is a clash.
Sub-type of a capture: government_regains_territory when the capturing actor is state forces.
Date: the sentence's date mention nearest after the trigger, else nearest before. Place: the most specific
place in the sentence. Actors: the first actor on the trigger's side, then the first of the other side;
the state forces by default against a non-state actor, civilians for air strikes on villages.
Candidates go to `doc._.events` (list of dicts); figures in the same sentence, or up to two sentences after
an event sentence, are linked to it (`doc._.figure_events`, index → event index).
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp.actors import actor_id_for
from extract.nlp.dates import anaphoric_offset
from extract.nlp.docview import attr_of, boilerplate_mask, sentences, spans_in, spans_of, view
from extract.nlp.figures import PLACE_SPECIFICITY
from extract.nlp.regexes import any_phrase
from extract.nlp.resources import load_yaml

_DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "newly"}
_AUXILIARIES = ("was", "were", "been", "had", "have", "has", "being")   # between a passive's subject and verb
# a time the sentence gives that is not a date of its own ("last year", "in 2021", "daily since"): no inherited date
_OTHER_TIME = re.compile(r"\b(?:last|previous|past)\s+(?:year|years|decade)\b|\byears?\s+ago\b|\b(?:19|20)\d\d\b"
                         # something done again and again is no one event: "almost daily since", "every night"
                         r"|\bdaily\b|\bevery\s+(?:day|night|week)\b|\bsince\s*[.,;]", re.IGNORECASE)

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("figure_events"):
    Doc.set_extension("figure_events", default=None)


class EventExtractor:
    def __init__(self, nlp: Language, name: str = "event_extractor"):
        self.name = name
        cfg = load_yaml("patterns/events.yml")
        self.territory = cfg["territory"]
        self.territory_words = sorted((tuple(w.split()) for w in self.territory["triggers"]), key=len, reverse=True)
        self.settlements = {w for w in self.territory["settlement_words"]}
        self.object_window = self.territory["object_window"]
        self.place_before = set(self.territory["place_before_triggers"])
        self.withdrawal_re = any_phrase(self.territory["withdrawal_words"])
        self.loss_words = set(self.territory["loss_words"])
        self.place_only = {tuple(w.split()) for w in self.territory["place_only_triggers"]}
        self.negation_words = set(cfg["negation_words"])
        self.placeless_window = cfg["placeless_date_window"]
        self.taken_words = set(self.territory["taken_words"])
        self.things = set(self.territory["things"])
        self.source_words = set(cfg["source_words"])
        self.modifier_after = set(cfg["modifier_after"])
        self.person_nouns = {w for w in load_yaml("patterns/figures.yml")["person_nouns"] if " " not in w}
        self.not_event_date = [tuple(w.split()) for w in cfg["not_event_date_before"]]
        self.background_words = set(cfg["background_words"])
        self.power_verbs = set(cfg["power_verbs"])
        self.route_words = set(cfg["route_words"])
        self.road_words = set(cfg["road_words"])
        self.locator_words = [tuple(w.split()) for w in cfg["locator_words"]]
        self.raid_words = {tuple(w.split()) for w in cfg["raid_words"]}
        self.destruction = next((r["type"], r["sub_type"]) for r in cfg["triggers"]
                                if r["sub_type"] == "looting_property_destruction")
        self.origin_words = set(cfg["origin_words"])
        self.fire_verbs = set(cfg["fire_verbs"])
        self.origin_filler = set(cfg["origin_filler"])
        self.triggers = sorted(((tuple(w.split()), rule) for rule in cfg["triggers"] for w in rule["words"]),
                               key=lambda x: -len(x[0]))
        # phrases by their first word, longest first, for one dictionary lookup per token
        self.territory_by_first: dict[str, list] = {}
        for words in self.territory_words:
            self.territory_by_first.setdefault(words[0], []).append(words)
        self.triggers_by_first: dict[str, list] = {}
        for words, rule in self.triggers:
            self.triggers_by_first.setdefault(words[0], []).append((words, rule))
        self.state_actor_id = actor_id_for(cfg["default_state_actor"])
        self.civilian_words = set(cfg["civilian_target_words"])
        self.civilians_id = actor_id_for("Civilians")
        # violence against civilians is, by definition, against civilians when no other side is named
        self.secondary = set(cfg["secondary_sub_types"])
        self.adverbs_between = set(cfg["adverbs_between"])
        self.place_anaphors: dict[str, list[tuple[str, ...]]] = {}
        for w in cfg["place_anaphors"]:
            self.place_anaphors.setdefault(w.split()[0], []).append(tuple(w.split()))
        self.anaphor_not_before = set(cfg["anaphor_not_before"])
        self.secondary_not_after = [tuple(w.split()) for w in cfg["secondary_not_after"]]
        self.civilian_sub_types = {r["sub_type"] for r in cfg["triggers"] if r["type"] == "violence_against_civilians"}

    def __call__(self, doc: Doc) -> Doc:
        events: list[dict] = []
        sent_event: dict[int, int] = {}
        sents = sentences(doc)
        # the sentences that say something, in order: blank lines between paragraphs and boilerplate are
        # not sentences of the story ("the sentence right after" may open the next paragraph)
        boiler, space = boilerplate_mask(doc), view(doc).space
        silent = [b or sp for b, sp in zip(boiler, space)]   # boilerplate or whitespace
        told = [k for k, s in enumerate(sents) if not all(silent[s.start:s.end])]
        rank = {k: n for n, k in enumerate(told)}
        starts = [s.start for s in sents]
        dated = {bisect_right(starts, d.start) - 1 for d in spans_of(doc, "dates")}   # sentences with a date
        last: tuple[int, dict] | None = None   # (sentence index, event) of the latest event told
        dated_since_last = False               # a sentence after the last event's names a time
        placeless = None                       # (rank, date, precision) of an event told with no place
        for n, k in enumerate(told):
            sent = sents[k]
            if n and last is not None and told[n - 1] != last[0] and told[n - 1] in dated:
                dated_since_last = True
            following = sents[told[n + 1]] if n + 1 < len(told) else None
            after_next = sents[told[n + 2]] if n + 2 < len(told) else None
            # a sentence right after the last event's, or in its paragraph, may go on telling that event
            near_last = last is not None and (
                n - rank[last[0]] == 1 or self._same_paragraph(doc, sents[last[0]], sent))
            previous = sents[told[n - 1]] if n > 0 else None
            # no sentence since the last event's names a time: the story is still at that event's date
            still = last is not None and not dated_since_last
            if near_last and self._tells_places_taken(doc, sent, last[1]):
                last[1]["event_type"], last[1]["sub_event_type"] = self._territory_type(doc, last[1]["actor1_id"])
                sent_event[k] = sent_event[last[0]]
                continue
            if near_last and self._retypes_raid(doc, sent, last[1]):
                last[1]["event_type"], last[1]["sub_event_type"] = self.destruction
                sent_event[k] = sent_event[last[0]]
                continue
            event = self._event(doc, sent, following, last[1] if last else None, near_last,
                                previous if last is None or told[n - 1] != last[0] else None, still,
                                placeless if placeless and placeless[0] == n - 1 else None, after_next, previous)
            placeless = None
            if event is None:
                if k in dated:
                    told_date = self._placeless_date(doc, sent)
                    placeless = (n, *told_date) if told_date else None
                continue
            besides = event.pop("besides")
            if event.pop("continues", False) and last is not None and self._same(event, last[1]):
                event.pop("also_at")
                # the same event told again with a more specific place ("The aircraft dropped two bombs on
                # the centre of X village"): the event keeps one row, at the most specific place
                if PLACE_SPECIFICITY.get(event["place"].get("location_type"), 9) < PLACE_SPECIFICITY.get(
                        last[1]["place"].get("location_type"), 9):
                    last[1]["place"] = event["place"]
                sent_event[k] = sent_event[last[0]]
                continue
            sent_event[k] = len(events)
            also_at = event.pop("also_at")
            events.append(event)
            events.extend({**event, "place": place} for place in also_at)
            events.extend({**event, **other} for other in besides)
            last, dated_since_last = (k, event), False
        for event in events:
            event.pop("raid", None)
        events, sent_event = self._without_coarser_copies(events, sent_event)
        doc._.events = events
        doc._.figure_events = self._link_figures(doc, starts, told, sent_event)
        return doc

    @staticmethod
    def _without_coarser_copies(events: list[dict], sent_event: dict[int, int]) -> tuple[list[dict], dict[int, int]]:
        """One event told twice, once at a unit and once at a place inside it ("an air strike in Rakhine State
        ... the jets bombed Kyauk Ni Maw village"), on the same day or dated a day apart (a lead's date is often
        the report's), is one event at the more specific place (ACLED codes the most precise location): the
        copy at the containing unit is dropped, its sentences and figures go to the other. So is a later copy
        at the same place named with or without its type word ("X camp", "X")."""
        into: dict[int, int] = {}
        for a, ea in enumerate(events):
            for b, eb in enumerate(events):
                if a != b and ea["event_type"] == eb["event_type"] and ea["event_date"] is not None \
                        and eb["event_date"] is not None and abs((ea["event_date"] - eb["event_date"]).days) <= 1 \
                        and (_contains(ea["place"], eb["place"]) or (
                            a > b and _base_name(ea["place"]) == _base_name(eb["place"]))):
                    into[a] = b
                    break
        if not into:
            return events, sent_event
        kept = [i for i in range(len(events)) if i not in into]
        new_index = {old: new for new, old in enumerate(kept)}
        # a sentence goes with the event its own merged into (one merged into a dropped copy goes with none)
        return ([events[i] for i in kept],
                {k: new_index[into.get(i, i)] for k, i in sent_event.items() if into.get(i, i) in new_index})

    @staticmethod
    def _link_figures(doc: Doc, starts: list[int], told: list[int], sent_event: dict[int, int]) -> dict[int, int]:
        """Figure index → event index: a figure of one event (not a period total) belongs to the event its
        sentence tells, else to the event told in one of the two sentences of the story before it, else (a
        lead that gives the toll before the story tells the event: "At least 50 people were killed on
        Sunday. Jets bombed X village ...") to the event told in one of the two sentences after it.
        Captions and other boilerplate between them do not count."""
        links: dict[int, int] = {}
        sent_index = {start: k for k, start in enumerate(starts)}
        rank = {k: n for n, k in enumerate(told)}
        for f_idx, fig in enumerate(doc._.figures or []):
            n = rank.get(sent_index.get(fig.sentence.start, -1))
            if fig.is_cumulative or n is None:
                continue
            for step in (0, -1, -2, 1, 2):
                if 0 <= n + step < len(told) and told[n + step] in sent_event:
                    links[f_idx] = sent_event[told[n + step]]
                    break
        return links

    def _placeless_date(self, doc: Doc, sent: Span) -> tuple[dt.date, int] | None:
        """The date of an event a sentence tells without naming where ("An attack on a camp for displaced
        people late Monday left 30 dead."): the next sentence may name the place."""
        place_of = attr_of(doc, "places", "place")
        if any(place_of(s) and place_of(s).get("location_type") != "country"
               for s in spans_in(doc, "places", sent.start, sent.end)):
            return None
        dates = [s for s in spans_in(doc, "dates", sent.start, sent.end)
                 if self._dates_event(doc, s, sent) and attr_of(doc, "dates", "date")(s).value is not None]
        trigger = self._trigger(doc, sent, []) if dates else None
        # the date tells the trigger's time when it stands close by ("seized a district capital on Nov. 6"),
        # not a clause further on ("fighting ... as the regime prepares elections on December 28")
        near = [d for d in dates if trigger is not None and abs(d.start - trigger[0]) <= self.placeless_window]
        if not near:
            return None
        date = attr_of(doc, "dates", "date")(near[0])
        return date.value, date.precision

    def _event(self, doc: Doc, sent: Span, following: Span | None, last: dict | None,
               near_last: bool, previous: Span | None = None, still: bool = False,
               placeless: tuple | None = None, after_next: Span | None = None,
               prior: Span | None = None) -> dict | None:
        """The event a sentence tells: a trigger, a place, and a date of its own, one counted from the event
        told before ("two days earlier") or, when the expression opens the sentence ("Hours later, ..."),
        from the last date the sentence before it gives (`previous`: given when that sentence told no
        event), or, in the paragraph of an event told just before it, that event's date (the sentence goes
        on telling it: `continues`). A sentence that names its place only as "there" or "the town" is at the
        place the sentence before it (`prior`) names. Something else done at the place of the last event, with no time of its
        own and none named since that event ("Before withdrawing, the soldiers shot dead two farmers near
        X"; "The army then shelled X"), is a new event at that date."""
        place_of, boiler = attr_of(doc, "places", "place"), boilerplate_mask(doc)
        places = [s for s in spans_in(doc, "places", sent.start, sent.end)
                  if place_of(s) and place_of(s).get("location_type") != "country"
                  and not any(boiler[s.start:s.end])]
        if not places and prior is not None and self._refers_to_a_place(doc, sent):
            places = self._referent(doc, prior)   # "Clashes began there at dawn on Nov. 3"
        if not places:
            return None
        all_dates = spans_in(doc, "dates", sent.start, sent.end)
        dates = [s for s in all_dates if self._dates_event(doc, s, sent)]
        v = view(doc)
        anaphora = anaphoric_offset(v.text[sent.start_char:sent.end_char]) if not dates else None   # sent.text
        offset = anaphora.offset if anaphora else None
        # "The shelling came a day after fighting near X": the event is the one after the expression
        others: list[tuple] = []
        trigger = self._trigger(doc, sent, places,
                                start=self._token_after(doc, sent, anaphora.end) if anaphora else None, others=others)
        if trigger is None and anaphora:   # "Jets staged air strikes several hours later": the trigger before it
            trigger = self._trigger(doc, sent, places, others=others)
        if trigger is None:
            return None
        pos, event_type, sub_type, side = trigger
        continues = False
        # a time the sentence's words give besides its dates (a dateline opening it is not the sentence's, nor
        # is a date in a period or background clause: "since the army seized power in February 2021")
        boiler = boilerplate_mask(doc)
        skip = {i for s in all_dates if s not in dates for i in range(s.start, s.end)}
        if skip or any(boiler[sent.start:sent.end]):
            told = "".join(v.text[v.idx[i]:v.idx[i + 1]]   # token.text_with_ws
                           for i in range(sent.start, sent.end) if not boiler[i] and i not in skip)
        else:
            told = v.text[v.idx[sent.start]:v.idx[sent.end]]
        other_time = _OTHER_TIME.search(told)
        if dates:
            after = [d for d in dates if d.start >= pos]
            date_span = min(after, key=lambda d: d.start - pos) if after else max(dates, key=lambda d: d.start)
            date = attr_of(doc, "dates", "date")(date_span)
            value, precision = date.value, date.precision
        elif offset is not None and anaphora.opens and (day_before := self._last_day(doc, previous)) is not None:
            value, precision = day_before + dt.timedelta(days=offset), 1
        elif offset is not None:
            if last is None or last["event_date"] is None:
                return None
            value, precision = last["event_date"] + dt.timedelta(days=offset), 1
        elif last is not None and last["event_date"] is not None and near_last and not all_dates \
                and not other_time and event_type == last["event_type"]:
            value, precision, continues = last["event_date"], last["date_precision"], True
            places = [p for p in self._where(doc, sent, places, event_type)
                      if place_of(p).get("location_type") not in ("state_region", "district")]
            if not places:
                return None
        elif (still and last["event_date"] is not None and not all_dates and not other_time
              and (event_type, sub_type) != (last["event_type"], last["sub_event_type"])
              and place_of(self._most_specific(doc, places))["location_id"] == last["place"]["location_id"]):
            value, precision = last["event_date"], last["date_precision"]
        elif placeless is not None and (not all_dates or not other_time):
            # (a year the sentence names only in a period or background clause, "since the army seized power in
            # February 2021", is no time of its own)
            _, value, precision = placeless   # the sentence before told this event's time, not its place
        elif (last is None and not all_dates and not other_time and self._present_perfect(doc, sent, pos)
              and (doc._.article_meta or {}).get("published_date") is not None):
            # the lead's news, told as just done ("rebels say they have captured a base"): the report's day
            value, precision = doc._.article_meta["published_date"], 1
        elif not other_time and not all_dates and (before := self._told_before(doc, previous, sent)) is not None:
            value, precision = before
        elif not other_time and (told_next := self._told_next(doc, following, after_next)) is not None:
            value, precision = told_next
        else:
            return None
        if value is None:
            return None   # an event is an occurrence at a date (GUIDE): "on Sunday" in an undated article is none
        where = self._where(doc, sent, places, event_type) or places
        place = self._most_specific(doc, where)
        actor1, actor2 = self._actors(doc, sent, side, sub_type, pos)
        if sub_type == "territory" and self._withdrew(
                sent, following if following is not None and self._same_paragraph(doc, sent, following) else None,
                pos):
            sub_type = "armed_clash"   # a raid: the attackers did not stay
        if sub_type == "territory":
            event_type, sub_type = self._territory_type(doc, actor1)
        # a raid with no armed opponent named: told on as burning or looting, it is property destruction
        raid = (event_type, sub_type) == ("battle", "armed_clash") and self._is_raid(
            view(doc).lower[pos:min(pos + 3, sent.end)], 0) and not self._two_sides(doc, sent)
        return {"event_type": event_type, "sub_event_type": sub_type, "event_date": value,
                "date_precision": precision, "place": place_of(place), "actor1_id": actor1,
                "actor2_id": actor2, "sentence": sent, "continues": continues, "raid": raid,
                "also_at": [place_of(q) for q in self._coordinated(doc, place, where)],
                "besides": [{"event_type": t, "sub_event_type": st,
                             **dict(zip(("actor1_id", "actor2_id"), self._actors(doc, sent, sd, st, p)))}
                            for p, t, st, sd in others if not continues]}

    @staticmethod
    def _coordinated(doc: Doc, chosen: Span, places: list[Span]) -> list[Span]:
        """Places listed with the chosen one, of its kind ("bases in Rihkhawdar and Khawmawi", "Satawm,
        Lianhna and Tuichirh"): ACLED codes one event per place."""
        place_of, orth = attr_of(doc, "places", "place"), view(doc).lower
        rank = lambda s: max(PLACE_SPECIFICITY.get(place_of(s).get("location_type"), 9), 2)  # noqa: E731
        kind = rank(chosen)   # villages, towns and unlisted places list together; units with units of their level
        run = sorted((s for s in places if rank(s) == kind), key=lambda s: s.start)
        i = run.index(chosen)
        joined = lambda a, b: all(w in (",", "and", "&", "or") for w in orth[a.end:b.start])  # noqa: E731
        lo = i
        while lo > 0 and joined(run[lo - 1], run[lo]):
            lo -= 1
        hi = i
        while hi + 1 < len(run) and joined(run[hi], run[hi + 1]):
            hi += 1
        seen = {place_of(chosen)["location_id"]}
        out = []
        for s in run[lo:hi + 1]:
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
        places = [s for s in spans_in(doc, "places", prior.start, prior.end)
                  if place_of(s) and place_of(s).get("location_type") not in ("country", "state_region")]
        where = self._where(doc, prior, places, "battle") if places else []
        return [self._most_specific(doc, where)] if where else []

    def _present_perfect(self, doc: Doc, sent: Span, pos: int) -> bool:
        """The trigger at `pos` is told as just done: "have captured", "has reportedly seized"."""
        lower = view(doc).lower
        j = pos - 1
        while j > sent.start and lower[j] in self.adverbs_between:
            j -= 1
        return j >= sent.start and lower[j] in ("has", "have")

    def _told_before(self, doc: Doc, previous: Span | None, sent: Span) -> tuple[dt.date, int] | None:
        """The date the sentence before gives with a place, in the same paragraph, when it told no event
        (`previous` is given only then): the story goes on at that time ("On August 22, a teacher was on her way to the
        clinic in X. Soldiers stopped her and shot her.")."""
        place_of = attr_of(doc, "places", "place")
        if previous is None or not self._same_paragraph(doc, previous, sent) or not any(
                place_of(s) and place_of(s).get("location_type") != "country"
                for s in spans_in(doc, "places", previous.start, previous.end)):
            return None   # a time alone ("Residents fled on Tuesday.") does not set the scene
        date_of = attr_of(doc, "dates", "date")
        dates = [s for s in spans_in(doc, "dates", previous.start, previous.end)
                 if self._dates_event(doc, s, previous) and date_of(s).value is not None]
        return (date_of(dates[-1]).value, date_of(dates[-1]).precision) if dates else None

    def _told_next(self, doc: Doc, following: Span | None, after_next: Span | None = None) -> tuple[dt.date, int] | None:
        """The date of an event the next sentence goes on to tell with no place of its own ("The AA said it
        had taken the base near X. Its fighters stormed the last bunkers on Saturday."): (date, precision).
        A sentence between them that names no place, date or event ("The violence has created a crisis.")
        does not break the story: the one after it is read then."""
        place_of, date_of = attr_of(doc, "places", "place"), attr_of(doc, "dates", "date")
        if following is None or any(place_of(s) and place_of(s).get("location_type") != "country"
                                    for s in spans_in(doc, "places", following.start, following.end)):
            return None
        dates = [s for s in spans_in(doc, "dates", following.start, following.end)
                 if self._dates_event(doc, s, following) and date_of(s).value is not None]
        trigger = self._trigger(doc, following, []) if dates else None
        if trigger is None:
            if after_next is not None and not dates and not spans_in(doc, "dates", following.start, following.end) \
                    and self._trigger(doc, following, []) is None:
                return self._told_next(doc, after_next)
            return None
        after = [d for d in dates if d.start >= trigger[0]]
        date = min(after, key=lambda d: d.start) if after else dates[-1]
        return date_of(date).value, date_of(date).precision

    def _where(self, doc: Doc, sent: Span, places: list[Span], event_type: str) -> list[Span]:
        """The places that may be where the event happened: not the ends of a route ("between X and Y"), not a
        road's name ("the X-Y road"), not a place that only locates another ("the X camp near Y"), and for
        remote violence not where the fire came from ("fired from a base near X", "based in X")."""
        out = []
        lower = view(doc).lower
        for span in places:
            before = lower[max(sent.start, span.start - 8):span.start]
            if before and (before[-1] in self.route_words or (
                    len(before) >= 2 and before[-1] == "and" and any(
                        p.end == span.start - 1 and p.start - 1 >= sent.start and lower[p.start - 1]
                        in self.route_words for p in places))):
                continue   # "between X and Y"
            if event_type == "remote_violence" and self._origin(before):
                continue
            if self._names_a_road(lower, span, sent.end):
                continue   # "the Myaing-Pakokku road"
            if self._locates_another(doc, sent, span, places):
                continue   # "the X camp near Y": the event is at X
            out.append(span)
        return out

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
            if k <= sent.start or tuple(v.lower[k:span.start]) != words:
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

    @staticmethod
    def _last_day(doc: Doc, sent: Span | None) -> dt.date | None:
        """The last day a sentence names (a report's date too: "media reported on Monday")."""
        if sent is None:
            return None
        date_of = attr_of(doc, "dates", "date")
        days = [date_of(s).value for s in spans_in(doc, "dates", sent.start, sent.end)
                if date_of(s).value is not None and date_of(s).precision == 1]
        return days[-1] if days else None

    @staticmethod
    def _token_after(doc: Doc, sent: Span, end_char: int) -> int | None:
        """The token index right after character `end_char` of the sentence's text."""
        span = doc.char_span(sent.start_char, sent.start_char + end_char, alignment_mode="expand")
        return span.end if span is not None else None

    @staticmethod
    def _same(a: dict, b: dict) -> bool:
        return (a["event_type"], a["sub_event_type"], a["event_date"]) == (
            b["event_type"], b["sub_event_type"], b["event_date"])

    @staticmethod
    def _same_paragraph(doc: Doc, earlier: Span, later: Span) -> bool:
        return "\n" not in view(doc).text[earlier.start_char:later.start_char]

    def _withdrew(self, sent: Span, following: Span | None, pos: int) -> bool:
        v = view(sent.doc)   # sent.doc[pos:sent.end].text.lower() and following.text.lower()
        text = v.lower_text(pos, sent.end) + " " + (v.lower_text(following.start, following.end) if following else "")
        return bool(self.withdrawal_re.search(text))

    def _dates_event(self, doc: Doc, span: Span, sent: Span) -> bool:
        """A date that can date an event: not a report's date nor a period's start (right after "since", or
        in a clause "since" opens), and resolved unless it names a day (a year-less "November 14" stays, to
        be resolved when the year is known)."""
        v = view(doc)
        orth, lower = v.orth, v.lower
        for words in self.not_event_date:
            k = len(words)
            if span.start - k >= 0 and tuple(lower[span.start - k:span.start]) == words:
                return False
        for j in range(span.start - 1, sent.start - 1, -1):
            if orth[j] in (",", ";", "—", "–") or lower[j] in ("and", "but"):
                break
            if lower[j] == "since" or lower[j] in self.background_words or (
                    lower[j] == "power" and j > sent.start and lower[j - 1] in self.power_verbs):
                return False
        d = attr_of(doc, "dates", "date")(span)
        return d.value is not None or d.precision < 3

    def _trigger(self, doc: Doc, sent: Span, places: list[Span], start: int | None = None,
                 others: list | None = None):
        """The sentence's trigger (from token `start` on, when given): (position, type, sub-type, side).
        `others`, when given, receives the triggers of other event types the sentence also tells."""
        place_tokens = {i for s in places for i in range(s.start, s.end)}
        found = []
        i = start if start is not None and sent.start <= start < sent.end else sent.start
        lower = view(doc).lower[sent.start:sent.end]   # phrases are looked up by first word
        at = lambda k, n: tuple(lower[k - sent.start:k - sent.start + n])  # noqa: E731
        while i < sent.end:
            hit = None
            first = lower[i - sent.start]
            for words in self.territory_by_first.get(first, ()):
                if at(i, len(words)) == words:
                    if i > sent.start and doc[i - 1].lower_ in _DETERMINERS:
                        break   # "the recaptured camp": a description, not an event
                    window = self._object_window(doc, sent, i + len(words))
                    before = range(max(sent.start, i - self.object_window), i) if words[-1] in self.place_before \
                        else range(0)
                    taken = self._object(doc, window, place_tokens)
                    territorial = words[:2] in (("fall", "of"), ("fell", "to")) or any(
                        j in place_tokens or doc[j].lower_ in self.settlements for j in before) or taken == "place"
                    if taken is None and (self._passive_after(doc, sent, i, place_tokens, self.settlements)
                                          or self._participle_after(doc, sent, i, len(words), place_tokens)):
                        territorial = True   # "the town of Kutkai was seized", "the first capital seized by"
                    if taken == "people" or self._passive_after_people(doc, sent, i):
                        territorial = False   # "captured 83 soldiers in X", "soldiers were captured near X"
                    if taken == "things":
                        break   # "seized mobile phones", "captured weapons": no event of its own
                    if territorial or words not in self.place_only:
                        hit = (i, "battle", "territory" if territorial else "armed_clash", "any", len(words), False)
                    break
            if hit is None:
                for words, rule in self.triggers_by_first.get(first, ()):
                    if at(i, len(words)) == words and self._has_object(lower, i - sent.start, len(words), rule):
                        hit = (i, rule["type"], rule["sub_type"], rule["actor1_side"], len(words),
                               rule.get("fallback", False))
                        break
            if hit and i > sent.start and (lower[i - 1 - sent.start] in self.negation_words or (
                    i - 1 > sent.start and lower[i - 2 - sent.start] in self.negation_words)):
                i += hit[4]   # "There was no fighting", "did not attack": nothing happened
            elif hit:
                found.append(hit)
                i += hit[4]
            else:
                i += 1
        if not found:
            return None
        fallback = [h for h in found if h[5]]
        if len(fallback) < len(found):
            found = [h for h in found if not h[5]] + fallback   # a fallback trigger decides only when alone
        territorial = [h for h in found if h[2] == "territory"]
        pos, event_type, sub_type, side, _, _ = territorial[0] if territorial else found[0]
        if (not territorial and (event_type, sub_type) == ("battle", "armed_clash")
                and self._is_raid(lower, pos - sent.start)
                and any((h[1], h[2]) == self.destruction for h in found) and not self._two_sides(doc, sent)):
            # "Troops raided the village and burned 30 houses": property destruction, not a battle
            pos, event_type, sub_type, side, _, _ = next(h for h in found if (h[1], h[2]) == self.destruction)
        if others is not None:
            others.extend(self._other_types(found, (event_type, sub_type), lower, sent.start))
        return pos, event_type, sub_type, side

    def _other_types(self, found: list[tuple], chosen: tuple[str, str], lower: list[str], start: int) -> list[tuple]:
        """The sentence's triggers of event types other than the chosen one, one per type (GUIDE: one event per
        date, place and type: "seized the town, prompting air strikes on it" tells a capture and a strike).
        Clashes go with a capture or a raid, and kinds that `secondary` does not list tell no event of their
        own beside another; nor does a means of the event ("attacks supported by airstrikes", "with rifle
        grenades": one word may stand between) or what had been done before ("farmers they had detained")."""
        seen, out = {chosen}, []
        for pos, event_type, sub_type, side, _, fallback in found:
            key = (event_type, sub_type)
            k = pos - start
            if fallback and chosen[0] != "strategic_development":
                continue   # "an air strike killed five villagers" is the strike; "torched X and killed a man" is two
            if key in seen or sub_type not in self.secondary or event_type == "battle" == chosen[0] or any(
                    tuple(lower[max(0, e - len(w)):e]) == w for w in self.secondary_not_after for e in (k, k - 1)):
                continue
            seen.add(key)
            out.append((pos, event_type, sub_type, side))
        return out

    @staticmethod
    def _has_object(lower: list[str], k: int, n: int, rule: dict) -> bool:
        """A trigger that needs an object ("burned ... houses") has one within its window after it, or
        before it ("houses were burned"), in the same clause."""
        if "objects" not in rule:
            return True
        objects, window = rule["objects"], rule["object_window"]
        stops = {",", ";", ".", "—", "–"}
        for side in (range(k + n, min(len(lower), k + n + window)), range(k - 1, max(-1, k - 1 - window), -1)):
            for j in side:
                if lower[j] in stops:
                    break
                if lower[j] in objects:
                    return True
        return False

    @staticmethod
    def _doer(doc: Doc, spans: list[Span], pos: int, end: int, capture: bool) -> str:
        """The actor doing what the trigger at `pos` says: the agent of a passive ("were captured by the
        KNLA"); for a capture, the actor named last before it (who took the place); else the first named."""
        actor_of = attr_of(doc, "actors", "actor_id")
        agent = EventExtractor._agent_after(doc, spans, pos, end)
        if agent is not None:
            return actor_of(agent)   # "... were captured by the KNLA-led coalition"
        before = [s for s in spans if s.end <= pos]
        return actor_of(before[-1] if before and capture else spans[0])

    @staticmethod
    def _agent_after(doc: Doc, spans: list[Span], pos: int, end: int) -> Span | None:
        """The actor a passive names after its trigger ("was seized by the TNLA")."""
        lower = view(doc).lower
        after = [s for s in spans if s.start > pos]
        j = pos + 1
        while j < min(end, pos + 4) and lower[j] not in ("by", ",", ";"):
            j += 1
        return after[0] if j < end and lower[j] == "by" and after and after[0].start <= j + 4 else None

    def _is_source(self, lower: list[str], span: Span, sent: Span) -> bool:
        after = lower[span.end:min(sent.end, span.end + 3)]
        return any(w in self.source_words for w in after) or (
            span.start - 2 >= sent.start and lower[span.start - 2:span.start] == ["according", "to"])

    def _lost(self, doc: Doc, spans: list[Span], actor: str, end: int) -> bool:
        """A loss word follows a mention of `actor` closely ("the junta has lost control")."""
        actor_of, lower = attr_of(doc, "actors", "actor_id"), view(doc).lower
        window = self.territory["loss_window"]
        return any(actor_of(s) == actor and any(w in self.loss_words for w in lower[s.end:min(end, s.end + window)])
                   for s in spans)

    def _is_raid(self, lower: list[str], k: int) -> bool:
        return any(tuple(lower[k:k + len(w)]) == w for w in self.raid_words)

    def _two_sides(self, doc: Doc, sent: Span) -> bool:
        """The sentence names armed actors of both sides (state forces and a non-state armed group)."""
        actors = doc._.actors or {}
        actor_of = attr_of(doc, "actors", "actor_id")
        parties = {actors.get(actor_of(s), {}).get("party") for s in spans_in(doc, "actors", sent.start, sent.end)}
        return {"state_forces", "non_state_armed"} <= parties

    def _territory_type(self, doc: Doc, taker: str | None) -> tuple[str, str]:
        """(type, sub-type) of a change of territory: the state forces regain it, anyone else overtakes it."""
        party = (doc._.actors or {}).get(taker, {}).get("party")
        return tuple(self.territory["state"] if party == "state_forces" else self.territory["non_state"])

    def _tells_places_taken(self, doc: Doc, sent: Span, last: dict) -> bool:
        """A sentence going on about a clash, with no time or place of its own, tells of bases or towns lost
        or taken ("Two BGF bases were lost despite shelling"): the clash changed who holds them."""
        if (last["event_type"], last["sub_event_type"]) != ("battle", "armed_clash") or last.get("raid"):
            return False
        if spans_in(doc, "dates", sent.start, sent.end) or spans_in(doc, "places", sent.start, sent.end):
            return False
        lower, window = view(doc).lower, self.territory["taken_window"]
        return any(lower[i] in self.settlements and any(
            w in self.taken_words for w in lower[i + 1:min(sent.end, i + 1 + window)])
            for i in range(sent.start, sent.end))

    def _retypes_raid(self, doc: Doc, sent: Span, last: dict) -> bool:
        """A sentence going on about a one-sided raid tells of property burned or looted, with no time
        of its own: the raid was property destruction."""
        if (last["event_type"], last["sub_event_type"]) != ("battle", "armed_clash") or not last.get("raid"):
            return False
        if spans_in(doc, "dates", sent.start, sent.end) \
                or self._two_sides(doc, sent):
            return False
        trigger = self._trigger(doc, sent, [])
        return trigger is not None and (trigger[1], trigger[2]) == self.destruction

    def _object_window(self, doc: Doc, sent: Span, j: int) -> range:
        """The tokens after a capture word where its object stands, up to the window, the clause's end or the
        agent of a passive ("were taken control of by them")."""
        end = j
        while end < min(j + self.object_window, sent.end) and doc[end].text not in (",", ";", ".", "—", "–") \
                and doc[end].lower_ != "by":
            end += 1
        return range(j, end)

    def _object(self, doc: Doc, window: range, place_tokens: set) -> str | None:
        """What a capture word takes: the first word after it that is a place or settlement ('place'), a
        person noun ('people') or a thing ('things': "seized weapons", "seized mobile phones")."""
        for j in window:
            if j in place_tokens or doc[j].lower_ in self.settlements:
                return "place"
            if doc[j].lower_ in self.person_nouns:
                return "people"
            if doc[j].lower_ in self.things:
                return "things"
        return None

    @staticmethod
    def _before_auxiliaries(lower: list[str], start: int, i: int, words: tuple[str, ...]) -> int:
        """The index of the word before the auxiliaries that stand right before token i ("were" in "bases were
        overrun"), stopping at the sentence's start."""
        j = i - 1
        while j > start and lower[j] in words:
            j -= 1
        return j

    @staticmethod
    def _passive_after(doc: Doc, sent: Span, i: int, place_tokens: set, settlements: set) -> bool:
        """The capture word at i is a passive after a place or settlement word ("Kutkai was seized")."""
        lower = view(doc).lower
        j = EventExtractor._before_auxiliaries(lower, sent.start, i, _AUXILIARIES + ("reportedly",))
        if j < i - 1 and lower[j] in ("which", "that") and j - 1 > sent.start:
            j -= 2 if lower[j - 1] == "," else 1   # "bases at X and Y, which were taken control of"
        return j < i - 1 and (j in place_tokens or lower[j] in settlements)

    def _participle_after(self, doc: Doc, sent: Span, i: int, n: int, place_tokens: set) -> bool:
        """The capture word at i, right after a place or settlement word and followed by "by", describes
        that place as taken ("the first capital seized by resistance forces", "Paletwa, captured by the AA")."""
        lower = view(doc).lower
        j = i - 1 if i - 1 >= sent.start and lower[i - 1] != "," else i - 2
        return (j >= sent.start and i + n < sent.end and lower[i + n] == "by"
                and (j in place_tokens or lower[j] in self.settlements))


    def _passive_after_people(self, doc: Doc, sent: Span, i: int) -> bool:
        """The capture word at i is a passive after a person noun ("soldiers were captured")."""
        lower = view(doc).lower
        j = self._before_auxiliaries(lower, sent.start, i, _AUXILIARIES)
        return j < i - 1 and lower[j] in self.person_nouns

    def _actors(self, doc: Doc, sent: Span, side: str, sub_type: str, pos: int) -> tuple[str | None, str | None]:
        """(actor1, actor2) of the event whose trigger stands at `pos` (actor1: see `_doer`)."""
        actors = doc._.actors or {}
        actor_of = attr_of(doc, "actors", "actor_id")
        lower = view(doc).lower
        spans = [s for s in spans_in(doc, "actors", sent.start, sent.end)
                 if s.end >= sent.end or lower[s.end] not in self.modifier_after]
        ids = []
        for s in spans:
            if actor_of(s) not in ids:
                ids.append(actor_of(s))
        party = lambda a: actors.get(a, {}).get("party")  # noqa: E731
        if side == "state":
            actor1 = next((a for a in ids if party(a) == "state_forces"), self.state_actor_id)
        elif spans and ids and all(party(a) == "state_forces" for a in ids) and all(s.start > pos for s in spans) \
                and not self._agent_after(doc, spans, pos, sent.end):
            # only the state forces are named, after the trigger: they were attacked ("Resistance fighters
            # attacked two junta outposts"), by a side the sentence does not name
            return None, ids[0]
        else:
            actor1 = self._doer(doc, spans, pos, sent.end, sub_type == "territory") if spans else None
        if sub_type == "territory" and actor1 is not None and self._lost(doc, spans, actor1, sent.end):
            # "the junta has lost control of X": the other side took it
            taker = next((a for a in ids if party(a) != party(actor1)), None)
            return taker, actor1
        if side == "state":   # who said it is not the other side of a strike ("KNU Brigade 5 said jets bombed")
            sources = {actor_of(s) for s in spans if self._is_source(lower, s, sent)}
            ids = [a for a in ids if a not in sources or a == actor1]
        others = [a for a in ids if a != actor1 and party(a) != party(actor1)]
        # a group the dictionary does not know (a misspelt name: "the Karen Nation Union, or KNU") is a side only
        # when no known actor of another party is named; a non-state or unknown group fights the state forces
        # when they are named
        others.sort(key=lambda a: (party(a) is None, party(actor1) != "state_forces" and party(a) != "state_forces"))
        actor2 = others[0] if others else None
        if actor2 is None and sub_type in self.civilian_sub_types:
            actor2 = self.civilians_id
        if actor2 is None and actor1 is not None:
            if party(actor1) == "non_state_armed" or actor1 not in actors:
                actor2 = self.state_actor_id
            elif sub_type == "air_drone_strike" or side == "state":
                words = set(view(doc).lower[sent.start:sent.end])
                if words & self.civilian_words:
                    actor2 = self.civilians_id
        return actor1, actor2


_UNIT_FIELD = {"state_region": "admin1", "district": "admin2", "township": "admin3"}
_TYPE_SUFFIX = re.compile(r"\s+(?:camp|idp camp|displacement camp|village|town|ward)$", re.IGNORECASE)


def _base_name(place: dict) -> str:
    """A place's name without its type word: "X camp" and "X" told in one article are one place."""
    return _TYPE_SUFFIX.sub("", (place.get("name") or "").strip()).lower()


def _contains(unit: dict, place: dict) -> bool:
    """`unit` (a State/Region, District or Township) contains `place`, a more specific place."""
    field = _UNIT_FIELD.get(unit.get("location_type"))
    if field is None or unit.get("location_id") == place.get("location_id"):
        return False
    if PLACE_SPECIFICITY.get(place.get("location_type"), 9) >= PLACE_SPECIFICITY[unit["location_type"]]:
        return False
    return bool(unit.get(field)) and unit.get(field) == place.get(field)


@Language.factory("event_extractor")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
