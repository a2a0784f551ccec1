"""What a sentence reports: its triggers (events.yml) and their type, a capture of a place or of people,
passives and participles, raids, and the other kinds of event a sentence tells beside its first.
A mixin of `EventExtractor` (extract/nlp/events.py), whose `__init__` reads the vocabulary."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extract.nlp.dates import WEEKDAYS
from extract.nlp.docview import phrase_before, spans_in, view

_DETERMINERS = {"the", "a", "an", "its", "their", "this", "that", "newly"}
_AUXILIARIES = ("was", "were", "been", "had", "have", "has", "being")  # between a passive's subject and verb
_BE = ("was", "were", "been", "being")  # one of these right before a participle makes it a passive


_PASSIVE_SUBJECT_REACH = 8  # tokens back from a passive's auxiliary to its subject's place or settlement word


class EventTriggers:
    def _trigger(self, doc: Doc, sent: Span, places: list[Span], start: int | None = None, others: list | None = None):
        """The sentence's trigger (from token `start` on, when given): (position, type, sub-type, side).
        `others`, when given, receives the triggers of other event types the sentence also tells."""
        place_tokens = {i for s in places for i in range(s.start, s.end)}
        found = []
        i = start if start is not None and sent.start <= start < sent.end else sent.start
        lower = view(doc).lower[sent.start : sent.end]  # phrases are looked up by first word
        at = lambda k, n: tuple(lower[k - sent.start : k - sent.start + n])  # noqa: E731
        while i < sent.end:
            hit = None
            first = lower[i - sent.start]
            idiom = next((w for w in self.not_capture_by_first.get(first, ()) if at(i, len(w)) == w), None)
            if idiom:
                i += len(idiom)  # "took place", "taking part": no capture
                continue
            for words in self.territory_by_first.get(first, ()):
                if at(i, len(words)) == words:
                    if i > sent.start and doc[i - 1].lower_ in _DETERMINERS and at(i + len(words), 1) != ("of",):
                        break  # "the recaptured camp": a description, not an event ("their capture of X" is one)
                    window = self._object_window(doc, sent, i + len(words))
                    before = (
                        range(max(sent.start, i - self.object_window), i)
                        if words[-1] in self.place_before
                        else range(0)
                    )
                    taken = self._object(doc, window, place_tokens)
                    territorial = (
                        words[:2] in (("fall", "of"), ("fell", "to"))
                        or any(j in place_tokens or doc[j].lower_ in self.settlements for j in before)
                        or taken == "place"
                    )
                    if taken is None and (
                        self._passive_after(doc, sent, i, place_tokens, self.settlements)
                        or self._participle_after(doc, sent, i, len(words), place_tokens)
                    ):
                        territorial = True  # "the town of Kutkai was seized", "the first capital seized by"
                    if taken == "people" or self._passive_after_people(doc, sent, i):
                        territorial = False  # "captured 83 soldiers in X", "soldiers were captured near X"
                    if phrase_before(view(doc).lower, sent.start, i, self.attempt_words):
                        territorial = False  # "attempting to seize the outpost": tried, not taken
                    elif (
                        words[0] in self.intent_verbs
                        and i > sent.start
                        and at(i - 1, 1) == ("to",)
                        and not phrase_before(view(doc).lower, sent.start, i, self.done_to)
                    ):
                        territorial = False  # "launched Operation 1111 to take Loikaw": meant, not done
                    if taken == "things":
                        break  # "seized mobile phones", "captured weapons": no event of its own
                    if territorial or words not in self.place_only:
                        hit = (i, "battle", "territory" if territorial else "armed_clash", "any", len(words), False, ())
                    break
            if hit is None:
                for words, rule in self.triggers_by_first.get(first, ()):
                    if hit is not None and "objects" not in rule:
                        continue  # after a fallback, only a rule whose own objects fit ("killed ... protesters")
                    if at(i, len(words)) == words and self._has_object(lower, i - sent.start, len(words), rule):
                        hit = (
                            i,
                            rule["type"],
                            rule["sub_type"],
                            rule["actor1_side"],
                            len(words),
                            rule.get("fallback", False),
                            tuple(rule.get("yields_to", ())),
                        )
                        if not hit[5]:
                            break
            if hit and at(i + hit[4], 1) and at(i + hit[4], 1)[0] in self.unit_nouns:
                i += hit[4]  # "an artillery battalion": a unit's name, not an event
                continue
            if (
                hit
                and hit[2] == "air_drone_strike"
                and at(i + hit[4], 1)
                and at(i + hit[4], 1)[0] in self.carrier_verbs
            ):
                i += hit[4]  # "helicopters airlifted troops": a carrier, not a strike
                continue
            if (
                hit
                and i > sent.start
                and (
                    lower[i - 1 - sent.start] in self.negation_words
                    or (i - 1 > sent.start and lower[i - 2 - sent.start] in self.negation_words)
                )
            ):
                i += hit[4]  # "There was no fighting", "did not attack": nothing happened
            elif hit:
                found.append(hit)
                i += hit[4]
            else:
                i += 1
        if found and (accused := self._accused(lower, sent.start)) is not None:
            found = [h for h in found if h[0] < accused]  # "charged with planning to bomb ...": what is alleged
        found = [h for h in found if not self._done_by_a_disaster(lower, h[0] - sent.start)]
        if not found:
            return None
        subs = {h[2] for h in found}
        found = [h for h in found if not subs.intersection(h[6])]  # "bombs exploded": no air strike
        fallback = [h for h in found if h[5]]
        if len(fallback) < len(found):
            found = [h for h in found if not h[5]] + fallback  # a fallback trigger decides only when alone
        territorial = [h for h in found if h[2] == "territory"]
        pos, event_type, sub_type, side = (territorial[0] if territorial else found[0])[:4]
        if (
            not territorial
            and (event_type, sub_type) == ("battle", "armed_clash")
            and self._is_raid(lower, pos - sent.start)
            and any((h[1], h[2]) == self.destruction for h in found)
            and not self._two_sides(doc, sent)
        ):
            # "Troops raided the village and burned 30 houses": property destruction, not a battle
            pos, event_type, sub_type, side = next(h for h in found if (h[1], h[2]) == self.destruction)[:4]
        if others is not None:
            others.extend(self._other_types(found, (event_type, sub_type), lower, sent.start))
        return pos, event_type, sub_type, side

    def _names_a_cause(self, doc: Doc, sent: Span, pos: int) -> bool:
        """The trigger at `pos` names what people fled or suffered from ("displaced by the fighting")."""
        lower = view(doc).lower
        j = pos
        while j > sent.start and lower[j - 1] in self.cause_fillers:
            j -= 1
        return phrase_before(lower, sent.start, j, self.cause_words)

    def _done_by_a_disaster(self, lower: list[str], k: int) -> bool:
        """The trigger at `k` (in the sentence's words `lower`) is what a disaster named just before it did."""
        for j in range(k - 1, max(-1, k - 1 - self.disaster_window), -1):
            if lower[j] in (",", ";"):
                return False
            if lower[j] in self.disaster_words:
                return True
        return False

    def _accused(self, lower: list[str], start: int) -> int | None:
        """The token after the sentence's first accusation words ("charged with", "afraid of"), or None."""
        for k, word in enumerate(lower):
            for words in self.accusation_by_first.get(word, ()):
                end = k + len(words)
                if tuple(lower[k:end]) == words and (end >= len(lower) or lower[end] != "-"):
                    return start + end  # (not the first part of a compound: "cease-fire")
        return None

    def _names_told_event(self, doc: Doc, sent: Span, pos: int, last: dict) -> bool:
        """The trigger at `pos` is a noun naming an event with a determiner ("the junta attack", "this
        assault"), or by the weekday of the last event ("Tuesday's attacks"): with no time of its own it names
        one told before, not a new one."""
        lower = view(doc).lower
        if lower[pos] not in self.told_again_nouns:
            return False
        if any(lower[j] in self.told_again_determiners for j in range(max(sent.start, pos - 3), pos)):
            return True
        day = last["event_date"]
        return (
            day is not None
            and pos - 2 >= sent.start
            and lower[pos - 1] in ("'s", "’s")
            and WEEKDAYS.get(lower[pos - 2]) == day.weekday()
        )

    def _other_types(self, found: list[tuple], chosen: tuple[str, str], lower: list[str], start: int) -> list[tuple]:
        """The sentence's triggers of event types other than the chosen one, one per type (GUIDE: one event per
        date, place and type: "seized the town, prompting air strikes on it" tells a capture and a strike).
        Clashes go with a capture or a raid, and kinds that `secondary` does not list tell no event of their
        own beside another; nor does a means of the event ("attacks supported by airstrikes", "with rifle
        grenades": one word may stand between) or what had been done before ("farmers they had detained")."""
        seen, out = {chosen}, []
        for pos, event_type, sub_type, side, _, fallback, _ in found:
            key = (event_type, sub_type)
            k = pos - start
            if fallback and chosen[0] != "strategic_development":
                continue  # "an air strike killed five villagers" is the strike; "torched X and killed a man" is two
            if (
                key in seen
                or sub_type not in self.secondary
                or event_type == "battle" == chosen[0]
                or any(tuple(lower[max(0, e - len(w)) : e]) == w for w in self.secondary_not_after for e in (k, k - 1))
            ):
                continue
            seen.add(key)
            out.append((pos, event_type, sub_type, side))
        return out

    @staticmethod
    def _has_object(lower: list[str], k: int, n: int, rule: dict) -> bool:
        """A trigger that needs an object ("burned ... houses") has one within its window after it, or
        before it ("houses were burned"), in the same clause."""
        if "objects" not in rule:
            return True
        objects, window = rule["objects"], rule["object_window"]
        stops = {",", ";", ".", "—", "–"}
        for side in (range(k + n, min(len(lower), k + n + window)), range(k - 1, max(-1, k - 1 - window), -1)):
            for j in side:
                if lower[j] in stops:
                    break
                if lower[j] in objects:
                    return True
        return False

    def _is_raid(self, lower: list[str], k: int) -> bool:
        return any(tuple(lower[k : k + len(w)]) == w for w in self.raid_words)

    def _withdrew(self, sent: Span, following: Span | None, pos: int) -> bool:
        v = view(sent.doc)  # sent.doc[pos:sent.end].text.lower() and following.text.lower()
        text = v.lower_text(pos, sent.end) + " " + (v.lower_text(following.start, following.end) if following else "")
        return bool(self.withdrawal_re.search(text))

    def _like_the_last(self, lower: list[str], start: int, pos: int) -> bool:
        """The trigger at `pos` is a generic attack word told as like the one before ("a similar SAC attack")."""
        return lower[pos] in self.generic_attack["words"] and "similar" in lower[max(start, pos - 3) : pos]

    def _tells_places_taken(self, doc: Doc, sent: Span, last: dict) -> bool:
        """A sentence going on about a clash, with no time or place of its own, tells of bases or towns lost
        or taken ("Two BGF bases were lost despite shelling"): the clash changed who holds them."""
        if (last["event_type"], last["sub_event_type"]) != ("battle", "armed_clash") or last.get("raid"):
            return False
        if spans_in(doc, "dates", sent.start, sent.end) or spans_in(doc, "places", sent.start, sent.end):
            return False
        lower, window = view(doc).lower, self.territory["taken_window"]
        return any(
            lower[i] in self.settlements
            and any(w in self.taken_words for w in lower[i + 1 : min(sent.end, i + 1 + window)])
            for i in range(sent.start, sent.end)
        )

    def _raids_civilians(self, doc: Doc, sent: Span, pos: int) -> bool:
        """The raid word at `pos` has civilians or their places as its target ("raided the village", "after the
        village was raided"), or its sentence tells civilians killed or wounded."""
        lower = view(doc).lower
        window = lower[pos + 1 : min(pos + 1 + self.raid_target_window, sent.end)]
        j = self._before_auxiliaries(lower, sent.start, pos, ("was", "were", "been", "being"))
        if j < pos - 1:
            window = lower[max(sent.start, j - 2) : j + 1]  # a passive's target stands before it ("the village was")
        if any(w in self.raid_military for w in window):
            return False
        return any(w in self.raid_targets for w in window) or self._kills_civilians(lower, sent)

    def _names_the_means(self, doc: Doc, sent: Span, last: dict) -> tuple[str, str] | None:
        """A sentence going on about an event told only as an "attack", with no time or place of its own, that
        names a strike from afar ("An attack on the camp killed 29 people. ... The military used a drone"):
        the attack was that strike, (type, sub-type); else None."""
        if not last.get("generic") or last["sub_event_type"] not in ("armed_clash", "attack"):
            return None
        if spans_in(doc, "dates", sent.start, sent.end) or self._names_a_place_inside(doc, sent):
            return None
        trigger = self._trigger(doc, sent, [])
        if trigger is None or trigger[2] not in self.generic_attack["told_in_full_as"]:
            return None
        return trigger[1], trigger[2]

    def _retypes_raid(self, doc: Doc, sent: Span, last: dict) -> bool:
        """A sentence going on about a one-sided raid tells of property burned or looted, with no time
        of its own: the raid was property destruction."""
        if not last.get("raid"):
            return False
        if spans_in(doc, "dates", sent.start, sent.end) or self._two_sides(doc, sent):
            return False
        trigger = self._trigger(doc, sent, [])
        return trigger is not None and (trigger[1], trigger[2]) == self.destruction

    def _object_window(self, doc: Doc, sent: Span, j: int) -> range:
        """The tokens after a capture word where its object stands, up to the window, the clause's end or the
        agent of a passive ("were taken control of by them"). An aside in brackets ("the hilltop Ning Gawng (also
        called Sumpra Bum) and Lawa Yang camps") does not count towards the window."""
        end, limit = j, j + self.object_window
        while (
            end < min(limit, sent.end)
            and doc[end].text not in (",", ";", "—", "–")  # (a full stop inside a sentence closes a short form: "No.")
            and doc[end].lower_ != "by"
        ):
            if doc[end].text == "(":
                close = next((k for k in range(end + 1, sent.end) if doc[k].text == ")"), None)
                if close is not None:
                    limit += close - end + 1
                    end = close
            end += 1
        return range(j, end)

    def _object(self, doc: Doc, window: range, place_tokens: set) -> str | None:
        """What a capture word takes: the first word after it that is a place or settlement ('place'), a
        person noun ('people') or a thing ('things': "seized weapons", "seized mobile phones")."""
        for j in window:
            if j in place_tokens or doc[j].lower_ in self.settlements:
                return "place"
            if doc[j].lower_ in self.person_nouns and not (
                j + 1 in window and doc[j + 1].lower_ in ("'", "’", "'s", "’s")
            ):
                return "people"  # (not "residents' motorbikes": whose, not what)
            if doc[j].lower_ in self.things:
                return "things"
        return None

    @staticmethod
    def _before_auxiliaries(lower: list[str], start: int, i: int, words: tuple[str, ...]) -> int:
        """The index of the word before the auxiliaries that stand right before token i ("were" in "bases were
        overrun"), stopping at the sentence's start."""
        j = i - 1
        while j > start and lower[j] in words:
            j -= 1
        return j

    def _passive_after(self, doc: Doc, sent: Span, i: int, place_tokens: set, settlements: set) -> bool:
        """The capture word at i is a passive after a place or settlement word ("Kutkai was seized")."""
        lower, people = view(doc).lower, self.person_nouns
        j = EventTriggers._before_auxiliaries(lower, sent.start, i, _AUXILIARIES + ("reportedly",))
        if j < i - 1 and lower[j] in ("which", "that") and j - 1 > sent.start:
            j -= 2 if lower[j - 1] == "," else 1  # "bases at X and Y, which were taken control of"
        if j >= i - 1:
            return False
        # its subject's first place, settlement or person word says what was taken, past a phrase locating it
        # ("X and Y camps near the border were seized"; "Soldiers near X town were captured": people)
        start = max(sent.start, j - _PASSIVE_SUBJECT_REACH)
        for k in range(j, start - 1, -1):
            if lower[k] in (",", ";", "—", "–"):
                start = k + 1
                break
        said = (k for k in range(start, j + 1) if k in place_tokens or lower[k] in settlements or lower[k] in people)
        first = next(said, None)
        return first is not None and lower[first] not in people

    def _participle_after(self, doc: Doc, sent: Span, i: int, n: int, place_tokens: set) -> bool:
        """The capture word at i, right after a place or settlement word and followed by "by", describes
        that place as taken ("the first capital seized by resistance forces", "Paletwa, captured by the AA")."""
        lower = view(doc).lower
        j = i - 1 if i - 1 >= sent.start and lower[i - 1] != "," else i - 2
        return (
            j >= sent.start
            and i + n < sent.end
            and lower[i + n] == "by"
            and (j in place_tokens or lower[j] in self.settlements)
        )

    def _passive_after_people(self, doc: Doc, sent: Span, i: int) -> bool:
        """The capture word at i is a passive after a person noun ("soldiers were captured"; not "fighters had
        seized": a form of "be" stands right before a passive's participle)."""
        lower = view(doc).lower
        j = self._before_auxiliaries(lower, sent.start, i, _AUXILIARIES)
        return j < i - 1 and lower[i - 1] in _BE and lower[j] in self.person_nouns
