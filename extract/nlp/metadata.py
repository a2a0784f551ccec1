"""`article_metadata`: title, outlet and publication date of an article, and the reference date for its dates.

Publication date, in order: the input's metadata (JSONL `published`, HTML meta tags) → `metadata`; a byline,
dateline or metadata prefix in the text ("By Admin 17 Nov 2025", "17 November 2025, Mrauk-U", " date
2024-01-26 ...") → `text`. Among the text's dates: one a publication stamp names ("Published 21.10.23",
"Date: 12 January 2024") first, then a plain dateline's, then an update stamp's; a date after a weekday name
("Tuesday, March 5th 2024", a site header printing the day it was read) only when no other is stated,
and not over a date in the URL.
Then a date in the URL
(`/2024/01/02/`, or a slug ending in MMDDYYYY as RFA writes them; the input's URL or one printed in the article's
header) → `url`; the date of a dated report this article republishes (found by extract.linking and passed in the
source as `linked_published`) → `linked_article`; otherwise none (null). Never a guess.
The reference date for resolving "January 4" or "on Sunday" is the publication date; without one, the latest
full date stated anywhere in the article (an embedded tweet's; not one in a background clause, "since the army
seized power on Feb. 1, 2021"), or failing that the single year its headline
names, or the one year in which its weekday-led dates ("Tuesday, August 24") fall on their weekdays (for
month-day dates only), or failing those the publication date of another outlet's dated report of the same event
(extract.stories.dating_partners: `linked_reference`), or only its year when that report tells the event as one
of an earlier year (`linked_year`); failing all, dates without a year stay unresolved.
Outlet: the metadata's, else the URL's domain or a byline line naming an outlet in `extract/data/outlets.yml`.
Title: the metadata's, else the headline line the segmenter found.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from spacy.language import Language
from spacy.tokens import Doc

from extract.nlp.dates import find_dates, latest_stated_date, single_year, weekday_year
from extract.nlp.docview import spans_of, view
from extract.nlp.resources import load_yaml
from extract.nlp.segment import stamp_pattern

if not Doc.has_extension("source"):
    Doc.set_extension("source", default=None)  # dict given by the caller: title, url, outlet, published_raw
if not Doc.has_extension("article_meta"):
    Doc.set_extension("article_meta", default=None)

_URL = re.compile(r"https?://\S+")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
# a slug ending in month, day and year run together, with or without a time after them
# ("...-outposts-01142025161530.html", "...-01142025.html"; RFA's style)
_URL_SLUG_DATE = re.compile(r"[-_](\d\d)(\d\d)((?:19|20)\d\d)(?:\d{6})?(?:\.[a-z]+)?/?$")
_META_LINES = ("byline", "dateline", "meta")
# a weekday name just before a date: a site header's date (the day the page was read) more often than the story's
_AFTER_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|urday)?\.?,?\s*$", re.IGNORECASE)
# a stamp's day, month and two-digit year ("21.10.23"): with dots, day first; with slashes, as find_dates reads
# numeric dates (day first when the first number is over 12, month first when the second is)
_SHORT_YEAR = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d\d)\b")


def parse_published(value: str | None) -> dt.date | None:
    """A publication date given as metadata: ISO ("2024-01-02", "2024-01-02T10:00:00Z") or written out."""
    if not value:
        return None
    m = re.match(r"\s*((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    full = [d.value for d in find_dates(value, None) if d.has_year and d.precision == 1 and d.value]
    return full[0] if full else None


def date_from_url(url: str | None) -> dt.date | None:
    """A date the URL's path states: /yyyy/mm/dd/, or a slug ending in MMDDYYYY (and maybe hhmmss)."""
    if not url:
        return None
    path = urlparse(url).path
    m = _URL_DATE.search(path)
    if m:
        year, month, day = m[1], m[2], m[3]
    else:
        m = _URL_SLUG_DATE.search(path)
        if not m:
            return None
        month, day, year = m[1], m[2], m[3]
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _stamp_date(text: str) -> dt.date | None:
    """The date `text` opens with (after a stamp word), with its year."""
    m = _SHORT_YEAR.match(text)
    if m:
        a, sep, b, year = int(m[1]), m[2], int(m[3]), 2000 + int(m[4])
        day, month = (a, b) if sep in ".-" or a > 12 or a == b else (b, a) if b > 12 else (None, None)
        return _safe(year, month, day) if day else None
    first = find_dates(text[:40], None)
    if first and first[0].start == 0 and first[0].has_year and first[0].precision == 1:
        return first[0].value
    return None


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_HEADER_RANK = 3


def stated_publication_date(lines: list[str], stamp: re.Pattern) -> tuple[dt.date | None, bool]:
    """The publication date the text's byline, dateline and metadata lines state (see the module's docstring
    for the order of preference), or None; and whether it is only a weekday-led header's."""
    best: tuple[int, int, dt.date] | None = None  # (rank, position, date)
    position = 0
    for line in lines:
        for m in stamp.finditer(line):
            value = _stamp_date(line[m.end() :])
            if value is not None:
                position += 1
                best = min(best or (9, 0, value), (0 if m["published"] else 2, position, value))
        for d in find_dates(line, None):
            if d.has_year and d.precision == 1 and d.value:
                position += 1
                rank = _HEADER_RANK if _AFTER_WEEKDAY.search(line, 0, d.start) else 1
                best = min(best or (9, 0, d.value), (rank, position, d.value))
    return (best[2], best[0] == _HEADER_RANK) if best else (None, False)


class OutletFinder:
    def __init__(self) -> None:
        self.by_domain: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for entry in load_yaml("outlets.yml"):
            for domain in entry["domains"]:
                self.by_domain[domain.lower()] = entry["name"]
            for name in [entry["name"], *entry["names"]]:
                self.by_name[name.lower()] = entry["name"]

    def from_url(self, url: str | None) -> str | None:
        if not url:
            return None
        host = (urlparse(url).hostname or "").lower()
        for domain, name in self.by_domain.items():
            if host == domain or host.endswith("." + domain):
                return name
        return None

    def from_line(self, line: str) -> str | None:
        """An outlet a byline or dateline names: the whole line, or one of its parts ("By Myanmar Now",
        "3 March 2024 | Mizzima", "DMG Newsroom")."""
        for part in [line, *re.split(r"\s*[|·•—–]\s*|,\s+|\s+-\s+|[()]", line)]:
            part = re.sub(r"^by\s+", "", part.strip(), flags=re.IGNORECASE)
            text = re.sub(r"\s+(newsroom|news desk|staff)$", "", part, flags=re.IGNORECASE).lower()
            found = self.by_name.get(text) or self.by_name.get(part.lower())
            if found:
                return found
        return None


class ArticleMetadata:
    def __init__(self, nlp: Language, name: str = "article_metadata"):
        self.name = name
        self.outlets = OutletFinder()
        self.stamp = stamp_pattern(load_yaml("patterns/boilerplate.yml")["stamp_words"])

    def __call__(self, doc: Doc) -> Doc:
        source = doc._.source or {}
        v = view(doc)
        boiler = [(s.label_, v.span_text(s.start, s.end)) for s in spans_of(doc, "boilerplate")]  # (label, text)
        published, how = parse_published(source.get("published_raw")), "metadata"
        if published is None:
            stated, header_only = stated_publication_date(
                [text for label, text in boiler if label in _META_LINES], self.stamp
            )
            published, how = (stated, "text") if stated else (None, "none")
        else:
            header_only = False
        urls = [source.get("url")] + [m.group(0) for _, text in boiler for m in _URL.finditer(text)]
        if published is None or header_only:
            published, how = next(((d, "url") for d in map(date_from_url, urls) if d), (published, how))
        if published is None and source.get("linked_published"):
            published, how = source["linked_published"], "linked_article"
        title = source.get("title") or next((text.strip() for label, text in boiler if label == "title"), None)
        outlet = (
            source.get("outlet")
            or next((o for o in map(self.outlets.from_url, urls) if o), None)
            or next(
                (o for label, text in boiler if label in _META_LINES for o in [self.outlets.from_line(text)] if o), None
            )
        )
        reference, reference_year = published, None
        if reference is None:
            reference = latest_stated_date(v.text)
        if reference is None:
            reference_year = (title and single_year(title)) or weekday_year(v.text)
        if reference is None and reference_year is None:  # another outlet's dated report of the same event
            reference, reference_year = source.get("linked_reference"), source.get("linked_year")
        if reference is None and reference_year:
            reference = dt.date(reference_year, 12, 31)
        doc._.reference_date = reference
        doc._.article_meta = {
            "title": title,
            "outlet": outlet,
            "published_date": published,
            "published_date_source": how,
            "reference_date": reference,
            "reference_is_year_only": reference_year is not None,
        }
        return doc


@Language.factory("article_metadata")
def make_article_metadata(nlp: Language, name: str) -> ArticleMetadata:
    return ArticleMetadata(nlp, name)
