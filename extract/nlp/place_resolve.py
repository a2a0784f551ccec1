"""Gazetteer lookup in context: the passes that resolve each candidate name to one place.

States/regions and countries first, then units with a type word (the states as context), then bare names
(the units named in the same sentence weigh 2, elsewhere in the article 1, the nearest unit of the
sentence breaks a tie), the fuzzy level, then villages and places outside the gazetteer.
"""

from __future__ import annotations

from extract.gazetteer.keys import place_key
from extract.gazetteer.place import GROUP_A, Place
from extract.nlp.place_text import _FUZZY_TYPES, _VILLAGE_TYPES, _VOWEL_GROUPS, Mention, Tok, _Resolved


class ContextResolver:
    """Resolves the candidates against the gazetteer (a mixin of PlaceFinder: uses ``self.gaz`` (the gazetteer),
    ``self.lists`` (the word lists) and the settings of :class:`~extract.nlp.places.PlaceFinder`)."""

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
                if (
                    p is None
                    or not p.in_gazetteer
                    or p.location_type in ("country", "village", "village_tract", "other")
                ):
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

    def _resolve_one(
        self, m: Mention, ctx: dict[str, float], *, allow_villages=False, cache: dict | None = None
    ) -> None:
        gaz = self.gaz
        if m.kind == "adjective":
            m.place, m.how = gaz.adjectives.get(m.key), "adjective"
            return
        ck = (m.key, m.hint, tuple(sorted(ctx.items())), allow_villages)
        hit = cache.get(ck) if cache is not None else None
        if hit is None:
            hit = gaz.rank(
                m.surface, m.hint or (), ctx, allow_villages=allow_villages, variants=len(m.key) >= 5 or bool(m.hint)
            )
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

    def _resolve_all(self, toks: list[Tok], live: list[Mention]) -> None:
        gaz = self.gaz
        done: list[Mention] = _Resolved()
        cache: dict = {}  # same name, hint and context in one article: same answer
        # pass 1a: states / regions and countries
        for m in live:
            if m.kind == "adjective" and m.border:
                self._resolve_one(m, {})
            elif m.kind == "gaz" and (
                m.hint
                and "state_region" in m.hint
                or not m.hint
                and any(p.location_type in ("state_region", "country") for p, _ in gaz.exact.get(m.key, ()))
            ):
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
                if (
                    m.place is None
                    and m.kind in ("gaz", "unlisted", "fuzzy")
                    and m.hint
                    and m.hint[0] in GROUP_A
                    and not m.ambiguous
                ):
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
                m.place, m.how = villages[m.key], "memo"  # "Kanto village ... Kanto"
                continue
            ctx = self._ctx(done, m.sent)
            if m.kind == "fuzzy":
                # a bare name in a place context: a village of a township or district named in the sentence
                local = {
                    c: w
                    for c, w in ctx.items()
                    if w >= 2
                    and (p := gaz.by_pcode(c)) is not None
                    and p.location_type in ("township", "town", "district")
                }
                if local and m.hint_from != "memo" and not m.hint and self._distinctive(toks, m):
                    self._resolve_fuzzy(m, _VILLAGE_TYPES, local, national=False)
                continue
            if m.kind == "gaz" and m.hint:
                self._resolve_near(m, done)
                if m.place is not None and m.place.location_type in _VILLAGE_TYPES:
                    villages.setdefault(m.key, m.place)
            elif m.kind == "gaz" and not m.hint and self._distinctive(toks, m):
                local = {
                    c: w
                    for c, w in ctx.items()
                    if (p := gaz.by_pcode(c)) is not None and p.location_type in ("township", "town")
                }
                if local:
                    self._resolve_one(m, local, allow_villages=None)
                    if m.place is None and m.ambiguous:
                        near = self._ctx(done, m.sent, near=m.i0)
                        self._resolve_one(m, {c: near[c] for c in local}, allow_villages=None)
                    if m.place is not None and m.place.location_type in _VILLAGE_TYPES:
                        villages.setdefault(m.key, m.place)  # "... Taung Pyo in Maungdaw Township ... Taung Pyo"
                if m.place is None and m.ambiguous and all(p.location_type in GROUP_A for p in m.ambiguous):
                    self._keep_unlisted(m, toks, done)  # "Minhla" with nothing to choose its region
                elif (
                    m.place is None
                    and not m.ambiguous
                    and self.fuzzy
                    and m.i0 in by_start
                    and self._place_context(toks, m.i0, m.i1, by_start, live) is not None
                    and not any(p.location_type in GROUP_A for p, _ in gaz.exact.get(m.key, ()))
                ):
                    # a village name elsewhere, but the sentence's units hold a town or township a few
                    # edits away ("in Kantbalu, Sagaing Region": Kanbalu, not a village Kant Ba Lu)
                    self._fuzzy_bare_unit(m, done)
                continue
            elif (
                m.kind == "gaz" and not m.hint and m.ambiguous and all(p.location_type in GROUP_A for p in m.ambiguous)
            ):
                self._keep_unlisted(m, toks, done)
                continue
            if (
                m.place is None
                and m.hint
                and m.hint[0] in _VILLAGE_TYPES
                and not m.ambiguous
                and m.kind in ("gaz", "unlisted")
            ):
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

    def _distinctive(self, toks: list[Tok], m: Mention) -> bool:
        L = self.lists
        if m.key in L.stop_names or m.key in L.ethnonyms or len(m.key) < self.min_village_chars:
            return False
        if len(_VOWEL_GROUPS.findall(m.key)) < 2:
            return False
        if m.i1 - m.i0 == 1 and toks[m.i0].sent_initial:
            return False
        return True
