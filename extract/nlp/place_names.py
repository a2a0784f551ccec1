"""Finding candidate place names in the text (the first step of the place matcher).

Runs of capitalised words (joined by spaces or hyphens), the longest word sequences in them whose place key
(or variant key) is in the gazetteer, type words after a name ("Township", "village", "states"), names
before and after a word, and the names the text marks as places outside the gazetteer: "Camp Victoria",
"Mae La camp", "X village", "the village of X", lists a plural type word governs ("X and Y villages").
"""

from __future__ import annotations

from extract.gazetteer.keys import ascii_fold, place_key
from extract.gazetteer.place import GROUP_A
from extract.nlp.place_lists import NameLists
from extract.nlp.place_text import Mention, Tok, _fold_cached, _word_key


class NameScanner(NameLists):
    """Finds the candidate names of a text (a mixin of PlaceFinder: uses ``self.gaz`` (the gazetteer),
    ``self.lists`` (the word lists) and the settings of :class:`~extract.nlp.places.PlaceFinder`)."""

    # ------------------------------------------------------------------------------ scanning
    def _blocked(self, text: str) -> list[tuple[int, int]]:
        """Where the stop phrases stand in the text (no place name starts inside one), found once per text."""
        if text is not self._blocked_for[0]:
            self._blocked_for = (text, [m.span() for m in self.lists.stop_phrase_re.finditer(text)])
        return self._blocked_for[1]

    def _is_name_word(self, tk: Tok) -> bool:
        return tk.cap and not tk.acronym and not (tk.sent_initial and tk.low in self.lists.stop_words)

    def _runs(self, toks: list[Tok]) -> list[list[int]]:
        runs: list[list[int]] = []
        cur: list[int] = []
        caps = [i for i, tk in enumerate(toks) if tk.cap]  # only these can open a run
        c = 0
        i, n = 0, len(toks)
        while i < n:
            if not cur:  # no run open: go to the next capitalised word
                while c < len(caps) and caps[c] < i:
                    c += 1
                if c == len(caps):
                    break
                i = caps[c]
            tk = toks[i]
            name_word = self._is_name_word(tk)
            if cur:
                last = toks[cur[-1]]
                # hyphen join: Word-Word (the second part may be lower case: "Pa-an")
                if (
                    tk.text == "-"
                    and tk.glued_before
                    and not last.poss
                    and i + 1 < n
                    and toks[i + 1].word
                    and toks[i + 1].glued_before
                    and not toks[i + 1].acronym
                    and (toks[i + 1].cap or len(toks[i + 1].text) <= 3)
                ):
                    cur.append(i + 1)
                    i += 2
                    continue
                if name_word and tk.space_before and not last.poss and tk.sent == last.sent:
                    cur.append(i)
                    i += 1
                    continue
                runs.append(cur)
                cur = []
            if name_word:
                cur.append(i)
            i += 1
        if cur:
            runs.append(cur)
        return runs

    def _type_after(self, toks: list[Tok], j: int) -> tuple[tuple[str, ...], int, bool] | None:
        """A type word starting at token j (after a space): (types, index after it, plural)."""
        if j >= len(toks) or not toks[j].word or not toks[j].space_before:
            return None
        L = self.lists
        if toks[j].low not in L.type_first:
            return None
        for multi in L.type_multi_by_first.get(toks[j].low, ()):
            k = len(multi)
            if j + k <= len(toks) and all(toks[j + x].low == multi[x] for x in range(1, k)):
                return L.type_words[" ".join(multi)], j + k, multi[-1].endswith("s")
        # hyphenated: village-tract
        if j + 2 < len(toks) and toks[j + 1].text == "-" and toks[j + 1].glued_before and toks[j + 2].glued_before:
            w = f"{toks[j].text}-{toks[j + 2].text}".lower()
            if w in L.type_words:
                return L.type_words[w], j + 3, w.endswith("s")
        w = toks[j].low
        if w in L.type_words:
            return L.type_words[w], j + 1, w.endswith("s")
        return None

    def _find(self, toks: list[Tok], text: str, runs: list[list[int]]) -> list[Mention]:
        L, gaz = self.lists, self.gaz
        blocked = self._blocked(text)
        mentions: list[Mention] = []
        skip_edge = L.skip_edge
        exact, variant = gaz.exact.keys_, gaz.variant.keys_
        for run in runs:
            wkeys = [_word_key(toks[i].low) for i in run]
            k = 0
            while k < len(run):
                found = None
                for n in range(min(self.max_words, len(run) - k), 0, -1):
                    a, b = run[k], run[k + n - 1]
                    first, last = toks[a], toks[b]
                    if last.low in skip_edge or first.low in skip_edge:
                        # "North Dagon" (a township MIMU writes Dagon Myothit (North)): a direction word opens
                        # a unit's own name only when the whole is that unit's name
                        if n < 2 or last.low in skip_edge or first.low not in L.directions:
                            continue
                        pk = "".join(wkeys[k : k + n])
                        if not any(gaz._type_of(c >> 1) in GROUP_A for c in gaz._exact_raw.get(pk, ())):
                            continue
                    words = wkeys[k : k + n]
                    pk = "".join(words)
                    if not pk:
                        continue
                    if pk in gaz.adjectives and self.countries:
                        found = Mention(a, b + 1, text[first.start : last.end], kind="adjective", key=pk)
                    elif pk in exact:
                        found = Mention(a, b + 1, text[first.start : last.end], key=pk)
                    elif len(pk) >= 4:
                        vk = _fold_cached(tuple(words))
                        if vk in variant:
                            found = Mention(a, b + 1, text[first.start : last.end], key=pk, vkey=vk)
                    if found:
                        k += n
                        break
                if found is None:
                    k += 1
                    continue
                if any(s <= toks[found.i0].start < e for s, e in blocked):
                    continue
                mentions.append(found)
        if self.unlisted:
            extra = self._unlisted_candidates(toks, text, mentions)
            if extra:
                seen: set[tuple[int, int]] = set()
                extra = [u for u in extra if (u.i0, u.i1) not in seen and not seen.add((u.i0, u.i1))]
                inside = {i for u in extra for i in range(u.i0, u.i1)}
                mentions = [m for m in mentions if m.i0 not in inside] + extra
        mentions.sort(key=lambda m: m.i0)
        for m in mentions:
            m.start = toks[m.i0].start
            m.sent = toks[m.i0].sent
            if m.type_end == 0:
                m.type_end = m.i1
        return mentions

    def _name_before(self, toks: list[Tok], j: int) -> list[int]:
        """Up to four capitalised name words right before token j (joined by spaces or hyphens)."""
        L = self.lists
        out: list[int] = []
        i = j - 1
        nxt = toks[j]
        while i >= 0 and len(out) < 4:
            tk = toks[i]
            joined = nxt.space_before or (nxt.glued_before and tk.text != "-")
            if tk.text == "-" and tk.glued_before and nxt.glued_before and out:
                i -= 1
                nxt = tk
                continue
            if not joined or not self._is_name_word(tk) or tk.poss or tk.low in L.type_words:
                break
            out.insert(0, i)
            nxt = tk
            i -= 1
        while out and (
            toks[out[0]].low in L.directions
            or toks[out[0]].sent_initial
            and len(out) > 1
            and toks[out[0]].low in L.stop_words
        ):
            out = out[1:]
        return out

    def _name_after(self, toks: list[Tok], j: int, glued: bool = False) -> list[int]:
        """Up to four capitalised name words after token j (the first after a space, or also glued to it)."""
        out: list[int] = []
        i = j + 1
        while i < len(toks) and len(out) < 4:
            tk = toks[i]
            if (
                not (tk.space_before or ((out or glued) and tk.glued_before))
                or not self._is_name_word(tk)
                or tk.low in self.lists.type_words
            ):
                break
            out.append(i)
            if tk.poss:
                break
            i += 1
        return out

    def _unlisted_candidates(self, toks: list[Tok], text: str, found: list[Mention]) -> list[Mention]:
        """Capitalised names the text marks as places: "Camp Victoria", "Mae La camp", "X village",
        "X Township", "the village of X"."""
        L = self.lists
        ending_at: dict[int, Mention] = {m.i1: m for m in found}
        unit_types = ("township", "town", "district", "village", "village_tract", "other")
        blocked = self._blocked(text)
        out = []
        triggers = L.unlisted_triggers
        for j in [j for j, tk in enumerate(toks) if tk.low in triggers and tk.word]:
            tk = toks[j]
            w = tk.low
            names: list[int] = []
            types: tuple[str, ...] = ()
            after = j
            plural = False
            hint_from = "after"
            if (
                tk.cap
                and w in L.unlisted_numbered
                and j + 1 < len(toks)
                and toks[j + 1].space_before
                and toks[j + 1].text.isdigit()
            ):  # "Hill 902", "Outpost 3"
                m = Mention(
                    j,
                    j + 2,
                    text[tk.start : toks[j + 1].end],
                    kind="unlisted",
                    hint=(L.unlisted_numbered[w],),
                    hint_from="camp",
                    key=place_key(text[tk.start : toks[j + 1].end]),
                )
                out.append(m)
                continue
            known = self._known_as(toks, j)
            if known is not None:  # "a camp known locally as X"
                names, ltype = known
                m = Mention(
                    names[0],
                    names[-1] + 1,
                    text[toks[names[0]].start : toks[names[-1]].end],
                    kind="unlisted",
                    hint=(ltype,),
                    hint_from="known_as",
                )
                m.key = place_key(m.surface)
                if (
                    m.key
                    and self._plain_name(toks, names, article=True)
                    and not self._gaz_handles(toks, names, (ltype,), ending_at)
                ):
                    out.append(m)
                continue
            if tk.cap and w in L.unlisted_before:  # "Camp Victoria"
                names = self._name_after(toks, j)
                if names:
                    m = Mention(
                        j,
                        names[-1] + 1,
                        text[tk.start : toks[names[-1]].end],
                        kind="unlisted",
                        hint=(L.unlisted_before[w],),
                        hint_from="camp",
                    )
                    if (
                        self._plain_name(toks, names)
                        and place_key(m.surface)
                        and not self._gaz_handles(toks, names, ("other",), ending_at)
                        and not self._broken_or_headline(toks, names)
                    ):
                        out.append(m)
                    continue
            if (
                w in L.type_of and j + 1 < len(toks) and toks[j + 1].text == "of" and not self._name_before(toks, j)
            ):  # "the village of X" (but "X village of Y township" names X)
                names = self._name_after(toks, j + 1)
                types = tuple(t for t in L.type_of[w] if t in unit_types)[:1]
                hint_from = "of"
                if names:
                    after = names[-1] + 1
                    if w.endswith("s"):  # "the villages of X and Y", "the states of Shan, Kayah and Kayin"
                        for g in self._list_after(toks, names):
                            self._list_member(toks, text, g, L.type_of[w], ending_at, blocked, out)
            else:
                t = self._type_after(toks, j) if tk.space_before else None
                if t and (w in ("city", "cities") or (w in ("town", "towns") and tk.cap)):
                    t = None  # "Redwood City", "Cape Town": only gazetteer towns take these words
                if t and t[0][0] in unit_types:
                    types, after, plural = t[0][:1], t[1], t[2]
                    all_types = t[0]
                elif w in L.unlisted_after and tk.space_before:
                    types, after, plural = (L.unlisted_after[w],), j + 1, w.endswith("s")
                    all_types = types
                else:
                    continue
                if plural:  # "three wards: X, Y and Z", "15 villages, including X and Y"
                    first = self._list_intro(toks, after)
                    if first is not None:
                        names = self._name_after(toks, first - 1, glued=True)
                        if names:
                            for g in [names] + self._list_after(toks, names):
                                self._list_member(toks, text, g, all_types, ending_at, blocked, out)
                names = self._name_before(toks, j)
                if not names and w in L.unlisted_after and j and toks[j - 1].low in L.camp_qualifiers:
                    names = self._name_before(toks, j - 1)  # "Khuathar IDP camp"
                    if not names and j > 1 and toks[j - 2].low in L.camp_qualifiers:
                        names = self._name_before(toks, j - 2)  # "Pulu Tu frontier military base"
                if plural and names:  # "Khawmawi and Rihkhawdar villages": every name of the list
                    for g in self._list_before(toks, names):
                        self._list_member(toks, text, g, all_types, ending_at, blocked, out)
            if not names or not types or not self._plain_name(toks, names):
                continue
            if self._gaz_handles(toks, names, types, ending_at):
                continue
            if any(s <= toks[names[0]].start < e for s, e in blocked):
                continue
            prev = toks[names[0] - 1].low if names[0] else ""
            if hint_from == "after" and prev in ("a", "an", "another", "one", "every", "each", "any"):
                continue  # "a Karen village": an adjective, not a name
            if len(names) == 1 and toks[names[0]].sent_initial:
                continue  # "Junta camps were ...": a capitalised common noun, not a name
            surface = text[toks[names[0]].start : toks[names[-1]].end]
            key = place_key(surface)
            if not key or key in L.ethnonyms or key in L.stop_names or key in self.gaz.adjectives:
                continue
            type_end = after if hint_from == "after" else names[-1] + 1
            out.append(
                Mention(
                    names[0],
                    names[-1] + 1,
                    surface,
                    kind="unlisted",
                    hint=types,
                    hint_from=hint_from,
                    type_end=type_end,
                    plural=plural,
                    key=key,
                )
            )
        return out

    def _known_as(self, toks: list[Tok], j: int) -> tuple[list[int], str] | None:
        """The name and type of "a <type> known (locally) as <Name>" when token j ends the phrase."""
        L = self.lists
        for phrase in L.known_as_by_last.get(toks[j].low, ()):
            k = j - len(phrase) + 1
            if k < 1 or tuple(t.low for t in toks[k : j + 1]) != phrase:
                continue
            ltype = L.known_as.get(toks[k - 1].low)
            names = self._name_after(toks, j) if ltype else []
            return (names, ltype) if names else None
        return None

    def _gaz_handles(
        self, toks: list[Tok], names: list[int], types: tuple[str, ...], ending_at: dict[int, Mention]
    ) -> bool:
        """Whether a gazetteer mention of exactly these names should take the type word instead: it
        names a place of that type ("Kone Thar village") or a unit or town ("Lashio camp"). A mention
        of the last names only does not ("Sa Tain Thaung village" is not a village Thaung)."""
        m = ending_at.get(names[-1] + 1)
        if (
            m is None
            or m.kind != "gaz"
            or not (
                m.i0 == names[0]
                or m.i0 < names[0]
                and all(toks[i].low in self.lists.directions for i in range(m.i0, names[0]))
            )
        ):  # "North Dagon"
            return False
        if self.gaz.candidates(m.surface, types):  # "Kyaukgyi Township": Kyaukkyi by its variant key
            return True
        return bool(self.gaz.candidates(m.surface, GROUP_A))

    def _plain_name(self, toks: list[Tok], idx: list[int], article: bool = False) -> bool:
        """Capitalised words that are not a person's name, an organisation or a type word. With ``article``, the
        name may open with the Burmese prefix "A" ("a site called A Nang Pa")."""
        L = self.lists
        words = [toks[i].text for i in idx]
        if any(ascii_fold(w) in L.followers or w.lower() in L.type_words for w in words):
            return False
        if words[0] in L.titles or (idx[0] > 0 and toks[idx[0] - 1].text in L.titles):
            return False
        if len(words) >= 2 and all(w in L.syllables for w in words):
            return False
        return all(
            len(w) > 1 or w == "U" or (article and i == 0 and w == "A" and len(words) > 1) for i, w in enumerate(words)
        )
