"""Which figures count: a period a sentence names makes its figures period totals, and a figure told again
in the same article is one figure. Used by the figure extractor (figures.py)."""

from __future__ import annotations

import re


def names_a_period(text: str, patterns: list[re.Pattern]) -> bool:
    """A period the sentence (lower case) names by one of `patterns` (figures.yml's `period_patterns`): from one
    month to another ("from January 1 to August 31, 2024", "between March and May"; groups 1 and 2 are the
    months, which must differ) or since the coup however it is dated."""
    for pattern in patterns:
        for m in pattern.finditer(text):
            if pattern.groups < 2 or m[1] != m[2]:
                return True
    return False


def without_restatements(figures: list) -> list:
    """A figure told again in the same article is one figure: the first telling stays. A displacement figure
    by its number (a standfirst, the lead and the body often print "about 5,000 fled into Thailand" each); a
    casualty figure by its number, hedge, category and side ("nearly 50 people were killed" in the lead and the
    body), so two events' tolls told alike in other words ("at least 40 people", "40 civilians") stay two; a
    telling that names no side ("five visitors ... were killed", "in all 13 people were arrested") is one that
    does, whatever its hedge ("at least nine villagers were killed" ... "Nine bodies were recovered"), and one
    with its period ("12 were injured in a week") is one without it. Two casualty tellings whose sentences name
    two different villages ("shells killed two people in X village" ... "two teenagers were killed in Y
    village") are two figures."""
    seen: dict = {}  # key -> [(place, the figure kept for it)] of its tellings so far
    told_before: dict = {}
    kept = []
    for f in figures:
        # "13 people" names no side, as "13" alone does not
        party = "unknown" if f.generic else f.party
        if f.kind == "displacement":
            told, key = None, (f.kind, f.count_low, f.count_high, f.unit)
        else:
            told = (f.kind, f.category, f.count_low, f.count_high, f.qualifier)
            key = (*told, party)
        place = f.place if told is not None else None
        if told is None:
            first = seen[key][0][1] if key in seen else None
        elif party == "unknown":
            # told again naming no side, its hedge may go too ("at least nine villagers" ... "Nine bodies")
            first = _at_one_place(told_before.get(told[:3], ()), place)
        else:
            first = _at_one_place(seen.get(key, ()), place) or _at_one_place(seen.get((*told, "unknown"), ()), place)
        if first is None:
            kept.append(f)
            first = f
        seen.setdefault(key, []).append((place, first))
        if told is not None:
            told_before.setdefault(told[:3], []).append((place, first))
    return kept


def _at_one_place(tellings: list, place: dict | None):
    """The figure kept for an earlier telling that may be the telling at `place`, or None."""
    return next((first for p, first in tellings if _may_be_one_place(p, place)), None)


def _may_be_one_place(a: dict | None, b: dict | None) -> bool:
    """Two tellings' places may be one figure's: only two different villages tell two figures apart (a town or
    township named with a figure may be where the wounded were taken, or whose people died)."""
    if not (a and b and a.get("location_type") == "village" and b.get("location_type") == "village"):
        return True
    return a.get("location_id") == b.get("location_id")
