"""Which figures count: a period a sentence names makes its figures period totals, and a figure told again
in the same article is one figure. Used by the figure extractor (figures.py)."""

from __future__ import annotations

import re

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_RANGE = re.compile(
    rf"\b(?:from|between)\s+(?:\d{{1,2}}\s+)?({_MONTHS})\b[^.;]{{0,24}}?"
    rf"\b(?:to|until|till|through|and)\s+(?:\d{{1,2}}\s+)?({_MONTHS})\b"
)


# "since the 1 February 2021 coup", "since the military seized power": however the coup's date is written
_SINCE_THE_COUP = re.compile(r"\bsince\b[^.;]{0,30}?\b(?:coup|takeover|seized power|seizure of power|took power)\b")


def names_a_period(text: str) -> bool:
    """A period from one month to another ("from January 1 to August 31, 2024", "between March and May"), or
    since the coup however it is dated: the figures the sentence gives are period totals."""
    return any(m[1] != m[2] for m in _MONTH_RANGE.finditer(text)) or bool(_SINCE_THE_COUP.search(text))


def without_restatements(figures: list) -> list:
    """A figure told again in the same article is one figure: the first telling stays. A displacement figure
    by its number (a standfirst, the lead and the body often print "about 5,000 fled into Thailand" each); a
    casualty figure by its number, hedge, category, side and period ("nearly 50 people were killed" in the lead
    and the body), so two events' tolls told alike in other words ("at least 40 people", "40 civilians") stay
    two."""
    seen, kept = set(), []
    for f in figures:
        key = (
            (f.kind, f.count_low, f.count_high, f.unit)
            if f.kind == "displacement"
            else (f.kind, f.category, f.party, f.count_low, f.count_high, f.qualifier, f.is_cumulative)
        )
        if key is None or key not in seen:
            kept.append(f)
        if key is not None:
            seen.add(key)
    return kept
