"""Date expressions in article text, resolved against a reference date (the publication date).

`find_dates(text, reference)` returns `DateMention`s: absolute dates ("January 4", "4 Jan 2023", "Nov. 14,
2025", "14/May/2024"), month-only ones ("in March 2022", "late June"), weekdays ("on Sunday", "late Monday",
"Monday night", "on Monday and Tuesday": the latest such day on or before the reference; "last Friday" on a
Friday a week back; "next Friday" unresolved; none after a reporting verb, "as of" or "the"), relative ones
("yesterday", "last week", "over the weekend", "earlier this month", "two days ago"; the rules are in
`extract/data/patterns/dates.yml`) and "over new year". A date without a year takes the
reference's year, stepping back a year if that would put it after the reference. With no reference, a date
without a year, a weekday or a relative date is left unresolved (value None): no year is invented.
The spaCy component `date_finder` puts the body's dates in `doc.spans["dates"]` with `span._.date`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.nlp.docview import boilerplate_mask, set_spans, view
from extract.nlp.resources import load_yaml

# English month names, January first (also the bench corpus's)
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}

_MON = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)
_MON2 = _MON.replace("?P<mon>", "?P<mon2>")
_ABS_MD = re.compile(rf"\b{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")
_ABS_DM = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?")
_MONTH_ONLY = re.compile(rf"\b(?:(?P<mod>early|mid|late)[\s-]+)?{_MON2}\b(?:\s+(?P<year>(?:19|20)\d\d))?")
# "2024-01-31" and "31/01/2024": the word boundary before the first digit is checked right after it
# (`1(?<=\b1)` is `\b1`), so that the patterns start with a digit and the regex engine skips in C to the digits
_ISO = re.compile(r"(?P<year>(?:1(?<=\b1)9|2(?<=\b2)0)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
_NUMERIC = re.compile(r"(?P<a>\d(?<=\b\d)\d?)[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b")
# "14/May/2024", "3-Mar-2024" (web page stamps): day, month's name and year joined by slashes or hyphens
_DMY_JOINED = re.compile(rf"(?P<day>\d(?<=\b\d)\d?)(?P<sep>[/-]){_MON}(?P=sep)(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# a weekday, alone or with the word before it ("on Sunday", "late Monday", "said Tuesday", "Sunday night",
# "overnight Wednesday") or a second one ("on Monday and Tuesday": a span of days)
_WEEKDAY = re.compile(
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:and|to|or|-)\s+(?P<wd2>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?\b"
)
_DAYPART = re.compile(r"\s+(?:morning|afternoon|evening|night)\b")
_WORDS_BEFORE = re.compile(r"(?:([A-Za-z]+)\s+)?([A-Za-z]+)\W{0,3}$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Where a month's or weekday's name starts: every match of the patterns above that needs one starts at it or a
# few characters before it (see _starts), so they are tried there only instead of at every position of the text.
# (Anchors cannot overlap: their letters after the first are lower case.)
_ANCHOR = re.compile(
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
)

if not Span.has_extension("date"):
    Span.set_extension("date", default=None)
if not Doc.has_extension("reference_date"):
    Doc.set_extension("reference_date", default=None)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: dt.date | None  # the resolved day (first day of the span for coarser dates)
    precision: int  # 1 day, 2 span of days / week, 3 month or coarser
    has_year: bool  # the text states the year


def days_back(reference: dt.date, weekday: int) -> int:
    """How many days before `reference` (0 to 6) the last `weekday` (Monday 0) on or before it fell."""
    return (reference.weekday() - weekday) % 7


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# "August 5 last year", "in March of this year": the year a date leaves out, named in words after it
_YEAR_IN_WORDS = re.compile(r",?\s+(?:of\s+)?(?P<which>last|this)\s+year\b", re.IGNORECASE)


def _year_in_words(text: str, end: int, reference: dt.date | None) -> tuple[str | None, int]:
    """The year "last year" or "this year" right after a date ending at `end` names (counted from `reference`),
    and where those words end; (None, end) when they do not follow it."""
    m = _YEAR_IN_WORDS.match(text, end)
    if m is None or reference is None:
        return None, end
    return str(reference.year - (m["which"].lower() == "last")), m.end()


def _with_year(month: int, day: int, year: str | None, reference: dt.date | None) -> dt.date | None:
    if year:
        return _safe_date(int(year), month, day)
    if reference is None:
        return None
    value = _safe_date(reference.year, month, day)
    if value is not None and value > reference + dt.timedelta(days=1):
        value = _safe_date(reference.year - 1, month, day)
    return value


def find_dates(text: str, reference: dt.date | None, year_only: bool = False) -> list[DateMention]:
    """All date expressions of `text`. `year_only`: the reference gives only the year (a headline's), so
    weekdays and relative dates stay unresolved and "new year" is that year's first of January."""
    relative_ref = None if year_only else reference
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value, precision: int, has_year: bool) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        out.append(DateMention(start, end, text[start:end], value, precision, has_year))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _safe_date(int(m["year"]), int(m["month"]), int(m["day"])), 1, True)
    for m in _NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 or a == b:  # day/month ("28/2/2024"); "3/3/2024" reads the same either way
            add(m.start(), m.end(), _safe_date(int(m["year"]), b, a), 1, True)
        elif b > 12:  # month/day ("2/28/2024")
            add(m.start(), m.end(), _safe_date(int(m["year"]), a, b), 1, True)
        # "3/4/2024" could be either: not a date we can state
    for m in _DMY_JOINED.finditer(text):
        add(
            m.start(), m.end(), _safe_date(int(m["year"]), MONTHS[m["mon"].lower().rstrip(".")], int(m["day"])), 1, True
        )
    starts = _starts(text)
    for rx in (_ABS_MD, _ABS_DM):
        for m in _matches_at(rx, text, starts[rx]):
            day = int(m["day"])
            if not 1 <= day <= 31:
                continue
            month = MONTHS[m["mon"].lower().rstrip(".")]
            year, end = (m["year"], m.end()) if m["year"] else _year_in_words(text, m.end(), reference)
            add(m.start(), end, _with_year(month, day, year, reference), 1, bool(year))
    for m in _matches_at(_MONTH_ONLY, text, starts[_MONTH_ONLY]):
        if m["mon2"] in ("May", "Mar") and not (m["year"] or m["mod"]):
            continue  # "may" the verb, "Mar" the word: too ambiguous alone
        month = MONTHS[m["mon2"].lower().rstrip(".")]
        day = {"early": 1, "mid": 15, "late": 25}.get((m["mod"] or "early").lower(), 1)
        year, end = (m["year"], m.end()) if m["year"] else _year_in_words(text, m.end(), reference)
        add(m.start(), end, _with_year(month, day, year, reference), 3, bool(year))
    weekday_words = _weekday_words()
    day_starts = {d.start for d in out if d.precision == 1}
    for m in _matches_at(_WEEKDAY, text, starts[_WEEKDAY]):
        if _date_after_weekday(text, m.end()) in day_starts:
            continue  # "Monday, March 3", "Monday (Nov 6)", "Tuesday morning, August 24": the date says which
        words = _WORDS_BEFORE.search(text, max(0, m.start() - 24), m.start())
        before = words[2].lower() if words else ""
        pair = f"{words[1]} {words[2]}".lower() if words and words[1] else ""
        if before in weekday_words["not_a_day"] or before in weekday_words["report"] or pair in weekday_words["report"]:
            continue
        value = None
        if relative_ref is not None and before not in weekday_words["ahead"]:
            back = days_back(reference, WEEKDAYS[m["wd"].lower()])
            if back == 0 and before in weekday_words["week_before"]:
                back = 7  # "last Friday" written on a Friday: a week ago
            value = reference - dt.timedelta(days=back)
        add(m.start(), m.end(), value, 2 if m["wd2"] else 1, False)
    rx = _patterns()
    low = lower_in_place(text)
    for m in rx.relative.finditer(low):
        rule = rx.rules[m.lastgroup]
        add(m.start(), m.end(), _relative(rule, relative_ref), rule["precision"], False)
    for m in rx.days_ago.finditer(low) if "ago" in low else ():
        n = int(m["n"]) if m["n"].isdigit() else _number_words().get(m["n"])
        if n is not None:
            add(m.start(), m.end(), relative_ref - dt.timedelta(days=n) if relative_ref else None, 1, False)
    for m in rx.new_year.finditer(low):
        value = None
        if reference is not None:
            value = dt.date(reference.year if year_only or reference.month <= 6 else reference.year + 1, 1, 1)
        add(m.start(), m.end(), value, 2, False)
    return sorted(out, key=lambda d: d.start)


def _space_before_date(text: str, i: int) -> int:
    """Where a date written right after position i would start, past a comma, bracket and spaces."""
    n = min(len(text), i + 4)
    while i < n and text[i] in " ,(\u00a0":
        i += 1
    return i


def _date_after_weekday(text: str, i: int) -> int:
    """Where a date that says which day a weekday ending at i is would start: "Monday, March 3", "Monday (Nov 6)",
    "Tuesday morning, August 24"."""
    part = _DAYPART.match(text, i)
    return _space_before_date(text, part.end() if part else i)


def _space_before(text: str, i: int, hyphens: bool = False) -> int:
    """Where the run of whitespace (and hyphens, if asked) ending at i starts (i itself when there is none)."""
    while i > 0 and (text[i - 1].isspace() or hyphens and text[i - 1] == "-"):
        i -= 1
    return i


def _starts(text: str) -> dict[re.Pattern, list[int]]:
    """For each anchored pattern, positions that include every one where a match of it can start (a few more
    do no harm: the pattern itself is tried there):
    - _ABS_MD at a month ("June 4");
    - _MONTH_ONLY at a month, or at "early|mid|late" before the run of spaces and hyphens before it;
    - _ABS_DM at one to four characters (a day, with "st|nd|rd|th") before the run of spaces before a month,
      or before "of" and the spaces before that ("4th of June");
    - _WEEKDAY at a weekday."""
    md, dm, mo, wd = [], [], [], []
    for a in _ANCHOR.finditer(text):
        q = a.start()
        if a.end() - q == 3:  # a month
            md.append(q)
            mo.append(q)
            r = _space_before(text, q, hyphens=True)
            if r < q:
                mo.extend(r - k for k in (3, 4, 5) if r - k >= 0)
            r = _space_before(text, q)
            if r < q:
                ends = [r]
                if text.endswith("of", 0, r):
                    r2 = _space_before(text, r - 2)
                    if r2 < r - 2:
                        ends.append(r2)
                dm.extend(e - k for e in ends for k in (1, 2, 3, 4) if e - k >= 0)
        else:  # a weekday
            wd.append(q)
    return {_ABS_MD: md, _ABS_DM: dm, _MONTH_ONLY: mo, _WEEKDAY: wd}


def _matches_at(rx: re.Pattern, text: str, starts: list[int]):
    """What `rx.finditer(text)` gives, trying `rx` only at `starts` (every position where a match can start,
    in any order): left to right, each match tried from where the last one ended."""
    end = 0
    for p in sorted(set(starts)):
        if p < end:
            continue
        m = rx.match(text, p)
        if m is not None:
            yield m
            end = m.end()


def lower_in_place(text: str) -> str:
    """`text` in lower case, each character at its own offset (str.lower() lengthens a few characters, such as
    "İ"; those are kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@dataclass(frozen=True)
class _Patterns:
    relative: re.Pattern  # every relative rule in one alternation: group r<k> is rule k
    rules: dict  # group name -> rule
    days_ago: re.Pattern
    new_year: re.Pattern
    anaphoric: list  # (compiled pattern, rule), in the file's order
    any_anaphoric: re.Pattern  # matches where any anaphoric rule does (a quick test before trying each)
    inverting_verbs: frozenset  # "X came a day after Y": the offset counts backwards
    first_year: int  # the first year the project covers (weekday_year's window)
    background_before: re.Pattern  # words before a date in its sentence that make it background (latest_stated_date)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The expressions of dates.yml, compiled once, to match lower-cased text (`lower_in_place`). The relative
    rules become one alternation tried in the file's order at each position (a longer expression listed before
    one it contains still wins)."""
    cfg = load_yaml("patterns/dates.yml")
    rules = {f"r{k}": rule for k, rule in enumerate(cfg["relative"])}
    relative = "|".join(rf"\b(?P<{name}>{rule['pattern']})\b" for name, rule in rules.items())
    anaphoric = [rf"\b(?:{rule['pattern']})\b" for rule in cfg["anaphoric"]]
    return _Patterns(
        re.compile(relative),
        rules,
        re.compile(rf"\b{cfg['days_ago']}\b"),
        re.compile(cfg["new_year"]),
        [(re.compile(p), rule) for p, rule in zip(anaphoric, cfg["anaphoric"])],
        # the rules' named groups become plain groups (one name may not appear twice)
        re.compile(re.sub(r"\(\?P<\w+>", "(?:", "|".join(f"(?:{p})" for p in anaphoric))),
        frozenset(cfg["anaphoric_inverting_verbs"]),
        cfg["weekday_years"]["first"],
        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in cfg["background_before"]) + r")\b"),
    )


def _relative(rule: dict, reference: dt.date | None) -> dt.date | None:
    """The day a relative expression names (the first day of its span), counted back from `reference`."""
    if reference is None:
        return None
    if "months_back" in rule:
        first = reference.replace(day=1)
        for _ in range(rule["months_back"]):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return first
    if rule.get("week_start"):
        return reference - dt.timedelta(days=reference.weekday())
    if rule.get("weekend"):
        return reference - dt.timedelta(days=(reference.weekday() - 5) % 7)
    return reference - dt.timedelta(days=rule["offset_days"])


@lru_cache(maxsize=1)
def _weekday_words() -> dict[str, frozenset]:
    """dates.yml `weekday_words`: words before a weekday that make it no day of its own, a report's day, a day
    ahead, or a week back."""
    return {k: frozenset(v) for k, v in load_yaml("patterns/dates.yml")["weekday_words"].items()}


def _number_words() -> dict[str, int]:
    return load_yaml("patterns/figures.yml")["number_words"]


class Anaphora(NamedTuple):
    offset: int  # days from the earlier time to the one `text` tells
    end: int  # where the expression ends in `text`
    opens: bool  # the expression opens the text ("Hours later, ..."), so it counts from the time told
    # just before; after a subject ("The shelling came a day after ...") it counts from
    # the event that subject names


def anaphoric_offset(text: str) -> Anaphora | None:
    """Days from the event told just before to the one `text` tells ("a day after" → 1, "two days earlier"
    → -2, "hours later" → 0), where the expression ends in `text` and whether it opens it; None when `text`
    counts from no earlier event."""
    rx = _patterns()
    text = lower_in_place(text)
    if not rx.any_anaphoric.search(text):
        return None
    words = _number_words()
    for pattern, rule in rx.anaphoric:
        m = pattern.search(text)
        if m:
            if "days" in rule:
                offset = rule["days"]
            else:
                n = m["n"]
                count = int(n) if n.isdigit() else (1 if n in ("a", "an") else words.get(n))
                if count is None:
                    return None
                offset = rule["sign"] * count
            words_before = re.findall(r"[a-z]+", text[: m.start()])
            before = set(words_before)
            return Anaphora(
                -offset if before & rx.inverting_verbs else offset,
                m.end(),
                not [w for w in words_before if w not in ("and", "but", "then", "only")],
            )
    return None


def latest_stated_date(text: str) -> dt.date | None:
    """The latest full date (with its year) written anywhere in the text, e.g. an embedded tweet's date; not one
    in a background clause of its sentence ("since the army seized power on Feb. 1, 2021"), which is no day
    near the article's."""
    background = _patterns().background_before
    dates = [
        d.value
        for d in find_dates(text, None)
        if d.has_year and d.precision == 1 and d.value and not background.search(_clause_before(text, d.start))
    ]
    return max(dates) if dates else None


def _clause_before(text: str, start: int) -> str:
    """The words of the sentence before character `start`, lower-cased (up to 120 characters back)."""
    before = text[max(0, start - 120) : start]
    return re.split(r"[.!?\n]\s", before)[-1].lower()


def weekday_year(text: str, today: dt.date | None = None) -> int | None:
    """The year that "Tuesday, August 24" pins down when the text gives no year: the one year from the first
    year the project covers (`weekday_years.first` in dates.yml) to `today`'s in which every such weekday-led
    date falls on its weekday. None when no weekday-led date is written, or when none or several years fit
    (a weekday and a month-day repeat within six to eleven years, so the window decides)."""
    today = today or dt.date.today()
    years = range(_patterns().first_year, today.year + 1)
    fitting: set[int] | None = None
    starts = _starts(text)
    by_start = {m.start(): m for rx in (_ABS_MD, _ABS_DM) for m in _matches_at(rx, text, starts[rx])}
    for w in _matches_at(_WEEKDAY, text, starts[_WEEKDAY]):
        m = by_start.get(_date_after_weekday(text, w.end()))
        if m is None or m["year"] or w["wd2"]:
            continue
        month, day = MONTHS[m["mon"].lower().rstrip(".")], int(m["day"])
        wd = WEEKDAYS[w["wd"].lower()]
        fits = {y for y in years if (d := _safe_date(y, month, day)) and d <= today and d.weekday() == wd}
        fitting = fits if fitting is None else fitting & fits
    return fitting.pop() if fitting and len(fitting) == 1 else None


def single_year(text: str) -> int | None:
    """The one year a short text (a headline) names, if it names exactly one."""
    years = set(_YEAR.findall(text))
    return int(years.pop()) if len(years) == 1 else None


class DateFinder:
    """Marks the dates of the body (not boilerplate), resolved against `doc._.reference_date`."""

    def __init__(self, nlp: Language, name: str = "date_finder"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans, values = [], []
        boiler = boilerplate_mask(doc)
        meta = getattr(doc._, "article_meta", None) or {}
        for d in find_dates(view(doc).text, doc._.reference_date, bool(meta.get("reference_is_year_only"))):
            span = doc.char_span(d.start, d.end, label="DATE", alignment_mode="expand")
            if span is None or any(boiler[span.start : span.end]):
                continue
            spans.append(span)
            values.append(d)
        set_spans(doc, "dates", spans, "date", values)
        return doc


@Language.factory("date_finder")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder(nlp, name)
