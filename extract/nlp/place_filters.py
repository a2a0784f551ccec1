"""What the words around a candidate name say about it (the place matcher's second step).

A type word after it or "the village of" before it, a type word governing a whole list ("Mon and Karen
states"), a border word after a country adjective; and the reasons a bare name is dropped: part of an
organisation's or a person's name, an ethnic adjective, a stop name, next to capitalised words that are
not places.
"""

from __future__ import annotations

import re

from extract.gazetteer.keys import ascii_fold
from extract.nlp.place_text import Mention, Tok


class MentionFilters:
    """Reads the words around each candidate (a mixin of PlaceFinder: uses ``self.gaz`` (the gazetteer),
    ``self.lists`` (the word lists) and the settings of :class:`~extract.nlp.places.PlaceFinder`)."""

    # ------------------------------------------------------------------------------ filtering
    def _annotate(self, toks: list[Tok], mentions: list[Mention], text: str, runs: list[list[int]]) -> None:
        L = self.lists
        by_token = {}
        for m in mentions:
            for i in range(m.i0, m.i1):
                by_token[i] = m
        run_of = {}
        for r in runs:
            for i in r:
                run_of[i] = r
        for m in mentions:
            if m.kind == "unlisted":
                continue
            last = toks[m.i1 - 1]
            # type word after the name, or "the village of X" before it
            if not last.poss:
                t = self._type_after(toks, m.i1)
                if t and not (m.kind == "adjective" or m.kind == "gaz" and self._unit_adjective(m.key, t)):
                    # a country's name before a type word is an adjective: "the central Myanmar city of Bago",
                    # "the nearest Myanmarese town"
                    m.hint, m.type_end, m.plural = t[0], t[1], t[2]
                    m.hint_from = "after"
            if not m.hint and m.i0 >= 2 and toks[m.i0 - 1].low == "of":
                w = toks[m.i0 - 2].low
                if w in L.type_of:
                    m.hint, m.hint_from = L.type_of[w], "of"
            if m.hint and m.hint[0] in ("village", "village_tract", "other") and m.hint_from == "after":
                prev = toks[m.i0 - 1].low if m.i0 else ""
                if m.key in L.ethnonyms or prev in ("a", "an", "another", "one", "every", "each", "any"):
                    m.dropped = "adjective"  # "a Kachin village", "the Karen village"
                    continue
            end_tok = toks[m.type_end - 1]
            # part of an organisation's or a feature's name: "Karen National Union", "Irrawaddy River"
            nx = m.type_end
            if (
                not end_tok.poss
                and nx < len(toks)
                and toks[nx].space_before
                and (ascii_fold(toks[nx].text) in L.followers)
            ):
                m.dropped = "organisation_or_feature"
                continue
            # a person's name: "U Yee Mon", "Captain Zin Yaw", "Maj. Gen. Zaw Min Tun", "Kyaw Kyaw"
            run = run_of.get(m.i0, [m.i0])
            head = toks[run[0]]
            b = run[0] - 1
            dotted_title = b >= 1 and toks[b].text == "." and toks[b - 1].text in L.titles
            typed_title_place = m.i0 == run[0] and (
                m.hint_from == "after"  # "Saw Township"
                or self._listed_before_type(m, mentions, toks, text)
            )
            if (head.text in L.titles and len(run) >= 2 or dotted_title) and not typed_title_place:
                m.dropped = "person"
                continue
            if not m.hint and len(run) >= 2 and all(toks[i].text in L.syllables for i in run):
                m.dropped = "person"
                continue
            # border words after country adjectives: "Thai border", "Thai-Myanmar border"
            j = m.i1
            while (
                j + 1 < len(toks)
                and toks[j].text == "-"
                and toks[j].glued_before
                and toks[j + 1].glued_before
                and j + 1 in by_token
            ):
                j = by_token[j + 1].i1
            if j < len(toks) and toks[j].space_before and toks[j].low in L.borders and not last.poss:
                m.border = True
        self._distribute(mentions, text)

    def _unit_adjective(self, key: str, t: tuple) -> bool:
        """Whether a name before a type word only qualifies it: a country ("the central Myanmar city of Bago"),
        or a state/region with no place of that type before a plural ("six Mizoram districts"; but "Sagaing and
        Monywa townships": Sagaing is also a township)."""
        types = [p.location_type for p, _ in self.gaz.exact.get(key, ())]
        if "country" in types:
            return True
        return t[2] and "state_region" in types and not any(x in t[0] for x in types)

    def _distribute(self, mentions: list[Mention], text: str) -> None:
        """A type word after a list applies to every name of it: "Mon and Karen states" (also when the
        last name is not in the gazetteer: "Kanbalu and Depayin townships")."""
        L = self.lists
        live = [m for m in mentions if not m.dropped and (m.kind != "unlisted" or m.plural)]
        for idx, m in enumerate(live):
            carry_hint = m.hint if m.hint and m.hint_from == "after" else None
            carry_border = m.border
            if not carry_hint and not carry_border:
                continue
            k = idx
            while k > 0:
                prev, cur = live[k - 1], live[k]
                if prev.hint or prev.border or prev.type_end != prev.i1:
                    break
                gap = text[prev.end_char : cur.start]
                if not L.list_gap.match(gap) or not re.search(r",|\band\b|\bor\b|&", gap):
                    break
                if carry_hint:
                    if prev.kind != "gaz" or not self.gaz.candidates(prev.surface, carry_hint):
                        break
                    prev.hint, prev.hint_from = carry_hint, "list"
                if carry_border:
                    prev.border = True
                k -= 1

    def _listed_before_type(self, m: Mention, mentions: list[Mention], toks: list[Tok], text: str) -> bool:
        """The name opens a list that a plural type word closes and is a place of that type in the
        gazetteer: "Daw Taw Ku and Sin Taung villages" (a village, though "Daw" is also a person title)."""
        L = self.lists
        if m.kind != "gaz":
            return False
        cur = m
        for nxt in sorted((x for x in mentions if x.i0 >= m.i1 and not x.dropped), key=lambda x: x.i0):
            gap = text[toks[cur.i1 - 1].end : toks[nxt.i0].start]
            if not L.list_gap.match(gap) or not re.search(r",|\band\b|\bor\b|&", gap):
                return False
            t = self._type_after(toks, nxt.i1)
            if t:
                return t[2] and bool(self.gaz.candidates(m.surface, t[0]))
            cur = nxt
        return False

    def _bare_ok(self, toks: list[Tok], m: Mention, by_token: dict[int, Mention]) -> str | None:
        """Why a bare (untyped) mention is not a place, or None if it may be one."""
        L = self.lists
        first, last = toks[m.i0], toks[m.i1 - 1]
        if m.kind == "adjective":
            return None if m.border else "adjective"
        if m.key in L.stop_names:
            return "stop_name"
        if m.key in L.ethnonyms:
            prev = toks[m.i0 - 1] if m.i0 else None
            nxt = toks[m.i1] if m.i1 < len(toks) else None
            ok = False
            if prev is not None and prev.low in L.directions and first.space_before:
                ok = True
            elif prev is not None and prev.text == "-" and first.glued_before and m.i0 - 2 in by_token:
                ok = True
            elif nxt is not None and nxt.text == "-" and nxt.glued_before and m.i1 + 1 in by_token:
                ok = True
            elif m.border:
                ok = True
            elif (
                prev is not None
                and prev.low in L.locatives
                and (
                    nxt is None
                    or not nxt.word
                    or not nxt.space_before
                    or nxt.low in ("and", "or")
                    or nxt.low in L.after_ethnonym_place
                )
            ):
                ok = True
            if not ok:
                return "ethnonym"
        # capitalised neighbours that are not places: organisations, headlines, people
        if m.i0 > 0:
            p = toks[m.i0 - 1]
            if (
                first.space_before
                and p.word
                and p.cap
                and not p.poss
                and (m.i0 - 1) not in by_token
                and not p.sent_initial
                and p.low not in L.directions
                and p.low not in L.stop_words
            ):
                return "capitalised_neighbour"
            if first.glued_before and p.text == "-" and p.glued_before and m.i0 >= 2:
                q = toks[m.i0 - 2]
                if q.word and q.cap and (m.i0 - 2) not in by_token:
                    return "capitalised_neighbour"
        if not last.poss and m.i1 < len(toks):
            n_ = toks[m.i1]
            if (
                n_.word
                and n_.cap
                and n_.space_before
                and m.i1 not in by_token
                and n_.low not in L.stop_words
                and ascii_fold(n_.text) not in L.buildings
            ):
                return "capitalised_neighbour"  # not "in Yangon A protester ..." (a caption run on)
            if n_.text == "-" and n_.glued_before and m.i1 + 1 < len(toks):
                q = toks[m.i1 + 1]
                if q.word and q.cap and q.glued_before and (m.i1 + 1) not in by_token:
                    return "capitalised_neighbour"
        return None
