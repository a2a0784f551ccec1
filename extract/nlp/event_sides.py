"""Who did what to whom: an event's actor1 (who acted) and actor2 (the other side, civilians by default for
strikes on villages), sources that are not sides, and who gained a place. A mixin of `EventExtractor`
(extract/nlp/events.py)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.nlp.docview import attr_of, spans_in, view


class EventSides:
    def _doer(self, doc: Doc, spans: list[Span], pos: int, end: int, capture: bool) -> str:
        """The actor doing what the trigger at `pos` says: the agent of a passive ("were captured by the
        KNLA"); for a capture, the actor named last before it (who took the place); else the first named."""
        actor_of = attr_of(doc, "actors", "actor_id")
        agent = self._agent_after(doc, spans, pos, end)
        if agent is not None:
            return actor_of(agent)  # "... were captured by the KNLA-led coalition"
        before = [s for s in spans if s.end <= pos]
        if capture and pos > 0 and doc[pos].lower_.endswith("ing") and doc[pos - 1].lower_ in self.clause_openers:
            return actor_of(spans[0])  # "The KNLA were attacking a junta outpost after seizing the town": its subject's
        return actor_of(before[-1] if before and capture else spans[0])

    def _agent_after(self, doc: Doc, spans: list[Span], pos: int, end: int) -> Span | None:
        """The actor a passive names after its trigger ("was seized by the TNLA")."""
        lower = view(doc).lower
        after = [s for s in spans if s.start > pos]
        j = pos + 1
        while j < min(end, pos + self.agent_window) and lower[j] not in ("by", ",", ";"):
            j += 1
        return after[0] if j < end and lower[j] == "by" and after and after[0].start <= j + self.agent_window else None

    def _is_source(self, lower: list[str], span: Span, sent: Span) -> bool:
        """The actor is named as who said it: a source word follows it closely, or "according to (the)" or a
        spokesperson "for" comes right before it."""
        after = lower[span.end : min(sent.end, span.end + self.source_window)]
        before = lower[max(sent.start, span.start - 3) : span.start]
        return (
            any(w in self.source_words for w in after)
            or before[-2:] == ["according", "to"]
            or before == ["according", "to", "the"]
            or self._spokesperson_for(before)
        )

    def _spokesperson_for(self, before: list[str]) -> bool:
        """The words before an actor are "(a) spokesperson for (the)"."""
        words = before[:-1] if before[-1:] == ["the"] else before
        return words[-1:] == ["for"] and len(words) > 1 and words[-2] in self.source_words

    def _lost(self, doc: Doc, spans: list[Span], actor: str, end: int) -> bool:
        """A loss word follows a mention of `actor` closely ("the junta has lost control")."""
        actor_of, lower = attr_of(doc, "actors", "actor_id"), view(doc).lower
        window = self.territory["loss_window"]
        return any(
            actor_of(s) == actor and any(w in self.loss_words for w in lower[s.end : min(end, s.end + window)])
            for s in spans
        )

    def _describes(self, lower: list[str], start: int, i: int) -> bool:
        """The actor named at token i describes the one before ("the armed wing of the KNU")."""
        j = i - 1 if i - 1 >= start and lower[i - 1] == "the" else i
        return tuple(lower[max(start, j - 2) : j]) in self.describing_words

    def _holds_the_place(self, lower: list[str], span: Span, sent: Span) -> bool:
        """The actor is named as who holds a place ("X-held", "under the control of X", "a town that X took
        last year", "X's headquarters"), not as a side of what happened there."""
        if span.end + 1 < sent.end and lower[span.end] == "-" and lower[span.end + 1] in self.holding_words:
            return True
        return bool(
            self.holding_words.intersection(lower[max(sent.start, span.start - self.holding_window) : span.start])
        )

    def _kills_civilians(self, lower: list[str], sent: Span) -> bool:
        """The sentence tells civilians killed or wounded ("killing three civilians", "villagers were killed")."""
        words = lower[sent.start : sent.end]
        return any(
            w in self.civilian_victims and any(v in self.harm_words for v in words[max(0, k - 4) : k + 4])
            for k, w in enumerate(words)
        )

    def _referred_to(self, doc: Doc, sent: Span, pos: int) -> str | None:
        """The armed group a subject before the trigger refers back to ("the alliance", "the armed group", "it"):
        the last non-state armed actor named in the sentences just before."""
        lower = view(doc).lower
        if not self.referring_subjects.intersection(lower[sent.start : pos]):
            return None
        actors, actor_of = doc._.actors or {}, attr_of(doc, "actors", "actor_id")
        named = [
            actor_of(s)
            for s in spans_in(doc, "actors", max(0, sent.start - self.referring_window), sent.start)
            if actors.get(actor_of(s), {}).get("party") == "non_state_armed"
        ]
        return named[-1] if named else None

    def _one_sided(self, doc: Doc, sent: Span, sub_type: str) -> bool:
        """Violence against civilians, or houses or villages burned: the armed side named is the one that did it
        ("a teacher was shot dead on Monday during a search of his house in X village by the military junta")."""
        if sub_type in self.civilian_sub_types:
            return True
        return sub_type == self.destruction[1] and bool(
            self.civilian_words.intersection(view(doc).lower[sent.start : sent.end])
        )

    def _names_a_settlement(self, doc: Doc, sent: Span) -> bool:
        """The sentence names a village or town (where people live, not a base or a township)."""
        place_of = attr_of(doc, "places", "place")
        return any(
            place_of(s) and place_of(s).get("location_type") in self.settlement_types
            for s in spans_in(doc, "places", sent.start, sent.end)
        )

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

    def _actors(self, doc: Doc, sent: Span, side: str, sub_type: str, pos: int) -> tuple[str | None, str | None]:
        """(actor1, actor2) of the event whose trigger stands at `pos`: the sides named, a political body as the
        armed wing it fights through (events.yml `armed_wings`: the NUG as the PDF)."""
        actor1, actor2 = self._named_sides(doc, sent, side, sub_type, pos)
        return self.armed_wing.get(actor1, actor1), self.armed_wing.get(actor2, actor2)

    def _named_sides(self, doc: Doc, sent: Span, side: str, sub_type: str, pos: int) -> tuple[str | None, str | None]:
        """(actor1, actor2) of the event whose trigger stands at `pos` (actor1: see `_doer`)."""
        actors = doc._.actors or {}
        actor_of = attr_of(doc, "actors", "actor_id")
        lower = view(doc).lower
        named = spans_in(doc, "actors", sent.start, sent.end)
        described = {actor_of(s) for s in named if self._describes(lower, sent.start, s.start)}
        spans = [
            s
            for s in named
            if (s.end >= sent.end or lower[s.end] not in self.modifier_after) and actor_of(s) not in described
        ]
        # a political body named as who said it ("according to the NUG's Ministry of Defense") is no side
        spans = [
            s
            for s in spans
            if not (
                actors.get(actor_of(s), {}).get("actor_type") in self.voice_types and self._is_source(lower, s, sent)
            )
        ]
        ids = []
        for s in spans:
            if actor_of(s) not in ids:
                ids.append(actor_of(s))
        party = lambda a: actors.get(a, {}).get("party")  # noqa: E731
        if side == "state":
            actor1 = next((a for a in ids if party(a) == "state_forces"), self.state_actor_id)
        elif (
            spans
            and ids
            and not self._one_sided(doc, sent, sub_type)
            and all(party(a) == "state_forces" for a in ids)
            and all(s.start > pos for s in spans)
            and not self._agent_after(doc, spans, pos, sent.end)
        ):
            # only the state forces are named, after the trigger: they were attacked ("Resistance fighters
            # attacked two junta outposts"), by a side the sentence does not name
            return None, ids[0]
        elif spans:
            actor1 = self._doer(doc, spans, pos, sent.end, sub_type == "territory")
        else:
            actor1 = self._referred_to(doc, sent, pos)  # "Last week, the armed group captured two camps"
        if sub_type == "territory" and actor1 is not None and self._lost(doc, spans, actor1, sent.end):
            # "the junta has lost control of X": the other side took it
            taker = next((a for a in ids if party(a) != party(actor1)), None)
            return taker, actor1
        if side == "state":  # who said it is not the other side of a strike ("KNU Brigade 5 said jets bombed")
            sources = {actor_of(s) for s in spans if self._is_source(lower, s, sent)}
            ids = [a for a in ids if a not in sources or a == actor1]
        if side == "state" and sub_type in self.remote_sub_types:
            # who holds the place struck is not its target ("bombs on Y, a town X took last year", "X-held Y",
            # "Y, the headquarters of X")
            holders = {actor_of(s) for s in spans if s.start > pos and self._holds_the_place(lower, s, sent)}
            ids = [a for a in ids if a not in holders or a == actor1]
        others = [a for a in ids if a != actor1 and party(a) != party(actor1)]
        # a group the dictionary does not know (a misspelt name: "the Karen Nation Union, or KNU") is a side only
        # when no known actor of another party is named; a non-state or unknown group fights the state forces
        # when they are named
        others.sort(key=lambda a: (party(a) is None, party(actor1) != "state_forces" and party(a) != "state_forces"))
        actor2 = others[0] if others else None
        if (
            actor2 is not None
            and party(actor1) == "state_forces"
            and sub_type in self.remote_sub_types
            and self._kills_civilians(lower, sent)
        ):
            actor2 = None  # "jets bombed X village ..., killing three civilians": its victims, not a group named
        if actor2 is None and sub_type in self.civilian_sub_types:
            actor2 = self.civilians_id
        if actor2 is None and actor1 is not None:
            if party(actor1) == "non_state_armed" or (actor1 not in actors and actor1 != self.state_actor_id):
                actor2 = self.state_actor_id
            elif sub_type in self.remote_sub_types or sub_type == self.destruction[1] or side == "state":
                words = set(view(doc).lower[sent.start : sent.end])
                if (
                    words & self.civilian_words
                    or self._kills_civilians(lower, sent)
                    or self._names_a_settlement(doc, sent)
                ):
                    actor2 = self.civilians_id  # "artillery shells killed two people in X village"; "jets bombed Y"
        return actor1, actor2
