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
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.gazetteer.load import load_gazetteer
from extract.gazetteer.query import Gazetteer
from extract.nlp.docview import set_spans, view
from extract.nlp.place_filters import MentionFilters
from extract.nlp.place_fuzzy import FuzzyNames
from extract.nlp.place_names import NameScanner
from extract.nlp.place_resolve import ContextResolver
from extract.nlp.place_text import PlaceMention, _lists, tokenize
from extract.nlp.place_unlisted import UnlistedPlaces

if not Span.has_extension("place"):
    Span.set_extension("place", default=None, force=True)


class PlaceFinder(NameScanner, MentionFilters, FuzzyNames, ContextResolver, UnlistedPlaces):
    """Finds and resolves place mentions in plain text (the engine behind the spaCy component). Its steps live in
    the modules of its mixins: candidate names (place_names), the words around them (place_filters), the fuzzy
    level (place_fuzzy), resolution in context (place_resolve) and places outside the gazetteer
    (place_unlisted)."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        min_village_chars: int = 6,
        countries: bool = True,
        unlisted: bool = True,
        fuzzy: bool = True,
        abroad: bool = False,
    ) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.lists = _lists()
        self.min_village_chars = min_village_chars
        self.countries = countries
        self.unlisted = unlisted
        self.fuzzy = fuzzy
        self.abroad = abroad
        self.max_words = min(self.gaz.max_words, 6)
        self._blocked_for: tuple[str | None, list] = (None, [])

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
                PlaceMention(m.start, end, text[m.start : end], m.place, m.how or "name", m.hint)
            )
        return out, abroad


class PlaceMatcher:
    """The spaCy pipeline component: puts place spans in ``doc.spans[spans_key]`` with ``span._.place``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "place_matcher",
        *,
        spans_key: str = "places",
        gazetteer_path: str | None = None,
        min_village_chars: int = 6,
        countries: bool = True,
        unlisted: bool = True,
        fuzzy: bool = True,
        abroad: bool = False,
        abroad_key: str = "places_abroad",
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.abroad_key = abroad_key
        self.gazetteer_path = gazetteer_path
        self._cfg = {
            "min_village_chars": min_village_chars,
            "countries": countries,
            "unlisted": unlisted,
            "fuzzy": fuzzy,
            "abroad": abroad,
        }
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
        default_config={
            "spans_key": "places",
            "gazetteer_path": None,
            "min_village_chars": 6,
            "countries": True,
            "unlisted": True,
            "fuzzy": True,
            "abroad": False,
            "abroad_key": "places_abroad",
        },
    )
    def make_place_matcher(
        nlp: Language,
        name: str,
        spans_key: str,
        gazetteer_path: str | None,
        min_village_chars: int,
        countries: bool,
        unlisted: bool,
        fuzzy: bool,
        abroad: bool,
        abroad_key: str,
    ) -> PlaceMatcher:
        return PlaceMatcher(
            nlp,
            name,
            spans_key=spans_key,
            gazetteer_path=gazetteer_path,
            min_village_chars=min_village_chars,
            countries=countries,
            unlisted=unlisted,
            fuzzy=fuzzy,
            abroad=abroad,
            abroad_key=abroad_key,
        )


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
