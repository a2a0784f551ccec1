"""Numbers written in digits or words, with the hedges around them.

`parse_count(tokens)` reads one number from the start of a token sequence: "40", "2,730", "1.1 million",
"eight", "twenty-five", "a dozen", "three hundred". `hedge_before(doc, i)` and `range_after` give the
qualifier and the low/high bounds (more than 40 → low 40, high open; about 70 → 70/70; between 10 and 15).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from extract.nlp.docview import view
from extract.nlp.resources import load_yaml

_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")
_GROUP_HEAD, _GROUP = re.compile(r"^\d{1,3}$"), re.compile(r"^\d{3}$")


@dataclass(frozen=True)
class Count:
    value: int
    start: int  # token index of the first token of the number
    end: int  # token index after the last


def _cfg() -> dict:
    return load_yaml("patterns/figures.yml")


def parse_count(doc: Doc, i: int) -> Count | None:
    """The number starting at token i, or None."""
    cfg = _cfg()
    words, mult = cfg["number_words"], cfg["multipliers"]
    v = view(doc)
    orth, lower = v.orth, v.lower
    n = len(orth)
    low = lower[i]
    value: float | None = None
    j = i
    if low[:1].isdigit() and _DIGITS.match(orth[i]):
        value = float(orth[i].replace(",", ""))
        j = i + 1
        # thousands set off by a space ("3 000", "12 500"), as some outlets write them
        while _GROUP_HEAD.match(orth[i]) and j < n and doc[j - 1].whitespace_ == " " and _GROUP.match(orth[j]):
            value, j = value * 1000 + int(orth[j]), j + 1
    elif low == "a" and i + 1 < n and f"a {lower[i + 1]}" in words:
        value, j = words[f"a {lower[i + 1]}"], i + 2
    elif low in words and low not in ("dozen", "hundred"):
        value, j = words[low], i + 1
        # twenty-five / twenty five
        if j + 1 < n and orth[j] == "-" and lower[j + 1] in words and words[lower[j + 1]] < 10:
            value += words[lower[j + 1]]
            j += 2
        elif j < n and value >= 20 and value % 10 == 0 and lower[j] in words and words[lower[j]] < 10:
            value += words[lower[j]]
            j += 1
    if value is None:
        return None
    while j < n and lower[j] in mult:
        value *= mult[lower[j]]
        j += 1
    if value != int(value):
        return None  # "1.5" alone is not a count of people; "1.5 million" became an integer above
    return Count(int(value), i, j)


@lru_cache(maxsize=1)
def _hedge_table() -> list[tuple[int, dict[str, str]]]:
    """The hedge phrases by number of words, most words first: [(k, {phrase: qualifier})]; a phrase listed
    under two qualifiers belongs to the first."""
    by_len: dict[int, dict[str, str]] = {}
    for qualifier, phrases in _cfg()["hedges"].items():
        for phrase in phrases:
            by_len.setdefault(len(phrase.split()), {}).setdefault(phrase, qualifier)
    return sorted(by_len.items(), reverse=True)


def hedge_before(doc: Doc, i: int) -> tuple[str, int]:
    """The qualifier a hedge before token i gives, and the index where the hedged expression starts: the
    longest hedge phrase ending right before i ("up to around 20" over "around 20")."""
    v = view(doc)
    for k, qualifier_of in _hedge_table():
        if i - k >= 0:
            qualifier = qualifier_of.get(v.lower_text(i - k, i).replace("  ", " "))
            if qualifier is not None:
                return qualifier, i - k
    return "exact", i


def bounds(doc: Doc, count: Count) -> tuple[str, int, int | None, int, int]:
    """(qualifier, low, high, first token, end token) for the figure whose number is `count`.

    low is always the number as written (the guide's convention: "more than 40" → low 40, high open)."""
    cfg = _cfg()
    qualifier, start = hedge_before(doc, count.start)
    low, high, end = count.value, count.value, count.end
    n = len(doc)
    # ranges: "between 10 and 15", "10 to 15", "10-15"
    if (
        end + 1 < n
        and doc[end].lower_ in ("to", "-", "and", "–")
        and (doc[end].lower_ != "and" or (start > 0 and doc[start - 1].lower_ == "between"))
    ):
        other = parse_count(doc, end + 1)
        if other and other.value > low:
            return (
                "exact" if qualifier == "exact" else qualifier,
                low,
                other.value,
                (start - 1 if start > 0 and doc[start - 1].lower_ == "between" else start),
                other.end,
            )
    v = view(doc)
    for q, phrases in cfg["hedges_after"].items():
        for phrase in phrases:
            k = len(phrase.split())
            if v.lower_text(end, end + k) == phrase:
                qualifier, end = q, end + k
    if qualifier in ("more_than", "at_least"):
        high = None  # open-ended; for up_to / fewer_than the written number is both bounds' anchor
    return qualifier, low, high, start, end
