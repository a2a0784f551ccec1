"""Load the gazetteer (building it on first use) and look place names up in it.

``load_gazetteer()`` returns one cached :class:`Gazetteer` per process. The table is read from
``extract.config.build_dir() / "gazetteer.parquet"``; if that file is missing or was built by other
code or rules (a fingerprint is stored in the Parquet metadata), it is rebuilt first (a few seconds).

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
   tract. The matcher gives units named in the same sentence weight 2, elsewhere in the article 1.
5. Ties are broken by the preferred level for a bare name: state/region (and country) > town >
   township > district > village > village tract. So a bare "Lashio" is the town; a bare "Kanbalu"
   is the town too (the township's seat, geo_precision 1) unless the same article already called it
   "Kanbalu Township" (the matcher then reuses that place); a bare "Bago" or "Magway" is the region.
6. Then primary names over alternate names, places with coordinates, and larger places (more MIMU
   points). Village-level candidates that are still tied are ambiguous: resolve() returns None.

A :class:`Place` has a short ``name`` ("Kanbalu", "Kayin") and a ``display_name`` ("Kanbalu
Township", "Kayin State"); ``Place.as_dict()`` (the record the spaCy component stores) uses the
display name as ``name``, and admin1/admin2/admin3 are display names too ("Kayin State", "Hpapun
District", "Hpapun Township").
"""
from __future__ import annotations

import csv
import hashlib
import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from .build import build_fingerprint, build_gazetteer, default_path
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


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer place (or a place kept outside the gazetteer, ``in_gazetteer=False``)."""

    location_id: str
    pcode: str | None
    name: str                   # short name: "Kanbalu", "Kayin", "Maw Taung"
    display_name: str           # "Kanbalu Township", "Kayin State", "Maw Taung"
    location_type: str          # country | state_region | district | township | town | village_tract | village | other
    level: str                  # MIMU level: country, adm1, adm1_combined, adm2, adm3, town, adm4, village, ward, unlisted
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

    def contains(self, other: "Place") -> bool:
        return self.pcode is not None and self.pcode in other.chain


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


class _Tiers:
    """Exact/alias candidates, then (computed only if asked for) the variant-key candidates."""

    def __init__(self, gaz: "Gazetteer", surface: str, variants: bool) -> None:
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
        self._by_pcode: dict[str, Place] = {}
        self._by_id: dict[str, Place] = {}
        self.exact: dict[str, list[tuple[Place, int]]] = defaultdict(list)  # key -> (place, 0 name/alias | 1 alt)
        self.variant: dict[str, list[Place]] = defaultdict(list)
        self.adjectives: dict[str, Place] = {}
        self.alias_rows: list[tuple[str, str, str]] = []  # (alias, pcode, source)
        self.max_words = 1
        self.places = []
        for p in places:
            self.add_place(p)
        self.country = self._by_pcode.get("MMR")

    def add_place(self, p: Place) -> None:
        self.places.append(p)
        if p.pcode:
            self._by_pcode.setdefault(p.pcode, p)
        self._by_id[p.location_id] = p

    # -------------------------------------------------------------------------------- indexing
    def _index_name(self, name: str, place: Place, tier: int) -> None:
        pk = place_key(name)
        if not pk:
            return
        lst = self.exact[pk]
        if all(q is not place for q, _ in lst):
            lst.append((place, tier))
        vk = variant_key(name)
        vl = self.variant[vk]
        if all(q is not place for q in vl):
            vl.append(place)
        self.max_words = max(self.max_words, len(name.replace("-", " ").split()))

    def _index_keys(self, place: Place, pkeys: list[str], vkeys: list[str], n_words: int) -> None:
        for i, pk in enumerate(pkeys):
            self.exact[pk].append((place, 0 if i == 0 else 1))
        for vk in vkeys:
            self.variant[vk].append(place)
        self.max_words = max(self.max_words, n_words)

    def add_alias(self, alias: str, place: Place, source: str) -> None:
        self._index_name(alias, place, 0)
        self.alias_rows.append((alias, place.pcode or "", source))

    def _load_aliases(self) -> None:
        with open(DATA_DIR / "manual_aliases.csv", encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                place = self._by_pcode.get(r["pcodes"].strip())
                if place is None or place.location_type != _LEVEL_NAMES.get(r["level"], r["level"]):
                    continue
                self.add_alias(r["alias"], place, "manual_aliases.csv")
        for r in _read_rows("countries.csv"):
            place = self._by_pcode.get(r["pcode"])
            for adj in filter(None, (r.get("adjectives") or "").split("|")):
                if place is not None:
                    self.adjectives[place_key(adj)] = place
        self._load_geonames()

    def _load_geonames(self) -> None:
        """GeoNames alternate names of towns: joined to MIMU towns by name or variant and distance."""
        rows = _read_rows("geonames_mm_cities_aliases.csv")
        counts: dict[str, int] = defaultdict(int)
        for r in rows:
            for n in {place_key(x) for x in [r["name"], *r["alt_names_latin"].split("|")] if x}:
                counts[n] += 1
        towns = [p for p in self.places if p.location_type == "town"]
        stop = {place_key(s) for s in patterns()["stop_names"]}
        for r in rows:
            lat, lon = float(r["lat"]), float(r["lon"])
            names = [r["name"]] + [a for a in r["alt_names_latin"].split("|") if a]
            keys = {place_key(n) for n in names}
            vkeys = {variant_key(n) for n in names}
            near = lambda p: _km(lat, lon, p.latitude, p.longitude)  # noqa: E731
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
            tsp = self._by_pcode.get(town.admin3_pcode or "")
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

    # -------------------------------------------------------------------------------- lookups
    def __len__(self) -> int:
        return len(self.places)

    def by_pcode(self, pcode: str) -> Place | None:
        return self._by_pcode.get(pcode)

    def by_location_id(self, location_id: str) -> Place | None:
        return self._by_id.get(location_id)

    def lookup(self, surface: str) -> tuple[list[tuple[Place, int]], list[Place]]:
        """(exact-or-alias matches with tier 0 name/alias or 1 alternate name, variant-key matches)."""
        pk = place_key(surface)
        exact = self.exact.get(pk, [])
        seen = {id(p) for p, _ in exact}
        variant = [p for p in self.variant.get(variant_key(surface), []) if id(p) not in seen]
        return list(exact), variant

    def candidates(self, surface: str) -> list[Place]:
        """Places whose place key matches the surface (names, alternate names, aliases); if none,
        the places whose variant key matches."""
        exact, variant = self.lookup(surface)
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
            p = self._by_pcode.get(pcode)
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
            return best[:1]
        return best

    def resolve(self, surface: str, type_hint=None, context=None, *, allow_villages: bool | None = None,
                variants: bool = True) -> Place | None:
        """The one place a surface form most likely names, or None (no match, or an ambiguous village).

        surface: the name as written, possibly with a type word ("Kanbalu Township", "Arakan State").
        type_hint: a type word ("township", "village", "states") or location type(s).
        context: pcodes of units named nearby (iterable), or {pcode: weight}.
        """
        best, _ = self.rank(surface, type_hint, context, allow_villages=allow_villages, variants=variants)
        return best[0] if len(best) == 1 else None

    # -------------------------------------------------------------------------------- outside places
    def common_unit(self, places: Iterable[Place]) -> Place | None:
        """The smallest gazetteer unit containing all the places (village tract, township, ... country)."""
        places = list(places)
        if not places:
            return None
        for attr in ("admin4_pcode", "admin3_pcode", "admin2_pcode", "admin1_pcode"):
            codes = {getattr(p, attr) for p in places}
            if len(codes) == 1 and None not in codes:
                unit = self._by_pcode.get(codes.pop())
                if unit is not None:
                    return self.admin1_whole(unit) if attr == "admin1_pcode" else unit
        admin1 = {p.admin1 for p in places}
        if len(admin1) == 1 and None not in admin1:
            return self.admin1_whole(self._by_pcode.get(places[0].admin1_pcode or ""))
        return self.country

    def admin1_whole(self, unit: Place | None) -> Place | None:
        """For a MIMU half of Shan or Bago, the whole state/region entry; otherwise the unit."""
        if unit is None or unit.level != "adm1":
            return unit
        for code in unit.chain:
            if "|" in code:
                return self._by_pcode.get(code, unit)
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
    except Exception:
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
    whole = {c: code for code in ("MMR014|MMR015|MMR016", "MMR007|MMR008") for c in code.split("|")}
    gaz = Gazetteer([], path)
    for (lid, pcode, level, ltype, name, display, alts, a1, a1p, a2, a2p, a3, a3p, a4, a4p, parent,
         lat, lon, prec, npts, pkeys, vkeys) in rows:
        if level in ("adm1_combined", "country"):
            chain = (pcode,)
        else:  # places in the MIMU halves of Shan / Bago also sit inside the whole
            chain = tuple(c for c in (whole.get(a1p), a1p, a2p, a3p, a4p, pcode) if c)
            if level == "adm1":
                chain = tuple(dict.fromkeys(chain))
        alt_t = tuple(alts.split("|")) if alts else ()
        place = Place(lid, pcode, name, display, ltype, level, a1, a1p, a2, a2p, a3, a3p, a4, a4p,
                      lat, lon, int(prec), True, int(npts or 0), alt_t, chain)
        gaz.add_place(place)
        gaz._index_keys(place, pkeys.split("|") if pkeys else [], vkeys.split("|") if vkeys else [],
                        max(len(n.replace("-", " ").split()) for n in (name, *alt_t)))
    gaz.country = gaz.by_pcode("MMR")
    gaz._load_aliases()
    return gaz


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Gazetteer:
    p = Path(path)
    with _LOCK:
        if not p.exists() or _parquet_fingerprint(p) != build_fingerprint():
            build_gazetteer(p)
    return read_gazetteer(p)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The process-wide Gazetteer (built at ``build_dir()/gazetteer.parquet`` on first use if missing)."""
    return _load_cached(str(Path(path) if path else default_path()))


def gazetteer_path() -> Path:
    return default_path()


__all__ = ["Gazetteer", "Place", "gazetteer_path", "load_gazetteer", "read_gazetteer", "unlisted_location_id"]
