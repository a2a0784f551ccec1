"""Load the gazetteer (building it on first use) and look place names up in it.

``load_gazetteer()`` returns one cached :class:`Gazetteer` per process. The table is read from
``extract.config.build_dir() / "gazetteer.parquet"``; if that file is missing or was built by other
code or rules (a fingerprint is stored in the Parquet metadata), it is rebuilt first (a few seconds).
The name indexes built from it are cached beside it (``gazetteer.index.pickle``, keyed by a hash of the
MIMU source file, the Parquet file, the data files and this package's code), so a process usually
starts in about 0.2 s: rows become :class:`Place` objects only when a lookup returns them.

Resolution rules (:meth:`Gazetteer.resolve`):

1. Candidates are the places whose place key equals the surface's (names, alternate names and
   the alias files); only when none of them fits are the variant-key matches tried.
2. A type hint (from the text: "X Township", "X village", "Mon and Karen states", or the suffix
   of the surface itself) keeps only places of those types, in that order of preference.
3. Without a hint, a bare name is taken as a state/region, district, township, town or country
   if it is one; villages and village tracts are used only when no such unit has that name, and
   then only inside the context units (a bare village name with no context resolves to nothing).
   With a village hint, village-level places must lie inside the context units when context is
   given; without context only a unique one is accepted.
4. Candidates inside the context units score higher: weight x depth, where depth is 1 for a
   state/region, 2 a district, 3 a township (or a town, counted as its township), 4 a village
   tract. The matcher gives units named in the same sentence weight 2 (plus a small bonus for the
   nearest one), elsewhere in the article 1.
5. Ties are broken by the preferred level for a bare name: state/region (and country) > town >
   township > district > village > village tract. So a bare "Lashio" is the town; a bare "Kanbalu"
   is the town too (the township's seat, geo_precision 1) unless the same article already called it
   "Kanbalu Township" (the matcher then reuses that place); a bare "Bago" or "Magway" is the region.
6. Then primary names over alternate names, places with coordinates, and larger places (more MIMU
   points). Candidates still tied are ambiguous and resolve() returns None: village-level places,
   and units of one type and name in different states/regions with no context to choose ("Minhla"
   is a township of Magway and of Bago). The matcher keeps such a place at the smallest unit
   containing all the candidates.

:meth:`Gazetteer.fuzzy` is the last level, used by the matcher only for names the text marks as
places: variant keys within a small edit distance, constrained by the units the article names (see
``extract/data/gazetteer/README.md``).

A :class:`Place` has a short ``name`` ("Kanbalu", "Kayin") and a ``display_name`` ("Kanbalu
Township", "Kayin State"); ``Place.as_dict()`` (the record the spaCy component stores) uses the
display name as ``name``, and admin1/admin2/admin3 are display names too ("Kayin State", "Hpapun
District", "Hpapun Township").
"""
from __future__ import annotations

import csv
import gc
import hashlib
import math
import os
import pickle
import sys
import tempfile
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .build import build_fingerprint, build_gazetteer, default_path, mimu_db_path
from .keys import DATA_DIR, patterns, place_key, type_suffix, variant_key

GROUP_A = ("state_region", "district", "township", "town", "country")
VILLAGE_LEVEL = ("village", "village_tract", "other")
LEVEL_PREF = {"state_region": 6, "country": 6, "town": 5, "township": 4, "district": 3, "village": 2,
              "village_tract": 1, "other": 0}
DEPTH = {"country": 0.25, "state_region": 1, "district": 2, "township": 3, "town": 3, "village_tract": 4,
         "village": 5, "other": 5}
PRECISION_OF_ENCLOSING = {"village_tract": 2, "township": 2, "town": 2, "village": 2, "other": 2,
                          "district": 3, "state_region": 3, "country": 3}
_LEVEL_NAMES = {"adm1_state_region": "state_region", "adm2_district": "district", "adm3_township": "township",
                "town": "town", "adm4_village_tract": "village_tract", "village": "village"}
_ABROAD_PREFIXES = ("IND", "THA", "CHN", "BGD", "LAO")
_WHOLE = {c: code for code in ("MMR014|MMR015|MMR016", "MMR007|MMR008") for c in code.split("|")}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer place (or a place kept outside the gazetteer, ``in_gazetteer=False``)."""

    location_id: str
    pcode: str | None
    name: str                   # short name: "Kanbalu", "Kayin", "Maw Taung"
    display_name: str           # "Kanbalu Township", "Kayin State", "Maw Taung"
    location_type: str          # country | state_region | district | township | town | village_tract | village | other
    level: str                  # MIMU level: country, adm1, adm1_combined, adm2, adm3, town, adm4, village, ward,
                                # unlisted
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    admin2_pcode: str | None
    admin3: str | None
    admin3_pcode: str | None
    admin4: str | None
    admin4_pcode: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    in_gazetteer: bool = True
    n_points: int = 0
    alt_names: tuple[str, ...] = ()
    chain: tuple[str, ...] = field(default=(), repr=False)  # pcodes of this place and every unit containing it

    def as_dict(self) -> dict:
        """The record stored in ``Span._.place`` (the columns of raw.places)."""
        return {
            "location_id": self.location_id, "name": self.display_name, "location_type": self.location_type,
            "admin1": self.admin1, "admin2": self.admin2, "admin3": self.admin3,
            "latitude": self.latitude, "longitude": self.longitude, "pcode": self.pcode,
            "geo_precision": self.geo_precision, "in_gazetteer": self.in_gazetteer,
        }

    def contains(self, other: Place) -> bool:
        return self.pcode is not None and self.pcode in other.chain


# A gazetteer row as stored in the index cache: Place's fields without in_gazetteer and chain.
_ROW_FIELDS = ("location_id", "pcode", "name", "display_name", "location_type", "level", "admin1", "admin1_pcode",
               "admin2", "admin2_pcode", "admin3", "admin3_pcode", "admin4", "admin4_pcode", "latitude",
               "longitude", "geo_precision", "n_points", "alt_names")
_TYPE, _LEVEL, _A1P, _A2P, _A3P = 4, 5, 7, 9, 11


def _chain(level: str, pcode: str | None, a1p, a2p, a3p, a4p) -> tuple[str, ...]:
    """Pcodes of a place and every unit containing it (places in the MIMU halves of Shan and Bago
    also sit inside the whole state/region)."""
    if level in ("adm1_combined", "country"):
        return (pcode,) if pcode else ()
    chain = tuple(c for c in (_WHOLE.get(a1p), a1p, a2p, a3p, a4p, pcode) if c)
    if level == "adm1":
        chain = tuple(dict.fromkeys(chain))
    return chain


def _place_from_row(row: tuple) -> Place:
    return Place(*row[:17], True, row[17], row[18], _chain(row[5], row[1], row[7], row[9], row[11], row[13]))


def _row_of(p: Place) -> tuple:
    return tuple(getattr(p, f) for f in _ROW_FIELDS)


def unlisted_location_id(name: str, location_type: str, admin1: str | None, admin3: str | None) -> str:
    """Id of a place outside the gazetteer: "loc_" + 16 hex of sha256("name|type|admin1|admin3")."""
    key = f"{' '.join(name.split())}|{location_type}|{admin1 or ''}|{admin3 or ''}"
    return "loc_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _norm_hint(type_hint) -> tuple[str, ...]:
    if not type_hint:
        return ()
    tw = patterns()["type_words"]
    if isinstance(type_hint, str):
        h = type_hint.strip().lower()
        if h in tw:
            return tuple(tw[h])
        return (h,)
    return tuple(type_hint)


# ----------------------------------------------------------------------------------------------
# edit distance (the fuzzy level)

_VOWELS = frozenset("aeiouy")
_SOFT = frozenset("hwyr")          # letters romanisations write or leave out (Hlaingthaya / Hlaing Tharyar)
_ALIKE = (frozenset("ry"),)        # consonants written for one sound (Kyaikmaraw / Kyaikmayaw)


def _indel_ok(s: str, p: int) -> bool:
    """May the letter s[p] be written or left out? A vowel, h/w/y/r, the last letter, or a consonant
    next to another consonant (Kantbalu / Kanbalu)."""
    c = s[p]
    if c in _VOWELS or c in _SOFT or p == len(s) - 1:
        return True
    return (p > 0 and s[p - 1] not in _VOWELS) or (p + 1 < len(s) and s[p + 1] not in _VOWELS)


def _sub_ok(a: str, i: int, b: str, j: int) -> bool:
    """May a[i] be written b[j]? Two vowels (Depayin / Tabayin), r/y, or a last letter (Kunlone / Kunlong)."""
    x, y = a[i], b[j]
    if x in _VOWELS and y in _VOWELS:
        return True
    if i == len(a) - 1 or j == len(b) - 1:
        return True
    return any(x in g and y in g for g in _ALIKE)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Edit distance between two variant keys counting only the edits romanised Burmese shows:
    a vowel for a vowel, r for y, any change of the last letter, a vowel, h, w, y, r or a consonant
    of a cluster written or left out, and two neighbouring letters swapped (optimal string alignment:
    no substring is edited twice). Other edits (a consonant for another: Kunming / Kunhing) are not
    allowed. Returns ``limit + 1`` as soon as the distance is known to exceed ``limit``."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    big = limit + 1
    del_a = [1 if _indel_ok(a, i) else big for i in range(la)]
    ins_b = [1 if _indel_ok(b, j) else big for j in range(lb)]
    prev2: list[int] = []
    prev = [0] * (lb + 1)
    for j in range(1, lb + 1):
        prev[j] = min(big, prev[j - 1] + ins_b[j - 1])
    for i in range(1, la + 1):
        cur = [min(big, prev[0] + del_a[i - 1])] + [0] * lb
        ca = a[i - 1]
        row_min = cur[0]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            v = min(prev[j] + del_a[i - 1], cur[j - 1] + ins_b[j - 1])
            if ca == cb:
                v = min(v, prev[j - 1])
            elif _sub_ok(a, i - 1, b, j - 1):
                v = min(v, prev[j - 1] + 1)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and ca != cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v if v < big else big
            if v < row_min:
                row_min = v
        if row_min > limit:
            return big
        prev2, prev = prev, cur
    return prev[lb] if prev[lb] <= limit else big


@lru_cache(maxsize=1)
def fuzzy_settings() -> dict:
    """The ``fuzzy`` section of matcher_patterns.yaml (edit-distance thresholds)."""
    return dict(patterns()["fuzzy"])


def max_edits(n: int) -> int:
    """Edits allowed for a variant key of n letters: 0 below ``min_len``, 1, then 2 from ``two_edits_len``."""
    s = fuzzy_settings()
    if n < s["min_len"]:
        return 0
    return 2 if n >= s["two_edits_len"] else 1


_FUZZY_MEMO_SIZE = 50_000   # fuzzy answers remembered per gazetteer
_TOWNSHIP_SEARCHES = 4      # a context naming at most this many townships of a state searches each one's index


def _initial(key: str) -> str:
    """The first letter, r and y counting as one (Rathedaung = Yathedaung): fuzzy matches must agree on it."""
    c = key[:1]
    return "r" if c == "y" else c


class _KeyIndex:
    """Variant keys grouped by first letter (`_initial`) and sorted by length, for the fuzzy level: a search
    measures the query only against keys that could be within reach (the same first letter, a length within the
    edits allowed: one slice of the group), first with rapidfuzz's optimal-string-alignment distance, in one
    call, then with `edit_distance`. The OSA distance allows every edit `edit_distance` allows and more, at the
    same cost, so it is never larger: it drops only keys `edit_distance` would drop, and does so in compiled
    code."""

    __slots__ = ("_groups",)

    def __init__(self, items: Iterable[tuple[str, int]]) -> None:
        by_initial: dict[str, list[tuple[str, int]]] = {}
        for key, idx in items:
            if max_edits(len(key)) == 0:
                continue
            by_initial.setdefault(_initial(key), []).append((key, idx))
        # per first letter: (keys by length, their rows, where each length starts in them)
        self._groups: dict[str, tuple[list[str], list[int], list[int]]] = {}
        for initial, pairs in by_initial.items():
            pairs.sort(key=lambda p: len(p[0]))   # stable: keys of one length stay in the order given
            keys = [k for k, _ in pairs]
            longest = len(keys[-1])
            starts = [bisect_left(keys, n, key=len) for n in range(longest + 2)]
            self._groups[initial] = (keys, [i for _, i in pairs], starts)

    def search(self, q: str, keep=None) -> list[tuple[int, int]]:
        """(distance, row index) of the keys within max_edits(min(len(q), len(key))) of q; `keep(row index)`,
        if given, says which rows may count (checked before measuring the distance)."""
        dq = max_edits(len(q))
        group = self._groups.get(_initial(q)) if dq else None
        if group is None:
            return []
        keys, rows, starts = group
        lo = starts[min(max(len(q) - dq, 0), len(starts) - 1)]
        hi = starts[min(len(q) + dq + 1, len(starts) - 1)]
        if lo >= hi:
            return []
        hits = process.extract(q, keys[lo:hi], scorer=OSA.distance, score_cutoff=dq, limit=None)
        hits.sort(key=lambda h: (len(h[0]), h[1], h[2]))   # by key length, then distance, then position
        seen: dict[int, int] = {}
        for key, osa, k in hits:
            lim = min(dq, max_edits(len(key)))
            if osa > lim:
                continue
            idx = rows[lo + k]
            if keep is not None and not keep(idx):
                continue
            dist = edit_distance(q, key, lim)
            if dist <= lim and dist < seen.get(idx, 99):
                seen[idx] = dist
        return [(d, i) for i, d in seen.items()]


# ----------------------------------------------------------------------------------------------
# lazy name indexes

class _NameIndex(Mapping):
    """key -> places, built from row numbers on first access (``exact`` gives (place, tier) pairs:
    tier 0 a name or alias, 1 an alternate name; ``variant`` gives places)."""

    __slots__ = ("_gaz", "_raw", "_cache", "_tiered", "keys_")

    def __init__(self, gaz: Gazetteer, raw: dict, tiered: bool) -> None:
        self._gaz, self._raw, self._tiered = gaz, raw, tiered
        self._cache: dict[str, list] = {}
        self.keys_ = raw.keys()   # `key in index.keys_` is `key in index` without a Python-level call

    def __contains__(self, key) -> bool:
        return key in self._raw

    def __getitem__(self, key: str) -> list:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def get(self, key, default=None):
        v = self._cache.get(key)
        if v is not None:
            return v
        codes = self._raw.get(key)
        if codes is None:
            return default
        place = self._gaz._place
        v = [(place(c >> 1), c & 1) for c in codes] if self._tiered else [place(c) for c in codes]
        self._cache[key] = v
        return v

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def _add(self, key: str, code: int) -> bool:
        codes = self._raw.get(key, ())
        if code in codes:
            return False
        self._raw[key] = (*codes, code)
        self._cache.pop(key, None)
        return True


class _Tiers:
    """Exact/alias candidates, then (computed only if asked for) the variant-key candidates."""

    def __init__(self, gaz: Gazetteer, surface: str, variants: bool) -> None:
        self.gaz, self.surface, self.variants = gaz, surface, variants

    def __iter__(self):
        exact = self.gaz.exact.get(place_key(self.surface), [])
        yield exact, False
        if self.variants:
            seen = {id(p) for p, _ in exact}
            yield [(p, 2) for p in self.gaz.variant.get(variant_key(self.surface), []) if id(p) not in seen], True


class Gazetteer:
    """Places and the name indexes over them."""

    def __init__(self, places: list[Place], path: Path | None = None) -> None:
        self.path = path
        self._make_lock = threading.Lock()
        self._rows: list[tuple | None] = []
        self._objs: list[Place | None] = []
        self._pcode_idx: dict[str, int] = {}
        self._id_idx: dict[str, int] | None = None
        self._exact_raw: dict[str, tuple[int, ...]] = {}   # key -> row * 2 + tier
        self._variant_raw: dict[str, tuple[int, ...]] = {}  # key -> row
        self.exact = _NameIndex(self, self._exact_raw, tiered=True)
        self.variant = _NameIndex(self, self._variant_raw, tiered=False)
        self._adjective_rows: dict[str, int] = {}
        self.adjectives: dict[str, Place] = {}
        self.alias_rows: list[tuple[str, str, str]] = []  # (alias, pcode, source)
        self.max_words = 1
        self._places_list: list[Place] | None = None
        self._fuzzy_units: _KeyIndex | None = None
        self._fuzzy_villages: dict[tuple[str, str | None], _KeyIndex] = {}
        self._fuzzy_memo: dict[tuple, tuple[list[Place], int]] = {}
        self._village_keys: dict[tuple[str, str | None], list[tuple[str, int]]] | None = None
        self._units_below: dict[str, list[str]] | None = None
        for p in places:
            self.add_place(p)
        self.country = self.by_pcode("MMR")

    # -------------------------------------------------------------------------------- storage
    def _place(self, i: int) -> Place:
        p = self._objs[i]
        if p is None:
            with self._make_lock:   # one Place object per row, also when threads share the gazetteer
                p = self._objs[i]
                if p is None:
                    p = self._objs[i] = _place_from_row(self._rows[i])
        return p

    def _type_of(self, i: int) -> str:
        p = self._objs[i]
        return p.location_type if p is not None else self._rows[i][_TYPE]

    def _row(self, i: int) -> tuple:
        r = self._rows[i]
        return r if r is not None else _row_of(self._objs[i])

    def _index_of(self, place: Place) -> int | None:
        i = self._pcode_idx.get(place.pcode) if place.pcode else None
        if i is not None and self._place(i) is place:
            return i
        for j, q in enumerate(self._objs):  # a second place with the same pcode (rare)
            if q is place:
                return j
        return None

    @property
    def places(self) -> list[Place]:
        """Every place, in table order (built on first access)."""
        if self._places_list is None or len(self._places_list) != len(self._objs):
            self._places_list = [self._place(i) for i in range(len(self._objs))]
        return self._places_list

    def add_place(self, p: Place) -> None:
        i = len(self._objs)
        self._objs.append(p)
        self._rows.append(None)
        if p.pcode:
            self._pcode_idx.setdefault(p.pcode, i)
        if self._id_idx is not None:
            self._id_idx[p.location_id] = i

    # -------------------------------------------------------------------------------- indexing
    def _index_name(self, name: str, place: Place, tier: int) -> None:
        pk = place_key(name)
        if not pk:
            return
        i = self._index_of(place)
        if i is None:
            return
        if not any(c >> 1 == i for c in self._exact_raw.get(pk, ())):
            self.exact._add(pk, i * 2 + tier)
        self.variant._add(variant_key(name), i)
        self.max_words = max(self.max_words, len(name.replace("-", " ").split()))
        self._fuzzy_units = None
        self._fuzzy_villages.clear()
        self._fuzzy_memo.clear()
        self._village_keys = None

    def _index_keys(self, place: Place, pkeys: list[str], vkeys: list[str], n_words: int) -> None:
        i = len(self._objs) - 1 if self._objs and self._objs[-1] is place else self._index_of(place)
        for t, pk in enumerate(pkeys):
            self.exact._add(pk, i * 2 + (0 if t == 0 else 1))
        for vk in vkeys:
            self.variant._add(vk, i)
        self.max_words = max(self.max_words, n_words)

    def add_alias(self, alias: str, place: Place, source: str) -> None:
        self._index_name(alias, place, 0)
        self.alias_rows.append((alias, place.pcode or "", source))

    def _load_aliases(self) -> None:
        with open(DATA_DIR / "manual_aliases.csv", encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                place = self.by_pcode(r["pcodes"].strip())
                if place is None or place.location_type != _LEVEL_NAMES.get(r["level"], r["level"]):
                    continue
                self.add_alias(r["alias"], place, "manual_aliases.csv")
        for r in _read_rows("countries.csv"):
            place = self.by_pcode(r["pcode"])
            for adj in filter(None, (r.get("adjectives") or "").split("|")):
                if place is not None:
                    self.adjectives[place_key(adj)] = place
                    self._adjective_rows[place_key(adj)] = self._index_of(place)
        self._load_geonames()

    def _load_geonames(self) -> None:
        """GeoNames alternate names of towns: joined to MIMU towns by name or variant and distance."""
        rows = _read_rows("geonames_mm_cities_aliases.csv")
        counts: dict[str, int] = defaultdict(int)
        for r in rows:
            for n in {place_key(x) for x in [r["name"], *r["alt_names_latin"].split("|")] if x}:
                counts[n] += 1
        towns = [self._place(i) for i in range(len(self._objs)) if self._type_of(i) == "town"]
        stop = {place_key(s) for s in patterns()["stop_names"]}
        for r in rows:
            lat, lon = float(r["lat"]), float(r["lon"])
            names = [r["name"]] + [a for a in r["alt_names_latin"].split("|") if a]
            keys = {place_key(n) for n in names}
            vkeys = {variant_key(n) for n in names}
            near = lambda p, lat=lat, lon=lon: _km(lat, lon, p.latitude, p.longitude)  # noqa: E731
            cands = [p for p in towns if p.latitude is not None and keys & {place_key(p.name)} and near(p) < 40]
            if not cands:
                cands = [p for p in towns if p.latitude is not None and vkeys & {variant_key(p.name)} and near(p) < 40]
            if not cands and not any(q.location_type in GROUP_A for k in keys for q, _ in self.exact.get(k, ())):
                # an old name with no modern spelling in the row ("Syriam", "Maymyo"): the nearest
                # township seat within 5 km
                cands = [p for p in towns if p.latitude is not None and p.pcode.endswith("701") and near(p) < 5]
            if not cands:
                continue
            town = min(cands, key=near)
            primary = [q for q, _ in self.exact.get(place_key(r["name"]), ()) if q.location_type in GROUP_A]
            if primary and all(q is not town and q.pcode != town.admin3_pcode for q in primary):
                continue  # the row's own name is another unit ("Rangoon" = Yangon Region): its alternates are unsafe
            targets = [town]
            tsp = self.by_pcode(town.admin3_pcode or "")
            if tsp is not None and town.pcode.endswith("701") and place_key(tsp.name) == place_key(town.name):
                targets.append(tsp)
            for n in names:
                k = place_key(n)
                if (len(k) < 4 or not n[:1].isupper() or counts[k] > 1 or k in stop
                        or any(w[:1].islower() for w in n.replace("-", " ").split()[1:])):
                    continue
                if any(q.location_type in GROUP_A and q not in targets for q, _ in self.exact.get(k, ())):
                    continue  # never let an old or foreign spelling take over another unit's name
                for t in targets:
                    if all(q is not t for q, _ in self.exact.get(k, ())):
                        self.add_alias(n, t, "geonames_mm_cities_aliases.csv")

    # -------------------------------------------------------------------------------- cache
    def _state(self) -> dict:
        """Everything the index cache stores (plain Python values only)."""
        strings: dict[str, str] = {}

        def intern(v):
            if isinstance(v, str):
                return strings.setdefault(v, v)
            if isinstance(v, tuple):
                return tuple(intern(x) for x in v)
            return v

        return {
            "rows": [tuple(intern(v) for v in self._row(i)) for i in range(len(self._objs))],
            "exact": dict(self._exact_raw), "variant": dict(self._variant_raw),
            "adjectives": dict(self._adjective_rows), "alias_rows": list(self.alias_rows),
            "max_words": self.max_words,
        }

    @classmethod
    def _from_state(cls, state: dict, path: Path | None) -> Gazetteer:
        """A Gazetteer from the index cache (a local file this package wrote: pickle runs code, so
        never point it at a file from elsewhere)."""
        gaz = cls([], path)
        gaz._rows = state["rows"]
        gaz._objs = [None] * len(gaz._rows)
        gaz._pcode_idx = {}
        setp = gaz._pcode_idx.setdefault
        for i, r in enumerate(gaz._rows):
            if r[1]:
                setp(r[1], i)
        gaz._exact_raw.update(state["exact"])
        gaz._variant_raw.update(state["variant"])
        gaz._adjective_rows = dict(state["adjectives"])
        gaz.adjectives = {k: gaz._place(i) for k, i in gaz._adjective_rows.items()}
        gaz.alias_rows = list(state["alias_rows"])
        gaz.max_words = state["max_words"]
        gaz.country = gaz.by_pcode("MMR")
        return gaz

    # -------------------------------------------------------------------------------- lookups
    def __len__(self) -> int:
        return len(self._objs)

    def by_pcode(self, pcode: str) -> Place | None:
        i = self._pcode_idx.get(pcode)
        return None if i is None else self._place(i)

    def by_location_id(self, location_id: str) -> Place | None:
        if self._id_idx is None:
            self._id_idx = {}
            for i in range(len(self._objs)):
                self._id_idx.setdefault(self._row(i)[0], i)
        i = self._id_idx.get(location_id)
        return None if i is None else self._place(i)

    def lookup(self, surface: str) -> tuple[list[tuple[Place, int]], list[Place]]:
        """(exact-or-alias matches with tier 0 name/alias or 1 alternate name, variant-key matches)."""
        pk = place_key(surface)
        exact = self.exact.get(pk, [])
        seen = {id(p) for p, _ in exact}
        variant = [p for p in self.variant.get(variant_key(surface), []) if id(p) not in seen]
        return list(exact), variant

    def candidates(self, surface: str, types: Iterable[str] | None = None) -> list[Place]:
        """Places whose place key matches the surface (names, alternate names, aliases); if none,
        the places whose variant key matches. With ``types``, only places of those types count."""
        exact, variant = self.lookup(surface)
        if types is not None:
            types = tuple(types)
            exact = [(p, t) for p, t in exact if p.location_type in types]
            variant = [p for p in variant if p.location_type in types]
        if exact:
            return [p for p, _ in exact]
        return variant

    def _context(self, context) -> dict[str, float]:
        """{pcode: weight * depth} from an iterable of pcodes (weight 1) or a {pcode: weight} mapping."""
        if not context:
            return {}
        items = context.items() if isinstance(context, Mapping) else ((c, 1.0) for c in context)
        out: dict[str, float] = {}
        for pcode, w in items:
            p = self.by_pcode(pcode)
            if p is None:
                continue
            if p.location_type in ("town", "village", "other") and p.admin3_pcode:
                pcode, depth = p.admin3_pcode, DEPTH["township"]
            else:
                depth = DEPTH.get(p.location_type, 1)
            out[pcode] = max(out.get(pcode, 0.0), w * depth)
        return out

    @staticmethod
    def _ctx_score(p: Place, ctx: dict[str, float]) -> float:
        best = 0.0
        for code in p.chain:
            s = ctx.get(code)
            if s is not None and s > best:
                best = s
        return best

    def rank(self, surface: str, type_hint=None, context=None, *, allow_villages: bool | None = None,
             variants: bool = True) -> tuple[list[Place], bool]:
        """The best candidates (several only when tied) and whether they came from the variant key.

        allow_villages: True = village-level places may match a bare name; False = never without a
        village type hint; None (default) = only inside the context units.
        """
        hint = _norm_hint(type_hint)
        if type_hint is None:  # () means "no hint, and do not read one from the surface"
            suffix = type_suffix(surface)
            if suffix:
                hint = _norm_hint(suffix)
        ctx = self._context(context)
        tiers = _Tiers(self, surface, variants)
        if hint:
            for cands, is_var in tiers:
                pool = [(p, t) for p, t in cands if p.location_type in hint]
                pool = self._village_filter(pool, ctx, require=False)
                if pool:
                    return self._best(pool, ctx, hint), is_var
            return [], False
        # bare name: admin units and towns first, village level only as a fallback
        for cands, is_var in tiers:
            pool = [(p, t) for p, t in cands if p.location_type in GROUP_A]
            if pool:
                return self._best(pool, ctx, ()), is_var
        if allow_villages is False:
            return [], False
        for cands, is_var in tiers:
            pool = [(p, t) for p, t in cands if p.location_type in ("village", "village_tract")]
            pool = self._village_filter(pool, ctx, require=allow_villages is None)
            if pool:
                return self._best(pool, ctx, ()), is_var
        return [], False

    def _village_filter(self, pool, ctx, require: bool):
        """Village-level places must lie inside a context unit when context is given (or required)."""
        vill = [x for x in pool if x[0].location_type in VILLAGE_LEVEL]
        if not vill:
            return pool
        if not ctx:
            return [] if require else pool
        keep = [x for x in vill if self._ctx_score(x[0], ctx) > 0]
        return [x for x in pool if x[0].location_type not in VILLAGE_LEVEL] + keep

    def _best(self, pool, ctx, hint) -> list[Place]:
        def key(x):
            p, tier = x
            k = (self._ctx_score(p, ctx),
                 -hint.index(p.location_type) if hint else 0,
                 LEVEL_PREF.get(p.location_type, 0),
                 -min(tier, 1))
            if p.location_type in GROUP_A:  # units: prefer those with coordinates, then the larger
                return k + (p.latitude is not None, p.n_points)
            return k + (False, 0)           # villages: a remaining tie is an ambiguity
        scored = sorted(((key(x), x[0]) for x in pool), key=lambda kv: kv[0], reverse=True)
        top = scored[0][0]
        best = []
        for k, p in scored:
            if k != top:
                break
            if all(q is not p for q in best):
                best.append(p)
        if best[0].location_type in GROUP_A:
            # one name, one type, several states/regions and nothing in the context to choose: ambiguous
            tied = [p for k, p in scored if k[:4] == top[:4] and p.location_type == best[0].location_type
                    and p.location_type not in ("state_region", "country")]
            if len({p.admin1_pcode for p in tied}) > 1:
                return list(dict.fromkeys(tied))
            return best[:1]
        return best

    def resolve(self, surface: str, type_hint=None, context=None, *, allow_villages: bool | None = None,
                variants: bool = True) -> Place | None:
        """The one place a surface form most likely names, or None (no match, or an ambiguous name).

        surface: the name as written, possibly with a type word ("Kanbalu Township", "Arakan State").
        type_hint: a type word ("township", "village", "states") or location type(s).
        context: pcodes of units named nearby (iterable), or {pcode: weight}.
        """
        best, _ = self.rank(surface, type_hint, context, allow_villages=allow_villages, variants=variants)
        return best[0] if len(best) == 1 else None

    # -------------------------------------------------------------------------------- fuzzy level
    def prepare_fuzzy(self) -> None:
        """Build every index the fuzzy level uses now instead of on first use: in a process that forks workers,
        they then share one copy instead of each building its own."""
        self._units_index()
        self._townships_by_unit()
        for admin1, township in self._village_key_lists():
            self._villages_in(admin1, township)

    def _units_index(self) -> _KeyIndex:
        if self._fuzzy_units is None:
            items = []
            for key, rows in self._variant_raw.items():
                for i in rows:
                    if (self._type_of(i) in GROUP_A and self._type_of(i) != "country"
                            and self._row(i)[_LEVEL] != "abroad"):
                        items.append((key, i))
            self._fuzzy_units = _KeyIndex(items)
        return self._fuzzy_units

    def _villages_in(self, admin1: str, township: str | None = None) -> _KeyIndex:
        """The fuzzy index (`_KeyIndex`) of the village and village-tract keys (those with a township) of one
        state/region, or of one township of it (built on first use): one search of a state's index covers every
        township of it the context names; a township's own index is the smaller search when the context names
        only a few."""
        idx = self._fuzzy_villages.get((admin1, township))
        if idx is None:
            idx = self._fuzzy_villages[(admin1, township)] = _KeyIndex(
                self._village_key_lists().get((admin1, township), ()))
        return idx

    def _village_key_lists(self) -> dict[tuple[str, str | None], list[tuple[str, int]]]:
        """(variant key, row) of the villages and village tracts that have a township, by (state/region pcode,
        None) and by (state/region pcode, township pcode) (built on first use)."""
        if self._village_keys is None:
            by_unit: dict[tuple[str, str | None], list[tuple[str, int]]] = defaultdict(list)
            for key, rows in self._variant_raw.items():
                for i in rows:
                    if self._type_of(i) in ("village", "village_tract"):
                        r = self._row(i)
                        if r[_A3P]:
                            by_unit[(r[_A1P], None)].append((key, i))
                            by_unit[(r[_A1P], r[_A3P])].append((key, i))
            self._village_keys = dict(by_unit)
        return self._village_keys

    def _townships_below(self, pcode: str) -> list[str]:
        """The township pcodes inside a unit (a township itself, a district, a state/region)."""
        return self._townships_by_unit().get(pcode, [])

    def _townships_by_unit(self) -> dict[str, list[str]]:
        """unit pcode -> the township pcodes inside it (built on first use)."""
        if self._units_below is None:
            below: dict[str, set[str]] = defaultdict(set)
            for i in range(len(self._objs)):
                if self._type_of(i) == "township":
                    r = self._row(i)
                    for code in _chain(r[_LEVEL], r[1], r[_A1P], r[_A2P], r[_A3P], None):
                        below[code].add(r[1])
            self._units_below = {k: sorted(v) for k, v in below.items()}
        return self._units_below

    def fuzzy(self, surface: str, types: Iterable[str], context=None, *, national: bool = False,
              national_min_len: int | None = None, national_max_edits: int | None = None
              ) -> tuple[list[Place], int]:
        """Places whose variant key is a few edits from the surface's (the level after exact, alias
        and variant key): ([best places], distance); several places when still tied.

        types: the location types the text allows, in order of preference. Units and towns inside
        the context units are preferred; with ``national=True`` they are also searched nationally,
        but only when one name alone is within reach, the key has ``national_min_len`` letters
        (default: the ``fuzzy`` settings) and the match needs at most ``national_max_edits`` edits.
        Villages and village tracts count only inside the context units (a township or district, or
        a state/region for keys of ``state_min_len`` letters)."""
        q = variant_key(surface)
        types = tuple(t for t in types if t != "country")
        if max_edits(len(q)) == 0 or not types:
            return [], 0
        ctx = self._context(context)
        # the same name in the same context gets the same answer: remembered (the gazetteer does not change)
        key = (q, types, tuple(sorted(ctx.items())), national, national_min_len, national_max_edits)
        hit = self._fuzzy_memo.get(key)
        if hit is None:
            if len(self._fuzzy_memo) >= _FUZZY_MEMO_SIZE:
                self._fuzzy_memo.clear()
            hit = self._fuzzy_memo[key] = self._fuzzy(q, types, ctx, national, national_min_len,
                                                      national_max_edits)
        return list(hit[0]), hit[1]

    def _fuzzy(self, q: str, types: tuple, ctx: dict, national: bool, national_min_len: int | None,
               national_max_edits: int | None) -> tuple[list[Place], int]:
        s = fuzzy_settings()
        if national_min_len is None:
            national_min_len = s["national_min_len"]
        if national_max_edits is None:
            national_max_edits = 2
        unit_types = tuple(t for t in types if t in GROUP_A)
        vill_types = tuple(t for t in types if t in ("village", "village_tract"))
        found: list[tuple[int, Place]] = []
        if unit_types:
            hits = [(d, self._place(i)) for d, i in self._units_index().search(q)]
            hits = [(d, p) for d, p in hits if p.location_type in unit_types]
            inside = [(d, p) for d, p in hits if self._ctx_score(p, ctx) > 0]
            if inside:
                found = inside
            elif (national and hits and len(q) >= national_min_len
                  and len({place_key(p.name) for _, p in hits}) == 1
                  and min(d for d, _ in hits) <= national_max_edits):
                found = hits
        if not found and vill_types and ctx:
            order: dict[str, int] = {}   # the context's townships, in the context's order
            for code in ctx:
                p = self.by_pcode(code)
                if p is None or p.location_type not in ("township", "district", "state_region"):
                    continue
                if p.location_type == "state_region" and len(q) < s["state_min_len"]:
                    continue
                for t in self._townships_below(code):
                    order.setdefault(t, len(order))

            def in_context(i: int) -> bool:
                return self._row(i)[_A3P] in order
            by_admin1: dict[str, list[str]] = {}
            for t in order:
                by_admin1.setdefault(self.by_pcode(t).admin1_pcode, []).append(t)
            hits = []
            for admin1, townships in by_admin1.items():
                if len(townships) <= _TOWNSHIP_SEARCHES:   # the townships' own indexes: the smaller searches
                    rows = [r for t in townships for r in self._villages_in(admin1, t).search(q)]
                else:
                    rows = self._villages_in(admin1).search(q, in_context)
                for d, i in rows:
                    p = self._place(i)
                    if p.location_type in vill_types:
                        hits.append((order[p.admin3_pcode], d, p))
            hits.sort(key=lambda h: h[0])   # township by township, in the context's order
            found = [(d, p) for _, d, p in hits]
        if not found:
            return [], 0
        dmin = min(d for d, _ in found)
        close = [p for d, p in found if d == dmin]
        top = max(self._ctx_score(p, ctx) for p in close)
        close = [p for p in close if self._ctx_score(p, ctx) == top]
        if len({place_key(p.name) for p in close}) > 1 and close[0].location_type in GROUP_A:
            return [], 0   # two different names equally close and equally placed: no guess
        return self._best([(p, 0) for p in close], ctx, types), dmin

    # -------------------------------------------------------------------------------- outside places
    def common_unit(self, places: Iterable[Place]) -> Place | None:
        """The smallest gazetteer unit containing all the places (village tract, township, ... country)."""
        places = list(places)
        if not places:
            return None
        for attr in ("admin4_pcode", "admin3_pcode", "admin2_pcode", "admin1_pcode"):
            codes = {getattr(p, attr) for p in places}
            if len(codes) == 1 and None not in codes:
                unit = self.by_pcode(codes.pop())
                if unit is not None:
                    return self.admin1_whole(unit) if attr == "admin1_pcode" else unit
        admin1 = {p.admin1 for p in places}
        if len(admin1) == 1 and None not in admin1:
            return self.admin1_whole(self.by_pcode(places[0].admin1_pcode or ""))
        return self.country

    @staticmethod
    def is_abroad(p: Place) -> bool:
        """A place outside Myanmar below the country level (`places_abroad.csv`), or a place kept outside the
        gazetteer inside one."""
        return p.level == "abroad" or bool(p.admin1_pcode) and p.admin1_pcode[:3] in _ABROAD_PREFIXES

    def admin1_whole(self, unit: Place | None) -> Place | None:
        """For a MIMU half of Shan or Bago, the whole state/region entry; otherwise the unit."""
        if unit is None or unit.level != "adm1":
            return unit
        for code in unit.chain:
            if "|" in code:
                return self.by_pcode(code) or unit
        return unit

    def unlisted(self, name: str, location_type: str = "other", within: Place | None = None) -> Place:
        """A place the text names that is not in the gazetteer, located at the smallest known unit
        containing it (geo_precision 2 inside a township or smaller, else 3)."""
        name = " ".join(name.split())
        within = within or self.country
        wt = within.location_type if within else "country"
        a1 = within.admin1 if within else None
        a2 = within.admin2 if within else None
        a3 = within.admin3 if within else None
        if within is not None and within.location_type in ("town", "village", "other"):
            within_pcode = within.admin3_pcode
        else:
            within_pcode = within.pcode if within else None
        return Place(
            location_id=unlisted_location_id(name, location_type, a1, a3), pcode=None, name=name,
            display_name=name, location_type=location_type, level="unlisted",
            admin1=a1, admin1_pcode=within.admin1_pcode if within else None, admin2=a2,
            admin2_pcode=within.admin2_pcode if within else None, admin3=a3,
            admin3_pcode=within.admin3_pcode if within else None, admin4=within.admin4 if within else None,
            admin4_pcode=within.admin4_pcode if within else None,
            latitude=within.latitude if within else None, longitude=within.longitude if within else None,
            geo_precision=PRECISION_OF_ENCLOSING.get(wt, 3), in_gazetteer=False,
            chain=tuple(c for c in (within.chain if within else ()) if c) + ((within_pcode,) if within_pcode else ()),
        )


def _km(lat1, lon1, lat2, lon2) -> float:
    if lat2 is None or lon2 is None:
        return math.inf
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(min(1.0, math.sqrt(a)))


def _read_rows(name: str) -> list[dict]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _parquet_fingerprint(path: Path) -> str | None:
    import duckdb

    con = duckdb.connect()
    try:
        rows = con.execute("select key, value from parquet_kv_metadata(?)", [str(path)]).fetchall()
    except Exception:  # noqa: BLE001 - a file DuckDB cannot read as Parquet has no fingerprint: it is rebuilt
        return None
    finally:
        con.close()
    for k, v in rows:
        if (k.decode() if isinstance(k, bytes) else k) == "gazetteer_build":
            return v.decode() if isinstance(v, bytes) else v
    return None


_COLS = ("location_id, pcode, level, location_type, name, display_name, alt_names, admin1, admin1_pcode, "
         "admin2, admin2_pcode, admin3, admin3_pcode, admin4, admin4_pcode, parent_pcode, latitude, longitude, "
         "geo_precision, n_points, place_keys, variant_keys")


def read_gazetteer(path: str | Path) -> Gazetteer:
    """Read a built gazetteer Parquet file into a Gazetteer (no caching, no rebuilding)."""
    import duckdb

    path = Path(path)
    con = duckdb.connect()
    try:
        rows = con.execute(f"select {_COLS} from read_parquet(?)", [str(path)]).fetchall()
    finally:
        con.close()
    gaz = Gazetteer([], path)
    for (lid, pcode, level, ltype, name, display, alts, a1, a1p, a2, a2p, a3, a3p, a4, a4p, _parent,
         lat, lon, prec, npts, pkeys, vkeys) in rows:
        alt_t = tuple(alts.split("|")) if alts else ()
        place = Place(lid, pcode, name, display, ltype, level, a1, a1p, a2, a2p, a3, a3p, a4, a4p,
                      lat, lon, int(prec), True, int(npts or 0), alt_t, _chain(level, pcode, a1p, a2p, a3p, a4p))
        gaz.add_place(place)
        gaz._index_keys(place, pkeys.split("|") if pkeys else [], vkeys.split("|") if vkeys else [],
                        max(len(n.replace("-", " ").split()) for n in (name, *alt_t)))
    gaz.country = gaz.by_pcode("MMR")
    gaz._load_aliases()
    return gaz


# ----------------------------------------------------------------------------------------------
# the index cache

INDEX_VERSION = "1"
_CODE_FILES = ("build.py", "keys.py", "load.py")
_DATA_FILES = ("manual_aliases.csv", "geonames_mm_cities_aliases.csv", "countries.csv", "places_abroad.csv",
               "self_administered_zones.csv", "matcher_patterns.yaml", "variant_rules.yaml")


def index_cache_path(parquet: Path) -> Path:
    """Where the name indexes of a gazetteer Parquet file are cached: beside it."""
    return parquet.with_name(parquet.stem + ".index.pickle")


@lru_cache(maxsize=8)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _source_digest() -> str:
    """sha256 of the MIMU source file (computed once per process and file version)."""
    try:
        p = mimu_db_path()
    except FileNotFoundError:
        return "no-source"
    st = p.stat()
    return _file_digest(str(p), st.st_size, st.st_mtime_ns)


def index_fingerprint(parquet: Path) -> str:
    """Changes when the MIMU source file, the Parquet file, the build or key rules, the alias and
    pattern files, this package's code or the Python version change."""
    h = hashlib.sha256(f"{INDEX_VERSION}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    h.update(build_fingerprint().encode())
    h.update(_source_digest().encode())
    st = parquet.stat()
    h.update(f"{st.st_size}|{st.st_mtime_ns}".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    for name in _DATA_FILES:
        h.update((DATA_DIR / name).read_bytes())
    return h.hexdigest()


def _read_index(cache: Path, fingerprint: str, parquet: Path) -> Gazetteer | None:
    try:
        with open(cache, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()   # millions of small objects: the collector would only slow the load down
    try:
        state = pickle.loads(blob)
        if not isinstance(state, dict) or state.get("fingerprint") != fingerprint:
            return None
        return Gazetteer._from_state(state, parquet)
    except Exception:  # noqa: BLE001 - a damaged or outdated cache is rebuilt, never trusted
        return None
    finally:
        if enabled:
            gc.enable()


def _write_index(gaz: Gazetteer, cache: Path, fingerprint: str) -> None:
    state = gaz._state()
    state["fingerprint"] = fingerprint
    try:
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer_index.", suffix=".tmp", dir=cache.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, cache)
    except OSError:
        return  # a read-only build directory: work without the cache
    finally:
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Gazetteer:
    p = Path(path)
    with _LOCK:
        cache = index_cache_path(p)
        if p.exists():
            gaz = _read_index(cache, index_fingerprint(p), p)
            if gaz is not None:
                return gaz
        if not p.exists() or _parquet_fingerprint(p) != build_fingerprint():
            build_gazetteer(p)
        gaz = read_gazetteer(p)
        _write_index(gaz, cache, index_fingerprint(p))
        return gaz


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The process-wide Gazetteer (built at ``build_dir()/gazetteer.parquet`` on first use if missing;
    its name indexes cached beside it)."""
    return _load_cached(str(Path(path) if path else default_path()))


def gazetteer_path() -> Path:
    return default_path()


__all__ = ["Gazetteer", "Place", "edit_distance", "gazetteer_path", "index_cache_path", "load_gazetteer",
           "read_gazetteer", "unlisted_location_id"]
