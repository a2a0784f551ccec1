"""Which event a figure belongs to (`doc._.figure_events`): the event its sentence tells, or one told near it, or
the one event of its sub-type for a lead's toll. A mixin of `EventExtractor` (extract/nlp/events.py), whose
`__init__` reads the settings (`figure_link_steps`, `lead_toll_sentences`)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.nlp.docview import attr_of, spans_in


class EventFigures:
    def _link_figures(self, doc: Doc, starts: list[int], told: list[int], sent_event: dict[int, int]) -> dict[int, int]:
        """Figure index → event index: a figure of one event (not a period total) belongs to the event its
        sentence tells, else to the event told in one of the two sentences of the story before it, else (a
        lead that gives the toll before the story tells the event: "At least 50 people were killed on
        Sunday. Jets bombed X village ...") to the event told in one of the two sentences after it, else, when
        the article tells one event only, to that event unless its sentence names another day.
        Captions and other boilerplate between them do not count."""
        links: dict[int, int] = {}
        sent_index = {start: k for k, start in enumerate(starts)}
        rank = {k: n for n, k in enumerate(told)}
        for f_idx, fig in enumerate(doc._.figures or []):
            n = rank.get(sent_index.get(fig.sentence.start, -1))
            if fig.is_cumulative or n is None:
                continue
            for step in self.link_steps:
                if 0 <= n + step < len(told) and told[n + step] in sent_event:
                    links[f_idx] = sent_event[told[n + step]]
                    break
            else:
                if (
                    n < self.lead_toll_sentences
                    and (first := self._only_event_of_its_type(doc, fig.sentence)) is not None
                ):
                    links[f_idx] = first  # the lead's toll of the event the story tells further on
                elif len(doc._.events) == 1 and fig.kind == "casualty" and self._no_other_day(doc, fig.sentence):
                    links[f_idx] = 0  # the one event the article tells: its toll, told further on
        return links

    def _give_civilians_their_tolls(self, doc: Doc, links: dict[int, int]) -> None:
        """A casualty figure naming no side ("leaving six dead"), linked to an event whose other side is the
        civilians, is theirs."""
        for f_idx, e_idx in links.items():
            fig = doc._.figures[f_idx]
            if (
                fig.kind == "casualty"
                and fig.party == "unknown"
                and doc._.events[e_idx]["actor2_id"] == self.civilians_id
            ):
                fig.party = "civilians"

    def _no_other_day(self, doc: Doc, sent: Span) -> bool:
        """The sentence names no day other than the article's one event's."""
        date_of = attr_of(doc, "dates", "date")
        day = doc._.events[0]["event_date"]
        return all(date_of(d).value in (None, day) for d in spans_in(doc, "dates", sent.start, sent.end))

    def _only_event_of_its_type(self, doc: Doc, sent: Span) -> int | None:
        """The one event of the sub-type the sentence's trigger tells (the lead's "Junta aircraft killed 28 people in
        a strike on western Rakhine State", told in full three sentences on), None when the article tells none or
        several."""
        trigger = self._trigger(doc, sent, [])
        if trigger is None:
            return None
        of_type = [i for i, e in enumerate(doc._.events) if e["sub_event_type"] == trigger[2]]
        return of_type[0] if len(of_type) == 1 else None
