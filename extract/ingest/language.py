"""Which language an article is written in, as far as ingestion needs to know: English, or which other.

Most letters in a non-Latin script name the language by its script (Burmese, Thai, ...); Latin-script text is
English when English function words are common in it and no other listed language's are commoner. The
vocabulary is `extract/data/languages.yml`. Returns None for English (and for texts too short to tell).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import yaml

from extract.config import DATA_DIR

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
SAMPLE = 20_000  # characters looked at


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    data = yaml.safe_load((DATA_DIR / "languages.yml").read_text())
    data["function_words"] = {lang: frozenset(words) for lang, words in data["function_words"].items()}
    return data


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def other_language(text: str) -> str | None:
    """The name of the language the text is in when it is not English, else None."""
    vocab = _vocabulary()
    sample = text[:SAMPLE]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None
    scripts = Counter(_script(c) for c in letters)
    script, n = scripts.most_common(1)[0]
    if scripts.get("LATIN", 0) < len(letters) / 2:
        return vocab["scripts"].get(script, f"an unsupported script ({script.title()})")
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < vocab["min_words"]:
        return None
    counts = {lang: sum(1 for w in words if w in fw) for lang, fw in vocab["function_words"].items()}
    english = vocab["english"]
    best = max(counts, key=counts.get)
    if best != english and counts[best] > counts[english]:
        return best
    if counts[english] < vocab["min_english_share"] * len(words):
        return "not recognisably English (too few English function words)"
    return None
