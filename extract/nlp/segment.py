"""`article_segmenter`: tells body text from the rest of an article file, and splits it into sentences.

Each line is labelled by the patterns in `extract/data/patterns/boilerplate.yml`: title (a short first line),
caption, notice (aggregator and "read more" lines), tweet (embedded-tweet link and signature lines), byline,
dateline (a short line stating a full date, or a publication stamp: "... Published 21.10.23, 07:05 PM"), meta
(a metadata field opening the first line, " date 2024-01-26 ", cut off from the headline or first sentence that
follows it on the line, which starts a sentence of its own), repeated (a paragraph printed a second time), or
body. Links inside body lines are marked too.
Only body tokens may become mentions, figures or events: `token._.is_boilerplate` says which are not, and
`doc.spans["boilerplate"]` holds the non-body parts with their labels (metadata extraction reads them).
"""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import IS_PUNCT, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token

from extract.nlp.dates import find_dates
from extract.nlp.docview import view
from extract.nlp.regexes import ignorecase_alternation
from extract.nlp.resources import load_yaml

_OPENING_QUOTES = {'"', "\u201c"}  # " and “
_LINE_LABELS = ("notice", "tweet", "byline", "dateline", "caption")
# the start of a first paragraph up to a dash or colon: a dateline if its words are names and a date
_LEAD = re.compile(r"^(?P<prefix>[^—–:.]{2,90}?)\s*(?P<sep>—|–|--|:|\s-)\s+")
# what a date right after a stamp word starts with: "21.10.23", "3 March", "3/Mar/2024", "March 3", "2024-03-03"
_STAMP_DATE = (
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\d{1,2}(?:st|nd|rd|th)?[\s/-]+[A-Z][a-z]{2,8}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|(?:19|20)\d\d-\d\d-\d\d)"
)


def _folded(line: str) -> str:
    """A line's words, lower case, without the punctuation and spacing between them."""
    return " ".join(re.findall(r"\w+", line.lower()))


def stamp_pattern(words: dict[str, list[str]]) -> re.Pattern:
    """Where a publication stamp's date starts: after one of `words` (boilerplate.yml `stamp_words`, each
    group a named group of the match: `published`, `updated`), an optional ":" or dash, and spaces."""
    groups = "|".join(
        rf"(?P<{kind}>{'|'.join(re.escape(w) for w in sorted(ws, key=len, reverse=True))})"
        for kind, ws in words.items()
    )
    return re.compile(rf"\b(?:{groups})\b\s*(?:[:|–—-]\s*)?(?={_STAMP_DATE})")


def _alternation(patterns: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


class LineRules:
    def __init__(self) -> None:
        cfg = load_yaml("patterns/boilerplate.yml")
        # each label's patterns as two alternations, those anchored at the line's start (tried there only) and
        # the others (searched): a line matches the label when any pattern matches
        self.rules = {
            label: (
                _alternation([p for p in cfg[label] if p.startswith("^")]),
                ignorecase_alternation([p for p in cfg[label] if not p.startswith("^")]),
            )
            for label in _LINE_LABELS
            if cfg[label]
        }
        self.inline = [re.compile(p) for p in cfg["inline"]]
        self.caption_max_words = cfg["caption_max_words"]
        self.title_max_words = cfg["title_max_words"]
        self.menu_min_lines = cfg["menu_min_lines"]
        self.repeat_min_chars = cfg["repeat_min_chars"]
        self.dateline_words = set(cfg["dateline_words"])
        self.dateline_max_words = cfg["dateline_max_words"]
        self.dateline_max_names = cfg["dateline_max_names"]
        self.header_max_words = cfg["header_max_words"]
        self.lead_meta = _alternation(cfg["lead_meta"])
        self.stamp = stamp_pattern(cfg["stamp_words"])
        self.credit_line = re.compile(cfg["credit_line"]) if cfg.get("credit_line") else None
        self.credit_max_words = cfg["credit_max_words"]
        self.credit_caption_max_words = cfg["credit_caption_max_words"]
        self.standfirst_max_lines = cfg["standfirst_max_lines"]
        self.before_number = set(cfg["abbreviations"]["before_number"])
        self.before_name = set(cfg["abbreviations"]["before_name"])
        self.standfirst_max_body = cfg["standfirst_max_body"]
        self.outlet_names = {n.lower() for entry in load_yaml("outlets.yml") for n in [entry["name"], *entry["names"]]}

    def label_lines(self, text: str, headline: str | None = None) -> list[tuple[int, int, str]]:
        """(start, end, label) for every non-empty line of `text` (a `meta` prefix and the rest of its line
        as two). `headline` is the article's title as its input gave it (a feed's): a line saying just that,
        wherever it stands (under a site's menu, after the site's name), is the title, not the story."""
        out: list[tuple[int, int, str]] = []
        given = _folded(headline) if headline else None
        menu = self._menu_lines(text)
        seen: set[str] = set()
        pos = 0
        first = True
        in_header = True  # before the first paragraph of running text
        title = None  # the headline's text (of three words or more)
        for line in text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if not stripped:
                continue
            if first and in_header and self.lead_meta is not None:
                m = self.lead_meta.match(stripped)
                if m:
                    lead = start + (len(line) - len(line.lstrip()))
                    out.append((lead, lead + m.end(), "meta"))
                    start = lead + m.end()
                    line = text[start:end]
                    stripped = line.strip()
                    if not stripped:
                        continue
            if (
                title
                and len(stripped) > len(title)
                and stripped.startswith(title)
                and not stripped[len(title)].isalnum()
            ):
                # the headline printed again, run together with what follows it (a caption, the first sentence)
                lead = start + (len(line) - len(line.lstrip()))
                out.append((lead, lead + len(title), "repeated"))
                start = lead + len(title)
                line = text[start:end]
                stripped = line.strip()
            label = self.label_line(stripped)
            if label == "body" and start in menu:
                label = "notice"  # a menu's line, unless it is a byline or a date stamp ("• | Date: 11 October 2023")
            if label == "body" and given and _folded(stripped) == given:
                label = "title"
                title = stripped if len(stripped.split()) >= 3 else title
            elif label == "body" and first and self._looks_like_title(stripped):
                label = "title"
                title = stripped if len(stripped.split()) >= 3 else None
            elif label == "body" and in_header and self._looks_like_header(stripped):
                label = "byline"  # an outlet or author line between the headline and the text
            if label == "body" and stripped.lower() in self.outlet_names:
                label = "byline"  # an outlet's name on a line of its own ("Reuters")
            if label == "body" and len(stripped) >= self.repeat_min_chars:
                if stripped in seen:
                    label = "repeated"
                seen.add(stripped)
            if label in ("body", "title"):
                first = False
            if label == "body" and in_header:
                in_header = False
                lead = start + (len(line) - len(line.lstrip()))
                cut = self._lead_dateline(stripped)
                if cut:
                    out.append((lead, lead + cut, "dateline"))
                    start = lead + cut
            out.append((start, end, label))
        return self._captions_by_credits(text, self._standfirsts(text, out))

    def _menu_lines(self, text: str) -> set[int]:
        """Where the lines of a site's menu or list of other stories start: the first run of `menu_min_lines` or
        more short bullet lines with no full stop at their end, before any line of running text."""
        run: list[int] = []
        pos = 0
        for line in text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            stripped = line.strip()
            if not stripped:
                continue
            bullet = stripped[:2] in ("- ", "• ", "* ") and stripped[-1] not in ".!?"
            if bullet and len(stripped.split()) <= self.title_max_words + 1:
                run.append(start)
                continue
            if len(run) >= self.menu_min_lines:
                break
            run = []
            if len(stripped.split()) > self.title_max_words and stripped[-1] in '.!?"”':
                break  # the story has begun
        return set(run) if len(run) >= self.menu_min_lines else set()

    def _standfirsts(self, text: str, lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Body lines printed before the byline or dateline (among the first `standfirst_max_lines` lines, at
        most `standfirst_max_body` of them) are the headline and standfirst, not the story: a headline the
        first-line rule missed ("900 families cross into Manipur as ..." after a site's header lines), a summary."""
        body = []
        for k, (_start, _end, label) in enumerate(lines[: self.standfirst_max_lines]):
            if label == "body":
                body.append(k)
            elif label in ("byline", "dateline") and body:
                if len(body) > self.standfirst_max_body:
                    return lines
                out = list(lines)
                has_title = any(label == "title" for *_, label in lines[:k])
                for n, j in enumerate(body):
                    out[j] = (lines[j][0], lines[j][1], "standfirst" if has_title or n else "title")
                above = {text[lines[j][0] : lines[j][1]].strip() for j in body}
                for j in range(k + 1, len(lines)):  # the story printing its standfirst again: the story's own
                    if lines[j][2] == "repeated" and text[lines[j][0] : lines[j][1]].strip() in above:
                        out[j] = (lines[j][0], lines[j][1], "body")
                return out
        return lines

    def _captions_by_credits(self, text: str, lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A photo credit line of its own ("Agency/AP", "Agency/Local Media via Agency TV") is a caption, and so is the
        body line next to it, before or after (past lines without letters), that states a full date (the
        photo's: "... in Kyauktaw, March 3, 2024."). A short unfinished body line just before a caption is the
        picture's description (alt text), and a line the caption starts with is the caption printed without its
        credit: captions too."""
        if self.credit_line is None:
            return lines
        out = list(lines)
        for k, (start, end, label) in enumerate(lines):
            line = text[start:end].strip()
            if label != "body" or len(line.split()) > self.credit_max_words or not self.credit_line.match(line):
                continue
            out[k] = (start, end, "caption")
            for step in (-1, 1):
                j = k + step
                while 0 <= j < len(lines) and not any(c.isalpha() for c in text[lines[j][0] : lines[j][1]]):
                    j += step
                if 0 <= j < len(lines) and out[j][2] == "body":
                    near = text[lines[j][0] : lines[j][1]]
                    if len(near.split()) <= self.credit_caption_max_words and any(
                        d.has_year and d.precision == 1 for d in find_dates(near, None)
                    ):
                        out[j] = (lines[j][0], lines[j][1], "caption")
        for k in range(1, len(out)):
            start, end, label = out[k - 1]
            if (
                out[k][2] == "caption"
                and label == "body"
                and any(c.isalpha() for c in text[start:end])
                and self._short_unfinished(text[start:end].strip(), self.header_max_words, (".", "”", '"', ":", "?"))
            ):
                out[k - 1] = (start, end, "caption")  # a picture's short description (alt text) before its caption
            elif (
                out[k][2] == "caption"
                and label == "body"
                and text[out[k][0] : out[k][1]].strip().startswith(text[start:end].strip())
            ):
                out[k - 1] = (start, end, "caption")  # the caption's words printed just before it without the credit
        return out

    def _looks_like_header(self, line: str) -> bool:
        return self._short_unfinished(line, self.header_max_words, (".", "”", '"', ":", "?"))

    @staticmethod
    def _short_unfinished(line: str, max_words: int, endings: tuple[str, ...]) -> bool:
        """At most `max_words` words and no sentence ending: a headline or header line, not running text."""
        return len(line.split()) <= max_words and not line.rstrip().endswith(endings)

    def _lead_dateline(self, line: str) -> int:
        """Length of a dateline opening the first paragraph ("YANGON, 27 June 2024 — ", "Sittwe, 15 January
        2024: ", "HAKHA, Chin State (September 8, 2022) — ", "AIZAWL: ", "Mandalay (Myanmar): "), or 0."""
        m = _LEAD.match(line)
        if not m:
            return 0
        prefix = m["prefix"]
        dates = find_dates(prefix, None)
        names = self._names_besides(prefix, dates, r"[\s,()]+")
        if names is None:
            return 0
        shouted = bool(names) and len(names) <= 4 and all(w.isupper() and len(w) >= 3 for w in names)
        if m["sep"] == ":":  # "AIZAWL: ...", "Aizawl: ...": a place's name and a colon, or with its country or
            # state after it ("Mandalay (Myanmar): ...", "Hakha, Chin State: ...")
            qualified = len(names) <= 3 and re.search(r"[(,]", prefix) is not None
            shouted = (len(names) == 1 or qualified) and len(names[0]) >= 3
        return m.end() if dates or (shouted and m["sep"] in ("—", "–", "--", ":")) else 0

    def short_form(self, orth: list[str], idx: list[int], i: int, j: int) -> bool:
        """The full stop at token `i` closes a short form glued to it ("No.", "Lt.") and the token `j` after it is
        what the form introduces: a number after "No.", a capitalised name after a rank. It ends no sentence."""
        if j != i + 1 or i == 0 or orth[i] != "." or idx[i - 1] + len(orth[i - 1]) != idx[i]:
            return False
        word, nxt = orth[i - 1].lower(), orth[j]
        return (word in self.before_number and nxt[:1].isdigit()) or (word in self.before_name and nxt[:1].isupper())

    def label_line(self, line: str) -> str:
        n_words = len(line.split())
        for label in _LINE_LABELS:
            if label == "caption" and n_words > self.caption_max_words:
                continue
            anchored, floating = self.rules.get(label, (None, None))
            if (anchored is not None and anchored.match(line)) or (floating is not None and floating.search(line)):
                if label == "tweet" and n_words > 12 and not line.lstrip().startswith(("—", "–", "-")):
                    return "body"  # a tweet's own text is body; its link is marked inline
                return label
        if self._is_dateline(line, n_words):
            return "dateline"
        if n_words <= self.dateline_max_words and self.stamp.search(line):
            return "dateline"
        return "body"

    def _is_dateline(self, line: str, n_words: int) -> bool:
        """A short line (`n_words` words) stating a full date, its other words all names or `dateline_words`."""
        if n_words > self.dateline_max_words:
            return False
        dates = [d for d in find_dates(line, None) if d.has_year and d.precision == 1 and d.value]
        if not dates:
            return False
        untimed = re.sub(r"\b\d{1,2}:\d{2}\b", lambda t: " " * len(t.group()), line)
        return self._names_besides(untimed, dates, r"[\s|·•,;:/()—–-]+") is not None

    def _names_besides(self, text: str, dates: list, separators: str) -> list[str] | None:
        """The words of `text` besides its `dates` and `dateline_words`, split at `separators`, if they are few
        enough and all capitalised (names of places, outlets, authors); else None."""
        for d in reversed(dates):
            text = text[: d.start] + " " + text[d.end :]
        names = [w for w in re.split(separators, text) if w and w.lower() not in self.dateline_words]
        if len(names) > self.dateline_max_names or not all(w[0].isupper() for w in names):
            return None
        return names

    def _looks_like_title(self, line: str) -> bool:
        return self._short_unfinished(line, self.title_max_words, (".", "”", '"', ":"))


class ArticleSegmenter:
    """Labels the non-body lines (`doc.spans["boilerplate"]`) and sets every token's sentence start."""

    def __init__(self, nlp: Language, name: str = "article_segmenter"):
        self.name = name
        self.rules = LineRules()
        self.sentence_ends = set(Sentencizer.default_punct_chars)

    def __call__(self, doc: Doc) -> Doc:
        v = view(doc)
        spans: list[Span] = []
        source = doc._.source if Doc.has_extension("source") else None
        headline = (source or {}).get("title")
        for start, end, label in self.rules.label_lines(v.text, headline):
            if label != "body":
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            else:
                line = v.text[start:end]
                for rx in self.rules.inline:
                    for m in rx.finditer(line):
                        span = doc.char_span(start + m.start(), start + m.end(), label="link", alignment_mode="expand")
                        if span is not None:
                            spans.append(span)
        doc.spans["boilerplate"] = spans
        if len(doc):
            flags = self._sentence_starts(doc)
            for span in spans:
                if span.label_ == "meta" and span.end < len(doc):
                    flags[span.end] = 1  # what follows a metadata prefix on its line starts a sentence
            doc.from_array([SENT_START], numpy.array(flags, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc

    def _sentence_starts(self, doc: Doc) -> list[int]:
        """SENT_START of every token (1 starts a sentence, -1 does not):
        - spaCy's sentencizer rule: after a run of sentence-ending marks, the next token that is not punctuation
          starts a sentence;
        - a line break (in a token or the space after it) ends a sentence: the token after it starts one;
        - an opening quote mark left at the end of a sentence (`residents said. "We fled`) starts the next
          sentence instead of the word after it."""
        v = view(doc)
        orth, idx, text, n = v.orth, v.idx, v.text, v.n
        punct = doc.to_array(IS_PUNCT).tolist()
        ends = self.sentence_ends
        flags = [-1] * n
        flags[0] = 1
        starts = []
        after = 0  # the token after the last run of marks handled
        for i in [i for i, t in enumerate(orth) if t in ends]:
            if i < after:
                continue  # inside the run already handled
            j = i + 1
            while j < n and (punct[j] or orth[j] in ends):
                j += 1
            if j < n and not self.rules.short_form(orth, idx, i, j):
                flags[j] = 1
                starts.append(j)
            after = j
        for m in re.finditer("\n", text):
            i = bisect_right(idx, m.start())
            if 0 < i < n:
                flags[i] = 1
                starts.append(i)
        for i in sorted(set(starts)):
            q = i - 1
            if (
                i >= 2
                and orth[q] in _OPENING_QUOTES
                and idx[q] + len(orth[q]) == idx[i]
                and (orth[q] != '"' or text[idx[q] - 1].isspace())
            ):  # a straight quote: space before it
                flags[q] = 1
                flags[i] = -1
        return flags


def _is_boilerplate(token: Token) -> bool:
    return any(s.start <= token.i < s.end for s in token.doc.spans.get("boilerplate", ()))


if not Token.has_extension("is_boilerplate"):
    Token.set_extension("is_boilerplate", getter=_is_boilerplate)


@Language.factory("article_segmenter")
def make_article_segmenter(nlp: Language, name: str) -> ArticleSegmenter:
    return ArticleSegmenter(nlp, name)
