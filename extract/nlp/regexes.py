"""Regular expressions built from the word lists in the data files."""
from __future__ import annotations

import re
from typing import Iterable


def any_phrase(phrases: Iterable[str]) -> re.Pattern:
    r"""A pattern that matches what `\b(?:p1|p2|...)\b` matches for the literal `phrases`, tried in the order
    given (put a longer phrase before one it starts with), but searched faster.

    Each phrase is written `c(?<=\bc)rest`: its first character, then the word boundary before that character
    (checked looking back), then the rest. When every branch of an alternation starts with a plain character,
    Python's regex engine skips in C to the positions holding one of those characters; a leading `\b` stops
    that skip, and the whole alternation is then tried at every position of the text."""
    branches = [f"{re.escape(p[0])}(?<=\\b{re.escape(p[0])}){re.escape(p[1:])}" for p in phrases if p]
    return re.compile(f"(?:{'|'.join(branches)})\\b" if branches else r"(?!)")
