"""What a figure counts: its category from a verb right before it, the keyword after it in its clause, the
figure it is listed with, or a total's words ("the number of displaced people rose to"). A mixin of
`FigureExtractor` (extract/nlp/figures.py), whose `__init__` reads the words it uses."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.nlp.docview import view
from extract.nlp.figure_sides import CLAUSE_END
from extract.nlp.numbers import parse_count

_DASHES = {"—", "–"}


class FigureCategories:
    def _listed_after(
        self, lower: list[str], orth: list[str], previous: tuple[str, int] | None, first: int
    ) -> str | None:
        """The category of the figure before (`previous`: its category and the token after its number, when a
        verb right before it gave the category), when this one is listed after it under the same verb
        ("killing three prison staff and five visitors"): an "and" or comma, with no other category word or
        clause end between them."""
        if previous is None or first - 1 < previous[1] or lower[first - 1] not in ("and", ","):
            return None
        between = range(previous[1], first - 1)
        if any(orth[j] in CLAUSE_END or lower[j] in self.categories_by_first for j in between) or len(between) > 4:
            return None
        return previous[0]

    def _category_before(self, doc: Doc, sent: Span, first: int) -> str | None:
        """A category verb right before the figure: "killed at least 12", "killing 5"."""
        if first <= sent.start:
            return None
        lower = view(doc).lower
        end = first
        opener = next((w for w in self.count_openers if tuple(lower[max(first - len(w), 0) : first]) == w), ())
        if opener and first - len(opener) > sent.start:
            end = first = first - len(opener)  # "killing a total of five"
        while end > sent.start + 1 and first - end < 2 and lower[end - 1] in self.category_filler:
            end -= 1  # "injured a further 15"
        if end < first:  # "injuring at least another 10": a hedge before the filler
            end -= next((len(h) for h in self.hedge_phrases if tuple(lower[end - len(h) : end]) == h), 0)
        for words, cat in self.categories_by_last.get(lower[end - 1], ()):
            k = len(words)
            if end - k >= sent.start and tuple(lower[end - k : end]) == words:
                return cat
        if end - 2 > sent.start and lower[end - 2] == "and":  # "arrested and questioned 143 civilians"
            return self._category_before(doc, sent, end - 2)
        return None

    def _category_of_total(self, doc: Doc, sent: Span, first: int) -> str | None:
        """The category a total's words name before the figure ("pushed the number of displaced people in
        the country to more than one million"): within the clause, with no other number between."""
        v = view(doc)
        orth, lower = v.orth, v.lower
        for j in range(first - 1, max(sent.start, first - self.total_window) - 1, -1):
            if orth[j] in CLAUSE_END or lower[j][:1].isdigit():
                return None
            for words, cat in self.named_totals.items():
                if tuple(lower[j : j + len(words)]) == words:
                    return cat
            for words in self.total_words:
                if tuple(lower[j : j + len(words)]) == words:
                    k = j + len(words)
                    for m in range(k, min(first, k + self.total_category_window)):
                        for cat_words, cat in self.categories_by_first.get(lower[m], ()):
                            if tuple(lower[m : m + len(cat_words)]) == cat_words:
                                return cat
                    return None
        return None

    def _main_clause_keyword(self, lower: list[str], start: int, at: int) -> bool:
        """The keyword at `at` is the clause's own, not a relative clause's between the figure and it ("victims
        who were sheltering in the camp" says what they were doing); a relative clause closed before the keyword
        by the main verb's auxiliary ("five people who were delivering parcels were killed") does not hide it."""
        relative = [k for k in range(start, at) if lower[k] in ("who", "which", "that", "where")]
        if not relative:
            return True
        return lower[at - 1] in self.main_auxiliaries and at - 1 > relative[-1] + 1

    def _category_after(self, doc: Doc, sent: Span, j: int) -> tuple[str | None, int]:
        """The nearest category keyword after the figure in its clause, and where it stands. A keyword right
        before another number is that number's ("80 troops ..., killing seven soldiers"): the search stops."""
        v = view(doc)
        orth, lower = v.orth, v.lower
        while j < sent.end:
            if orth[j] in _DASHES and (close := self._closing_dash(orth, j, sent.end)) is not None:
                # an aside between dashes: "566,100 people — or more than 1% of ... — were made refugees"
                j = close + 1
                continue
            if orth[j] in CLAUSE_END:
                break
            if (
                (lower[j][:1].isdigit() or lower[j] in self.number_starts)
                and lower[j] != "a"
                and lower[j - 1] not in ("and", "or", ",")
                and "from" not in lower[j - 2 : j]
                and not any(tuple(lower[j - len(c) : j]) == c for c in self.subset_cues)
                and self._counts_people(doc, j)
            ):
                break  # another count of people, not listed with this one: what follows it is that count's
                #         ("11 children were among 29 IDPs who were killed"; but "90 soldiers and eight fighters
                #         were killed", "17,217 people from 23 villages fled")
            for words, cat in self.categories_by_first.get(lower[j], ()):
                if tuple(lower[j : j + len(words)]) == words:
                    if j + len(words) < sent.end and lower[j + len(words)] in self.keyword_before_place:
                        break  # "from a displacement camp", "an IDP camp": where they are, not what befell them
                    if self._starts_count(doc, j + len(words)):
                        return None, j
                    if (
                        tuple(lower[j - 2 : j]) in self.partitive_cues
                        and (later := self._category_after(doc, sent, j + 1))[0]
                    ):
                        return later  # "a dozen of the injured are dying": what happens to them
                    return cat, j
            j += 1
        return None, j

    @staticmethod
    def _closing_dash(orth: list[str], j: int, end: int) -> int | None:
        """Where the aside the dash at j opens is closed by the same dash, within the clause."""
        for k in range(j + 1, end):
            if orth[k] == orth[j]:
                return k
            if orth[k] in (";", ":"):
                return None
        return None

    def _counts_people(self, doc: Doc, j: int) -> bool:
        count = parse_count(doc, j)
        lower = view(doc).lower
        return (
            count is not None
            and count.end < len(lower)
            and (
                (lower[count.end],) in self.person_nouns
                or lower[count.end] in self.head_categories
                or tuple(lower[count.end : count.end + 2]) in self.part_of_cues  # "700 of them died"
            )
        )

    def _starts_count(self, doc: Doc, j: int) -> bool:
        """A number, possibly hedged ("seven", "at least 12"), starts at token j, and counts no things ("injured
        over three days": days)."""
        lower = view(doc).lower
        for hedge in self.hedge_phrases:
            if tuple(lower[j : j + len(hedge)]) == hedge:
                j += len(hedge)
                break
        if j < len(doc) and lower[j] in self.category_filler and j + 1 < len(doc):
            j += 1  # "injuring at least another 10"
        count = parse_count(doc, j) if j < len(doc) else None
        return count is not None and not self.non_person.intersection(lower[count.end : count.end + 2])

    def _category_of_modifiers(self, modifiers: list) -> str | None:
        """A category word among the noun phrase's modifiers ("17 injured refugees", "five dead soldiers")."""
        for tok in modifiers:
            for words, cat in self.categories_by_first.get(tok.lower_, ()):
                if len(words) == 1:
                    return cat
        return None

    def _category_of_head(self, head: str | None) -> str | None:
        return self.head_categories.get(head or "")
