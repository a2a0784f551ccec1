"""Regular expressions built from the word lists in the data files."""

from __future__ import annotations

import re
from collections.abc import Iterable


def any_phrase(phrases: Iterable[str]) -> re.Pattern:
    r"""A pattern that matches what `\b(?:p1|p2|...)\b` matches for the literal `phrases`, tried in the order
    given (put a longer phrase before one it starts with), but searched faster.

    Each phrase is written `c(?<=\bc)rest`: its first character, then the word boundary before that character
    (checked looking back), then the rest. When every branch of an alternation starts with a plain character,
    Python's regex engine skips in C to the positions holding one of those characters; a leading `\b` stops
    that skip, and the whole alternation is then tried at every position of the text."""
    branches = [f"{re.escape(p[0])}(?<=\\b{re.escape(p[0])}){re.escape(p[1:])}" for p in phrases if p]
    return re.compile(f"(?:{'|'.join(branches)})\\b" if branches else r"(?!)")


# The characters other than its two cases that an ASCII letter matches under re.IGNORECASE (Unicode case folding);
# tests/test_extraction_speed.py derives them again from every code point.
_IGNORECASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def ignorecase_alternation(patterns: list[str]) -> re.Pattern | None:
    """`(?:p1)|(?:p2)|...` compiled with re.IGNORECASE (None for no patterns), written so that Python's regex
    engine can skip in C to the positions where a pattern can start when every pattern starts with a plain
    letter: each becomes one branch per way of writing that letter, `T(?i:his article)|t(?i:his article)`. A
    pattern starting otherwise, or one the rewriting cannot keep as it is (a `|` outside parentheses, named
    groups), leaves the alternation as written."""
    if not patterns:
        return None
    if all(_starts_with_letter(p) for p in patterns):
        branches = [
            f"{re.escape(c)}(?i:{p[1:]})"
            for p in patterns
            for c in p[0].upper() + p[0].lower() + _IGNORECASE_EXTRA.get(p[0].lower(), "")
        ]
        return re.compile("|".join(branches))
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _starts_with_letter(pattern: str) -> bool:
    """An ASCII letter first, not repeated (no quantifier after it), no `|` outside parentheses and brackets,
    no named group."""
    if (
        len(pattern) < 2
        or not (pattern[0].isascii() and pattern[0].isalpha())
        or pattern[1] in "*+?{"
        or "(?P" in pattern
    ):
        return False
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]...]": a ] right after [ is a member
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True
