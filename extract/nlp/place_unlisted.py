"""Places outside the gazetteer: kept at the smallest unit known to contain them.

A place the text marks as one but the gazetteer lacks (or cannot choose between several) is kept with
``in_gazetteer`` False at the unit its sentence or article puts it in; so are the names of a list after a
place preposition when another name of it is a Myanmar place, and a name the article establishes as such
a place wherever else it stands alone.
"""

from __future__ import annotations

from extract.gazetteer.keys import ascii_fold, place_key
from extract.gazetteer.place import DEPTH, Place
from extract.nlp.place_text import _UNLISTED_SUFFIX, _VILLAGE_TYPES, Mention, Tok, _word_key, text_of


class UnlistedPlaces:
    """Keeps the places outside the gazetteer (a mixin of PlaceFinder: uses ``self.gaz`` (the gazetteer),
    ``self.lists`` (the word lists) and the settings of :class:`~extract.nlp.places.PlaceFinder`)."""

    def _locative_lists(self, toks: list[Tok], text: str, runs: list[list[int]], live: list[Mention]) -> list[Mention]:
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
                if (
                    u is None
                    or u.place is None
                    or not u.place.in_gazetteer
                    or self.gaz.is_abroad(u.place)
                    or u.place.location_type not in ("state_region", "district", "township")
                ):
                    continue
                known.append(u.place.location_type)
            for g in groups:
                m = by_start.get(g[0])
                end = g[-1] + 1
                if m is not None and m.place is not None and max(m.type_end, m.i1) == end:
                    if (
                        m.place.location_type == "country"
                        or not m.place.in_gazetteer
                        and m.place.admin1 is None
                        or self.gaz.is_abroad(m.place)
                    ):
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
                    if (
                        len(g) > 4
                        or not self._plain_name(toks, g)
                        or (len(g) == 1 and toks[g[0]].sent_initial)
                        or self._broken_or_headline(toks, g)
                    ):
                        continue
                    surface = text[toks[g[0]].start : toks[g[-1]].end]
                    key = place_key(surface)
                    if (
                        len(key) < 4
                        or key in L.ethnonyms
                        or key in L.stop_names
                        or key in self.gaz.adjectives
                        or toks[g[0]].low in L.stop_words
                        or any(a <= toks[g[0]].start < b for a, b in self._blocked(text))
                    ):
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
        if kept:  # the same name written again elsewhere in a place context ("the camp at Tuibual")
            for m in live:
                if m.place is None and m.kind == "fuzzy" and m.key in kept:
                    m.place, m.how = kept[m.key], "memo"
        return new

    def _established_again(
        self, toks: list[Tok], runs: list[list[int]], mentions: list[Mention], live: list[Mention]
    ) -> list[Mention]:
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
            if (
                p is not None
                and m.how == "unlisted"
                and not p.in_gazetteer
                and len(m.key) >= 4
                and not self.gaz.is_abroad(p)
            ):
                had = kept.get(m.key)
                if had is None or had.location_type == "other" and p.location_type != "other":
                    kept[m.key] = p  # the bare name is the town or village, not the camp named after it
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
                continue  # hyphenated: "Mae-La" is matched by the keys, not here
            key = "".join(_word_key(toks[i].low) for i in run)
            place = kept.get(key)
            if place is None:
                continue
            words = [toks[i].text for i in run]
            if (
                key in L.stop_names
                or key in L.ethnonyms
                or key in self.gaz.adjectives
                or all(w in L.syllables for w in words)
                or not self._plain_name(toks, run)
                or toks[i0].low in L.stop_words
            ):
                continue
            if i1 < n and toks[i1].space_before and ascii_fold(toks[i1].text) in L.followers and not toks[i1 - 1].poss:
                continue
            m = by_span.get((i0, i1))
            if m is None:
                m = Mention(i0, i1, text_of(toks, i0, i1), kind="unlisted", key=key, type_end=i1)
                m.start, m.sent, m.end_char = toks[i0].start, toks[i0].sent, toks[i1 - 1].end
                new.append(m)
            m.place, m.how = place, "memo"
        return new

    def _keep_unlisted(self, m: Mention, toks: list[Tok], done: list[Mention]) -> None:
        """Keep a place the gazetteer cannot give (or cannot choose) at the smallest unit known to
        contain it: the units of its sentence or article, or what all its candidates share."""
        gaz = self.gaz
        abroad = [p for p, _ in gaz.exact.get(m.key, ()) if gaz.is_abroad(p)]
        if abroad:  # "Zokhawthar village": a place abroad with its type word, not a new Myanmar village
            m.place, m.how = abroad[0], "abroad"
            return
        within = self._within(m, done)
        amb = m.ambiguous
        if amb:
            common = gaz.common_unit(amb)
            if common is not None and (
                within is None or DEPTH.get(common.location_type, 0) > DEPTH.get(within.location_type, 0)
            ):
                within = common
        ltype = m.hint[0] if m.hint else (amb[0].location_type if amb else "other")
        name = m.surface
        if ltype == "other" and m.hint_from == "after":  # "Mae La camp", "Aye Yar Ward"; a base by its name
            # a qualifier between the name and "camp" describes it: "Mae La IDP camp" is Mae La camp
            word = toks[m.type_end - 1].text
            word = word[:-1] if word.lower() in ("camps", "wards") else word  # "X and Y camps": X camp
            name = m.surface if word.lower() in self.lists.base_words else f"{m.surface} {word}"
        elif ltype in _UNLISTED_SUFFIX and m.hint:
            name = f"{m.surface} {_UNLISTED_SUFFIX[ltype]}"
        m.place = gaz.unlisted(" ".join(name.split()), ltype, within)  # (a name wrapped across lines: one space)
        m.how = "ambiguous" if amb else "unlisted"

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

        same = [
            r
            for r in done
            if r.sent == m.sent and r.place is not None and r.place.in_gazetteer and encloses(r.place) and r is not m
        ]
        if same:
            # the unit named nearest, or a smaller one inside it / a larger one containing it
            # ("Hill 1010 in Chin State and Camp 5 near Lashio": Chin State, then Lashio)
            nearest = min(same, key=lambda r: abs(r.start - m.start)).place
            fits = [r for r in same if r.place.contains(nearest) or nearest.contains(r.place) or r.place is nearest]
            best = max(fits, key=lambda r: (DEPTH.get(r.place.location_type, 0), -abs(r.start - m.start)))
            return best.place
        units = {
            r.place.pcode: r.place
            for r in done  # (a place abroad only holds what its own sentence puts in it)
            if r.place is not None and r.place.in_gazetteer and encloses(r.place) and not gaz.is_abroad(r.place)
        }
        tsp = {p.pcode for p in units.values() if p.location_type == "township"}
        if len(tsp) == 1:
            return gaz.by_pcode(tsp.pop())
        a1 = {p.admin1 for p in units.values() if p.admin1}
        if len(a1) == 1:
            p = next(p for p in units.values() if p.admin1)
            whole = gaz.admin1_whole(gaz.by_pcode(p.admin1_pcode or ""))
            return whole
        return gaz.country
