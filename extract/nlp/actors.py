"""`actor_matcher`: finds armed groups and other actors and resolves their aliases to one canonical actor.

Sources, in order of preference when spans overlap (longest first):
1. the dictionary `extract/data/actors.yml`: names and aliases (any case, any apostrophe, either spelling of
   the pairs in `patterns/actors.yml`: Defense/Defence, Karenni/Kayah), acronyms (exact case; the tokenizer
   splits '#MNDAA' and possessives, so those match too); the junta's numbered units (Light Infantry
   Battalion, Military Operations Command, LIB, IB) are the Myanmar military;
2. acronyms an article defines in parentheses, "Some Defence Force (SDF)", "(LV-PDF)": the long name and the
   acronym then name that actor for the rest of the article, whether the long name is in the dictionary or
   not ("Dictionary Name-Branch (ACR)" is the dictionary actor); the acronym must abbreviate the name
   (initials), so datelines "Hanoi (VNA)" and photo credits "(AP)" are not groups;
3. capitalised names ending in a group word ("... Revolution Force"), kept as actors of their own, with one
   spelling ("Defense"); a name made only of generic words ("Local Defence Forces") is not a group.
Offices, agencies, media and other countries' forces (`not_actor_words`) are never new groups. Generic words
(military, army, police) count only when they are not modifying a following noun and no other owner precedes
them ("Thai army", "local police", "the KIA's army"); "anti-junta", "pro-military" name a stance, not the actor.

Results: `doc.spans["actors"]`, each span with `span._.actor_id`; `doc._.actors` maps actor_id to a dict
(name, acronym, actor_type, party, aliases, in_dictionary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.ids import stable_id
from extract.nlp.docview import boilerplate_mask, set_spans, view
from extract.nlp.resources import load_yaml

if not Span.has_extension("actor_id"):
    Span.set_extension("actor_id", default=None)
if not Doc.has_extension("actors"):
    Doc.set_extension("actors", default=None)


@dataclass(frozen=True)
class Actor:
    actor_id: str
    name: str
    acronym: str | None
    actor_type: str
    party: str
    aliases: tuple[str, ...] = field(default=())
    in_dictionary: bool = True
    match: bool = True

    def as_dict(self) -> dict:
        return {
            "actor_id": self.actor_id,
            "name": self.name,
            "acronym": self.acronym,
            "actor_type": self.actor_type,
            "party": self.party,
            "aliases": list(self.aliases),
            "in_dictionary": self.in_dictionary,
        }


def actor_id_for(name: str) -> str:
    return stable_id("act", name.lower())


def load_dictionary() -> list[Actor]:
    actors = []
    for entry in load_yaml("actors.yml"):
        actors.append(
            Actor(
                actor_id_for(entry["name"]),
                entry["name"],
                entry.get("acronym"),
                entry["type"],
                entry["party"],
                tuple(entry.get("aliases") or ()),
                match=entry.get("match", True),
            )
        )
    return actors


APOSTROPHES = ("\u2019", "\u2018", "\u02bc", "`")


def _fold(text: str) -> str:
    return " ".join(_straight(text).lower().split())


class ActorMatcher:
    def __init__(self, nlp: Language, name: str = "actor_matcher"):
        self.name = name
        self.patterns = load_yaml("patterns/actors.yml")
        self.dictionary = load_dictionary()
        self.by_id = {a.actor_id: a for a in self.dictionary}
        self.variant_pairs = [tuple(p) for p in self.patterns["spelling_variants"]]
        self.by_name = {
            _fold(v): a
            for a in self.dictionary
            if a.match
            for v in self._spelling_variants({*a.aliases, a.name})
            if not v.replace("-", "").isupper()
        }
        self.generic = {w.lower() for w in self.patterns["generic_aliases"]}
        self.generic_blockers = {w.lower() for w in self.patterns["generic_alias_blockers"]}
        self.generic_prev_blockers = {w.lower() for w in self.patterns["generic_alias_prev_blockers"]}
        self.generic_owners = set(self.patterns["generic_alias_owners"])
        self.stance_prefixes = {w.lower() for w in self.patterns["stance_prefixes"]}
        self.group_heads = set(self.patterns["group_head_words"])
        self.not_start = set(self.patterns["not_group_start"])
        self.not_actor_words = set(self.patterns["not_actor_words"])
        self.generic_name_words = set(self.patterns["generic_name_words"]) | self.group_heads
        self.spellings = self.patterns["name_spellings"]
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        for actor in self.dictionary:
            if not actor.match:
                continue
            variants = self._spelling_variants({_straight(v) for v in (actor.name, *actor.aliases)})
            variants |= {v.replace("'", a) for v in variants for a in APOSTROPHES[:3]}
            self.names.add(actor.actor_id, [nlp.make_doc(v) for v in variants if not v.isupper()])
            acronyms = [v for v in [actor.acronym, *actor.aliases] if v and v.replace("-", "").isupper()]
            self.acronyms.add(actor.actor_id, [nlp.make_doc(v) for v in acronyms])
        self.acronym_ids = {
            a: actor.actor_id
            for actor in self.dictionary
            for a in [actor.acronym, *actor.aliases]
            if a and a.replace("-", "").isupper() and actor.match
        }

    def _spelling_variants(self, names: set[str]) -> set[str]:
        """Each name with every spelling pair swapped either way: "Defense"/"Defence", "Karenni"/"Kayah"."""
        out = set(names)
        for a, b in self.variant_pairs:
            out |= {" ".join({a: b, b: a}.get(w, w) for w in n.split()) for n in out}
        return out

    def __call__(self, doc: Doc) -> Doc:
        actors: dict[str, dict] = {}
        spans: list[Span] = []
        ids: dict[int, str] = {}  # id(span) -> actor_id of every candidate span
        v = view(doc)
        for match_id, start, end in self.names(doc):
            if v.lower_text(start, end) in self.generic and not self._generic_is_actor(doc, start, end):
                continue
            if self._stance(v.lower, start):
                continue
            spans.append(self._tag(Span(doc, start, end, label="ACTOR"), doc.vocab.strings[match_id], actors, ids))
        for match_id, start, end in self.acronyms(doc):
            if self._stance(v.lower, start):
                continue
            spans.append(self._tag(Span(doc, start, end, label="ACTOR"), doc.vocab.strings[match_id], actors, ids))
        spans.extend(self._defined_acronyms(doc, actors, ids))
        spans.extend(self._named_groups(doc, actors, spans, ids))
        boiler = boilerplate_mask(doc)
        kept = [s for s in filter_spans(spans) if not any(boiler[s.start : s.end])]
        values = [ids[id(s)] for s in kept]
        set_spans(doc, "actors", kept, "actor_id", values)
        named = set(values)
        doc._.actors = {k: v for k, v in actors.items() if k in named}
        return doc

    def _tag(self, span: Span, actor_id: str, actors: dict, ids: dict[int, str]) -> Span:
        ids[id(span)] = actor_id
        if actor_id not in actors:
            actors[actor_id] = self.by_id[actor_id].as_dict()
        return span

    def _generic_is_actor(self, doc: Doc, start: int, end: int) -> bool:
        """'the military said' is the actor; 'military analysts' is not (a blocking noun follows); nor is
        another state's or group's force: 'Thai army', 'Supply Army', 'local police', 'Inspector General of Police'."""
        lower = view(doc).lower
        if end < len(doc) and lower[end] in self.generic_blockers:
            return False
        if start == 0:
            return True
        if lower[start - 1] in self.generic_prev_blockers:
            return False
        if lower[start - 1] in ("of", "'s", "\u2019s") and start >= 2:
            if lower[start - 1] == "of" and doc[start - 2].text[:1].isupper() and doc[start - 2].is_alpha:
                return False  # a title: "Inspector General of Police"
            start -= 1  # the owner in "the KIA's army"
        owner = doc[start - 1]
        if owner.text[:1].isupper() and not owner.is_punct and not owner.is_sent_start:
            return owner.text in self.generic_owners or owner.text in self.not_start
        return True

    def _stance(self, lower: list[str], start: int) -> bool:
        """'anti-junta groups', 'pro-military militias' name a stance towards the actor, not the actor."""
        return start >= 2 and lower[start - 1] == "-" and lower[start - 2] in self.stance_prefixes

    def _defined_acronyms(self, doc: Doc, actors: dict, ids: dict[int, str]) -> list[Span]:
        """'Long Name (ACR)': ACR names the actor the long name names, for the rest of the article. A hyphenated
        acronym ("(CDF-H)", "(MDY-PDF)") is three tokens; a long name that is a dictionary name with a branch
        after a hyphen ("Chinland Defence Force-Hualngoram") is that dictionary actor."""
        defined: dict[tuple[str, ...], str] = {}
        long_spans: list[Span] = []
        orth = view(doc).orth
        n = len(orth)
        for i in [i for i, text in enumerate(orth[:-2]) if text == "("]:
            if orth[i + 2] == ")":
                parts = (orth[i + 1],)
            elif i + 4 < n and orth[i + 2] == "-" and orth[i + 4] == ")":
                parts = (orth[i + 1], "-", orth[i + 3])
            else:
                continue
            acronym = "".join(parts)
            if not _is_acronym(acronym) or acronym in self.acronym_ids:
                continue
            long_name = self._trim(_capitalised_run_before(doc, i, stop=self.not_start))
            if long_name is None:
                continue
            actor = self.by_name.get(_fold(long_name.text)) or self._branch_of(long_name)
            if actor is None:
                long_name = self._initials_fit(long_name, acronym)
                if long_name is None or self._not_actor(long_name):
                    continue
                actor = self._new_group(long_name.text, acronym)
            defined[parts] = actor.actor_id
            actors.setdefault(actor.actor_id, actor.as_dict())
            self.by_id.setdefault(actor.actor_id, actor)
            long_spans.append(Span(doc, long_name.start, long_name.end, label="ACTOR"))
            ids[id(long_spans[-1])] = actor.actor_id
        spans = long_spans
        if not defined:
            return spans
        firsts: dict[str, list[tuple[str, ...]]] = {}
        for parts in defined:
            firsts.setdefault(parts[0], []).append(parts)
        for i, text in enumerate(orth):
            text = text[1:] if text.startswith("#") else text
            for parts in firsts.get(text, ()):
                if len(parts) == 1 or tuple(orth[i + 1 : i + len(parts)]) == parts[1:]:
                    span = Span(doc, i, i + len(parts), label="ACTOR")
                    ids[id(span)] = defined[parts]
                    spans.append(span)
        return spans

    def _branch_of(self, name: Span) -> Actor | None:
        """The dictionary actor of "Dictionary Name-Branch" (a local branch or battalion of that group)."""
        hyphens = [t.i for t in name if t.text == "-"]
        return self.by_name.get(_fold(name.doc[name.start : hyphens[0]].text)) if hyphens else None

    def _named_groups(self, doc: Doc, actors: dict, found: list[Span], ids: dict[int, str]) -> list[Span]:
        taken = {i for s in found for i in range(s.start, s.end)}
        spans = []
        heads = self.group_heads
        for i in [i for i, text in enumerate(view(doc).orth) if text in heads]:
            if i in taken:
                continue
            run = self._trim(_capitalised_run_before(doc, i + 1, max_len=6, stop=self.not_start))
            if run is None or len(run) < 2 or any(i in taken for i in range(run.start, run.end)):
                continue
            if self._not_actor(run):
                continue
            actor = self.by_name.get(_fold(run.text)) or self._new_group(run.text, None)
            actors.setdefault(actor.actor_id, actor.as_dict())
            self.by_id.setdefault(actor.actor_id, actor)
            span = Span(doc, run.start, run.end, label="ACTOR")
            ids[id(span)] = actor.actor_id
            spans.append(span)
        return spans

    def _trim(self, run: Span | None) -> Span | None:
        """Drop leading words that never start a group name ("The", "Local", ...)."""
        while run is not None and len(run) > 1 and run[0].text in self.not_start:
            run = run.doc[run.start + 1 : run.end]
        return run

    def _initials_fit(self, run: Span, acronym: str) -> Span | None:
        """The part of `run` that `acronym` abbreviates: it starts at a word with the acronym's first letter and
        the name's initials hold the acronym's letters ("Office for the Coordination of Humanitarian Affairs
        (UNOCHA)", "Hanoi (VNA)", a photo credit "... Aung San Suu Kyi (AP)" abbreviate nothing)."""
        first = acronym[0].upper()
        for k in range(run.start, run.end):
            if run.doc[k].text[:1] == first:
                name = run.doc[k : run.end]
                initials = {t.text[0] for t in name if t.text[:1].isupper()}
                letters = [c for c in acronym if c.isupper()]
                hits = sum(c in initials for c in letters)  # all but one letter ("MDY-PDF"), and two at least
                return name if hits >= max(2, len(letters) - 1) else None
        return None

    def _not_actor(self, run: Span) -> bool:
        """Offices, agencies, media and the like: named organisations that are not parties to the fighting;
        and names made only of generic words ("Local Defence Forces")."""
        words = [t.text for t in run if not t.is_space and t.text not in ("of", "and", "-", "'s", "\u2019s")]
        return any(w in self.not_actor_words for w in words) or all(w in self.generic_name_words for w in words)

    def _new_group(self, name: str, acronym: str | None) -> Actor:
        name = " ".join(self.spellings.get(w, w) for w in _straight(name).split())
        words = set(name.split())
        actor_type = self.patterns["default_group_type"]
        for rule in self.patterns["group_type_rules"]:
            if words & {w.replace("\u2019", "'") for w in rule["words"]}:
                actor_type = rule["type"]
                break
        party = (
            "non_state_armed"
            if actor_type in ("resistance_force", "ethnic_armed_organization")
            else ("state_forces" if actor_type == "state_allied_militia" else "unknown")
        )
        return Actor(
            actor_id_for(name), name, acronym, actor_type, party, (acronym,) if acronym else (), in_dictionary=False
        )


def _straight(text: str) -> str:
    for a in APOSTROPHES:
        text = text.replace(a, "'")
    return text


def _is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9\-]{1,9}", text)) and sum(c.isupper() for c in text) >= 2


def _capitalised_run_before(doc: Doc, end: int, max_len: int = 8, stop: frozenset | set = frozenset()) -> Span | None:
    """The run of capitalised words (joined by of/and/'s/-) that ends just before token `end`."""
    i = end - 1
    start = None
    while i >= 0 and end - i <= max_len:
        t = doc[i]
        if (
            t.text[:1].isupper()
            and t.is_alpha
            or t.text in ("People's", "People’s")
            or (t.text[:1].isupper() and ("'" in t.text or "\u2019" in t.text or "-" in t.text))
        ):
            start = i
        elif (
            start is not None
            and i > 0
            and doc[i - 1].text[:1].isupper()
            and (
                t.text in ("'s", "\u2019s", "of", "and", "-")
                or t.is_space
                and "\n\n" not in t.text
                and doc[start].text not in stop
            )
        ):
            pass  # a joiner, or a line wrapped inside a name (not before a new line's "The ...")
        else:
            break
        i -= 1
    if start is None:
        return None
    while start < end and (doc[start].text in ("of", "and", "'s", "\u2019s", "-") or doc[start].is_space):
        start += 1
    return doc[start:end] if start < end else None


@Language.factory("actor_matcher")
def make_actor_matcher(nlp: Language, name: str) -> ActorMatcher:
    return ActorMatcher(nlp, name)
