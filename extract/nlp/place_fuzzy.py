"""The fuzzy level of the place matcher: names no key matched that the text puts in a place context.

A candidate is a capitalised name after a place preposition ("in Depayin"), before a type word, or next to
a unit or town in a list; it is looked up with ``Gazetteer.fuzzy`` (a variant key one or two romanisation
edits away), inside the units the sentence or article names, nationally only for a unique, long enough
name (the ``fuzzy`` settings of matcher_patterns.yaml).
"""

from __future__ import annotations

from extract.gazetteer.fuzzy import fuzzy_settings
from extract.gazetteer.keys import place_key, variant_key
from extract.gazetteer.place import GROUP_A
from extract.nlp.place_text import _BARE_UNIT_TYPES, Mention, Tok


class FuzzyNames:
    """The fuzzy level (a mixin of PlaceFinder: uses ``self.gaz`` (the gazetteer), ``self.lists`` (the word lists)
    and the settings of :class:`~extract.nlp.places.PlaceFinder`)."""

    def _fuzzy_candidates(
        self, toks: list[Tok], text: str, runs: list[list[int]], mentions: list[Mention]
    ) -> list[Mention]:
        """Capitalised names no key matched that the text puts in a place context, for the fuzzy level:
        after a place preposition ("in Depayin", "attacks on Tiddim"), before a type word ("Taninthayi
        Region"), next to a place name in a list or before its state ("Tiddim and Thantlang", "Depayin,
        Sagaing Region"), or the name of a typed place outside the gazetteer written again ("Yoma Nyein
        village ... Yoma Nyein")."""
        L = self.lists
        live: set[int] = set()
        weak: set[int] = set()  # a shorter name dropped for its capitalised neighbours: only for "memo"
        starts: dict[int, Mention] = {}
        for m in mentions:
            span = range(m.i0, max(m.type_end, m.i1))
            if m.dropped == "capitalised_neighbour":
                weak.update(span)
            else:
                live.update(span)
            if not m.dropped and m.kind == "gaz":
                starts[m.i0] = m
        typed_keys = {
            m.key
            for m in mentions
            if m.kind == "unlisted" and not m.dropped and m.hint and m.hint_from in ("after", "of") and m.key
        }
        out: list[Mention] = []
        blocked = None
        n = len(toks)
        for run in runs:
            if len(run) > 4 or any(i in live for i in run):
                continue
            i0 = run[0]
            hint, type_end = (), run[-1] + 1
            for p in range(1, len(run)):  # a type word ending the run: "Taninthayi Region"
                t = self._type_after(toks, run[p])
                if t is not None and t[1] == run[-1] + 1:
                    hint, type_end, run = t[0], t[1], run[:p]
                    break
            if len(run) > 3:
                continue
            i1 = run[-1] + 1
            first, last = toks[i0], toks[run[-1]]
            surface = text[first.start : last.end]
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
                continue  # "X village", "X camp": the unlisted candidates already took these
            if not self._plain_name(toks, run) or first.low in L.stop_words:
                continue
            if type_end < n and toks[type_end].text == "-" and toks[type_end].glued_before:
                continue  # "Depayin-based"
            if (
                not key
                or key in L.stop_names
                or key in L.ethnonyms
                or key in self.gaz.adjectives
                or (why != "memo" and len(key) < 5)
            ):
                continue
            if blocked is None:
                blocked = self._blocked(text)
            if any(a <= first.start < b for a, b in blocked):
                continue
            m = Mention(i0, i1, surface, kind="fuzzy", hint=hint, hint_from=why, type_end=type_end, key=key)
            m.start, m.sent, m.end_char = first.start, first.sent, last.end
            out.append(m)
        return out

    def _place_context(
        self, toks: list[Tok], i0: int, i1: int, starts: dict[int, Mention], mentions: list[Mention]
    ) -> str | None:
        """Why the words i0..i1 read as a place name: "locative" (a place preposition before them) or
        "list" (a unit or town name next to them in a list or after them), else None."""
        first, last = toks[i0], toks[i1 - 1]
        prev = toks[i0 - 1] if i0 else None
        if (
            prev is not None
            and prev.word
            and not prev.cap
            and prev.low in self.lists.fuzzy_prepositions
            and first.space_before
        ):
            return "locative"
        if (
            prev is not None
            and prev.poss
            and prev.low in self.lists.possessive_countries
            and first.space_before
            and i0 >= 2
            and toks[i0 - 2].word
            and toks[i0 - 2].low in self.lists.fuzzy_prepositions
        ):
            return "locative"  # "from Myanmar's Khawmawi": a place preposition, then the country's possessive
        if not (i1 - i0 == 1 and first.sent_initial) and (
            (not last.poss and self._place_follows(toks, i1, starts)) or self._place_precedes(toks, i0, mentions)
        ):
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

    def _resolve_fuzzy(
        self, m: Mention, types: tuple[str, ...], ctx: dict[str, float], *, national: bool, **limits
    ) -> bool:
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

    def _fuzzy_bare_unit(self, m: Mention, done: list[Mention]) -> bool:
        """The fuzzy level for a bare name in a place context ("in Depayin"): a unit or town inside the
        units named in its sentence; those of the article and the whole country only for longer names
        (the ``fuzzy`` settings in matcher_patterns.yaml)."""
        fz = fuzzy_settings()
        n = len(variant_key(m.surface))
        ctx = self._ctx(done, m.sent)
        if n < fz["bare_article_min_len"]:
            ctx = {c: w for c, w in ctx.items() if w >= 2}
        return self._resolve_fuzzy(
            m,
            _BARE_UNIT_TYPES,
            ctx,
            national=not self._sentence_region(ctx),
            national_min_len=fz["bare_national_min_len"],
            national_max_edits=fz["bare_national_max_edits"],
        )

    def _sentence_region(self, ctx: dict[str, float]) -> bool:
        """Whether the sentence names a state/region or district: a fuzzy match must then lie inside
        it ("Chaungon Township, Mon State" is not Kyaunggon in Ayeyarwady Region)."""
        return any(
            w >= 2 and (p := self.gaz.by_pcode(c)) is not None and p.location_type in ("state_region", "district")
            for c, w in ctx.items()
        )
