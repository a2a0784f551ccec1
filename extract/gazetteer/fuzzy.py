"""The fuzzy level of place lookup: an edit distance for romanised Burmese, and the search over variant keys.

:func:`edit_distance` counts only the edits romanisations show; :class:`_KeyIndex` groups variant keys so a
search measures a name only against keys within reach; :class:`FuzzyLevel` is the part of
:class:`~extract.gazetteer.query.Gazetteer` that owns the fuzzy indexes and ``Gazetteer.fuzzy`` (the level the
matcher uses after exact, alias and variant key, only for names the text marks as places: variant keys within a
small edit distance, constrained by the units the article names; see ``extract/data/gazetteer/README.md``).
The thresholds are the ``fuzzy`` settings of ``matcher_patterns.yaml``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .keys import patterns, place_key, variant_key
from .place import _A1P, _A2P, _A3P, _LEVEL, GROUP_A, Place, _chain

_VOWELS = frozenset("aeiouy")
_SOFT = frozenset("hwyr")  # letters romanisations write or leave out (Hlaingthaya / Hlaing Tharyar)
_ALIKE = (frozenset("ry"),)  # consonants written for one sound (Kyaikmaraw / Kyaikmayaw)


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


_FUZZY_MEMO_SIZE = 50_000  # fuzzy answers remembered per gazetteer
_TOWNSHIP_SEARCHES = 4  # a context naming at most this many townships of a state searches each one's index


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
            pairs.sort(key=lambda p: len(p[0]))  # stable: keys of one length stay in the order given
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
        hits.sort(key=lambda h: (len(h[0]), h[1], h[2]))  # by key length, then distance, then position
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


class FuzzyLevel:
    """The fuzzy level of :class:`~extract.gazetteer.query.Gazetteer` (a mixin over its rows and name indexes:
    ``_variant_raw``, ``_type_of``, ``_row``, ``_place``, ``by_pcode``, ``_context``, ``_ctx_score``, ``_best``).
    Its indexes are built on first use, or all at once by :meth:`prepare_fuzzy`, and forgotten when a name is
    added."""

    def _init_fuzzy(self) -> None:
        self._fuzzy_units: _KeyIndex | None = None
        self._fuzzy_villages: dict[tuple[str, str | None], _KeyIndex] = {}
        self._fuzzy_memo: dict[tuple, tuple[list[Place], int]] = {}
        self._village_keys: dict[tuple[str, str | None], list[tuple[str, int]]] | None = None
        self._units_below: dict[str, list[str]] | None = None

    def _names_changed(self) -> None:
        self._fuzzy_units = None
        self._fuzzy_villages.clear()
        self._fuzzy_memo.clear()
        self._village_keys = None

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
                    if (
                        self._type_of(i) in GROUP_A
                        and self._type_of(i) != "country"
                        and self._row(i)[_LEVEL] != "abroad"
                    ):
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
                self._village_key_lists().get((admin1, township), ())
            )
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

    def fuzzy(
        self,
        surface: str,
        types: Iterable[str],
        context=None,
        *,
        national: bool = False,
        national_min_len: int | None = None,
        national_max_edits: int | None = None,
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
            hit = self._fuzzy_memo[key] = self._fuzzy(q, types, ctx, national, national_min_len, national_max_edits)
        return list(hit[0]), hit[1]

    def _fuzzy(
        self,
        q: str,
        types: tuple,
        ctx: dict,
        national: bool,
        national_min_len: int | None,
        national_max_edits: int | None,
    ) -> tuple[list[Place], int]:
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
            elif (
                national
                and hits
                and len(q) >= national_min_len
                and len({place_key(p.name) for _, p in hits}) == 1
                and min(d for d, _ in hits) <= national_max_edits
            ):
                found = hits
        if not found and vill_types and ctx:
            order: dict[str, int] = {}  # the context's townships, in the context's order
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
                if len(townships) <= _TOWNSHIP_SEARCHES:  # the townships' own indexes: the smaller searches
                    rows = [r for t in townships for r in self._villages_in(admin1, t).search(q)]
                else:
                    rows = self._villages_in(admin1).search(q, in_context)
                for d, i in rows:
                    p = self._place(i)
                    if p.location_type in vill_types:
                        hits.append((order[p.admin3_pcode], d, p))
            hits.sort(key=lambda h: h[0])  # township by township, in the context's order
            found = [(d, p) for _, d, p in hits]
        if not found:
            return [], 0
        dmin = min(d for d, _ in found)
        close = [p for d, p in found if d == dmin]
        top = max(self._ctx_score(p, ctx) for p in close)
        close = [p for p in close if self._ctx_score(p, ctx) == top]
        if len({place_key(p.name) for p in close}) > 1 and close[0].location_type in GROUP_A:
            return [], 0  # two different names equally close and equally placed: no guess
        return self._best([(p, 0) for p in close], ctx, types), dmin
