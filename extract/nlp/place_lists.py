"""Lists of place names ("the villages of A, B and C", "X and Y townships"): where a list starts and ends,
its members and separators, and lists broken by a line or a headline. A mixin of `NameScanner`
(extract/nlp/place_names.py)."""

from __future__ import annotations

from extract.gazetteer.keys import place_key
from extract.nlp.place_text import Mention, Tok


class NameLists:
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
            if any(t.low in ("and", "or") for t in toks[groups[x - 1][-1] + 1 : groups[x][0]]):
                return groups[: x + 1]
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
        before = [t for t in toks[max(lo, g[0] - 15) : g[0]] if t.word and len(t.text) > 3]
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
                return None  # a comma alone ("villages, Human Rights Watch said") introduces nothing
        return k if k < n and self._is_name_word(toks[k]) else None

    def _list_member(
        self,
        toks: list[Tok],
        text: str,
        g: list[int],
        types: tuple[str, ...],
        ending_at: dict[int, Mention],
        blocked: list,
        out: list[Mention],
    ) -> None:
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
        surface = text[toks[g[0]].start : toks[g[-1]].end]
        key = place_key(surface)
        if not key or key in L.ethnonyms or key in L.stop_names or key in self.gaz.adjectives:
            return
        out.append(
            Mention(
                g[0],
                g[-1] + 1,
                surface,
                kind="unlisted",
                hint=types,
                hint_from="list",
                type_end=g[-1] + 1,
                plural=True,
                key=key,
            )
        )
