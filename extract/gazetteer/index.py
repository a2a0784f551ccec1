"""The gazetteer's index: its places and the name keys that find them.

:class:`PlaceIndex` holds the rows of the built gazetteer (``build.py``) and makes a :class:`Place` of a row
only when a lookup returns it; it indexes every name, alternate name and alias by place key (exact) and
variant key, reads the alias files (``manual_aliases.csv``, the country adjectives of ``countries.csv``, GeoNames
town names joined by name and distance), answers the plain lookups (``by_pcode``, ``lookup``, ``candidates``),
and gives and takes the plain-value state the index cache (``load.py``) pickles. Resolution is ``query.py``.
"""

from __future__ import annotations

import csv
import math
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .keys import DATA_DIR, patterns, place_key, variant_key
from .place import _LEVEL_NAMES, _TYPE, GROUP_A, Place, _place_from_row, _row_of


class _NameIndex(Mapping):
    """key -> places, built from row numbers on first access (``exact`` gives (place, tier) pairs:
    tier 0 a name or alias, 1 an alternate name; ``variant`` gives places)."""

    __slots__ = ("_gaz", "_raw", "_cache", "_tiered", "keys_")

    def __init__(self, gaz: PlaceIndex, raw: dict, tiered: bool) -> None:
        self._gaz, self._raw, self._tiered = gaz, raw, tiered
        self._cache: dict[str, list] = {}
        self.keys_ = raw.keys()  # `key in index.keys_` is `key in index` without a Python-level call

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


class PlaceIndex:
    """Places and the name indexes over them: storage (rows become :class:`Place` objects on first use), the
    exact and variant key indexes, aliases, and the state the index cache stores. The base of
    :class:`~extract.gazetteer.query.Gazetteer`, which adds resolution and the fuzzy level."""

    def __init__(self, places: list[Place], path: Path | None = None) -> None:
        self.path = path
        self._make_lock = threading.Lock()
        self._rows: list[tuple | None] = []
        self._objs: list[Place | None] = []
        self._pcode_idx: dict[str, int] = {}
        self._id_idx: dict[str, int] | None = None
        self._exact_raw: dict[str, tuple[int, ...]] = {}  # key -> row * 2 + tier
        self._variant_raw: dict[str, tuple[int, ...]] = {}  # key -> row
        self.exact = _NameIndex(self, self._exact_raw, tiered=True)
        self.variant = _NameIndex(self, self._variant_raw, tiered=False)
        self._adjective_rows: dict[str, int] = {}
        self.adjectives: dict[str, Place] = {}
        self.alias_rows: list[tuple[str, str, str]] = []  # (alias, pcode, source)
        self.max_words = 1
        self._places_list: list[Place] | None = None
        self._init_fuzzy()
        for p in places:
            self.add_place(p)
        self.country = self.by_pcode("MMR")

    # -------------------------------------------------------------------------------- hooks
    def _init_fuzzy(self) -> None:
        """Start the indexes derived from the names (the fuzzy level's, in the subclass) empty."""

    def _names_changed(self) -> None:
        """A name was added to the indexes: forget what was derived from them."""

    # -------------------------------------------------------------------------------- storage
    def _place(self, i: int) -> Place:
        p = self._objs[i]
        if p is None:
            with self._make_lock:  # one Place object per row, also when threads share the gazetteer
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
        self._names_changed()

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
                if (
                    len(k) < 4
                    or not n[:1].isupper()
                    or counts[k] > 1
                    or k in stop
                    or any(w[:1].islower() for w in n.replace("-", " ").split()[1:])
                ):
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
            "exact": dict(self._exact_raw),
            "variant": dict(self._variant_raw),
            "adjectives": dict(self._adjective_rows),
            "alias_rows": list(self.alias_rows),
            "max_words": self.max_words,
        }

    @classmethod
    def _from_state(cls, state: dict, path: Path | None) -> PlaceIndex:
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
