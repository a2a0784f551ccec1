"""The gazetteer's queries: which place a name written in a text stands for.

:class:`Gazetteer` is :class:`~extract.gazetteer.index.PlaceIndex` (places and name keys) with the fuzzy level
(:class:`~extract.gazetteer.fuzzy.FuzzyLevel`) and the resolution below, and the places the text names outside
it (``unlisted``, ``common_unit``).

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
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .fuzzy import FuzzyLevel
from .index import PlaceIndex
from .keys import patterns, place_key, type_suffix, variant_key
from .place import (
    _ABROAD_PREFIXES,
    DEPTH,
    GROUP_A,
    LEVEL_PREF,
    PRECISION_OF_ENCLOSING,
    VILLAGE_LEVEL,
    Place,
    unlisted_location_id,
)


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

    def __init__(self, gaz: Gazetteer, surface: str, variants: bool) -> None:
        self.gaz, self.surface, self.variants = gaz, surface, variants

    def __iter__(self):
        exact = self.gaz.exact.get(place_key(self.surface), [])
        yield exact, False
        if self.variants:
            seen = {id(p) for p, _ in exact}
            yield [(p, 2) for p in self.gaz.variant.get(variant_key(self.surface), []) if id(p) not in seen], True


class Gazetteer(FuzzyLevel, PlaceIndex):
    """Places, the name indexes over them, and the lookups that resolve a name to one place."""

    # -------------------------------------------------------------------------------- resolution
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

    def rank(
        self, surface: str, type_hint=None, context=None, *, allow_villages: bool | None = None, variants: bool = True
    ) -> tuple[list[Place], bool]:
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
            k = (
                self._ctx_score(p, ctx),
                -hint.index(p.location_type) if hint else 0,
                LEVEL_PREF.get(p.location_type, 0),
                -min(tier, 1),
            )
            if p.location_type in GROUP_A:  # units: prefer those with coordinates, then the larger
                return k + (p.latitude is not None, p.n_points)
            return k + (False, 0)  # villages: a remaining tie is an ambiguity

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
            tied = [
                p
                for k, p in scored
                if k[:4] == top[:4]
                and p.location_type == best[0].location_type
                and p.location_type not in ("state_region", "country")
            ]
            if len({p.admin1_pcode for p in tied}) > 1:
                return list(dict.fromkeys(tied))
            return best[:1]
        return best

    def resolve(
        self, surface: str, type_hint=None, context=None, *, allow_villages: bool | None = None, variants: bool = True
    ) -> Place | None:
        """The one place a surface form most likely names, or None (no match, or an ambiguous name).

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
            location_id=unlisted_location_id(name, location_type, a1, a3),
            pcode=None,
            name=name,
            display_name=name,
            location_type=location_type,
            level="unlisted",
            admin1=a1,
            admin1_pcode=within.admin1_pcode if within else None,
            admin2=a2,
            admin2_pcode=within.admin2_pcode if within else None,
            admin3=a3,
            admin3_pcode=within.admin3_pcode if within else None,
            admin4=within.admin4 if within else None,
            admin4_pcode=within.admin4_pcode if within else None,
            latitude=within.latitude if within else None,
            longitude=within.longitude if within else None,
            geo_precision=PRECISION_OF_ENCLOSING.get(wt, 3),
            in_gazetteer=False,
            chain=tuple(c for c in (within.chain if within else ()) if c) + ((within_pcode,) if within_pcode else ()),
        )
