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

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp.actors import actor_id_for
from extract.nlp.figures import PLACE_SPECIFICITY
from extract.nlp.resources import load_yaml

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
        self.not_event_date = [tuple(w.split()) for w in cfg["not_event_date_before"]]
        self.triggers = sorted(((tuple(w.split()), rule) for rule in cfg["triggers"] for w in rule["words"]),
                               key=lambda x: -len(x[0]))
        self.state_actor_id = actor_id_for(cfg["default_state_actor"])
        self.civilian_words = set(cfg["civilian_target_words"])
        self.civilians_id = actor_id_for("Civilians")
        # violence against civilians is, by definition, against civilians when no other side is named
        self.civilian_sub_types = {r["sub_type"] for r in cfg["triggers"] if r["type"] == "violence_against_civilians"}

    def __call__(self, doc: Doc) -> Doc:
        events: list[dict] = []
        sent_event: dict[int, int] = {}
        sents = list(doc.sents)
        for k, sent in enumerate(sents):
            if all(t._.is_boilerplate for t in sent):
                continue
            event = self._event(doc, sent)
            if event is not None:
                sent_event[k] = len(events)
                events.append(event)
        doc._.events = events
        links: dict[int, int] = {}
        sent_index = {s.start: k for k, s in enumerate(sents)}
        for f_idx, fig in enumerate(doc._.figures or []):
            if fig.is_cumulative:
                continue
            k = sent_index.get(fig.sentence.start)
            for back in (0, 1, 2):
                if k is not None and k - back in sent_event:
                    links[f_idx] = sent_event[k - back]
                    break
        doc._.figure_events = links
        return doc

    def _event(self, doc: Doc, sent: Span) -> dict | None:
        places = [s for s in doc.spans.get("places", []) if s.start >= sent.start and s.end <= sent.end
                  and s._.place and s._.place.get("location_type") != "country"
                  and not any(t._.is_boilerplate for t in s)]
        dates = [s for s in doc.spans.get("dates", []) if s.start >= sent.start and s.end <= sent.end
                 and self._dates_event(doc, s)]
        if not places or not dates:
            return None
        trigger = self._trigger(doc, sent, places)
        if trigger is None:
            return None
        pos, event_type, sub_type, side = trigger
        after = [d for d in dates if d.start >= pos]
        date_span = min(after, key=lambda d: d.start - pos) if after else max(dates, key=lambda d: d.start)
        place = min(places, key=lambda s: (PLACE_SPECIFICITY.get(s._.place.get("location_type"), 9), s.start))
        actor1, actor2 = self._actors(doc, sent, side, sub_type)
        if sub_type == "territory":
            party = (doc._.actors or {}).get(actor1, {}).get("party")
            event_type, sub_type = self.territory["state"] if party == "state_forces" else self.territory["non_state"]
        date = date_span._.date
        return {"event_type": event_type, "sub_event_type": sub_type, "event_date": date.value,
                "date_precision": date.precision, "place": place._.place, "actor1_id": actor1,
                "actor2_id": actor2, "sentence": sent}

    def _dates_event(self, doc: Doc, span: Span) -> bool:
        """A date that can date an event: not a report's date nor a period's start, and resolved unless it
        names a day (a year-less "November 14" stays, to be resolved when the year is known)."""
        for words in self.not_event_date:
            k = len(words)
            if span.start - k >= 0 and tuple(t.lower_ for t in doc[span.start - k:span.start]) == words:
                return False
        d = span._.date
        return d.value is not None or d.precision < 3

    def _trigger(self, doc: Doc, sent: Span, places: list[Span]):
        place_tokens = {i for s in places for i in range(s.start, s.end)}
        found = []
        i = sent.start
        while i < sent.end:
            hit = None
            for words in self.territory_words:
                if tuple(t.lower_ for t in doc[i:i + len(words)]) == words:
                    window = range(i + len(words), min(i + len(words) + self.object_window, sent.end))
                    before = range(max(sent.start, i - self.object_window), i) if words[-1] in self.place_before \
                        else range(0)
                    territorial = words[:2] in (("fall", "of"), ("fell", "to")) or any(
                        j in place_tokens or doc[j].lower_ in self.settlements for j in [*window, *before])
                    hit = (i, "battle", "territory" if territorial else "armed_clash", "any", len(words))
                    break
            if hit is None:
                for words, rule in self.triggers:
                    if tuple(t.lower_ for t in doc[i:i + len(words)]) == words:
                        hit = (i, rule["type"], rule["sub_type"], rule["actor1_side"], len(words))
                        break
            if hit:
                found.append(hit)
                i += hit[4]
            else:
                i += 1
        if not found:
            return None
        territorial = [h for h in found if h[2] == "territory"]
        pos, event_type, sub_type, side, _ = territorial[0] if territorial else found[0]
        return pos, event_type, sub_type, side

    def _actors(self, doc: Doc, sent: Span, side: str, sub_type: str) -> tuple[str | None, str | None]:
        actors = doc._.actors or {}
        ids = []
        for s in doc.spans.get("actors", []):
            if s.start >= sent.start and s.end <= sent.end and s._.actor_id not in ids:
                ids.append(s._.actor_id)
        party = lambda a: actors.get(a, {}).get("party")  # noqa: E731
        if side == "state":
            actor1 = next((a for a in ids if party(a) == "state_forces"), self.state_actor_id)
        else:
            actor1 = ids[0] if ids else None
        others = [a for a in ids if a != actor1 and party(a) != party(actor1)]
        actor2 = others[0] if others else None
        if actor2 is None and sub_type in self.civilian_sub_types:
            actor2 = self.civilians_id
        if actor2 is None and actor1 is not None:
            if party(actor1) == "non_state_armed" or actor1 not in actors:
                actor2 = self.state_actor_id
            elif sub_type == "air_drone_strike" or side == "state":
                words = {t.lower_ for t in sent}
                if words & self.civilian_words:
                    actor2 = self.civilians_id
        return actor1, actor2


@Language.factory("event_extractor")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp, name)
