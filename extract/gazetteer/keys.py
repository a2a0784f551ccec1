"""Name keys for matching romanised Myanmar place names.

Two keys are used, both computed from an English (Latin-script) place name:

``place_key(name)``
    Lower case, accents removed, a possessive ``'s`` and one generic suffix stripped ("Township",
    "Town", "District", "Region", "State", "Division", "Village", "Village Tract", "City", ...; the
    list is ``key_suffixes`` in ``extract/data/gazetteer/matcher_patterns.yaml``), then every
    character that is not a letter or digit removed. So "Kyain Seikgyi" and "Kyainseikgyi" share
    the key ``kyainseikgyi``; "Hpa-An Township" gives ``hpaan``; "Tanintharyi Region’s" gives
    ``tanintharyi``.

``variant_key(name)``
    The place key's words, each rewritten by ordered regular-expression rules that fold the
    systematic spelling variation of romanised Burmese, then joined, with doubled letters made
    single. The rules are data (``extract/data/gazetteer/variant_rules.yaml``); in order:

    1. rhymes and vowels: aung/oung/awng -> ong, ee -> i, oo/ou -> u, "ar" before a consonant or at
       the end -> a, a final ay/ey/eh/ae/ei -> e, ay before a consonant -> e, a final oe/oh -> o;
    2. aspiration: an h written before a consonant is dropped (hp, hk, ht, hs, hl, hm, hn, hw,
       hy; not the s-h of "Shwe"), and one written after a stop (ph, kh, th, dh, bh, gh);
    3. voicing: d -> t, b -> p, and g -> k before a vowel, y or w (a final -ng is kept);
    4. palatals: ch, j, ky (and so gy) -> c; v -> w;
    5. on the joined key: any doubled letter -> one (Sittwe/Sitwe, Seikkyi/"Seik Kyi").

    So "Mawdaung", "Maw Daung", "Mawtaung" and "Maw Taung" all give ``mawtong``; "Magwe" and
    "Magway" give ``makwe``; "Papun" and "Hpapun" give ``papun``. The fold is deliberately
    coarse; the lookup uses it only when no exact key or alias matches. ``python -m
    extract.gazetteer.key_report`` reports how many township and town names it merges.

This module imports nothing else of the package: every other module of it builds on these keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

import yaml

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ten times faster
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
PATTERNS_FILE = DATA_DIR / "matcher_patterns.yaml"
VARIANT_RULES_FILE = DATA_DIR / "variant_rules.yaml"

_APOS = "'\u2019\u2018`\u00b4"
_POSSESSIVE = re.compile(rf"[{_APOS}]s$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@cache
def patterns() -> dict:
    """The word lists in matcher_patterns.yaml (cached)."""
    with open(PATTERNS_FILE, encoding="utf-8") as f:
        return yaml.load(f, Loader=_YAML_LOADER)


@cache
def _suffix_re() -> re.Pattern:
    words = sorted(patterns()["key_suffixes"], key=len, reverse=True)
    alts = "|".join(r"[\s\-]+".join(map(re.escape, re.split(r"[\s\-]+", w))) for w in words)
    # at least one character must remain before the suffix
    return re.compile(rf"(?<=\S)[\s\-]+(?:{alts})$")


@cache
def _variant_rules() -> tuple[list[tuple[re.Pattern, str]], list[tuple[re.Pattern, str]]]:
    with open(VARIANT_RULES_FILE, encoding="utf-8") as f:
        data = yaml.load(f, Loader=_YAML_LOADER)
    word = [(re.compile(r["from"]), r["to"]) for r in data["word_rules"]]
    key = [(re.compile(r["from"]), r["to"]) for r in data["key_rules"]]
    return word, key


def rules_fingerprint() -> str:
    """A hash of the key rules and word lists, stored with the built gazetteer to detect staleness."""
    import hashlib

    h = hashlib.sha256()
    for p in (PATTERNS_FILE, VARIANT_RULES_FILE):
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def ascii_fold(text: str) -> str:
    """Remove accents and map curly quotes to ASCII ("Wagèma" -> "Wagema", "Region’s" -> "Region's")."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00b4", "'").replace("`", "'")
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _words(name: str) -> list[str]:
    """Lower-case words of a name with its possessive and one generic suffix removed."""
    s = ascii_fold(name).strip().lower()
    s = _POSSESSIVE.sub("", s)
    s = re.sub(r"\s+", " ", s)
    s = _suffix_re().sub("", s)
    return [w for w in _NON_ALNUM.split(s) if w]


@lru_cache(maxsize=200_000)
def place_key(name: str) -> str:
    """Lower case, no spaces/hyphens/punctuation, generic suffix stripped: "Kyain Seikgyi" -> "kyainseikgyi"."""
    if not name:
        return ""
    return "".join(_words(name))


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    word_rules, _ = _variant_rules()
    for rx, rep in word_rules:
        word = rx.sub(rep, word)
    return word


def fold_words(words: Iterable[str]) -> str:
    """The variant key of a name given as lower-case ASCII words (no suffix stripping)."""
    _, key_rules = _variant_rules()
    key = "".join(map(_fold_word, words))
    for rx, rep in key_rules:
        key = rx.sub(rep, key)
    return key


@lru_cache(maxsize=200_000)
def variant_key(name: str) -> str:
    """The place key with romanisation variants folded: "Mawdaung" and "Maw Taung" -> "mawtong"."""
    if not name:
        return ""
    return fold_words(_words(name))


def simple_words(text: str) -> list[str]:
    """Lower-case ASCII words of a text, without stripping any suffix (fast path for n-grams)."""
    if not text.isascii():
        text = ascii_fold(text)
    return [w for w in _NON_ALNUM.split(text.lower()) if w]


def type_suffix(name: str) -> str | None:
    """The generic type word a name ends with ("Kanbalu Township" -> "township"), lower case, or None."""
    s = ascii_fold(name).strip().lower()
    s = _POSSESSIVE.sub("", s)
    s = re.sub(r"\s+", " ", s)
    m = _suffix_re().search(s)
    if not m:
        return None
    return re.sub(r"\s+", " ", m.group(0).strip(" -"))
