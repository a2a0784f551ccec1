"""When an event happened: the date a sentence gives, or one the story around it gives (the sentence
before or after, the report's day for the lead's news), and which dates can date an event at all.
A mixin of `EventExtractor` (extract/nlp/events.py), whose `__init__` reads the words it uses."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from spacy.tokens import Doc, Span

from extract.nlp.dates import WEEKDAYS, days_back
from extract.nlp.docview import attr_of, phrase_before, same_paragraph, spans_in, view


class EventDates:
    @staticmethod
    def _names_a_place_inside(doc: Doc, sent: Span) -> bool:
        """The sentence names a place inside the country (not only the country)."""
        place_of = attr_of(doc, "places", "place")
        return any(
            place_of(s) and place_of(s).get("location_type") != "country"
            for s in spans_in(doc, "places", sent.start, sent.end)
        )

    def _resolved_event_dates(self, doc: Doc, sent: Span) -> list[Span]:
        """The sentence's date spans that can date an event and are resolved to a day, month or year."""
        date_of = attr_of(doc, "dates", "date")
        return [
            s
            for s in spans_in(doc, "dates", sent.start, sent.end)
            if self._dates_event(doc, s, sent) and date_of(s).value is not None
        ]

    def _placeless_date(self, doc: Doc, sent: Span) -> tuple[dt.date, int, str, str, str] | None:
        """The date, type, sub-type and side of an event a sentence tells without naming where ("An attack on a
        camp for displaced people late Monday left 30 dead."): the next sentence may name the place."""
        if self._names_a_place_inside(doc, sent):
            return None
        dates = self._resolved_event_dates(doc, sent)
        trigger = self._trigger(doc, sent, []) if dates else None
        # the date tells the trigger's time when it stands close by ("seized a district capital on Nov. 6"),
        # not a clause further on ("fighting ... as the regime prepares elections on December 28")
        near = [d for d in dates if trigger is not None and self._dates_trigger(doc, trigger[0], d)]
        if not near:
            return None
        date = attr_of(doc, "dates", "date")(near[0])
        return date.value, date.precision, trigger[1], trigger[2], trigger[3]

    def _passed_on(self, doc: Doc, sent: Span, told: Placeless, n: int) -> Placeless | None:
        """The time a placeless event was told with, passed on over `sent` (the `n`th told sentence) to the next
        when `sent` names no place and tells no event or one of that type (`placeless_sentences_between`)."""
        if told.rank != n - 1 or told.passed >= self.placeless_between or self._names_a_place_inside(doc, sent):
            return None
        trigger = self._trigger(doc, sent, [])
        if trigger is not None and trigger[1] != told.event_type:
            return None
        return told._replace(rank=n, passed=told.passed + 1)

    def _dates_trigger(self, doc: Doc, pos: int, date: Span) -> bool:
        """The date tells the time of the trigger at `pos`: it stands close by, or after it in the same clause
        ("Military jets bombed a small farming settlement in the hills of the far north on Monday, killing ...")."""
        if abs(date.start - pos) <= self.placeless_window:
            return True
        v = view(doc)
        # "that" or "which" right after the trigger (of one or two words) opens a clause telling the trigger's
        # event itself ("A shelling that hit a crowded market on Tuesday morning"): the clause goes on
        relative = next((k for k in (pos + 1, pos + 2) if k < date.start and v.lower[k] in self.relative_words), pos)
        between = range(relative + 1, date.start)
        return (
            date.start > pos
            and date.start - pos <= 2 * self.placeless_window
            and not any(v.orth[j] in (",", ";", "—", "–", "-") or v.lower[j] in self.clause_words for j in between)
        )

    def _present_perfect(self, doc: Doc, sent: Span, pos: int) -> bool:
        """The trigger at `pos` is told as just done: "have captured", "has reportedly seized", or a strike
        named by a noun whose harm is ("a drone strike on a village has killed 12 people")."""
        lower = view(doc).lower
        j = pos - 1
        while j > sent.start and lower[j] in self.adverbs_between:
            j -= 1
        if j >= sent.start and lower[j] in ("has", "have"):
            return True
        for k in range(pos + 1, sent.end - 1):
            if lower[k] in ("has", "have"):
                m = k + 1
                while m < sent.end - 1 and lower[m] in self.adverbs_between:
                    m += 1
                return lower[m] in self.harm_words
        return False

    def _told_before(self, doc: Doc, previous: Span | None, sent: Span) -> tuple[dt.date, int] | None:
        """The date the sentence before gives with a place, in the same paragraph, when it told no event
        (`previous` is given only then): the story goes on at that time ("On August 22, a teacher was on her way to the
        clinic in X. Soldiers stopped her and shot her.")."""
        if previous is None or not same_paragraph(doc, previous, sent) or not self._names_a_place_inside(doc, previous):
            return None  # a time alone ("Residents fled on Tuesday.") does not set the scene
        date_of = attr_of(doc, "dates", "date")
        dates = self._resolved_event_dates(doc, previous)
        return (date_of(dates[-1]).value, date_of(dates[-1]).precision) if dates else None

    def _told_next(
        self, doc: Doc, following: Span | None, after_next: Span | None = None
    ) -> tuple[dt.date, int] | None:
        """The date of an event the next sentence goes on to tell with no place of its own ("The AA said it
        had taken the base near X. Its fighters stormed the last bunkers on Saturday."): (date, precision).
        A sentence between them that names no place or date, and no event or only "the attack" ("The violence
        has created a crisis."; "The attack also wounded 50 others.") does not break the story: the one after it
        is read then."""
        date_of = attr_of(doc, "dates", "date")
        if following is None or self._names_a_place_inside(doc, following):
            return None
        dates = self._resolved_event_dates(doc, following)
        trigger = self._trigger(doc, following, []) if dates else None
        if trigger is None:
            if (
                after_next is not None
                and not dates
                and not spans_in(doc, "dates", following.start, following.end)
                and self._tells_no_other_event(doc, following)
            ):
                return self._told_next(doc, after_next)
            return None
        if self._earlier_event(doc, following, trigger[0]):
            return None  # "had fled earlier fighting in early August": another, earlier event
        dates = [d for d in dates if date_of(d).precision < 3]
        if not dates:
            return None  # a month is no day of the event told ("... the ousting of the government in February 2021")
        after = [d for d in dates if d.start >= trigger[0]]
        date = min(after, key=lambda d: d.start) if after else dates[-1]
        return date_of(date).value, date_of(date).precision

    def _dated_later(self, doc: Doc, later: list[Span], event_type: str) -> tuple[dt.date, int] | None:
        """The date of the first sentence among `later` (the sentences after the next, a few) that tells an event of
        `event_type` on a day with no place of its own ("Soldiers raided the village in X township, burning
        houses. ... 'The village was torched on Sunday and Monday.'"): a lead's event that the story dates when
        it tells it again. A sentence naming a place of its own tells another event: the search ends there."""
        date_of = attr_of(doc, "dates", "date")
        for sent in later:
            if self._names_a_place_inside(doc, sent):
                return None
            dates = [d for d in self._resolved_event_dates(doc, sent) if date_of(d).precision == 1]
            trigger = self._trigger(doc, sent, []) if dates else None
            if trigger is None or trigger[1] != event_type:
                continue
            if self._earlier_event(doc, sent, trigger[0]):
                return None
            return date_of(dates[0]).value, 1
        return None

    def _earlier_event(self, doc: Doc, sent: Span, pos: int) -> bool:
        """The trigger at `pos` names an event before the one at hand ("earlier fighting")."""
        return pos > sent.start and view(doc).lower[pos - 1] in self.earlier_event_words

    def _tells_no_other_event(self, doc: Doc, sent: Span) -> bool:
        """The sentence tells no event, or only by a word that names any attack ("The attack left 50 injured.")."""
        trigger = self._trigger(doc, sent, [])
        return trigger is None or view(doc).lower[trigger[0]] in self.generic_attack["words"]

    @staticmethod
    def _last_day(doc: Doc, sent: Span | None) -> dt.date | None:
        """The last day a sentence names (a report's date too: "media reported on Monday")."""
        if sent is None:
            return None
        date_of = attr_of(doc, "dates", "date")
        days = [
            date_of(s).value
            for s in spans_in(doc, "dates", sent.start, sent.end)
            if date_of(s).value is not None and date_of(s).precision == 1
        ]
        return days[-1] if days else None

    @staticmethod
    def _token_after(doc: Doc, sent: Span, end_char: int) -> int | None:
        """The token index right after character `end_char` of the sentence's text."""
        span = doc.char_span(sent.start_char, sent.start_char + end_char, alignment_mode="expand")
        return span.end if span is not None else None

    def _report_date(self, doc: Doc, span: Span, sent: Span) -> bool:
        """The date is a report's: "the army said on Tuesday", "a spokesman told The Irrawaddy on Wednesday"."""
        lower = view(doc).lower
        if phrase_before(lower, sent.start, span.start, self.report_date):
            return True
        on = span.start - 1
        if on <= sent.start or lower[on] != "on":
            return False
        for j in range(on - 2, max(sent.start, on - 2 - self.told_object_words) - 1, -1):
            if lower[j] in self.told_verbs:
                return all(lower[k].isalnum() or lower[k] in ("'", "’") for k in range(j + 1, on))
        return False

    def _said_on(self, doc: Doc, sent: Span) -> dt.date | None:
        """The day a report verb names with a weekday right after it ("said Thursday", "told reporters on
        Monday"), when that is the report's day or the day before; else None."""
        published = (doc._.article_meta or {}).get("published_date")
        if published is None:
            return None
        lower = view(doc).lower
        for j in range(sent.start, sent.end - 1):
            if lower[j] not in self.said_verbs:
                continue
            k = j + 2 if lower[j + 1] == "on" and j + 2 < sent.end else j + 1
            day = WEEKDAYS.get(lower[k])
            if day is not None and (back := days_back(published, day)) <= 1:
                return published - dt.timedelta(days=back)
        return None

    def _completed_by(self, doc: Doc, span: Span, sent: Span) -> bool:
        """A day right after "by" ("had taken the last outpost by Friday", "by Monday, May 6, had taken the
        town"): for a capture, the day it was complete, which is when ACLED dates it."""
        date = attr_of(doc, "dates", "date")(span)
        return (
            span.start > sent.start
            and view(doc).lower[span.start - 1] == "by"
            and date.precision == 1
            and date.value is not None
        )

    def _dates_event(self, doc: Doc, span: Span, sent: Span) -> bool:
        """A date that can date an event: not a report's date nor a period's start (right after "since", or
        in a clause "since" opens), and resolved unless it names a day (a year-less "November 14" stays, to
        be resolved when the year is known)."""
        v = view(doc)
        orth, lower = v.orth, v.lower
        if phrase_before(lower, 0, span.start, self.not_event_date) or self._report_date(doc, span, sent):
            return False
        for j in range(span.start - 1, sent.start - 1, -1):
            if orth[j] in (",", ";", "—", "–") or lower[j] in ("and", "but"):
                break
            if (
                lower[j] == "since"
                or (lower[j] in self.background_words and not (j > sent.start and orth[j - 1] == "-"))
                or (lower[j] == "power" and j > sent.start and lower[j - 1] in self.power_verbs)
            ):
                return False  # ... but "anti-coup protesters", "post-coup" describe people and times, not the coup
        d = attr_of(doc, "dates", "date")(span)
        return d.value is not None or d.precision < 3


class Placeless(NamedTuple):
    """An event a sentence told with its time but no place: the next sentence may name it."""

    rank: int  # the telling sentence's rank among the told sentences
    date: dt.date
    precision: int
    event_type: str
    sub_type: str
    side: str
    passed: int = 0  # sentences of comment passed over since
