"""One event told twice in an article: the copies the event extractor drops (at a containing unit, under
another name of the place, or as "attacks" beside the strike it names), and when two places may be one
event's. A mixin of `EventExtractor` (extract/nlp/events.py), whose `__init__` reads the settings."""

from __future__ import annotations

import re

from extract.nlp.figure_places import PLACE_SPECIFICITY


class EventCopies:
    def _copy_days(self, place: dict) -> int:
        """How many days apart an event at `place` and one at a place inside it may be and still be one event."""
        return self.copy_days_in_a_state if _coarse(place) else self.copy_days

    def _without_coarser_copies(
        self, events: list[dict], sent_event: dict[int, int]
    ) -> tuple[list[dict], dict[int, int]]:
        """One event told twice, once at a unit and once at a place inside it ("an air strike in Rakhine State
        ... the jets bombed Kyauk Ni Maw village"), on the same day or dated a day apart (a lead's date is often
        the report's; a week for a State or Region summing up the story), is one event at the more specific
        place (ACLED codes the most precise location): the copy at the containing unit is dropped, its sentences
        and figures go to the other. So is a later copy at the same place named with or without its type word
        ("X camp", "X"). Below a State, not when both sentences state their own different days ("took X airport
        on 23 June ... seized X police station on 24 June"; "an airstrike on September 28 hit X township ...
        an air attack on Y village in X township on September 29")."""
        into: dict[int, int] = {}
        for a, ea in enumerate(events):
            for b, eb in enumerate(events):
                if a != b and b not in into and self._copy_of(a, ea, b, eb):
                    into[a] = b
                    break
        if not into:
            return events, sent_event
        kept = [i for i in range(len(events)) if i not in into]
        new_index = {old: new for new, old in enumerate(kept)}
        # a sentence goes with the event its own merged into (one merged into a dropped copy goes with none)
        return (
            [events[i] for i in kept],
            {k: new_index[into.get(i, i)] for k, i in sent_event.items() if into.get(i, i) in new_index},
        )

    def _copy_of(self, a: int, ea: dict, b: int, eb: dict) -> bool:
        """Event `a` is a copy of event `b` told elsewhere in the article (see `_without_coarser_copies`)."""
        told_twice = (
            ea["event_type"] == eb["event_type"]
            and ea["event_date"] is not None
            and eb["event_date"] is not None
            and abs((ea["event_date"] - eb["event_date"]).days) <= self._copy_days(ea["place"])
            and (
                ea["event_date"] == eb["event_date"]
                or not (ea["date_stated"] and eb["date_stated"])
                or _coarse(ea["place"])
            )
            and (contains(ea["place"], eb["place"]) or (a > b and _base_name(ea["place"]) == _base_name(eb["place"])))
        )
        return told_twice or self._names_the_other(ea, eb) or self._dated_later_in_full(ea, eb)

    def _dated_later_in_full(self, ea: dict, eb: dict) -> bool:
        """`ea` is a lead's capture dated by the report's day for want of its own ("rebels have captured the
        town, residents said on Tuesday"), and the story tells the same capture at its place with the day it
        happened, within `lead_date_window` days before ("had taken the last outpost by Friday"): that day."""
        return (
            ea.get("report_day", False)
            and eb["date_stated"]
            and (ea["event_type"], ea["sub_event_type"]) == (eb["event_type"], eb["sub_event_type"])
            and 0 < (ea["event_date"] - eb["event_date"]).days <= self.lead_date_window
            and (ea["place"].get("location_id") == eb["place"].get("location_id") or contains(ea["place"], eb["place"]))
        )

    def _names_the_other(self, ea: dict, eb: dict) -> bool:
        """`ea` is a clash only because its sentence says "attacks" ("Tuesday's attacks on X and Y villages"),
        and the article tells a strike from afar at its place and on its day, by the same side or with none
        named: it is that strike, told again."""
        return (
            ea["generic"]
            and ea["sub_event_type"] == "armed_clash"
            and eb["sub_event_type"] in self.generic_attack["told_in_full_as"]
            and ea["event_date"] is not None
            and ea["event_date"] == eb["event_date"]
            and ea["actor1_id"] in (None, eb["actor1_id"])
            and (_base_name(ea["place"]) == _base_name(eb["place"]) or contains(ea["place"], eb["place"]))
        )


_UNIT_FIELD = {"state_region": "admin1", "district": "admin2", "township": "admin3"}
_TYPE_SUFFIX = re.compile(r"\s+(?:camp|idp camp|displacement camp|village|town|ward)$", re.IGNORECASE)


def _base_name(place: dict) -> str:
    """A place's name without its type word: "X camp" and "X" told in one article are one place."""
    return _TYPE_SUFFIX.sub("", (place.get("name") or "").strip()).lower()


def contains(unit: dict, place: dict) -> bool:
    """`unit` (a State/Region, District or Township) contains `place`, a more specific place."""
    field = _UNIT_FIELD.get(unit.get("location_type"))
    if field is None or unit.get("location_id") == place.get("location_id"):
        return False
    if PLACE_SPECIFICITY.get(place.get("location_type"), 9) >= PLACE_SPECIFICITY[unit["location_type"]]:
        return False
    return bool(unit.get(field)) and unit.get(field) == place.get(field)


def _coarse(place: dict) -> bool:
    """A State or Region, or the country: a lead's place when it sums up the story."""
    return place.get("location_type") in ("state_region", "country")


def may_be_one_place(a: dict, b: dict) -> bool:
    """`a` and `b` may name one event's place: the same place, one inside the other, or places in one State or
    Region whose townships, where both are known, are the same ("Additional airstrikes struck X village in
    Magway Region" after a strike near a town in Kachin State is another event)."""
    if a.get("location_id") == b.get("location_id") or contains(a, b) or contains(b, a):
        return True
    if a.get("admin1") and b.get("admin1") and a["admin1"] != b["admin1"]:
        return False
    return not (a.get("admin3") and b.get("admin3") and a["admin3"] != b["admin3"])


def told_alike(a: dict, b: dict) -> bool:
    """Two events of one type and sub-type on one day."""
    return (a["event_type"], a["sub_event_type"], a["event_date"]) == (
        b["event_type"],
        b["sub_event_type"],
        b["event_date"],
    )
