"""Whose a figure is and who gives it: the party a casualty belongs to (from its words, its actors, or the
opposite side of a captor) and the claimant of the sentence's figures. A mixin of `FigureExtractor`
(extract/nlp/figures.py), whose `__init__` reads the words it uses."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from extract.nlp.docview import view

# punctuation that ends a clause (for a figure's words and its claimant)
CLAUSE_END = {";", ":", "—", "–"}


class FigureSides:
    def _includes_fighters(self, doc: Doc, sent: Span, j: int, actor_at: dict) -> bool:
        """The people of a figure are listed as including armed men ("31 people, including members of the
        local PDF"): an armed actor or fighters' noun within the subset list after "including"."""
        lower = view(doc).lower
        k = j + 1 if j < sent.end and lower[j] == "," else j
        if k >= sent.end or lower[k] != "including":
            return False
        for i in range(k + 1, min(sent.end, k + 1 + self.subset_list_window)):
            if lower[i] in CLAUSE_END or (lower[i] in self.phrase_stops and lower[i] not in ("and", "or", "of")):
                return False  # the list ended: "18 people, including five children, after the PDF attacked"
            named = actor_at.get(i)
            party = (doc._.actors or {}).get(named, {}).get("party") if named else self.person_party.get(lower[i])
            if party in ("state_forces", "non_state_armed"):
                return True
        return False

    def _party(self, doc: Doc, modifiers: list, head_party: str | None, actor_at: dict):
        parties, actor_id = set(), None
        for tok in modifiers:
            named = actor_at.get(tok.i)
            if named is not None:
                actor = doc._.actors.get(named, {})
                if actor.get("party") in ("state_forces", "non_state_armed", "civilians"):
                    parties.add(actor["party"])
                    actor_id = actor_id or named
            elif tok.lower_ in self.party_words:
                parties.add(self.party_words[tok.lower_])
        if len(parties) == 1:
            return parties.pop(), actor_id
        if len(parties) > 1:
            return "mixed", None
        return head_party, None

    def _opposite_of_captor(self, doc: Doc, sent: Span, first: int, j: int, actor_at: dict) -> str | None:
        """The side opposite the captor: the actor after "by"/"to" in the clause ("captured by the KIA",
        "surrendered to the AA"), else the nearest actor before the figure (the one that says it took them),
        else the first actor after it."""

        def side(tok) -> str | None:
            party = doc._.actors.get(actor_at[tok.i], {}).get("party")
            return {"non_state_armed": "state_forces", "state_forces": "non_state_armed"}.get(party)

        after = list(doc[j : sent.end])
        for k, tok in enumerate(after):
            if tok.text in CLAUSE_END:
                break
            if tok.lower_ in ("by", "to"):
                found = next((t for t in after[k + 1 : k + 1 + self.claimant_name_window] if t.i in actor_at), None)
                if found is not None:
                    return side(found)
        before = [t for t in doc[sent.start : first] if t.i in actor_at]
        if before:
            return side(before[-1])
        found = next((t for t in after if t.i in actor_at), None)
        return side(found) if found is not None else None

    def _claimant(self, doc: Doc, sent: Span, actor_at: dict) -> str | None:
        v = view(doc)
        sent_text = v.text[sent.start_char : sent.end_char]  # sent.text
        low = sent_text.lower()
        for cue in self.claim_before:
            pos = low.find(cue + " ")
            if pos >= 0:
                rest = sent_text[pos + len(cue) + 1 :]
                phrase = re.split(r"[,.;:!?\n]| who | which | that ", rest)[0].strip()
                return self._name_of(doc, sent.start_char + pos + len(cue) + 1, phrase, actor_at)
        orth, lower = v.orth, v.lower
        for ti in range(sent.start + 1, sent.end):
            if lower[ti] in self.claim_verbs:
                k = ti - 1
                start = None
                while (
                    k >= sent.start
                    and ti - k <= self.claimant_before_window
                    and orth[k] not in (",", "“", "”", '"', ";")
                    and lower[k] not in ("that", "and", "while")
                ):
                    start = k
                    k -= 1
                if start is not None:
                    return self._name_of(doc, v.idx[start], v.span_text(start, ti), actor_at)
        return None

    def _name_of(self, doc: Doc, start_char: int, phrase: str, actor_at: dict) -> str | None:
        phrase = re.sub(r"^(the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)
        if not phrase:
            return None
        span = doc.char_span(start_char, start_char + len(phrase) + 4, alignment_mode="expand")
        if span is not None:
            for tok in span:
                if tok.i in actor_at:
                    actor = doc._.actors.get(actor_at[tok.i])
                    if actor:
                        return actor["name"]
        return phrase[:120]
