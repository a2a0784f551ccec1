"""The place matcher's text: its own tokenizer, the records its steps pass along, and its word lists.

``tokenize`` splits a text into words, numbers and single marks with their case, spacing and sentence number
(a line wrapped by hand inside a sentence does not end it); a :class:`Mention` is a name on its way through
the steps of :class:`~extract.nlp.places.PlaceFinder`, a :class:`PlaceMention` what it finds; ``_lists()``
holds the word lists of ``extract/data/gazetteer/matcher_patterns.yaml``, normalised for fast lookups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from extract.gazetteer.keys import ascii_fold, fold_words, patterns, place_key, simple_words
from extract.gazetteer.place import Place
from extract.nlp.regexes import any_phrase

# (spaces before, word, or a number or other single character)
_TOKEN_RE = re.compile(r"(\s*)(?:([^\W\d_]\w*(?:['’][^\W\d_]+)*)|(\d+(?:[.,:]\d+)*|\S))")
_CLOSERS = "\"”’')]"
_SENT_END = {".", "!", "?", "…"}
_NOT_SENT_END_BEFORE = {
    "Gen",
    "Maj",
    "Col",
    "Lt",
    "Capt",
    "Brig",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "No",
    "St",
    "Sgt",
    "Cpl",
    "Pvt",
    "Jr",
    "Sr",
    "Vol",
    "Adm",
    "Gov",
    "Rev",
    "U.S",
    "Mt",
    "Ft",
}
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_UNLISTED_SUFFIX = {"township": "Township", "district": "District", "village_tract": "Village Tract"}
# the types a fuzzy match may take for a name the text gives one type word
_FUZZY_TYPES = {
    "town": ("town", "township"),
    "village": ("village", "village_tract"),
    "village_tract": ("village_tract", "village"),
}
_BARE_UNIT_TYPES = ("state_region", "town", "township", "district")  # LEVEL_PREF order for a bare name
_VILLAGE_TYPES = ("village", "village_tract")


class Tok(NamedTuple):
    """A token of the place matcher's own tokenizer (`tokenize`). A named tuple: tens of thousands are made per
    second, and a tuple is the cheapest object to make and free."""

    text: str
    low: str  # lower case
    start: int
    end: int
    word: bool  # starts with a letter
    cap: bool  # starts with an upper-case letter
    acronym: bool  # two or more letters, all upper case
    poss: bool  # a possessive 's followed (and was cut off)
    space_before: bool  # separated from the previous token by spaces (not a line break)
    glued_before: bool  # no whitespace at all before it
    sent: int = 0
    sent_initial: bool = False


@dataclass(slots=True)
class Mention:
    i0: int  # first and one-past-last token of the name
    i1: int
    surface: str
    kind: str = "gaz"  # gaz | adjective | unlisted | fuzzy (a name in a place context, no key matched)
    hint: tuple[str, ...] = ()
    hint_from: str | None = None  # after | of | list | camp; fuzzy: locative | admin_after | typed | memo
    type_end: int = 0  # token index one past the type word (== i1 if none)
    plural: bool = False
    border: bool = False
    dropped: str | None = None
    place: Place | None = None
    how: str | None = None
    start: int = 0
    sent: int = 0
    key: str = ""
    vkey: str = ""
    end_char: int = 0  # end of the name (without a type word)
    ambiguous: list | None = None

    @property
    def explicit(self) -> bool:
        return bool(self.hint)


class _Resolved(list):
    """The mentions resolved so far in one article (appended to only), with the units they name
    cached by PlaceFinder._ctx."""

    units: tuple | None = None


@dataclass
class PlaceMention:
    """A place found in text: character offsets of the mention (name plus any type word) and the place."""

    start: int
    end: int
    text: str
    place: Place
    how: str  # name | alias | variant | fuzzy | memo | unlisted | ambiguous
    type_hint: tuple[str, ...] = field(default_factory=tuple)


def text_of(toks: list[Tok], i0: int, i1: int) -> str:
    """The words i0..i1 as written, joined by single spaces (the surface of a run)."""
    return " ".join(t.text for t in toks[i0:i1])


class _Lists:
    """Word lists from matcher_patterns.yaml, normalised for fast lookups."""

    def __init__(self) -> None:
        pat = patterns()
        self.type_words = {k.lower(): tuple(v) for k, v in pat["type_words"].items()}
        # multi-word type words ("village tract") by their first word, longest first
        self.type_multi_by_first: dict[str, list[tuple[str, ...]]] = {}
        for multi in sorted((tuple(re.split(r"[\s]+", k)) for k in self.type_words if " " in k), key=len, reverse=True):
            self.type_multi_by_first.setdefault(multi[0], []).append(multi)
        self.type_first = {re.split(r"[\s\-]+", k)[0] for k in self.type_words}
        self.skip_edge = set(self.type_words) | {w.lower() for w in pat["direction_words"]}
        self.type_of = {k.lower(): tuple(v) for k, v in pat["type_words_of"].items()}
        self.unlisted_before = {k.lower(): v for k, v in pat["unlisted_place_words"]["before"].items()}
        self.unlisted_after = {k.lower(): v for k, v in pat["unlisted_place_words"]["after"].items()}
        self.unlisted_numbered = {k.lower(): v for k, v in pat["unlisted_place_words"].get("before_number", {}).items()}
        self.camp_qualifiers = set(pat["unlisted_place_words"].get("camp_qualifiers", []))
        self.base_words = set(pat["unlisted_place_words"].get("base_words", []))
        self.known_as = {k.lower(): v for k, v in pat["unlisted_place_words"].get("known_as", {}).items()}
        self.known_as_phrases = [tuple(p.split()) for p in pat["unlisted_place_words"].get("known_as_phrases", [])]
        upw = pat["unlisted_place_words"]
        self.list_intros = [tuple(p.split()) for p in upw.get("list_intros", [])]
        self.list_prepositions = {w.lower() for w in upw.get("list_prepositions", [])}
        self.known_as_by_last: dict[str, list[tuple[str, ...]]] = {}  # in the file's order
        for phrase in self.known_as_phrases:
            self.known_as_by_last.setdefault(phrase[-1], []).append(phrase)
        self.unlisted_triggers = (
            self.type_first
            | set(self.unlisted_after)
            | set(self.unlisted_before)
            | set(self.type_of)
            | set(self.unlisted_numbered)
            | {p[-1] for p in self.known_as_phrases}
        )
        self.followers = {ascii_fold(w) for w in pat["actor_followers"]} | {
            ascii_fold(w) for w in pat["feature_followers"]
        }
        self.buildings = {ascii_fold(w) for w in pat["building_followers"]}
        self.titles = set(pat["person_titles"])
        self.syllables = set(pat["personal_name_syllables"])
        self.stop_names = {place_key(w) for w in pat["stop_names"]}
        self.ethnonyms = {place_key(w) for w in pat["ethnonyms"]}
        self.directions = {w.lower() for w in pat["direction_words"]}
        self.locatives = {w.lower() for w in pat["locative_prepositions"]}
        self.after_ethnonym_place = {w.lower() for w in pat["after_ethnonym_place"]}
        self.fuzzy_prepositions = {w.lower() for w in pat["fuzzy"]["prepositions"]}
        self.possessive_countries = {w.lower() for w in pat["fuzzy"].get("possessive_countries", [])}
        self.borders = {w.lower() for w in pat["border_words"] if " " not in w}
        phrases = sorted(pat["stop_phrases"], key=len, reverse=True)
        self.stop_phrase_re = any_phrase(phrases)
        self.stop_words = set(STOP_WORDS)
        dirs = "|".join(sorted((re.escape(d) for d in self.directions), key=len, reverse=True))
        self.list_gap = re.compile(
            rf"^(?:\s*,)?\s*(?:(?:and|or|&)\s+)?(?:(?:the\s+)?(?:{dirs})(?:\s+(?:and|or)\s+(?:{dirs}))?\s+)?$",
            re.IGNORECASE,
        )


@lru_cache(maxsize=100_000)
def _word_key(low: str) -> str:
    return "".join(simple_words(low))


@lru_cache(maxsize=100_000)
def _fold_cached(words: tuple[str, ...]) -> str:
    return fold_words(words)


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    return _Lists()


_WRAP_MIN, _WRAP_MAX = 50, 100  # the length of a line of text wrapped by hand (fixed width)


def _hard_wrap(text: str, pos: int, gap: str) -> bool:
    """Whether the line break in ``gap`` (after a word ending at ``pos``, before a word) wraps a line of fixed width
    inside a sentence: one line break, not the first line (a headline), the line 50-100 characters long."""
    if gap.count("\n") != 1:
        return False
    start = text.rfind("\n", 0, pos) + 1
    return start > 0 and _WRAP_MIN <= pos - start <= _WRAP_MAX


def tokenize(text: str) -> list[Tok]:
    """Words, numbers and single punctuation marks, with sentence numbers (one pass)."""
    toks: list[Tok] = []
    append = toks.append
    new = tuple.__new__  # Tok(...) without the named tuple's Python-level __new__
    sent, new_sent, prev_text, n, pos = 0, True, "", len(text), 0
    prev_word = False
    for gap, word, other in _TOKEN_RE.findall(text):
        if gap:
            s = pos + len(gap)
            spaced = "\n" not in gap  # spaces before it, not a line break
            if not spaced and word and prev_word and _hard_wrap(text, pos, gap):
                spaced = True  # a line wrapped inside a sentence ("the village of Mung Lai\nHkyet")
            if not spaced and not new_sent:
                sent += 1
                new_sent = True
        else:
            s, spaced = pos, False
        if word:
            e = pos = s + len(word)
            poss = len(word) > 2 and word[-1] == "s" and word[-2] in "'’"
            if poss:
                word, e = word[:-2], e - 2
            append(
                new(
                    Tok,
                    (
                        word,
                        word.lower(),
                        s,
                        e,
                        True,
                        word[0].isupper(),
                        len(word) > 1 and word.isupper(),
                        poss,
                        spaced,
                        not gap,
                        sent,
                        new_sent,
                    ),
                )
            )
            new_sent = False
            prev_text, prev_word = word, True
        else:
            e = pos = s + len(other)
            append(new(Tok, (other, other, s, e, False, False, False, False, spaced, not gap, sent, False)))
            if (
                other in _SENT_END
                and prev_text not in _NOT_SENT_END_BEFORE
                and not (len(prev_text) == 1 and prev_text.isupper())
                and (e >= n or text[e].isspace() or text[e] in _CLOSERS)
            ):
                sent += 1
                new_sent = True
            prev_text, prev_word = other, False
    return toks
