"""spaCy component ``place_matcher``: find Myanmar place names in article text and geocode them.

Works on a blank English pipeline (no tagger or parser): it scans the text itself.

    import spacy, extract.nlp.places  # registers the factory
    nlp = spacy.blank("en")
    nlp.add_pipe("place_matcher")     # config (defaults): spans_key="places", gazetteer_path=None
                                      # (build_dir()/gazetteer.parquet), min_village_chars=6,
                                      # countries=True (Myanmar and neighbours), unlisted=True,
                                      # fuzzy=True, abroad=False (places abroad left out of the spans,
                                      # put in doc.spans[abroad_key="places_abroad"], "in_myanmar": False)
    doc = nlp(text)
    for span in doc.spans["places"]:
        span._.place   # {location_id, name, location_type, admin1, admin2, admin3, latitude, longitude,
                       #  pcode, geo_precision, in_gazetteer}

How it works:

1. Capitalised words joined by single spaces or hyphens form runs ("Maw Taung", "Hpa-An",
   "Arakan-Bago"; a possessive "’s"/"'s" ends a run). Inside each run the longest word sequences
   whose place key (or, failing that, variant key) is in the gazetteer become mentions.
2. Words around a mention say what it is: a type word after it ("Township", "village", "states"
   for a whole list: "Mon and Karen states", "Bago, Magway, and Ayeyarwady regions"), "the village of
   X" before it, a border word after a country adjective ("Thai border"). A mention is dropped when the
   next word makes it part of a name ("Karen National Union", "Arakan Army", "Shan State Army",
   "Irrawaddy River"), when it is part of a person's name ("U Yee Mon", "Captain Zin Yaw", "Zaw Min
   Tun"), when a stop phrase covers it ("The Irrawaddy"), when a bare name sits next to other
   capitalised words that are not places (organisations, headlines), when a bare name is an ethnic
   name used as an adjective ("Karen groups", "the Kachin media", "a Kachin village"), or when it is
   on the stop list of English words and personal names ("Pale", "Muse", "Kyaw") and the article never
   writes it with a type word ("Ann ... Ann Township" keeps both). A bare name found only through the
   variant key must be at least five letters and not a variant of a stop name ("Mouse" is not Muse).
   All word lists are in ``extract/data/gazetteer/matcher_patterns.yaml``.
3. Resolution runs in passes over the whole document: first states/regions and countries, then the
   other units that carry a type word (with the states as context), then bare names (the same name
   with a type word elsewhere in the article wins; then the units named in the same sentence, weight
   2, and in the article, weight 1; a tie goes to the unit named nearest in the sentence), then the
   fuzzy level, then villages and places outside the gazetteer. A bare village name matches only
   inside a township the article names, and only if it is distinctive (at least
   ``min_village_chars`` letters and two syllables), or when the article names it elsewhere with
   its type word ("Kanto village ... Kanto").
4. The fuzzy level (``fuzzy=True``; :meth:`Gazetteer.fuzzy`) is tried only for capitalised names no
   key matched that the text marks as places: a type word ("Depayin Township"), a place preposition
   ("in Depayin"), a unit or town next to it in a list or after it ("Tiddim and Thantlang",
   "Depayin, Sagaing Region"). It accepts a place whose variant key is one or two romanisation edits
   away, inside the units the sentence or article names; nationally only for a unique, long enough
   name and never against the state/region the sentence names. Villages only inside a named
   township or district. The limits are the ``fuzzy`` settings of matcher_patterns.yaml; the
   false-match measurements are in extract/data/gazetteer/README.md.
5. A place the text marks as one ("Camp Victoria", "Hill 902", "X camp", "X village", "X Township")
   that is not in the gazetteer is kept with ``in_gazetteer`` False and the location of the smallest
   unit the sentence (the one named nearest, or a unit inside it) or, failing that, the article puts
   it in; geo_precision 2 inside a township, else 3. So is a name the gazetteer has in several places
   with nothing in the article to choose ("Minhla", a town of Magway and of Bago): it is kept at the
   smallest unit containing all of them. So are the names of a list a plural type word governs ("X and Y
   villages", "three wards: X, Y and Z"), and names of a list after a place preposition that no level matched
   when another name of it is a Myanmar place and none is abroad ("in Satawm, Lianhna and Tuichirh").
6. Places abroad (``places_abroad.csv``: Mizoram, Tak, Mae Sot, ...) are matched like gazetteer units, so their
   names never become Myanmar villages, but are put in the spans only with ``abroad=True``. Otherwise they go to
   their own span group ``doc.spans["places_abroad"]`` (config ``abroad_key``; "" for none), their records with
   ``"in_myanmar": False``, for readers that want them (a displacement figure "to Mizoram").
"""
from __future__ import annotations

import gc
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.gazetteer.fuzzy import fuzzy_settings
from extract.gazetteer.keys import ascii_fold, fold_words, patterns, place_key, simple_words, variant_key
from extract.gazetteer.load import load_gazetteer
from extract.gazetteer.place import DEPTH, GROUP_A, Place
from extract.gazetteer.query import Gazetteer
from extract.nlp.docview import set_spans, view
from extract.nlp.regexes import any_phrase

if not Span.has_extension("place"):
    Span.set_extension("place", default=None, force=True)

# (spaces before, word, or a number or other single character)
_TOKEN_RE = re.compile(r"(\s*)(?:([^\W\d_]\w*(?:['’][^\W\d_]+)*)|(\d+(?:[.,:]\d+)*|\S))")
_CLOSERS = "\"”’')]"
_SENT_END = {".", "!", "?", "…"}
_NOT_SENT_END_BEFORE = {"Gen", "Maj", "Col", "Lt", "Capt", "Brig", "Dr", "Mr", "Mrs", "Ms", "No", "St", "Sgt",
                        "Cpl", "Pvt", "Jr", "Sr", "Vol", "Adm", "Gov", "Rev", "U.S", "Mt", "Ft"}
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_UNLISTED_SUFFIX = {"township": "Township", "district": "District", "village_tract": "Village Tract"}
# the types a fuzzy match may take for a name the text gives one type word
_FUZZY_TYPES = {"town": ("town", "township"), "village": ("village", "village_tract"),
                "village_tract": ("village_tract", "village")}
_BARE_UNIT_TYPES = ("state_region", "town", "township", "district")   # LEVEL_PREF order for a bare name
_VILLAGE_TYPES = ("village", "village_tract")


class Tok(NamedTuple):
    """A token of the place matcher's own tokenizer (`tokenize`). A named tuple: tens of thousands are made per
    second, and a tuple is the cheapest object to make and free."""
    text: str
    low: str           # lower case
    start: int
    end: int
    word: bool         # starts with a letter
    cap: bool          # starts with an upper-case letter
    acronym: bool      # two or more letters, all upper case
    poss: bool         # a possessive 's followed (and was cut off)
    space_before: bool  # separated from the previous token by spaces (not a line break)
    glued_before: bool  # no whitespace at all before it
    sent: int = 0
    sent_initial: bool = False


@dataclass(slots=True)
class Mention:
    i0: int                      # first and one-past-last token of the name
    i1: int
    surface: str
    kind: str = "gaz"            # gaz | adjective | unlisted | fuzzy (a name in a place context, no key matched)
    hint: tuple[str, ...] = ()
    hint_from: str | None = None  # after | of | list | camp; fuzzy: locative | admin_after | typed | memo
    type_end: int = 0            # token index one past the type word (== i1 if none)
    plural: bool = False
    border: bool = False
    dropped: str | None = None
    place: Place | None = None
    how: str | None = None
    start: int = 0
    sent: int = 0
    key: str = ""
    vkey: str = ""
    end_char: int = 0            # end of the name (without a type word)
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
    how: str                     # name | alias | variant | fuzzy | memo | unlisted | ambiguous
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
        for multi in sorted((tuple(re.split(r"[\s]+", k)) for k in self.type_words if " " in k), key=len,
                            reverse=True):
            self.type_multi_by_first.setdefault(multi[0], []).append(multi)
        self.type_first = {re.split(r"[\s\-]+", k)[0] for k in self.type_words}
        self.skip_edge = set(self.type_words) | {w.lower() for w in pat["direction_words"]}
        self.type_of = {k.lower(): tuple(v) for k, v in pat["type_words_of"].items()}
        self.unlisted_before = {k.lower(): v for k, v in pat["unlisted_place_words"]["before"].items()}
        self.unlisted_after = {k.lower(): v for k, v in pat["unlisted_place_words"]["after"].items()}
        self.unlisted_numbered = {k.lower(): v for k, v in
                                  pat["unlisted_place_words"].get("before_number", {}).items()}
        self.camp_qualifiers = set(pat["unlisted_place_words"].get("camp_qualifiers", []))
        self.known_as = {k.lower(): v for k, v in pat["unlisted_place_words"].get("known_as", {}).items()}
        self.known_as_phrases = [tuple(p.split()) for p in pat["unlisted_place_words"].get("known_as_phrases", [])]
        upw = pat["unlisted_place_words"]
        self.list_intros = [tuple(p.split()) for p in upw.get("list_intros", [])]
        self.list_prepositions = {w.lower() for w in upw.get("list_prepositions", [])}
        self.known_as_by_last: dict[str, list[tuple[str, ...]]] = {}   # in the file's order
        for phrase in self.known_as_phrases:
            self.known_as_by_last.setdefault(phrase[-1], []).append(phrase)
        self.unlisted_triggers = (self.type_first | set(self.unlisted_after) | set(self.unlisted_before)
                                  | set(self.type_of) | set(self.unlisted_numbered)
                                  | {p[-1] for p in self.known_as_phrases})
        self.followers = {ascii_fold(w) for w in pat["actor_followers"]} | {
            ascii_fold(w) for w in pat["feature_followers"]}
        self.titles = set(pat["person_titles"])
        self.syllables = set(pat["personal_name_syllables"])
        self.stop_names = {place_key(w) for w in pat["stop_names"]}
        self.ethnonyms = {place_key(w) for w in pat["ethnonyms"]}
        self.directions = {w.lower() for w in pat["direction_words"]}
        self.locatives = {w.lower() for w in pat["locative_prepositions"]}
        self.fuzzy_prepositions = {w.lower() for w in pat["fuzzy"]["prepositions"]}
        self.possessive_countries = {w.lower() for w in pat["fuzzy"].get("possessive_countries", [])}
        self.borders = {w.lower() for w in pat["border_words"] if " " not in w}
        phrases = sorted(pat["stop_phrases"], key=len, reverse=True)
        self.stop_phrase_re = any_phrase(phrases)
        self.stop_words = set(STOP_WORDS)
        dirs = "|".join(sorted((re.escape(d) for d in self.directions), key=len, reverse=True))
        self.list_gap = re.compile(
            rf"^(?:\s*,)?\s*(?:(?:and|or|&)\s+)?(?:(?:the\s+)?(?:{dirs})(?:\s+(?:and|or)\s+(?:{dirs}))?\s+)?$",
            re.IGNORECASE)


@lru_cache(maxsize=100_000)
def _word_key(low: str) -> str:
    return "".join(simple_words(low))


@lru_cache(maxsize=100_000)
def _fold_cached(words: tuple[str, ...]) -> str:
    return fold_words(words)


@lru_cache(maxsize=1)
def _lists() -> _Lists:
    return _Lists()


_WRAP_MIN, _WRAP_MAX = 50, 100   # the length of a line of text wrapped by hand (fixed width)


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
    new = tuple.__new__   # Tok(...) without the named tuple's Python-level __new__
    sent, new_sent, prev_text, n, pos = 0, True, "", len(text), 0
    prev_word = False
    for gap, word, other in _TOKEN_RE.findall(text):
        if gap:
            s = pos + len(gap)
            spaced = "\n" not in gap          # spaces before it, not a line break
            if not spaced and word and prev_word and _hard_wrap(text, pos, gap):
                spaced = True                 # a line wrapped inside a sentence ("the village of Mung Lai\nHkyet")
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
            append(new(Tok, (word, word.lower(), s, e, True, word[0].isupper(), len(word) > 1 and word.isupper(),
                             poss, spaced, not gap, sent, new_sent)))
            new_sent = False
            prev_text, prev_word = word, True
        else:
            e = pos = s + len(other)
            append(new(Tok, (other, other, s, e, False, False, False, False, spaced, not gap, sent, False)))
            if (other in _SENT_END and prev_text not in _NOT_SENT_END_BEFORE
                    and not (len(prev_text) == 1 and prev_text.isupper())
                    and (e >= n or text[e].isspace() or text[e] in _CLOSERS)):
                sent += 1
                new_sent = True
            prev_text, prev_word = other, False
    return toks


class PlaceFinder:
    """Finds and resolves place mentions in plain text (the engine behind the spaCy component)."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, min_village_chars: int = 6,
                 countries: bool = True, unlisted: bool = True, fuzzy: bool = True, abroad: bool = False) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.lists = _lists()
        self.min_village_chars = min_village_chars
        self.countries = countries
        self.unlisted = unlisted
        self.fuzzy = fuzzy
        self.abroad = abroad
        self.max_words = min(self.gaz.max_words, 6)
        self._blocked_for: tuple[str | None, list] = (None, [])

    # ------------------------------------------------------------------------------ scanning
    def _blocked(self, text: str) -> list[tuple[int, int]]:
        """Where the stop phrases stand in the text (no place name starts inside one), found once per text."""
        if text is not self._blocked_for[0]:
            self._blocked_for = (text, [m.span() for m in self.lists.stop_phrase_re.finditer(text)])
        return self._blocked_for[1]

    def _is_name_word(self, tk: Tok) -> bool:
        return tk.cap and not tk.acronym and not (tk.sent_initial and tk.low in self.lists.stop_words)

    def _runs(self, toks: list[Tok]) -> list[list[int]]:
        runs: list[list[int]] = []
        cur: list[int] = []
        caps = [i for i, tk in enumerate(toks) if tk.cap]   # only these can open a run
        c = 0
        i, n = 0, len(toks)
        while i < n:
            if not cur:   # no run open: go to the next capitalised word
                while c < len(caps) and caps[c] < i:
                    c += 1
                if c == len(caps):
                    break
                i = caps[c]
            tk = toks[i]
            name_word = self._is_name_word(tk)
            if cur:
                last = toks[cur[-1]]
                # hyphen join: Word-Word (the second part may be lower case: "Pa-an")
                if (tk.text == "-" and tk.glued_before and not last.poss and i + 1 < n
                        and toks[i + 1].word and toks[i + 1].glued_before and not toks[i + 1].acronym
                        and (toks[i + 1].cap or len(toks[i + 1].text) <= 3)):
                    cur.append(i + 1)
                    i += 2
                    continue
                if name_word and tk.space_before and not last.poss and tk.sent == last.sent:
                    cur.append(i)
                    i += 1
                    continue
                runs.append(cur)
                cur = []
            if name_word:
                cur.append(i)
            i += 1
        if cur:
            runs.append(cur)
        return runs

    def _type_after(self, toks: list[Tok], j: int) -> tuple[tuple[str, ...], int, bool] | None:
        """A type word starting at token j (after a space): (types, index after it, plural)."""
        if j >= len(toks) or not toks[j].word or not toks[j].space_before:
            return None
        L = self.lists
        if toks[j].low not in L.type_first:
            return None
        for multi in L.type_multi_by_first.get(toks[j].low, ()):
            k = len(multi)
            if j + k <= len(toks) and all(toks[j + x].low == multi[x] for x in range(1, k)):
                return L.type_words[" ".join(multi)], j + k, multi[-1].endswith("s")
        # hyphenated: village-tract
        if (j + 2 < len(toks) and toks[j + 1].text == "-" and toks[j + 1].glued_before
                and toks[j + 2].glued_before):
            w = f"{toks[j].text}-{toks[j + 2].text}".lower()
            if w in L.type_words:
                return L.type_words[w], j + 3, w.endswith("s")
        w = toks[j].low
        if w in L.type_words:
            return L.type_words[w], j + 1, w.endswith("s")
        return None

    def _find(self, toks: list[Tok], text: str, runs: list[list[int]]) -> list[Mention]:
        L, gaz = self.lists, self.gaz
        blocked = self._blocked(text)
        mentions: list[Mention] = []
        skip_edge = L.skip_edge
        exact, variant = gaz.exact.keys_, gaz.variant.keys_
        for run in runs:
            wkeys = [_word_key(toks[i].low) for i in run]
            k = 0
            while k < len(run):
                found = None
                for n in range(min(self.max_words, len(run) - k), 0, -1):
                    a, b = run[k], run[k + n - 1]
                    first, last = toks[a], toks[b]
                    if last.low in skip_edge or first.low in skip_edge:
                        # "North Dagon" (a township MIMU writes Dagon Myothit (North)): a direction word opens
                        # a unit's own name only when the whole is that unit's name
                        if n < 2 or last.low in skip_edge or first.low not in L.directions:
                            continue
                        pk = "".join(wkeys[k:k + n])
                        if not any(gaz._type_of(c >> 1) in GROUP_A for c in gaz._exact_raw.get(pk, ())):
                            continue
                    words = wkeys[k:k + n]
                    pk = "".join(words)
                    if not pk:
                        continue
                    if pk in gaz.adjectives and self.countries:
                        found = Mention(a, b + 1, text[first.start:last.end], kind="adjective", key=pk)
                    elif pk in exact:
                        found = Mention(a, b + 1, text[first.start:last.end], key=pk)
                    elif len(pk) >= 4:
                        vk = _fold_cached(tuple(words))
                        if vk in variant:
                            found = Mention(a, b + 1, text[first.start:last.end], key=pk, vkey=vk)
                    if found:
                        k += n
                        break
                if found is None:
                    k += 1
                    continue
                if any(s <= toks[found.i0].start < e for s, e in blocked):
                    continue
                mentions.append(found)
        if self.unlisted:
            extra = self._unlisted_candidates(toks, text, mentions)
            if extra:
                seen: set[tuple[int, int]] = set()
                extra = [u for u in extra if (u.i0, u.i1) not in seen and not seen.add((u.i0, u.i1))]
                inside = {i for u in extra for i in range(u.i0, u.i1)}
                mentions = [m for m in mentions if m.i0 not in inside] + extra
        mentions.sort(key=lambda m: m.i0)
        for m in mentions:
            m.start = toks[m.i0].start
            m.sent = toks[m.i0].sent
            if m.type_end == 0:
                m.type_end = m.i1
        return mentions

    def _name_before(self, toks: list[Tok], j: int) -> list[int]:
        """Up to four capitalised name words right before token j (joined by spaces or hyphens)."""
        L = self.lists
        out: list[int] = []
        i = j - 1
        nxt = toks[j]
        while i >= 0 and len(out) < 4:
            tk = toks[i]
            joined = nxt.space_before or (nxt.glued_before and tk.text != "-")
            if tk.text == "-" and tk.glued_before and nxt.glued_before and out:
                i -= 1
                nxt = tk
                continue
            if not joined or not self._is_name_word(tk) or tk.poss or tk.low in L.type_words:
                break
            out.insert(0, i)
            nxt = tk
            i -= 1
        while out and (toks[out[0]].low in L.directions
                       or toks[out[0]].sent_initial and len(out) > 1 and toks[out[0]].low in L.stop_words):
            out = out[1:]
        return out

    def _name_after(self, toks: list[Tok], j: int, glued: bool = False) -> list[int]:
        """Up to four capitalised name words after token j (the first after a space, or also glued to it)."""
        out: list[int] = []
        i = j + 1
        while i < len(toks) and len(out) < 4:
            tk = toks[i]
            if not (tk.space_before or ((out or glued) and tk.glued_before)) or not self._is_name_word(tk) \
                    or tk.low in self.lists.type_words:
                break
            out.append(i)
            if tk.poss:
                break
            i += 1
        return out

    def _unlisted_candidates(self, toks: list[Tok], text: str, found: list[Mention]) -> list[Mention]:
        """Capitalised names the text marks as places: "Camp Victoria", "Mae La camp", "X village",
        "X Township", "the village of X"."""
        L = self.lists
        ending_at: dict[int, Mention] = {m.i1: m for m in found}
        unit_types = ("township", "town", "district", "village", "village_tract", "other")
        blocked = self._blocked(text)
        out = []
        triggers = L.unlisted_triggers
        for j in [j for j, tk in enumerate(toks) if tk.low in triggers and tk.word]:
            tk = toks[j]
            w = tk.low
            names: list[int] = []
            types: tuple[str, ...] = ()
            after = j
            plural = False
            hint_from = "after"
            if (tk.cap and w in L.unlisted_numbered and j + 1 < len(toks) and toks[j + 1].space_before
                    and toks[j + 1].text.isdigit()):                       # "Hill 902", "Outpost 3"
                m = Mention(j, j + 2, text[tk.start:toks[j + 1].end], kind="unlisted",
                            hint=(L.unlisted_numbered[w],), hint_from="camp", key=place_key(
                                text[tk.start:toks[j + 1].end]))
                out.append(m)
                continue
            known = self._known_as(toks, j)
            if known is not None:                                       # "a camp known locally as X"
                names, ltype = known
                m = Mention(names[0], names[-1] + 1, text[toks[names[0]].start:toks[names[-1]].end],
                            kind="unlisted", hint=(ltype,), hint_from="known_as")
                m.key = place_key(m.surface)
                if m.key and self._plain_name(toks, names, article=True) and not self._gaz_handles(
                        toks, names, (ltype,), ending_at):
                    out.append(m)
                continue
            if tk.cap and w in L.unlisted_before:                       # "Camp Victoria"
                names = self._name_after(toks, j)
                if names:
                    m = Mention(j, names[-1] + 1, text[tk.start:toks[names[-1]].end], kind="unlisted",
                                hint=(L.unlisted_before[w],), hint_from="camp")
                    if self._plain_name(toks, names) and place_key(m.surface) and not self._gaz_handles(
                            toks, names, ("other",), ending_at) and not self._broken_or_headline(toks, names):
                        out.append(m)
                    continue
            if w in L.type_of and j + 1 < len(toks) and toks[j + 1].text == "of":   # "the village of X"
                names = self._name_after(toks, j + 1)
                types = tuple(t for t in L.type_of[w] if t in unit_types)[:1]
                hint_from = "of"
                if names:
                    after = names[-1] + 1
                    if w.endswith("s"):   # "the villages of X and Y", "the states of Shan, Kayah and Kayin"
                        for g in self._list_after(toks, names):
                            self._list_member(toks, text, g, L.type_of[w], ending_at, blocked, out)
            else:
                t = self._type_after(toks, j) if tk.space_before else None
                if t and (w in ("city", "cities") or (w in ("town", "towns") and tk.cap)):
                    t = None  # "Redwood City", "Cape Town": only gazetteer towns take these words
                if t and t[0][0] in unit_types:
                    types, after, plural = t[0][:1], t[1], t[2]
                    all_types = t[0]
                elif w in L.unlisted_after and tk.space_before:
                    types, after, plural = (L.unlisted_after[w],), j + 1, w.endswith("s")
                    all_types = types
                else:
                    continue
                if plural:   # "three wards: X, Y and Z", "15 villages, including X and Y"
                    first = self._list_intro(toks, after)
                    if first is not None:
                        names = self._name_after(toks, first - 1, glued=True)
                        if names:
                            for g in [names] + self._list_after(toks, names):
                                self._list_member(toks, text, g, all_types, ending_at, blocked, out)
                names = self._name_before(toks, j)
                if not names and w in L.unlisted_after and j and toks[j - 1].low in L.camp_qualifiers:
                    names = self._name_before(toks, j - 1)              # "Khuathar IDP camp"
                if plural and names:   # "Khawmawi and Rihkhawdar villages": every name of the list
                    for g in self._list_before(toks, names):
                        self._list_member(toks, text, g, all_types, ending_at, blocked, out)
            if not names or not types or not self._plain_name(toks, names):
                continue
            if self._gaz_handles(toks, names, types, ending_at):
                continue
            if any(s <= toks[names[0]].start < e for s, e in blocked):
                continue
            prev = toks[names[0] - 1].low if names[0] else ""
            if hint_from == "after" and prev in ("a", "an", "another", "one", "every", "each", "any"):
                continue  # "a Karen village": an adjective, not a name
            if len(names) == 1 and toks[names[0]].sent_initial:
                continue  # "Junta camps were ...": a capitalised common noun, not a name
            surface = text[toks[names[0]].start:toks[names[-1]].end]
            key = place_key(surface)
            if not key or key in L.ethnonyms or key in L.stop_names or key in self.gaz.adjectives:
                continue
            type_end = after if hint_from == "after" else names[-1] + 1
            out.append(Mention(names[0], names[-1] + 1, surface, kind="unlisted", hint=types,
                               hint_from=hint_from, type_end=type_end, plural=plural, key=key))
        return out

    def _list_sep(self, toks: list[Tok], k: int, step: int) -> int | None:
        """The index of the next name word across a list separator (", ", " and ", ", and ", " or ") that
        starts at token k and runs in direction step (+1 forwards, -1 backwards), else None."""
        n = len(toks)
        seen_word = seen_comma = False
        while 0 <= k < n:
            tk = toks[k]
            if tk.text == "," and not seen_comma and (step < 0 or not seen_word):
                seen_comma = True
            elif tk.low in ("and", "or") and not seen_word and (step > 0 or not seen_comma):
                seen_word = True
            else:
                break
            k += step
        if not (seen_comma or seen_word) or not (0 <= k < n) or not self._is_name_word(toks[k]):
            return None
        return k

    def _list_after(self, toks: list[Tok], names: list[int]) -> list[list[int]]:
        """The name groups that follow a name in a list ("X, Y and Z": Y and Z)."""
        out: list[list[int]] = []
        last = names[-1]
        while len(out) < 12 and not toks[last].poss:
            k = self._list_sep(toks, last + 1, 1)
            if k is None:
                break
            g = self._name_after(toks, k - 1, glued=True)
            if not g:
                break
            out.append(g)
            last = g[-1]
        return self._to_conjunction(toks, [names] + out)[1:]

    def _to_conjunction(self, toks: list[Tok], groups: list[list[int]]) -> list[list[int]]:
        """A list up to its last name after "and" or "or": names after commas alone are no list ("in Sittwe,
        Khaing Thukha said")."""
        for x in range(len(groups) - 1, 0, -1):
            if any(t.low in ("and", "or") for t in toks[groups[x - 1][-1] + 1:groups[x][0]]):
                return groups[:x + 1]
        return groups[:1]

    def _list_before(self, toks: list[Tok], names: list[int]) -> list[list[int]]:
        """The name groups that precede a name in a list ("X, Y and Z": X and Y)."""
        out: list[list[int]] = []
        first = names[0]
        while len(out) < 12:
            k = self._list_sep(toks, first - 1, -1)
            if k is None or toks[k].poss:
                break
            g = self._name_before(toks, k + 1)
            if not g or g[-1] != k:
                break
            out.insert(0, g)
            first = g[0]
        return out

    def _broken_or_headline(self, toks: list[Tok], g: list[int]) -> bool:
        """Whether a name group of a list is cut by a line break ("Sel / Pin Kan": only part of the name) or
        stands in a line written in title case (a headline: "Kills Scores in Bago, Decrees Death Penalty"),
        where capitals do not mark names."""
        n, j = len(toks), g[-1] + 1
        if j < n and toks[j].word and toks[j].cap and not toks[j].space_before and not toks[j].glued_before:
            return True
        sent = toks[g[0]].sent
        lo, hi = g[0], j
        while lo > 0 and toks[lo - 1].sent == sent and g[0] - lo < 40:
            lo -= 1
        while hi < n and toks[hi].sent == sent and hi - j < 40:
            hi += 1
        before = [t for t in toks[max(lo, g[0] - 15):g[0]] if t.word and len(t.text) > 3]
        words = before + [t for t in toks[j:hi] if t.word and len(t.text) > 3]
        if len(before) >= 4 and all(t.cap for t in before):
            return True
        lower = sum(not t.cap for t in words)
        return lower < 2 and len(words) - lower >= 3

    def _list_intro(self, toks: list[Tok], k: int) -> int | None:
        """After a plural type word ending before token k: where the list it introduces starts ("wards: X",
        "wards -- X", "villages, including X", "villages such as X"), else None."""
        n = len(toks)
        punct = k < n and toks[k].text in (",", ":", "—", "–", "-", "(")
        if punct:
            k += 1
        for intro in self.lists.list_intros:
            if k + len(intro) <= n and all(toks[k + x].low == intro[x] for x in range(len(intro))):
                k += len(intro)
                if k < n and toks[k].text == ":":
                    k += 1
                break
        else:
            if not punct or toks[k - 1].text == ",":
                return None   # a comma alone ("villages, Human Rights Watch said") introduces nothing
        return k if k < n and self._is_name_word(toks[k]) else None

    def _list_member(self, toks: list[Tok], text: str, g: list[int], types: tuple[str, ...],
                     ending_at: dict[int, Mention], blocked: list, out: list[Mention]) -> None:
        """A name of a list that a plural type word governs: a gazetteer name of that type takes it as its
        type word; another plain name becomes a place outside the gazetteer of that type."""
        L = self.lists
        m = ending_at.get(g[-1] + 1)
        if m is not None and m.kind == "gaz" and m.i0 == g[0]:
            if self.gaz.candidates(m.surface, types):
                if not m.hint:
                    m.hint, m.hint_from, m.plural = types, "list", True
                return
        unit_types = ("township", "town", "district", "village", "village_tract", "other")
        types = tuple(t for t in types if t in unit_types)[:1]
        if not types or not self._plain_name(toks, g) or (len(g) == 1 and toks[g[0]].sent_initial):
            return
        if self._broken_or_headline(toks, g):
            return
        if any(s <= toks[g[0]].start < e for s, e in blocked):
            return
        surface = text[toks[g[0]].start:toks[g[-1]].end]
        key = place_key(surface)
        if not key or key in L.ethnonyms or key in L.stop_names or key in self.gaz.adjectives:
            return
        out.append(Mention(g[0], g[-1] + 1, surface, kind="unlisted", hint=types, hint_from="list",
                           type_end=g[-1] + 1, plural=True, key=key))

    def _known_as(self, toks: list[Tok], j: int) -> tuple[list[int], str] | None:
        """The name and type of "a <type> known (locally) as <Name>" when token j ends the phrase."""
        L = self.lists
        for phrase in L.known_as_by_last.get(toks[j].low, ()):
            k = j - len(phrase) + 1
            if k < 1 or tuple(t.low for t in toks[k:j + 1]) != phrase:
                continue
            ltype = L.known_as.get(toks[k - 1].low)
            names = self._name_after(toks, j) if ltype else []
            return (names, ltype) if names else None
        return None

    def _gaz_handles(self, toks: list[Tok], names: list[int], types: tuple[str, ...],
                     ending_at: dict[int, Mention]) -> bool:
        """Whether a gazetteer mention of exactly these names should take the type word instead: it
        names a place of that type ("Kone Thar village") or a unit or town ("Lashio camp"). A mention
        of the last names only does not ("Sa Tain Thaung village" is not a village Thaung)."""
        m = ending_at.get(names[-1] + 1)
        if m is None or m.kind != "gaz" or not (m.i0 == names[0] or m.i0 < names[0] and all(
                toks[i].low in self.lists.directions for i in range(m.i0, names[0]))):   # "North Dagon"
            return False
        if self.gaz.candidates(m.surface, types):   # "Kyaukgyi Township": Kyaukkyi by its variant key
            return True
        return bool(self.gaz.candidates(m.surface, GROUP_A))

    def _plain_name(self, toks: list[Tok], idx: list[int], article: bool = False) -> bool:
        """Capitalised words that are not a person's name, an organisation or a type word. With ``article``, the
        name may open with the Burmese prefix "A" ("a site called A Nang Pa")."""
        L = self.lists
        words = [toks[i].text for i in idx]
        if any(ascii_fold(w) in L.followers or w.lower() in L.type_words for w in words):
            return False
        if words[0] in L.titles or (idx[0] > 0 and toks[idx[0] - 1].text in L.titles):
            return False
        if len(words) >= 2 and all(w in L.syllables for w in words):
            return False
        return all(len(w) > 1 or w == "U" or (article and i == 0 and w == "A" and len(words) > 1)
                   for i, w in enumerate(words))

    # ------------------------------------------------------------------------------ filtering
    def _annotate(self, toks: list[Tok], mentions: list[Mention], text: str, runs: list[list[int]]) -> None:
        L = self.lists
        by_token = {}
        for m in mentions:
            for i in range(m.i0, m.i1):
                by_token[i] = m
        run_of = {}
        for r in runs:
            for i in r:
                run_of[i] = r
        for m in mentions:
            if m.kind == "unlisted":
                continue
            last = toks[m.i1 - 1]
            # type word after the name, or "the village of X" before it
            if not last.poss:
                t = self._type_after(toks, m.i1)
                if t and not (m.kind == "adjective" or m.kind == "gaz" and self._unit_adjective(m.key, t)):
                    # a country's name before a type word is an adjective: "the central Myanmar city of Bago",
                    # "the nearest Myanmarese town"
                    m.hint, m.type_end, m.plural = t[0], t[1], t[2]
                    m.hint_from = "after"
            if not m.hint and m.i0 >= 2 and toks[m.i0 - 1].low == "of":
                w = toks[m.i0 - 2].low
                if w in L.type_of:
                    m.hint, m.hint_from = L.type_of[w], "of"
            if m.hint and m.hint[0] in ("village", "village_tract", "other") and m.hint_from == "after":
                prev = toks[m.i0 - 1].low if m.i0 else ""
                if m.key in L.ethnonyms or prev in ("a", "an", "another", "one", "every", "each", "any"):
                    m.dropped = "adjective"  # "a Kachin village", "the Karen village"
                    continue
            end_tok = toks[m.type_end - 1]
            # part of an organisation's or a feature's name: "Karen National Union", "Irrawaddy River"
            nx = m.type_end
            if not end_tok.poss and nx < len(toks) and toks[nx].space_before and (
                    ascii_fold(toks[nx].text) in L.followers):
                m.dropped = "organisation_or_feature"
                continue
            # a person's name: "U Yee Mon", "Captain Zin Yaw", "Maj. Gen. Zaw Min Tun", "Kyaw Kyaw"
            run = run_of.get(m.i0, [m.i0])
            head = toks[run[0]]
            b = run[0] - 1
            dotted_title = b >= 1 and toks[b].text == "." and toks[b - 1].text in L.titles
            typed_title_place = m.i0 == run[0] and (m.hint_from == "after"  # "Saw Township"
                                                    or self._listed_before_type(m, mentions, toks, text))
            if ((head.text in L.titles and len(run) >= 2 or dotted_title) and not typed_title_place):
                m.dropped = "person"
                continue
            if not m.hint and len(run) >= 2 and all(toks[i].text in L.syllables for i in run):
                m.dropped = "person"
                continue
            # border words after country adjectives: "Thai border", "Thai-Myanmar border"
            j = m.i1
            while (j + 1 < len(toks) and toks[j].text == "-" and toks[j].glued_before and toks[j + 1].glued_before
                   and j + 1 in by_token):
                j = by_token[j + 1].i1
            if j < len(toks) and toks[j].space_before and toks[j].low in L.borders and not last.poss:
                m.border = True
        self._distribute(mentions, text)

    def _unit_adjective(self, key: str, t: tuple) -> bool:
        """Whether a name before a type word only qualifies it: a country ("the central Myanmar city of Bago"),
        or a state/region with no place of that type before a plural ("six Mizoram districts"; but "Sagaing and
        Monywa townships": Sagaing is also a township)."""
        types = [p.location_type for p, _ in self.gaz.exact.get(key, ())]
        if "country" in types:
            return True
        return t[2] and "state_region" in types and not any(x in t[0] for x in types)

    def _distribute(self, mentions: list[Mention], text: str) -> None:
        """A type word after a list applies to every name of it: "Mon and Karen states" (also when the
        last name is not in the gazetteer: "Kanbalu and Depayin townships")."""
        L = self.lists
        live = [m for m in mentions if not m.dropped and (m.kind != "unlisted" or m.plural)]
        for idx, m in enumerate(live):
            carry_hint = m.hint if m.hint and m.hint_from == "after" else None
            carry_border = m.border
            if not carry_hint and not carry_border:
                continue
            k = idx
            while k > 0:
                prev, cur = live[k - 1], live[k]
                if prev.hint or prev.border or prev.type_end != prev.i1:
                    break
                gap = text[prev.end_char:cur.start]
                if not L.list_gap.match(gap) or not re.search(r",|\band\b|\bor\b|&", gap):
                    break
                if carry_hint:
                    if prev.kind != "gaz" or not self.gaz.candidates(prev.surface, carry_hint):
                        break
                    prev.hint, prev.hint_from = carry_hint, "list"
                if carry_border:
                    prev.border = True
                k -= 1

    def _listed_before_type(self, m: Mention, mentions: list[Mention], toks: list[Tok], text: str) -> bool:
        """The name opens a list that a plural type word closes and is a place of that type in the
        gazetteer: "Daw Taw Ku and Sin Taung villages" (a village, though "Daw" is also a person title)."""
        L = self.lists
        if m.kind != "gaz":
            return False
        cur = m
        for nxt in sorted((x for x in mentions if x.i0 >= m.i1 and not x.dropped), key=lambda x: x.i0):
            gap = text[toks[cur.i1 - 1].end:toks[nxt.i0].start]
            if not L.list_gap.match(gap) or not re.search(r",|\band\b|\bor\b|&", gap):
                return False
            t = self._type_after(toks, nxt.i1)
            if t:
                return t[2] and bool(self.gaz.candidates(m.surface, t[0]))
            cur = nxt
        return False

    def _bare_ok(self, toks: list[Tok], m: Mention, by_token: dict[int, Mention]) -> str | None:
        """Why a bare (untyped) mention is not a place, or None if it may be one."""
        L = self.lists
        first, last = toks[m.i0], toks[m.i1 - 1]
        if m.kind == "adjective":
            return None if m.border else "adjective"
        if m.key in L.stop_names:
            return "stop_name"
        if m.key in L.ethnonyms:
            prev = toks[m.i0 - 1] if m.i0 else None
            nxt = toks[m.i1] if m.i1 < len(toks) else None
            ok = False
            if prev is not None and prev.low in L.directions and first.space_before:
                ok = True
            elif prev is not None and prev.text == "-" and first.glued_before and m.i0 - 2 in by_token:
                ok = True
            elif nxt is not None and nxt.text == "-" and nxt.glued_before and m.i1 + 1 in by_token:
                ok = True
            elif m.border:
                ok = True
            elif prev is not None and prev.low in L.locatives and (
                    nxt is None or not nxt.word or not nxt.space_before or nxt.low in ("and", "or")):
                ok = True
            if not ok:
                return "ethnonym"
        # capitalised neighbours that are not places: organisations, headlines, people
        if m.i0 > 0:
            p = toks[m.i0 - 1]
            if (first.space_before and p.word and p.cap and not p.poss and (m.i0 - 1) not in by_token
                    and not p.sent_initial and p.low not in L.directions
                    and p.low not in L.stop_words):
                return "capitalised_neighbour"
            if first.glued_before and p.text == "-" and p.glued_before and m.i0 >= 2:
                q = toks[m.i0 - 2]
                if q.word and q.cap and (m.i0 - 2) not in by_token:
                    return "capitalised_neighbour"
        if not last.poss and m.i1 < len(toks):
            n_ = toks[m.i1]
            if n_.word and n_.cap and n_.space_before and m.i1 not in by_token and n_.low not in L.stop_words:
                return "capitalised_neighbour"  # not "in Yangon A protester ..." (a caption run on)
            if n_.text == "-" and n_.glued_before and m.i1 + 1 < len(toks):
                q = toks[m.i1 + 1]
                if q.word and q.cap and q.glued_before and (m.i1 + 1) not in by_token:
                    return "capitalised_neighbour"
        return None

    def _fuzzy_candidates(self, toks: list[Tok], text: str, runs: list[list[int]],
                          mentions: list[Mention]) -> list[Mention]:
        """Capitalised names no key matched that the text puts in a place context, for the fuzzy level:
        after a place preposition ("in Depayin", "attacks on Tiddim"), before a type word ("Taninthayi
        Region"), next to a place name in a list or before its state ("Tiddim and Thantlang", "Depayin,
        Sagaing Region"), or the name of a typed place outside the gazetteer written again ("Yoma Nyein
        village ... Yoma Nyein")."""
        L = self.lists
        live: set[int] = set()
        weak: set[int] = set()   # a shorter name dropped for its capitalised neighbours: only for "memo"
        starts: dict[int, Mention] = {}
        for m in mentions:
            span = range(m.i0, max(m.type_end, m.i1))
            if m.dropped == "capitalised_neighbour":
                weak.update(span)
            else:
                live.update(span)
            if not m.dropped and m.kind == "gaz":
                starts[m.i0] = m
        typed_keys = {m.key for m in mentions if m.kind == "unlisted" and not m.dropped and m.hint
                      and m.hint_from in ("after", "of") and m.key}
        out: list[Mention] = []
        blocked = None
        n = len(toks)
        for run in runs:
            if len(run) > 4 or any(i in live for i in run):
                continue
            i0 = run[0]
            hint, type_end = (), run[-1] + 1
            for p in range(1, len(run)):        # a type word ending the run: "Taninthayi Region"
                t = self._type_after(toks, run[p])
                if t is not None and t[1] == run[-1] + 1:
                    hint, type_end, run = t[0], t[1], run[:p]
                    break
            if len(run) > 3:
                continue
            i1 = run[-1] + 1
            first, last = toks[i0], toks[run[-1]]
            surface = text[first.start:last.end]
            key = place_key(surface)
            why = None
            if hint:
                why = "typed"
            elif not last.poss and (t := self._type_after(toks, i1)) is not None:
                why, hint, type_end = "typed", t[0], t[1]
            elif (ctx_word := self._place_context(toks, i0, i1, starts, mentions)) is not None:
                why = ctx_word
            elif key in typed_keys:
                why = "memo"
            if why is None or (why != "memo" and any(i in weak for i in run)):
                continue
            if hint and hint[0] not in GROUP_A:
                continue   # "X village", "X camp": the unlisted candidates already took these
            if not self._plain_name(toks, run) or first.low in L.stop_words:
                continue
            if type_end < n and toks[type_end].text == "-" and toks[type_end].glued_before:
                continue   # "Depayin-based"
            if (not key or key in L.stop_names or key in L.ethnonyms or key in self.gaz.adjectives
                    or (why != "memo" and len(key) < 5)):
                continue
            if blocked is None:
                blocked = self._blocked(text)
            if any(a <= first.start < b for a, b in blocked):
                continue
            m = Mention(i0, i1, surface, kind="fuzzy", hint=hint, hint_from=why, type_end=type_end, key=key)
            m.start, m.sent, m.end_char = first.start, first.sent, last.end
            out.append(m)
        return out

    def _place_context(self, toks: list[Tok], i0: int, i1: int, starts: dict[int, Mention],
                       mentions: list[Mention]) -> str | None:
        """Why the words i0..i1 read as a place name: "locative" (a place preposition before them) or
        "list" (a unit or town name next to them in a list or after them), else None."""
        first, last = toks[i0], toks[i1 - 1]
        prev = toks[i0 - 1] if i0 else None
        if prev is not None and prev.word and not prev.cap and prev.low in self.lists.fuzzy_prepositions \
                and first.space_before:
            return "locative"
        if (prev is not None and prev.poss and prev.low in self.lists.possessive_countries and first.space_before
                and i0 >= 2 and toks[i0 - 2].word and toks[i0 - 2].low in self.lists.fuzzy_prepositions):
            return "locative"   # "from Myanmar's Khawmawi": a place preposition, then the country's possessive
        if not (i1 - i0 == 1 and first.sent_initial) and (
                (not last.poss and self._place_follows(toks, i1, starts))
                or self._place_precedes(toks, i0, mentions)):
            return "list"
        return None

    def _place_follows(self, toks: list[Tok], j: int, starts: dict[int, Mention]) -> bool:
        """Whether ", X", " and X", " or X" or " in X" follows token j-1, X a unit or town name found in
        the text ("Tiddim and Thantlang", "Depayin, Sagaing Region", "Depayin in Sagaing")."""
        n = len(toks)
        if j >= n or not (toks[j].text == "," or toks[j].low in ("and", "or", "in")):
            return False
        k = j + 1
        if k < n and toks[k].low == "the":
            k += 1
        m = starts.get(k)
        if m is None:
            return False
        types = ("state_region", "district", "township") if toks[j].low == "in" else GROUP_A[:4]
        return bool(self.gaz.candidates(m.surface, m.hint or types))

    def _place_precedes(self, toks: list[Tok], i0: int, mentions: list[Mention]) -> bool:
        """Whether "X, ", "X and " or "X or " precedes token i0, X a unit or town name ("Kanbalu and
        Depayin")."""
        if i0 < 2 or not (toks[i0 - 1].text == "," or toks[i0 - 1].low in ("and", "or")):
            return False
        end = i0 - 1
        for m in mentions:
            if not m.dropped and m.kind == "gaz" and max(m.type_end, m.i1) == end:
                return bool(self.gaz.candidates(m.surface, m.hint or GROUP_A[:4]))
        return False

    # ------------------------------------------------------------------------------ resolving
    def find(self, text: str) -> list[PlaceMention]:
        """All place mentions in the text, in order, resolved against the gazetteer."""
        # Thousands of short-lived, acyclic objects (tokens, mentions) freed by reference counting: the
        # cyclic collector would only rescan the process's long-lived objects (about half the time of a
        # long article once spaCy and the gazetteer are loaded), so it is paused meanwhile.
        home, abroad = self.find_split(text)
        if self.abroad and abroad:
            return sorted(home + abroad, key=lambda pm: pm.start)
        return home

    def find_split(self, text: str) -> tuple[list[PlaceMention], list[PlaceMention]]:
        """The place mentions in Myanmar and those of places abroad (``places_abroad.csv``: "Mizoram", "Mae Sot"),
        each in order."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._find_all(text)
        finally:
            if enabled:
                gc.enable()

    def _find_all(self, text: str) -> tuple[list[PlaceMention], list[PlaceMention]]:
        toks = tokenize(text)
        runs = self._runs(toks)
        mentions = self._find(toks, text, runs)
        for m in mentions:
            m.end_char = toks[m.i1 - 1].end
        self._annotate(toks, mentions, text, runs)
        by_token = {}
        stop = self.lists.stop_names
        for m in mentions:
            # (a bare stop name is no place that could stand beside another: "according to Tar Aik Kyaw")
            if not m.dropped and not (m.kind == "gaz" and not m.hint and m.key in stop):
                for i in range(m.i0, m.i1):
                    by_token[i] = m
        for m in mentions:
            if not m.dropped and not m.hint and m.kind != "unlisted":
                why = self._bare_ok(toks, m, by_token)
                if why:
                    m.dropped = why
        # a stop name the article also writes with a type word is that place ("Ann ... Ann Township")
        typed = {m.key for m in mentions if not m.dropped and m.hint and m.kind == "gaz"}
        for m in mentions:
            if m.dropped == "stop_name" and m.key in typed:
                m.dropped = None
        live = [m for m in mentions if not m.dropped]
        if self.fuzzy and runs:
            extra = self._fuzzy_candidates(toks, text, runs, mentions)
            if extra:
                live = sorted(live + extra, key=lambda m: m.i0)
        self._resolve_all(toks, live)
        if self.unlisted and runs:
            extra = self._locative_lists(toks, text, runs, live)
            if extra:
                live = sorted(live + extra, key=lambda m: m.i0)
            extra = self._established_again(toks, runs, mentions, live)
            if extra:
                live = sorted(live + extra, key=lambda m: m.i0)
        out: list[PlaceMention] = []
        abroad: list[PlaceMention] = []
        for m in live:
            if m.place is None:
                continue
            end = toks[m.type_end - 1].end
            (abroad if self.gaz.is_abroad(m.place) else out).append(
                PlaceMention(m.start, end, text[m.start:end], m.place, m.how or "name", m.hint))
        return out, abroad

    def _locative_lists(self, toks: list[Tok], text: str, runs: list[list[int]],
                        live: list[Mention]) -> list[Mention]:
        """Names in a list after a place preposition that no level matched, kept outside the gazetteer when
        another name of the list is a Myanmar place and none is a country or a place abroad ("fighting in
        Satawm, Lianhna and Tuichirh", "bases in Rihkhawdar and Khawmawi")."""
        L = self.lists
        preps = L.list_prepositions
        run_at = {r[0]: r for r in runs}
        by_start: dict[int, Mention] = {}
        covered: set[int] = set()
        for m in live:
            by_start.setdefault(m.i0, m)
            if m.place is not None:
                covered.update(range(m.i0, max(m.type_end, m.i1)))
        done: list[Mention] | None = None
        new: list[Mention] = []
        kept: dict[str, Place] = {}
        for run in runs:
            i0 = run[0]
            if not i0 or toks[i0 - 1].low not in preps or toks[i0 - 1].cap or not toks[i0].space_before:
                continue
            groups = [run]
            while len(groups) < 12 and not toks[groups[-1][-1]].poss:
                k = self._list_sep(toks, groups[-1][-1] + 1, 1)
                if k is None or k not in run_at:
                    break
                groups.append(run_at[k])
            groups = self._to_conjunction(toks, groups)
            known, unknown, abroad = [], [], False
            if len(groups) < 2:
                # one name, then the unit it lies in: "the camp at Tuibual in Chin State", "near Xyz, Kanbalu
                # Township"
                k = run[-1] + 1
                if toks[run[-1]].poss or k + 1 >= len(toks) or not (toks[k].low == "in" or toks[k].text == ","):
                    continue
                u = by_start.get(k + 1)
                if (u is None or u.place is None or not u.place.in_gazetteer or self.gaz.is_abroad(u.place)
                        or u.place.location_type not in ("state_region", "district", "township")):
                    continue
                known.append(u.place.location_type)
            for g in groups:
                m = by_start.get(g[0])
                end = g[-1] + 1
                if m is not None and m.place is not None and max(m.type_end, m.i1) == end:
                    if m.place.location_type == "country" or not m.place.in_gazetteer and m.place.admin1 is None \
                            or self.gaz.is_abroad(m.place):
                        abroad = True
                    elif m.place.in_gazetteer:
                        known.append(m.place.location_type)
                elif m is not None and m.kind == "gaz" and m.place is None and m.i1 == end and not m.dropped:
                    types = {p.location_type for p in self.gaz.candidates(m.surface)}
                    if types and types <= set(_VILLAGE_TYPES):
                        known.append("village")
                        unknown.append((g, m))
                elif not any(i in covered for i in g) and (m is None or m.i0 == g[0] and m.i1 == end):
                    unknown.append((g, m if m is not None and m.kind in ("fuzzy", "unlisted") else None))
            if abroad or not known or not unknown:
                continue
            ltype = "village" if any(t in ("village", "village_tract", "town") for t in known) else "other"
            for g, m in unknown:
                if m is None or m.kind != "gaz":
                    if len(g) > 4 or not self._plain_name(toks, g) or (len(g) == 1 and toks[g[0]].sent_initial) \
                            or self._broken_or_headline(toks, g):
                        continue
                    surface = text[toks[g[0]].start:toks[g[-1]].end]
                    key = place_key(surface)
                    if (len(key) < 4 or key in L.ethnonyms or key in L.stop_names or key in self.gaz.adjectives
                            or toks[g[0]].low in L.stop_words
                            or any(a <= toks[g[0]].start < b for a, b in self._blocked(text))):
                        continue
                    if m is None:
                        m = Mention(g[0], g[-1] + 1, surface, kind="unlisted", key=key, type_end=g[-1] + 1)
                        m.start, m.sent, m.end_char = toks[g[0]].start, toks[g[0]].sent, toks[g[-1]].end
                        new.append(m)
                m.hint, m.hint_from = (ltype,), "list"
                if done is None:
                    done = [x for x in live if x.place is not None]
                self._keep_unlisted(m, toks, done)
                kept[m.key] = m.place
        if kept:   # the same name written again elsewhere in a place context ("the camp at Tuibual")
            for m in live:
                if m.place is None and m.kind == "fuzzy" and m.key in kept:
                    m.place, m.how = kept[m.key], "memo"
        return new

    def _established_again(self, toks: list[Tok], runs: list[list[int]], mentions: list[Mention],
                           live: list[Mention]) -> list[Mention]:
        """A name the article establishes as a place outside the gazetteer ("Khawmawi and Rihkhawdar villages",
        "Mae La camp", "the village of X") is that place wherever else it stands as a whole capitalised run,
        before or after ("from Myanmar's Khawmawi", "overran a camp at Mae La"): same place record, ``how``
        "memo". Not a name of two letters or less, a stop name (English words, personal names), an ethnonym, a
        personal name's syllables, a run a title precedes or an organisation word follows ("Mae La Battalion"),
        nor words the matcher dropped as a person's or an organisation's name."""
        L = self.lists
        kept: dict[str, Place] = {}
        for m in live:
            p = m.place
            if (p is not None and m.how == "unlisted" and not p.in_gazetteer
                    and len(m.key) >= 4 and not self.gaz.is_abroad(p)):
                had = kept.get(m.key)
                if had is None or had.location_type == "other" and p.location_type != "other":
                    kept[m.key] = p   # the bare name is the town or village, not the camp named after it
        if not kept:
            return []
        taken: set[int] = set()
        for m in mentions:
            if m.dropped and m.dropped not in ("capitalised_neighbour",):
                taken.update(range(m.i0, max(m.type_end, m.i1)))
        by_span: dict[tuple[int, int], Mention] = {}
        for m in live:
            if m.place is not None:
                taken.update(range(m.i0, max(m.type_end, m.i1)))
            else:
                by_span[(m.i0, m.i1)] = m
        new: list[Mention] = []
        n = len(toks)
        for run in runs:
            if len(run) > 4 or any(i in taken for i in run):
                continue
            i0, i1 = run[0], run[-1] + 1
            if i1 - i0 != len(run):
                continue   # hyphenated: "Mae-La" is matched by the keys, not here
            key = "".join(_word_key(toks[i].low) for i in run)
            place = kept.get(key)
            if place is None:
                continue
            words = [toks[i].text for i in run]
            if (key in L.stop_names or key in L.ethnonyms or key in self.gaz.adjectives
                    or all(w in L.syllables for w in words) or not self._plain_name(toks, run)
                    or toks[i0].low in L.stop_words):
                continue
            if i1 < n and toks[i1].space_before and ascii_fold(toks[i1].text) in L.followers \
                    and not toks[i1 - 1].poss:
                continue
            m = by_span.get((i0, i1))
            if m is None:
                m = Mention(i0, i1, text_of(toks, i0, i1), kind="unlisted", key=key, type_end=i1)
                m.start, m.sent, m.end_char = toks[i0].start, toks[i0].sent, toks[i1 - 1].end
                new.append(m)
            m.place, m.how = place, "memo"
        return new

    def _ctx(self, resolved: list[Mention], sent: int | None, near: int | None = None) -> dict[str, float]:
        """{pcode: weight} of the units resolved so far: 2 in the mention's sentence, 1 elsewhere. With
        ``near`` (the mention's token index), a unit of the sentence gets a bonus that falls with its
        distance, small enough to decide only between otherwise equal candidates (the nearest of two
        townships named in one sentence)."""
        cached = getattr(resolved, "units", None)
        if cached is None or cached[0] != len(resolved):
            # the article's units (weight 1) and each sentence's, recomputed only when units were added
            article: dict[str, float] = {}
            by_sent: dict[int, list[Mention]] = {}
            for r in resolved:
                p = r.place
                if p is None or not p.in_gazetteer or p.location_type in (
                        "country", "village", "village_tract", "other"):
                    continue
                article[p.pcode] = 1.0
                by_sent.setdefault(r.sent, []).append(r)
            cached = (len(resolved), article, by_sent)
            if isinstance(resolved, _Resolved):
                resolved.units = cached
        ctx = dict(cached[1])
        for r in cached[2].get(sent, ()) if sent is not None else ():
            w = 2.0 if near is None else 2.0 + 0.01 / (1 + abs(r.i0 - near))
            if w > ctx[r.place.pcode]:
                ctx[r.place.pcode] = w
        return ctx

    def _resolve_one(self, m: Mention, ctx: dict[str, float], *, allow_villages=False,
                     cache: dict | None = None) -> None:
        gaz = self.gaz
        if m.kind == "adjective":
            m.place, m.how = gaz.adjectives.get(m.key), "adjective"
            return
        ck = (m.key, m.hint, tuple(sorted(ctx.items())), allow_villages)
        hit = cache.get(ck) if cache is not None else None
        if hit is None:
            hit = gaz.rank(m.surface, m.hint or (), ctx, allow_villages=allow_villages,
                           variants=len(m.key) >= 5 or bool(m.hint))
            if cache is not None:
                cache[ck] = hit
        best, is_variant = hit
        if len(best) == 1 and is_variant and not m.hint and place_key(best[0].name) in self.lists.stop_names:
            best = []  # "Mouse" is not a spelling of the township Muse
        if len(best) == 1:
            m.place = best[0]
            exact = gaz.exact.get(m.key, ())
            how = "variant" if is_variant else "name"
            for p, tier in exact:
                if p is best[0]:
                    how = "name" if tier == 0 and place_key(p.name) == m.key else "alias"
                    break
            m.how = how
            m.ambiguous = None
        elif len(best) > 1:
            m.place, m.how, m.ambiguous = None, "ambiguous", best

    def _resolve_near(self, m: Mention, done: list[Mention], **kw) -> None:
        """Resolve with the article's units as context; if that leaves a tie, let the unit named
        nearest in the sentence decide."""
        self._resolve_one(m, self._ctx(done, m.sent), **kw)
        if m.place is None and m.ambiguous:
            kw.pop("cache", None)
            self._resolve_one(m, self._ctx(done, m.sent, near=m.i0), **kw)

    def _resolve_fuzzy(self, m: Mention, types: tuple[str, ...], ctx: dict[str, float], *,
                       national: bool, **limits) -> bool:
        """The fuzzy level: a place whose variant key is a few edits from the name's (see Gazetteer.fuzzy)."""
        if not self.fuzzy or not m.key:
            return False
        best, _ = self.gaz.fuzzy(m.surface, types, ctx, national=national, **limits)
        if len(best) == 1:
            if place_key(best[0].name) in self.lists.stop_names and not m.hint:
                return False
            m.place, m.how, m.ambiguous = best[0], "fuzzy", None
            return True
        if len(best) > 1 and m.kind != "fuzzy":
            m.ambiguous, m.how = best, "ambiguous"
        return False

    def _resolve_all(self, toks: list[Tok], live: list[Mention]) -> None:
        gaz = self.gaz
        done: list[Mention] = _Resolved()
        cache: dict = {}  # same name, hint and context in one article: same answer
        # pass 1a: states / regions and countries
        for m in live:
            if m.kind == "adjective" and m.border:
                self._resolve_one(m, {})
            elif m.kind == "gaz" and (m.hint and "state_region" in m.hint or not m.hint and any(
                    p.location_type in ("state_region", "country") for p, _ in gaz.exact.get(m.key, ()))):
                self._resolve_one(m, {}, allow_villages=False, cache=cache)
                if m.place is not None and m.place.location_type not in ("state_region", "country"):
                    m.place = None  # let the later passes decide with context
            if m.place is not None:
                done.append(m)
        # pass 1b: other units with a type word, with the states as context
        memo: dict[str, Place] = {}
        for m in live:
            if m.place is None and m.kind == "gaz" and m.hint and m.hint[0] in GROUP_A:
                self._resolve_near(m, done, cache=cache)
                if m.place is not None:
                    done.append(m)
        for m in done:
            if m.hint and m.place is not None and m.kind == "gaz":
                memo.setdefault(m.key, m.place)
        # pass 2a: bare names of units and towns
        for m in live:
            if m.place is None and m.kind == "gaz" and not m.hint and m.how != "ambiguous":
                if m.key in memo:
                    m.place, m.how = memo[m.key], "memo"
                else:
                    self._resolve_near(m, done, allow_villages=False, cache=cache)
                if m.place is not None:
                    done.append(m)
        # pass 2c: the fuzzy level for units and towns: names with a type word that nothing else
        # matched ("Depayin Township", "Taninthayi Region"), then bare names in a place context
        if self.fuzzy:
            for m in live:
                if (m.place is None and m.kind in ("gaz", "unlisted", "fuzzy") and m.hint
                        and m.hint[0] in GROUP_A and not m.ambiguous):
                    types = _FUZZY_TYPES.get(m.hint[0], m.hint)
                    ctx = self._ctx(done, m.sent)
                    if self._resolve_fuzzy(m, types, ctx, national=not self._sentence_region(ctx)):
                        done.append(m)
                        memo.setdefault(m.key, m.place)
            for m in live:
                if m.place is None and m.kind == "fuzzy" and not m.hint:
                    if m.key in memo:
                        m.place, m.how = memo[m.key], "memo"
                    elif m.hint_from != "memo" and self._fuzzy_bare_unit(m, done):
                        memo.setdefault(m.key, m.place)
                    if m.place is not None:
                        done.append(m)
        # pass 2b: villages (typed first, then bare inside a township the article names, or named
        # with a type word elsewhere in the article) and unlisted places
        by_start = {m.i0: m for m in live if m.kind == "gaz"}
        villages: dict[str, Place] = {}
        for m in [m for m in live if m.hint] + [m for m in live if not m.hint]:
            if m.place is not None:
                continue
            if not m.hint and m.kind in ("gaz", "fuzzy") and m.key in villages:
                m.place, m.how = villages[m.key], "memo"   # "Kanto village ... Kanto"
                continue
            ctx = self._ctx(done, m.sent)
            if m.kind == "fuzzy":
                # a bare name in a place context: a village of a township or district named in the sentence
                local = {c: w for c, w in ctx.items() if w >= 2 and (p := gaz.by_pcode(c)) is not None
                         and p.location_type in ("township", "town", "district")}
                if local and m.hint_from != "memo" and not m.hint and self._distinctive(toks, m):
                    self._resolve_fuzzy(m, _VILLAGE_TYPES, local, national=False)
                continue
            if m.kind == "gaz" and m.hint:
                self._resolve_near(m, done)
                if m.place is not None and m.place.location_type in _VILLAGE_TYPES:
                    villages.setdefault(m.key, m.place)
            elif m.kind == "gaz" and not m.hint and self._distinctive(toks, m):
                local = {c: w for c, w in ctx.items()
                         if (p := gaz.by_pcode(c)) is not None and p.location_type in ("township", "town")}
                if local:
                    self._resolve_one(m, local, allow_villages=None)
                    if m.place is None and m.ambiguous:
                        near = self._ctx(done, m.sent, near=m.i0)
                        self._resolve_one(m, {c: near[c] for c in local}, allow_villages=None)
                if m.place is None and m.ambiguous and all(p.location_type in GROUP_A for p in m.ambiguous):
                    self._keep_unlisted(m, toks, done)   # "Minhla" with nothing to choose its region
                elif (m.place is None and not m.ambiguous and self.fuzzy and m.i0 in by_start
                      and self._place_context(toks, m.i0, m.i1, by_start, live) is not None
                      and not any(p.location_type in GROUP_A for p, _ in gaz.exact.get(m.key, ()))):
                    # a village name elsewhere, but the sentence's units hold a town or township a few
                    # edits away ("in Kantbalu, Sagaing Region": Kanbalu, not a village Kant Ba Lu)
                    self._fuzzy_bare_unit(m, done)
                continue
            elif m.kind == "gaz" and not m.hint and m.ambiguous and all(
                    p.location_type in GROUP_A for p in m.ambiguous):
                self._keep_unlisted(m, toks, done)
                continue
            if (m.place is None and m.hint and m.hint[0] in _VILLAGE_TYPES and not m.ambiguous
                    and m.kind in ("gaz", "unlisted")):
                # "Kantoe village": a village a few edits away, inside the units the article names
                self._resolve_fuzzy(m, _FUZZY_TYPES.get(m.hint[0], m.hint), ctx, national=False)
                if m.place is not None:
                    villages.setdefault(m.key, m.place)
                    continue
            if m.place is None and (m.hint or m.kind == "unlisted") and self.unlisted:
                if m.hint and m.hint[0] == "state_region":
                    continue
                self._keep_unlisted(m, toks, done)
        # a name written again after its typed mention was kept outside the gazetteer ("Yoma Nyein")
        kept = {m.key: m.place for m in live if m.place is not None and m.kind == "unlisted"}
        for m in live:
            if m.place is None and m.kind == "fuzzy" and m.hint_from == "memo" and m.key in kept:
                m.place, m.how = kept[m.key], "memo"

    def _fuzzy_bare_unit(self, m: Mention, done: list[Mention]) -> bool:
        """The fuzzy level for a bare name in a place context ("in Depayin"): a unit or town inside the
        units named in its sentence; those of the article and the whole country only for longer names
        (the ``fuzzy`` settings in matcher_patterns.yaml)."""
        fz = fuzzy_settings()
        n = len(variant_key(m.surface))
        ctx = self._ctx(done, m.sent)
        if n < fz["bare_article_min_len"]:
            ctx = {c: w for c, w in ctx.items() if w >= 2}
        return self._resolve_fuzzy(m, _BARE_UNIT_TYPES, ctx, national=not self._sentence_region(ctx),
                                   national_min_len=fz["bare_national_min_len"],
                                   national_max_edits=fz["bare_national_max_edits"])

    def _sentence_region(self, ctx: dict[str, float]) -> bool:
        """Whether the sentence names a state/region or district: a fuzzy match must then lie inside
        it ("Chaungon Township, Mon State" is not Kyaunggon in Ayeyarwady Region)."""
        return any(w >= 2 and (p := self.gaz.by_pcode(c)) is not None
                   and p.location_type in ("state_region", "district") for c, w in ctx.items())

    def _keep_unlisted(self, m: Mention, toks: list[Tok], done: list[Mention]) -> None:
        """Keep a place the gazetteer cannot give (or cannot choose) at the smallest unit known to
        contain it: the units of its sentence or article, or what all its candidates share."""
        gaz = self.gaz
        abroad = [p for p, _ in gaz.exact.get(m.key, ()) if gaz.is_abroad(p)]
        if abroad:   # "Zokhawthar village": a place abroad with its type word, not a new Myanmar village
            m.place, m.how = abroad[0], "abroad"
            return
        within = self._within(m, done)
        amb = m.ambiguous
        if amb:
            common = gaz.common_unit(amb)
            if common is not None and (within is None or DEPTH.get(common.location_type, 0)
                                       > DEPTH.get(within.location_type, 0)):
                within = common
        ltype = m.hint[0] if m.hint else (amb[0].location_type if amb else "other")
        name = m.surface
        if ltype == "other" and m.hint_from == "after":   # "Mae La camp", "Aye Yar Ward"
            # a qualifier between the name and "camp" describes it: "Mae La IDP camp" is Mae La camp
            name = f"{m.surface} {toks[m.type_end - 1].text}"
        elif ltype in _UNLISTED_SUFFIX and m.hint:
            name = f"{m.surface} {_UNLISTED_SUFFIX[ltype]}"
        m.place = gaz.unlisted(" ".join(name.split()), ltype, within)   # (a name wrapped across lines: one space)
        m.how = "ambiguous" if amb else "unlisted"

    def _distinctive(self, toks: list[Tok], m: Mention) -> bool:
        L = self.lists
        if m.key in L.stop_names or m.key in L.ethnonyms or len(m.key) < self.min_village_chars:
            return False
        if len(_VOWEL_GROUPS.findall(m.key)) < 2:
            return False
        if m.i1 - m.i0 == 1 and toks[m.i0].sent_initial:
            return False
        return True

    def _within(self, m: Mention, done: list[Mention]) -> Place | None:
        """The smallest gazetteer unit the sentence (else the article) puts a mention in: a unit
        larger than the mention's own type (an unknown township lies in a district or a state)."""
        gaz = self.gaz
        own = m.hint[0] if m.hint else "other"

        def encloses(p: Place) -> bool:
            if p.location_type in ("village", "other", "country"):
                return False
            if own == "town" and p.location_type == "township":
                return True
            return DEPTH.get(p.location_type, 0) < DEPTH.get(own, 5)

        same = [r for r in done if r.sent == m.sent and r.place is not None and r.place.in_gazetteer
                and encloses(r.place) and r is not m]
        if same:
            # the unit named nearest, or a smaller one inside it / a larger one containing it
            # ("Hill 1010 in Chin State and Camp 5 near Lashio": Chin State, then Lashio)
            nearest = min(same, key=lambda r: abs(r.start - m.start)).place
            fits = [r for r in same if r.place.contains(nearest) or nearest.contains(r.place)
                    or r.place is nearest]
            best = max(fits, key=lambda r: (DEPTH.get(r.place.location_type, 0), -abs(r.start - m.start)))
            return best.place
        units = {r.place.pcode: r.place for r in done   # (a place abroad only holds what its own sentence puts in it)
                 if r.place is not None and r.place.in_gazetteer and encloses(r.place) and not gaz.is_abroad(r.place)}
        tsp = {p.pcode for p in units.values() if p.location_type == "township"}
        if len(tsp) == 1:
            return gaz.by_pcode(tsp.pop())
        a1 = {p.admin1 for p in units.values() if p.admin1}
        if len(a1) == 1:
            p = next(p for p in units.values() if p.admin1)
            whole = gaz.admin1_whole(gaz.by_pcode(p.admin1_pcode or ""))
            return whole
        return gaz.country


class PlaceMatcher:
    """The spaCy pipeline component: puts place spans in ``doc.spans[spans_key]`` with ``span._.place``."""

    def __init__(self, nlp: Language, name: str = "place_matcher", *, spans_key: str = "places",
                 gazetteer_path: str | None = None, min_village_chars: int = 6, countries: bool = True,
                 unlisted: bool = True, fuzzy: bool = True, abroad: bool = False,
                 abroad_key: str = "places_abroad") -> None:
        self.name = name
        self.spans_key = spans_key
        self.abroad_key = abroad_key
        self.gazetteer_path = gazetteer_path
        self._cfg = {"min_village_chars": min_village_chars, "countries": countries, "unlisted": unlisted,
                     "fuzzy": fuzzy, "abroad": abroad}
        self._finder: PlaceFinder | None = None

    @property
    def finder(self) -> PlaceFinder:
        if self._finder is None:
            gaz = load_gazetteer(Path(self.gazetteer_path) if self.gazetteer_path else None)
            self._finder = PlaceFinder(gaz, **self._cfg)
        return self._finder

    def initialize(self, get_examples=None, *, nlp=None) -> None:
        """Load the gazetteer, and build its fuzzy indexes if the fuzzy level is on, now rather than on the first
        documents (`nlp.initialize()` calls this)."""
        if self.finder.fuzzy:
            self.finder.gaz.prepare_fuzzy()

    def __call__(self, doc: Doc) -> Doc:
        finder = self.finder
        home, abroad = finder.find_split(view(doc).text)
        if finder.abroad and abroad:
            home, abroad = sorted(home + abroad, key=lambda pm: pm.start), []
        self._put(doc, self.spans_key, home)
        if self.abroad_key and not finder.abroad:
            # places abroad in their own group (events and figures take every "places" span as in Myanmar):
            # "in_myanmar" False in each record
            self._put(doc, self.abroad_key, abroad, in_myanmar=False)
        return doc

    @staticmethod
    def _put(doc: Doc, key: str, found: list[PlaceMention], **extra) -> None:
        spans, values = [], []
        for pm in found:
            span = doc.char_span(pm.start, pm.end, label=pm.place.location_type, alignment_mode="expand")
            if span is None:
                continue
            spans.append(span)
            values.append(pm.place.as_dict() | extra if extra else pm.place.as_dict())
        set_spans(doc, key, spans, "place", values)


if not Language.has_factory("place_matcher"):
    @Language.factory(
        "place_matcher",
        default_config={"spans_key": "places", "gazetteer_path": None, "min_village_chars": 6,
                        "countries": True, "unlisted": True, "fuzzy": True, "abroad": False,
                        "abroad_key": "places_abroad"},
    )
    def make_place_matcher(nlp: Language, name: str, spans_key: str, gazetteer_path: str | None,
                           min_village_chars: int, countries: bool, unlisted: bool,
                           fuzzy: bool, abroad: bool, abroad_key: str) -> PlaceMatcher:
        return PlaceMatcher(nlp, name, spans_key=spans_key, gazetteer_path=gazetteer_path,
                            min_village_chars=min_village_chars, countries=countries, unlisted=unlisted,
                            fuzzy=fuzzy, abroad=abroad, abroad_key=abroad_key)


def find_places(text: str, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Place mentions in plain text, without spaCy (uses the cached gazetteer by default)."""
    return _default_finder(gazetteer).find(text)


_FINDERS: dict[int, PlaceFinder] = {}


def _default_finder(gazetteer: Gazetteer | None) -> PlaceFinder:
    gaz = gazetteer or load_gazetteer()
    f = _FINDERS.get(id(gaz))
    if f is None:
        f = _FINDERS[id(gaz)] = PlaceFinder(gaz)
    return f
