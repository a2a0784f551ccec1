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
from extract.nlp.docview import (
    attr_of,
    boilerplate_mask,
    same_paragraph,
    sentences,
    spans_in,
    spans_of,
    told_sentences,
    view,
)
from extract.nlp.event_copies import EventCopies, may_be_one_place, told_alike
from extract.nlp.event_dates import EventDates, Placeless
from extract.nlp.event_figures import EventFigures
from extract.nlp.event_places import EventPlaces
from extract.nlp.event_sides import EventSides
from extract.nlp.event_triggers import EventTriggers
from extract.nlp.figure_places import PLACE_SPECIFICITY
from extract.nlp.regexes import any_phrase
from extract.nlp.resources import load_yaml

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("figure_events"):
    Doc.set_extension("figure_events", default=None)


class EventExtractor(EventTriggers, EventDates, EventPlaces, EventSides, EventCopies, EventFigures):
    def __init__(self, nlp: Language, name: str = "event_extractor"):
        self.name = name
        cfg = load_yaml("patterns/events.yml")
        self.territory = cfg["territory"]
        self.territory_words = sorted((tuple(w.split()) for w in self.territory["triggers"]), key=len, reverse=True)
        self.settlements = set(self.territory["settlement_words"])
        self.object_window = self.territory["object_window"]
        self.place_before = set(self.territory["place_before_triggers"])
        self.withdrawal_re = any_phrase(self.territory["withdrawal_words"])
        self.loss_words = set(self.territory["loss_words"])
        self.place_only = {tuple(w.split()) for w in self.territory["place_only_triggers"]}
        self.not_capture_by_first: dict[str, list] = {}  # "took place": phrases by their first word
        for words in (tuple(w.split()) for w in self.territory["not_captures"]):
            self.not_capture_by_first.setdefault(words[0], []).append(words)
        self.opening_date_within = cfg["opening_date_within"]
        self.negation_words = set(cfg["negation_words"])
        self.accusation_by_first: dict[str, list] = {}
        for words in sorted((tuple(w.split()) for w in cfg["accusation_words"]), key=len, reverse=True):
            self.accusation_by_first.setdefault(words[0], []).append(words)
        self.placeless_window = cfg["placeless_date_window"]
        self.placeless_between = cfg["placeless_sentences_between"]
        self.clause_words = set(cfg["placeless_clause_words"])
        self.relative_words = set(cfg["placeless_relative_words"])
        self.story_goes_on = cfg["event_told_on_within"]
        self.told_again_nouns = set(cfg["told_again_nouns"])
        self.told_again_determiners = set(cfg["told_again_determiners"])
        self.clause_openers = set(cfg["clause_openers"])
        self.describing_words = {tuple(w.split()) for w in cfg["describing_words"]}
        self.taken_words = set(self.territory["taken_words"])
        self.things = set(self.territory["things"])
        self.source_words = set(cfg["source_words"])
        self.modifier_after = set(cfg["modifier_after"])
        self.person_nouns = {w for w in load_yaml("patterns/figures.yml")["person_nouns"] if " " not in w}
        self.not_event_date = [tuple(w.split()) for w in cfg["not_event_date_before"]]
        self.report_date = [tuple(w.split()) for w in cfg["report_date_before"]]
        self.background_words = set(cfg["background_words"])
        self.told_verbs = set(cfg["report_verbs_with_object"])
        self.said_verbs = set(cfg["said_verbs"])
        self.told_object_words = cfg["report_object_words"]
        self.power_verbs = set(cfg["power_verbs"])
        self.route_words = set(cfg["route_words"])
        self.destination_before = [tuple(w.split()) for w in cfg["destination_before"]]
        self.road_words = set(cfg["road_words"])
        self.locator_words = [tuple(w.split()) for w in cfg["locator_words"]]
        self.raid_words = {tuple(w.split()) for w in cfg["raid_words"]}
        self.destruction = next(
            (r["type"], r["sub_type"]) for r in cfg["triggers"] if r["sub_type"] == "looting_property_destruction"
        )
        self.origin_words = set(cfg["origin_words"])
        self.fire_verbs = set(cfg["fire_verbs"])
        self.origin_filler = set(cfg["origin_filler"])
        # longest first; of one phrase, a rule naming its objects first ("shot dead two protesters")
        self.triggers = sorted(
            ((tuple(w.split()), rule) for rule in cfg["triggers"] for w in rule["words"]),
            key=lambda x: (-len(x[0]), "objects" not in x[1]),
        )
        # phrases by their first word, longest first, for one dictionary lookup per token
        self.territory_by_first: dict[str, list] = {}
        for words in self.territory_words:
            self.territory_by_first.setdefault(words[0], []).append(words)
        self.triggers_by_first: dict[str, list] = {}
        for words, rule in self.triggers:
            self.triggers_by_first.setdefault(words[0], []).append((words, rule))
        self.state_actor_id = actor_id_for(cfg["default_state_actor"])
        self.civilian_words = set(cfg["civilian_target_words"])
        self.settlement_types = set(cfg["civilian_target_places"])
        self.voice_types = set(cfg["voice_actor_types"])
        self.holding_words = set(cfg["holding"]["words"])
        self.holding_window = cfg["holding"]["tokens_before"]
        self.armed_wing = {actor_id_for(body): actor_id_for(wing) for body, wing in cfg["armed_wings"].items()}
        self.referring_subjects = set(cfg["referring_subjects"]["words"])
        self.referring_window = cfg["referring_subjects"]["tokens_before"]
        self.civilian_victims = set(cfg["civilian_victims"]["people"])
        self.harm_words = set(cfg["civilian_victims"]["harm"])
        self.remote_sub_types = set(cfg["civilian_victims"]["remote_sub_types"])
        self.civilians_id = actor_id_for("Civilians")
        # violence against civilians is, by definition, against civilians when no other side is named
        self.secondary = set(cfg["secondary_sub_types"])
        self.other_time = re.compile("|".join(cfg["other_time_patterns"]), re.IGNORECASE)
        self.copy_days = cfg["same_event_days_apart"]
        self.lead_date_window = cfg["lead_date_window"]
        self.copy_days_in_a_state = cfg["same_event_days_apart_in_a_state"]
        self.period_openers = set(cfg["period_openers"])
        self.disaster_words = set(cfg["disasters"]["words"])
        self.disaster_window = cfg["disasters"]["window"]
        self.cause_words = [tuple(w.split()) for w in cfg["cause_words"]]
        self.cause_fillers = set(cfg["cause_fillers"])
        self.earlier_event_words = set(cfg["earlier_event_words"])
        self.unit_nouns = set(cfg["unit_nouns"])
        self.carrier_verbs = set(cfg["carrier_verbs"])
        self.ongoing_words = set(cfg["ongoing_words"])
        self.attempt_words = [tuple(w.split()) for w in self.territory["attempt_words"]]
        self.intent_verbs = set(self.territory["intent"]["verbs"])
        self.done_to = [tuple(w.split()) for w in self.territory["intent"]["done"]]
        self.vague = cfg["too_vague_for_an_event"]
        self.generic_attack = cfg["generic_attack"]
        self.link_steps = cfg["figure_link_steps"]
        self.lead_toll_sentences = cfg["lead_toll_sentences"]
        self.locator_window = cfg["locator_window"]
        self.agent_window = cfg["agent_window"]
        self.source_window = cfg["source_window"]
        self.raid_window = cfg["raid_window"]
        self.raid_targets = set(cfg["raid_on_civilians"]["targets"])
        self.raid_target_window = cfg["raid_on_civilians"]["window"]
        self.raid_military = set(cfg["raid_on_civilians"]["military"])
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
        # the sentences that say something, in order ("the sentence right after" may open the next paragraph)
        told = told_sentences(doc)
        rank = {k: n for n, k in enumerate(told)}
        starts = [s.start for s in sents]
        dated = {bisect_right(starts, d.start) - 1 for d in spans_of(doc, "dates")}  # sentences with a date
        last: tuple[int, dict] | None = None  # (sentence index, event) of the latest event told
        dated_since_last = False  # a sentence after the last event's names a time
        went_on = False  # the last event is one told before, gone on with by a sentence with no time of its own
        placeless: Placeless | None = None  # an event told with its time and no place, for the next sentence
        for n, k in enumerate(told):
            sent = sents[k]
            if (
                n
                and last is not None
                and sent_event.get(told[n - 1], -1) != sent_event[last[0]]
                and told[n - 1] in dated
            ):
                dated_since_last = True
            following = sents[told[n + 1]] if n + 1 < len(told) else None
            after_next = sents[told[n + 2]] if n + 2 < len(told) else None
            # a sentence right after the last event's, or in its paragraph, may go on telling that event
            near_last = last is not None and (n - rank[last[0]] == 1 or same_paragraph(doc, sents[last[0]], sent))
            # ... or, while no time has been told since, a few sentences on in the next paragraphs
            near_last = near_last or (
                last is not None and not dated_since_last and n - rank[last[0]] <= self.story_goes_on
            )
            previous = sents[told[n - 1]] if n > 0 else None
            # no sentence since the last event's names a time: the story is still at that event's date
            still = last is not None and not dated_since_last
            if near_last and self._tells_places_taken(doc, sent, last[1]):
                last[1]["event_type"], last[1]["sub_event_type"] = self._territory_type(doc, last[1]["actor1_id"])
                sent_event[k] = sent_event[last[0]]
                continue
            if near_last and (means := self._names_the_means(doc, sent, last[1])) is not None:
                last[1]["event_type"], last[1]["sub_event_type"] = means
                sent_event[k] = sent_event[last[0]]
                continue
            if near_last and self._retypes_raid(doc, sent, last[1]):
                if not last[1].get("killed"):
                    last[1]["event_type"], last[1]["sub_event_type"] = self.destruction
                    sent_event[k] = sent_event[last[0]]
                elif not last[1].get("burned"):
                    # a raid that killed villagers, told on as burning their homes: the burning is an event too
                    last[1]["burned"] = True
                    events.append({**last[1], "event_type": self.destruction[0], "sub_event_type": self.destruction[1]})
                    sent_event[k] = len(events) - 1
                continue
            event = self._event(
                doc,
                sent,
                following,
                last[1] if last else None,
                near_last,
                previous if last is None or told[n - 1] != last[0] or went_on else None,
                still,
                placeless if placeless and placeless[0] == n - 1 else None,
                after_next,
                previous,
                [sents[j] for j in told[n + 2 : n + 1 + self.lead_date_window]] if last is None else None,
            )
            told_before, placeless = placeless, None
            if event is None and last is not None and near_last and self._places_told_event(doc, sent, last[1]):
                sent_event[k] = sent_event[last[0]]  # "26 are dead, he said of the attack on X village"
                continue
            if event is None and last is not None and near_last and self._dates_told_event(doc, sent, last[1]):
                sent_event[k] = sent_event[last[0]]  # "The attack came on Monday night.": no new time
                continue
            if event is None:
                if k in dated:
                    told_date = self._placeless_date(doc, sent)
                    placeless = Placeless(n, *told_date) if told_date else None
                if placeless is None and told_before is not None:
                    placeless = self._passed_on(doc, sent, told_before, n)
                continue
            besides = event.pop("besides")
            continues = event.pop("continues", False)
            if (
                continues
                and last is not None
                and told_alike(event, last[1])
                and may_be_one_place(event["place"], last[1]["place"])
            ):
                event.pop("also_at")
                # the same event told again with a more specific place ("The aircraft dropped two bombs on
                # the centre of X village"): the event keeps one row, at the most specific place
                if PLACE_SPECIFICITY.get(event["place"].get("location_type"), 9) < PLACE_SPECIFICITY.get(
                    last[1]["place"].get("location_type"), 9
                ):
                    last[1]["place"] = event["place"]
                sent_event[k] = sent_event[last[0]]
                continue
            sent_event[k] = len(events)
            also_at = event.pop("also_at")
            events.append(event)
            events.extend({**event, "place": place} for place in also_at)
            events.extend({**event, **other} for other in besides)
            last, dated_since_last, went_on = (k, event), False, continues
        for event in events:
            event.pop("raid", None)
            event.pop("burned", None)
            event.pop("killed", None)
        events, sent_event = self._without_coarser_copies(events, sent_event)
        for event in events:
            event.pop("date_stated", None)
            event.pop("generic", None)
            event.pop("report_day", None)
        doc._.events = events
        doc._.figure_events = self._link_figures(doc, starts, told, sent_event)
        self._give_civilians_their_tolls(doc, doc._.figure_events)
        return doc

    def _event(
        self,
        doc: Doc,
        sent: Span,
        following: Span | None,
        last: dict | None,
        near_last: bool,
        previous: Span | None = None,
        still: bool = False,
        placeless: Placeless | None = None,
        after_next: Span | None = None,
        prior: Span | None = None,
        later: list[Span] | None = None,
    ) -> dict | None:
        """The event a sentence tells: a trigger, a place, and a date of its own, one counted from the event
        told before ("two days earlier") or, when the expression opens the sentence ("Hours later, ..."),
        from the last date the sentence before it gives (`previous`: given when that sentence told no
        event), or, in the paragraph of an event told just before it, that event's date (the sentence goes
        on telling it: `continues`). A sentence that names its place only as "there" or "the town" is at the
        place the sentence before it (`prior`) names. Something else done at the place of the last event, with no
        time of its own and none named since that event ("Before withdrawing, the soldiers shot dead two farmers near
        X"; "The army then shelled X"), is a new event at that date."""
        place_of = attr_of(doc, "places", "place")
        places = self._places_in(doc, sent)
        if not places and prior is not None and self._refers_to_a_place(doc, sent):
            places = self._referent(doc, prior)  # "Clashes began there at dawn on Nov. 3"
        if not places:
            return None
        all_dates = [s for s in spans_in(doc, "dates", sent.start, sent.end) if not self._report_date(doc, s, sent)]
        dates = [s for s in all_dates if self._dates_event(doc, s, sent)]
        v = view(doc)
        anaphora = anaphoric_offset(v.text[sent.start_char : sent.end_char]) if not dates else None  # sent.text
        offset = anaphora.offset if anaphora else None
        # "The shelling came a day after fighting near X": the event is the one after the expression
        others: list[tuple] = []
        trigger = self._trigger(
            doc, sent, places, start=self._token_after(doc, sent, anaphora.end) if anaphora else None, others=others
        )
        if trigger is None and anaphora:  # "Jets staged air strikes several hours later": the trigger before it
            trigger = self._trigger(doc, sent, places, others=others)
        if trigger is None:
            return None
        pos, event_type, sub_type, side = trigger
        if last is not None and self._like_the_last(v.lower, sent.start, pos):
            # "a similar attack on X village on October 25": an event of the kind told before
            event_type, sub_type = last["event_type"], last["sub_event_type"]
        if not dates and sub_type == "territory":
            dates = [d for d in all_dates if self._completed_by(doc, d, sent)]
        if last is not None and not dates and not others and self._names_told_event(doc, sent, pos, last):
            return None  # "29 IDPs were killed by the junta attack on the camp": the event told before
        if not dates and self.ongoing_words.intersection(v.lower[sent.start : sent.end]):
            return None  # "Clashes continued to be reported in X, Y and Z": what goes on, no one day
        if not dates and self._names_a_cause(doc, sent, pos):
            return None  # "villagers have been displaced by the fighting": the flight, not a new event
        if not dates and v.lower[sent.start] in self.period_openers:
            return None  # "Since the coup, guerrilla groups have proliferated, bombing ...": a period, no day
        continues = False
        report_day = False  # dated only by the report's day, for want of a day of its own
        # a time the sentence's words give besides its dates (a dateline opening it is not the sentence's, nor
        # is a date in a period or background clause: "since the army seized power in February 2021")
        boiler = boilerplate_mask(doc)
        every_date = spans_in(doc, "dates", sent.start, sent.end)  # report dates too
        skip = {i for s in every_date if s not in dates for i in range(s.start, s.end)}
        if skip or any(boiler[sent.start : sent.end]):
            told = "".join(
                v.text[v.idx[i] : v.idx[i + 1]]  # token.text_with_ws
                for i in range(sent.start, sent.end)
                if not boiler[i] and i not in skip
            )
        else:
            told = v.text[v.idx[sent.start] : v.idx[sent.end]]
        other_time = self.other_time.search(told)
        if dates:
            # a time opening the sentence is its main clause's ("On Tuesday, the AA routed the battalions that
            # had stayed after Jan. 28"); else the first date after the trigger, else the last before it
            opening = [d for d in dates if d.start - sent.start <= self.opening_date_within and d.start < pos]
            after = [d for d in dates if d.start >= pos]
            if opening:
                date_span = opening[0]
            else:
                date_span = min(after, key=lambda d: d.start - pos) if after else max(dates, key=lambda d: d.start)
            date = attr_of(doc, "dates", "date")(date_span)
            value, precision = date.value, date.precision
        elif offset is not None and anaphora.opens and (day_before := self._last_day(doc, previous)) is not None:
            value, precision = day_before + dt.timedelta(days=offset), 1
        elif offset is not None:
            if last is None or last["event_date"] is None:
                return None
            value, precision = last["event_date"] + dt.timedelta(days=offset), 1
        elif (
            last is not None
            and last["event_date"] is not None
            and near_last
            and not all_dates
            and not other_time
            and event_type == last["event_type"]
        ):
            value, precision, continues = last["event_date"], last["date_precision"], True
            places = [
                p
                for p in self._where(doc, sent, places, event_type)
                if place_of(p).get("location_type") not in ("state_region", "district")
            ]
            if not places:
                return None
        elif (
            still
            and last["event_date"] is not None
            and not all_dates
            and not other_time
            and (event_type, sub_type) != (last["event_type"], last["sub_event_type"])
            and place_of(self._most_specific(doc, places))["location_id"] == last["place"]["location_id"]
        ):
            value, precision = last["event_date"], last["date_precision"]
        elif (
            placeless is not None
            and (not all_dates or not other_time)
            and (placeless.passed == 0 or placeless.event_type == event_type)  # passed on: only to its type
        ):
            # (a year the sentence names only in a period or background clause, "since the army seized power in
            # February 2021", is no time of its own)
            value, precision = placeless.date, placeless.precision  # the sentence before told its time
            if (
                view(doc).lower[pos] in self.generic_attack["words"]
                and placeless.sub_type in self.generic_attack["told_in_full_as"]
            ):
                # "Jets bombed a village on Monday. The attack on X village ...": the strike told before
                event_type, sub_type, side = placeless.event_type, placeless.sub_type, placeless.side
        elif (
            last is None
            and not all_dates
            and not other_time
            and self._present_perfect(doc, sent, pos)
            and (doc._.article_meta or {}).get("published_date") is not None
        ):
            # the lead's news, told as just done ("rebels say they have captured a base"): the report's day
            value, precision = doc._.article_meta["published_date"], 1
            report_day = True
        elif last is None and not all_dates and not other_time and (said := self._said_on(doc, sent)) is not None:
            # the lead's news with only the day it was told ("a spokesman said Friday his unit carried out a drone
            # attacks on X"), that day or the one before the report's: the day it is news of
            value, precision = said, 1
            report_day = True
        elif not other_time and not all_dates and (before := self._told_before(doc, previous, sent)) is not None:
            value, precision = before
        elif not other_time and (told_next := self._told_next(doc, following, after_next)) is not None:
            value, precision = told_next
        elif (
            last is None
            and later
            and not other_time
            and not all_dates
            and (retold := self._dated_later(doc, later, event_type)) is not None
        ):
            value, precision = retold  # the lead's event, dated where the story tells it again
        else:
            return None
        if value is None:
            return None  # an event is an occurrence at a date (GUIDE): "on Sunday" in an undated article is none
        published = (doc._.article_meta or {}).get("published_date")
        if published is not None and value > published + dt.timedelta(days=1):
            return None  # what is to come ("ahead of the election in December") has not happened
        where = self._where(doc, sent, places, event_type) or places
        taken = [q for q in where if sub_type == "territory" and pos < q.start <= pos + self.object_window]
        # a place taken is the one the capture names ("... near X village, with the AA seizing camps in Y village")
        place = self._most_specific(doc, taken or where)
        if precision >= self.vague["precision"] and place_of(place).get("location_type") in self.vague["places"]:
            return None  # "several attacks in Rakhine State in January": no one occurrence at a date and place
        actor1, actor2 = self._actors(doc, sent, side, sub_type, pos)
        if sub_type == "territory" and self._withdrew(
            sent, following if following is not None and same_paragraph(doc, sent, following) else None, pos
        ):
            sub_type = "armed_clash"  # a raid: the attackers did not stay
        if sub_type == "territory":
            event_type, sub_type = self._territory_type(doc, actor1)
        # a raid with no armed opponent named: told on as burning or looting, it is property destruction
        raid = (
            (event_type, sub_type) == ("battle", "armed_clash")
            and self._is_raid(view(doc).lower[pos : min(pos + self.raid_window, sent.end)], 0)
            and not self._two_sides(doc, sent)
        )
        killed = False
        if raid and self._raids_civilians(doc, sent, pos):
            event_type, sub_type = "violence_against_civilians", "attack"
            actor2 = self.civilians_id  # a one-sided raid on villagers: they are its other side
            killed = self._kills_civilians(view(doc).lower, sent)
        return {
            "event_type": event_type,
            "sub_event_type": sub_type,
            "event_date": value,
            "date_precision": precision,
            "place": place_of(place),
            "actor1_id": actor1,
            "actor2_id": actor2,
            "sentence": sent,
            "continues": continues,
            "date_stated": bool(dates),
            "report_day": report_day,
            "generic": view(doc).lower[pos] in self.generic_attack["words"],
            "raid": raid,
            "killed": killed,  # a raid that killed or wounded villagers: burning told after it is another event
            "also_at": [place_of(q) for q in self._coordinated(doc, place, where)],
            "besides": [
                {
                    "event_type": t,
                    "sub_event_type": st,
                    **dict(zip(("actor1_id", "actor2_id"), self._actors(doc, sent, sd, st, p))),
                }
                for p, t, st, sd in others
                if not continues
            ],
        }


@Language.factory("event_extractor")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
