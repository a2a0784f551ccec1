"""Plain-Python views of a document's tokens, read once per document and shared by the components.

Reading `doc[i].lower_` in a loop creates a Token object per access, and `doc.text` joins every token's text
again on each call; the components' inner loops did that millions of times over a corpus. `view(doc)` reads
the document once (`Doc.to_array`) into lists the components index instead:

    v = view(doc)
    v.text            # doc.text
    v.lower[i]        # doc[i].lower_
    v.orth[i]         # doc[i].text
    v.idx[i]          # doc[i].idx  (character offset; v.idx[n] == len(doc.text))
    v.space[i]        # doc[i].is_space
    v.span_text(a, b) # doc[a:b].text
    v.lower_text(a, b)   # doc[a:b].text.lower()
    spans_of(doc, "places")   # list(doc.spans["places"]), made once per span group
    spans_in(doc, "places", a, b)   # [s for s in spans_of(doc, "places") if s.start >= a and s.end <= b]
    sentences(doc)            # list(doc.sents), made once (the segmenter, first in the pipeline, sets them)
    place_of = attr_of(doc, "places", "place")   # place_of(span) == span._.place, for the group's spans
    set_spans(doc, "places", spans, "place", values)   # a component's output: doc.spans["places"] = spans,
                                                       # span._.place = value each, and attr_of told the values
    boilerplate_mask(doc)     # [token._.is_boilerplate for token in doc], from doc.spans["boilerplate"]
    told_sentences(doc)       # indices (into sentences(doc)) of the sentences that say something

The view of the last document asked for is kept (the pipeline passes a document through every component
before the next one), keyed by the document's identity and length. Token texts never change after
tokenization; annotations that components set (sentence starts, spans, extensions) are not part of the view.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left

from spacy.attrs import IDX, IS_SPACE, ORTH, SPACY
from spacy.tokens import Doc, Span


class DocView:
    __slots__ = ("__weakref__", "n", "orth", "text", "idx", "space", "_lower", "_groups", "_lower_texts")

    def __init__(self, doc: Doc) -> None:
        n = self.n = len(doc)
        strings = doc.vocab.strings
        # one attribute per to_array call: a 1-d array's tolist() is several times faster than a 2-d one's
        self.orth = [strings[h] for h in doc.to_array(ORTH).tolist()] if n else []
        # doc.text is "".join(token.text_with_ws): the same string, built from the texts read above
        trailing = doc.to_array(SPACY).tolist() if n else []
        self.text = "".join([t + " " if sp else t for t, sp in zip(self.orth, trailing)])
        self.idx = doc.to_array(IDX).tolist() if n else []
        self.idx.append(len(self.text))
        self.space = (doc.to_array(IS_SPACE) != 0).tolist() if n else []
        self._lower = None
        self._groups: dict[str, tuple] = {}
        self._lower_texts: dict[tuple[int, int], str] = {}

    def span_text(self, start: int, end: int) -> str:
        """doc[start:end].text (start >= 0) without making the Span."""
        end = min(end, self.n)
        if end <= start:
            return ""
        return self.text[self.idx[start] : self.idx[end - 1] + len(self.orth[end - 1])]

    def lower_text(self, start: int, end: int) -> str:
        """doc[start:end].text.lower() (start >= 0), remembered for the document."""
        key = (start, end)
        text = self._lower_texts.get(key)
        if text is None:
            text = self._lower_texts[key] = self.span_text(start, end).lower()
        return text

    @property
    def lower(self) -> list[str]:
        if self._lower is None:
            # a lexeme's LOWER is its text's str.lower() (spaCy's lex_attrs.lower), made here without the
            # hash round trip
            self._lower = [t.lower() for t in self.orth]
        return self._lower


def spans_of(doc: Doc, key: str) -> list:
    """The spans of `doc.spans[key]` as a list ([] without that key), made once per span group: kept while
    `doc.spans[key]` is the same group object with the same length (a component that sets the key again
    makes a new group)."""
    return _spans_of(doc, key, view(doc)._groups)


def _spans_of(doc: Doc, key: str, groups: dict) -> list:
    group = doc.spans.get(key)
    if group is None:
        return []
    hit = groups.get(key)
    if hit is not None and hit[0] is group and hit[1] == len(group):
        return hit[2]
    spans = list(group)
    groups[key] = (group, len(group), spans)
    return spans


def spans_in(doc: Doc, key: str, start: int, end: int) -> list:
    """The spans of `doc.spans[key]` that lie within tokens [start, end), in the group's order: found by
    bisection when the group is in order of start (as the components make them), else by a scan."""
    groups = view(doc)._groups
    spans = _spans_of(doc, key, groups)
    hit = groups.get(("_starts", key))
    if hit is None or hit[0] is not spans:
        starts = [s.start for s in spans]
        ordered = all(a <= b for a, b in zip(starts, starts[1:]))
        hit = groups[("_starts", key)] = (spans, starts if ordered else None)
    starts = hit[1]
    if starts is None:
        return [s for s in spans if s.start >= start and s.end <= end]
    out = []
    for k in range(bisect_left(starts, start), bisect_left(starts, end)):
        if spans[k].end <= end:
            out.append(spans[k])
    return out


def attr_of(doc: Doc, key: str, attr: str):
    """A function giving `span._.<attr>` for the spans of `doc.spans[key]` (those `spans_of` and `spans_in`
    give), read once per group: an extension lookup makes an object and costs over a microsecond, the
    function is a dictionary lookup. Read it after the component that sets the values (they are not read
    again while the group stays the same)."""
    groups = view(doc)._groups
    spans = _spans_of(doc, key, groups)
    hit = groups.get(("_attr", key, attr))
    if hit is None or hit[0] is not spans:
        hit = _remember_values(groups, key, attr, spans, [getattr(s._, attr) for s in spans])
    return hit[1]


def set_spans(doc: Doc, key: str, spans: list, attr: str, values: list) -> None:
    """Put `spans` in `doc.spans[key]` with `span._.<attr>` set to the matching item of `values`, and give
    `attr_of(doc, key, attr)` those values at once, so no later reader makes an extension lookup for them."""
    ext = Span.get_extension(attr)
    if ext is not None and ext[1:] == (None, None, None):
        # a plain attribute (no method, getter or setter): spaCy keeps a span's value in doc.user_data under
        # ("._.", name, start_char, end_char), where `span._.<attr> = value` puts it, without the Underscore
        # object that assignment makes (tests/test_extraction_speed.py checks the two agree)
        data = doc.user_data
        for span, value in zip(spans, values, strict=True):
            data[("._.", attr, span.start_char, span.end_char)] = value
    else:
        for span, value in zip(spans, values, strict=True):
            setattr(span._, attr, value)
    doc.spans[key] = spans
    groups = view(doc)._groups
    _remember_values(groups, key, attr, _spans_of(doc, key, groups), values)


def _remember_values(groups: dict, key: str, attr: str, group: list, values: list) -> tuple:
    """attr_of's entry for a span group: the group's span list and a function from its spans to `values`."""
    by_id = {id(s): v for s, v in zip(group, values, strict=True)}.__getitem__
    entry = groups[("_attr", key, attr)] = (group, lambda span: by_id(id(span)))
    return entry


def sentences(doc: Doc) -> list:
    """list(doc.sents), made once per document: read it only after the sentence starts are set (the
    article segmenter, first in the pipeline, sets them and no later component changes them)."""
    groups = view(doc)._groups
    sents = groups.get("_sents")
    if sents is None:
        sents = groups["_sents"] = list(doc.sents)
    return sents


def boilerplate_mask(doc: Doc) -> list[bool]:
    """`token._.is_boilerplate` of every token as one list, read from the spans the segmenter marks
    (`doc.spans["boilerplate"]`): one pass per document instead of an extension lookup per token."""
    groups = view(doc)._groups
    spans = _spans_of(doc, "boilerplate", groups)
    hit = groups.get("_mask")
    if hit is not None and hit[0] is spans:
        return hit[1]
    mask = [False] * len(doc)
    for span in spans:
        mask[span.start : span.end] = [True] * (span.end - span.start)
    groups["_mask"] = (spans, mask)
    return mask


_last: tuple[weakref.ref, DocView] | None = None


def view(doc: Doc) -> DocView:
    """The token view of `doc` (cached for the last document)."""
    global _last
    last = _last
    if last is not None and last[0]() is doc and last[1].n == len(doc):
        return last[1]
    v = DocView(doc)
    _last = (weakref.ref(doc), v)
    return v


def phrase_before(lower: list[str], start: int, at: int, phrases) -> bool:
    """One of `phrases` (tuples of lower-case words) ends right before token `at`, not before token `start`."""
    return any(at - len(w) >= start and tuple(lower[at - len(w) : at]) == w for w in phrases)


def told_sentences(doc: Doc) -> list[int]:
    """The indices into `sentences(doc)` of the sentences that say something, in order: blank lines between
    paragraphs and boilerplate are not sentences of the story."""
    groups = view(doc)._groups
    told = groups.get("_told")
    if told is None:
        boiler, space = boilerplate_mask(doc), view(doc).space
        silent = [b or sp for b, sp in zip(boiler, space)]
        told = groups["_told"] = [k for k, s in enumerate(sentences(doc)) if not all(silent[s.start : s.end])]
    return told


def same_paragraph(doc: Doc, earlier: Span, later: Span) -> bool:
    """No line break stands between the start of `earlier` and the start of `later`."""
    return "\n" not in view(doc).text[earlier.start_char : later.start_char]
