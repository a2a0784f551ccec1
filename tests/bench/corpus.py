"""A deterministic corpus of synthetic conflict-news articles for the extraction benchmark.

    from tests.bench.corpus import generate
    articles = generate(3000)            # list[Article], the same for the same (n, seed) on any machine
    python -m tests.bench.corpus 5       # print five articles

Each article is composed from the sentence templates in `tests/bench/templates.yml`, filled with actor names
from `extract/data/actors.yml`, place names sampled from the project's gazetteer (`load_gazetteer()`), numbers in
digits and words with hedges, and dates relative to a publication date. Structure: a headline (unless the
metadata carries the title), a byline and/or dateline, 4-12 body paragraphs, caption lines, sometimes an
embedded tweet, a "read more" notice or a repeated standfirst; 2-5 KB of text, normalised the way ingestion
normalises files. A third of the articles carry metadata (published date, URL, outlet) as a JSONL line would,
a third only a URL, a third nothing (a .txt file). Article i depends only on (seed, i), not on n.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import string
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from extract.ids import content_hash
from extract.ingest.normalise import normalise_text
from extract.nlp.resources import load_yaml

TEMPLATES_PATH = Path(__file__).with_name("templates.yml")
DEFAULT_SEED = 20210201
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_SLOT = re.compile(r"\{(\w+)\}")
_FIRST_PUB = dt.date(2021, 3, 1)
_LAST_PUB = dt.date(2025, 11, 30)
# body paragraph mix after the lead: category -> weight
_BODY_MIX = {"event": 3, "casualty": 3, "displacement": 2, "context": 4, "quote": 2}


@dataclass(frozen=True)
class Article:
    article_id: str
    text: str
    title: str | None
    url: str | None
    outlet: str | None
    published_raw: str | None

    def as_row(self) -> tuple:
        """The raw.articles columns extract/extraction.py reads: (article_id, text, title, url, outlet,
        published_raw)."""
        return (self.article_id, self.text, self.title, self.url, self.outlet, self.published_raw)


@dataclass(frozen=True)
class Vocabulary:
    """The names the templates are filled with (sorted lists, so sampling is deterministic)."""

    armed: tuple[str, ...]
    armed_tags: tuple[str, ...]
    state: tuple[str, ...]
    regions: tuple[str, ...]
    districts: tuple[str, ...]
    townships: tuple[str, ...]
    towns: tuple[str, ...]
    villages: tuple[str, ...]
    countries: tuple[str, ...]
    outlets: tuple[tuple[str, str], ...]  # (name, domain)


@lru_cache(maxsize=1)
def templates() -> dict:
    with open(TEMPLATES_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _plain(name: str) -> bool:
    return bool(name) and "(" not in name and "/" not in name and not any(c.isdigit() for c in name)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Actors from actors.yml, places from the gazetteer, outlets from outlets.yml."""
    from extract.gazetteer.load import load_gazetteer

    armed, tags, state = set(), set(), set()
    for entry in load_yaml("actors.yml"):
        if entry.get("match", True) is False:
            continue
        if entry["party"] == "non_state_armed" and entry["type"] != "political_organization":
            armed.add(entry["name"])
            if entry.get("acronym"):
                armed.add(entry["acronym"])
                tags.add(entry["acronym"])
        elif entry["party"] == "state_forces":
            for alias in [entry["name"], *(entry.get("aliases") or [])]:
                if alias.isupper():
                    continue
                state.add(f"the {alias}" if alias[:1].islower() else alias)
    by_type: dict[str, set[str]] = {}
    for p in load_gazetteer().places:
        if not p.in_gazetteer:
            continue
        name = p.display_name if p.location_type in ("state_region", "district", "township") else p.name
        if _plain(name) and (p.location_type != "village" or len(name) >= 5):
            by_type.setdefault(p.location_type, set()).add(name)
    outlets = tuple(sorted((o["name"], o["domains"][0]) for o in load_yaml("outlets.yml")))
    return Vocabulary(
        armed=tuple(sorted(armed)),
        armed_tags=tuple(sorted(tags)),
        state=tuple(sorted(state)),
        regions=tuple(sorted(by_type["state_region"])),
        districts=tuple(sorted(by_type["district"])),
        townships=tuple(sorted(by_type["township"])),
        towns=tuple(sorted(by_type["town"])),
        villages=tuple(sorted(by_type["village"])),
        countries=tuple(sorted(by_type["country"] - {"Myanmar"})),
        outlets=outlets,
    )


class _Filler:
    """Fills the slots of one article's templates (one random stream per article)."""

    def __init__(self, rng: random.Random, voc: Vocabulary, tpl: dict, published: dt.date, outlet: str) -> None:
        self.rng, self.voc, self.tpl, self.published, self.outlet = rng, voc, tpl, published, outlet
        # an article is about a few places and actors, named repeatedly
        self.region = rng.choice(voc.regions)
        self.townships = rng.sample(voc.townships, 2)
        self.towns = rng.sample(voc.towns, 3)
        self.villages = rng.sample(voc.villages, 3)
        self.armed = rng.sample(voc.armed, 2)
        town = rng.choice(self.towns)
        self.group = f"{town} {rng.choice(tpl['group_suffixes'])}"

    def fill(self, template: str) -> str:
        text = _SLOT.sub(lambda m: self.slot(m.group(1)), template)
        return text[:1].upper() + text[1:]

    def slot(self, name: str) -> str:
        rng, voc, tpl = self.rng, self.voc, self.tpl
        if name == "armed":
            return rng.choice(self.armed) if rng.random() < 0.8 else rng.choice(voc.armed)
        if name == "armed_tag":
            return rng.choice(voc.armed_tags)
        if name == "state":
            return rng.choice(voc.state)
        if name == "group":
            return self.group
        if name == "region":
            return self.region if rng.random() < 0.8 else rng.choice(voc.regions)
        if name == "township":
            return rng.choice(self.townships)
        if name == "district":
            return rng.choice(voc.districts)
        if name == "town":
            return rng.choice(self.towns)
        if name == "town_tag":
            return re.sub(r"\W", "", rng.choice(self.towns))
        if name == "village":
            return rng.choice(self.villages)
        if name == "country":
            return rng.choice(voc.countries)
        if name == "n":
            return self.count()
        if name == "n_low":
            self._low = rng.randint(3, 40)
            return str(self._low)
        if name == "n_high":
            return str(getattr(self, "_low", 5) + rng.randint(2, 30))
        if name == "hedge":
            return rng.choice(tpl["hedges"])
        if name == "big":
            return self.big()
        if name == "date":
            return self.date()
        if name == "month":
            return self.month()
        if name == "dateline_date":
            return self.written_date(self.published, with_year=True)
        if name == "person":
            return rng.choice(tpl["people"])
        if name == "title":
            return rng.choice(tpl["titles"])
        if name == "outlet":
            return self.outlet
        if name == "outlet_short":
            return "".join(w[0] for w in self.outlet.split() if w[:1].isupper()) or self.outlet
        if name == "reporter":
            return rng.choice(tpl["reporters"])
        if name == "handle":
            return rng.choice(tpl["handles"])
        if name == "tag":
            return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(10))
        raise KeyError(f"unknown template slot {{{name}}}")

    def count(self) -> str:
        rng = self.rng
        if rng.random() < 0.4:
            return rng.choice(self.tpl["number_words"])
        return str(rng.choice([rng.randint(2, 30), rng.randint(2, 30), rng.randint(30, 400)]))

    def big(self) -> str:
        rng = self.rng
        pattern = rng.choice(self.tpl["big_counts"])
        out = []
        for part in re.split(r"(\{d+\})", pattern):
            if part.startswith("{"):
                width = len(part) - 2
                out.append(
                    str(rng.randint(1 if not out or width == 1 else 0, 10**width - 1)).zfill(width if width > 1 else 1)
                )
            else:
                out.append(part)
        return "".join(out)

    def date(self) -> str:
        rng = self.rng
        day = self.published - dt.timedelta(days=rng.randint(0, 12))
        r = rng.random()
        if r < 0.25:
            wd = WEEKDAY_NAMES[day.weekday()]
            return rng.choice(self.tpl["relative_dates"]).replace("{weekday}", wd)
        return "on " + self.written_date(day, with_year=r > 0.85)

    def written_date(self, day: dt.date, with_year: bool) -> str:
        month = MONTH_NAMES[day.month - 1]
        style = self.rng.randrange(4)
        if style == 0:
            out = f"{month} {day.day}" + (f", {day.year}" if with_year else "")
        elif style == 1:
            out = f"{day.day} {month}" + (f" {day.year}" if with_year else "")
        elif style == 2:
            out = f"{day.day} {month[:3]}" + (f" {day.year}" if with_year else "")
        else:
            out = f"{month[:3]}. {day.day}" + (f", {day.year}" if with_year else "")
        return out

    def month(self) -> str:
        rng = self.rng
        day = self.published - dt.timedelta(days=rng.randint(20, 400))
        mod = rng.choice(self.tpl["month_modifiers"])
        return f"{mod}{MONTH_NAMES[day.month - 1]}" + (f" {day.year}" if not mod or rng.random() < 0.5 else "")


def _pick(rng: random.Random, pool: list[str], used: set[str]) -> str:
    fresh = [t for t in pool if t not in used]
    choice = rng.choice(fresh or pool)
    used.add(choice)
    return choice


def make_article(i: int, seed: int = DEFAULT_SEED, voc: Vocabulary | None = None) -> Article:
    """Article number i of the corpus with this seed."""
    voc = voc or vocabulary()
    tpl = templates()
    rng = random.Random(f"bench-corpus:{seed}:{i}")
    published = _FIRST_PUB + dt.timedelta(days=rng.randrange((_LAST_PUB - _FIRST_PUB).days + 1))
    outlet, domain = rng.choice(voc.outlets)
    f = _Filler(rng, voc, tpl, published, outlet)
    used: set[str] = set()
    kind = rng.randrange(3)  # 0: JSONL-like metadata, 1: only a URL, 2: a bare .txt
    lines: list[str] = []
    headline = f.fill(_pick(rng, tpl["headline"], used))
    title = headline if kind == 0 else None
    if title is None:
        lines.append(headline)
    if rng.random() < 0.6:
        lines.append(f.fill(rng.choice(tpl["byline"])))
    if not lines[1:] or rng.random() < 0.3:
        lines.append(f.fill(rng.choice(tpl["dateline"])))
    n_par = rng.randint(4, 12)
    target = rng.randint(2300, 4700)  # bytes of body text
    per_par = target / (n_par * 125)  # sentences per paragraph, on average
    cats = list(_BODY_MIX)
    weights = list(_BODY_MIX.values())
    paragraphs: list[str] = []
    for p in range(n_par):
        k = max(1, min(6, int(per_par + rng.random()) + rng.choice((-1, 0, 0, 1))))
        if p == 0:
            order = ["event", rng.choice(["casualty", "displacement"])] + ["context"] * (k - 2)
        else:
            order = rng.choices(cats, weights, k=k)
        sentences = [f.fill(_pick(rng, tpl[c], used)) for c in order[: max(k, 1)]]
        paragraphs.append(" ".join(sentences))
    body: list[str] = []
    caption_at = {rng.randint(1, 2)} if rng.random() < 0.6 else set()
    if rng.random() < 0.2:
        caption_at.add(rng.randint(3, n_par - 1))
    for p, par in enumerate(paragraphs):
        body.append(par)
        if p in caption_at:
            body.append(f.fill(rng.choice(tpl["caption"])))
        if p == n_par // 2 and rng.random() < 0.1:
            body.append(f.fill(rng.choice(tpl["tweet_text"])))
            body.append(f.fill(rng.choice(tpl["tweet_sign"])))
    if rng.random() < 0.05:
        body.append(paragraphs[0])  # a standfirst printed again
    if rng.random() < 0.3:
        body.append(f.fill(rng.choice(tpl["notice"])))
    sep = "\n\n" if rng.random() < 0.5 else "\n"
    text = normalise_text("\n".join(lines) + sep + sep.join(body))
    url = published_raw = None
    if kind in (0, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")[:60]
        url = f"https://www.{domain}/news/{published:%Y/%m/%d}/{slug}"
    if kind == 0:
        published_raw = f"{published.isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
    return Article(content_hash(text)[:16], text, title, url, outlet if kind == 0 else None, published_raw)


def generate(n: int = 3000, seed: int = DEFAULT_SEED) -> list[Article]:
    """n articles; the same list for the same (n, seed)."""
    voc = vocabulary()
    return [make_article(i, seed, voc) for i in range(n)]


if __name__ == "__main__":  # pragma: no cover - for people looking at the corpus
    for a in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(
            f"=== {a.article_id} title={a.title!r} url={a.url!r} outlet={a.outlet!r} "
            f"published={a.published_raw!r} ({len(a.text.encode())} bytes)"
        )
        print(a.text)
        print()
