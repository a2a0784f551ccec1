"""Site keys: which places, named differently by different reports, can be one site.

Reports of one event name its place at different depths ("Khawmawi", "Khawmawi in Chin State", "Khawmawi,
Falam Township"), spell it differently, or name the camp instead of its village; each becomes its own
location_id. The site key (the gazetteer's variant key of the name without a camp word, see
`extract/data/patterns/sites.yml`) is stored with each place in raw.places, and dbt's `int_location_sites`
uses it to map the less specific places onto the one most specific place they can be.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from extract.gazetteer.keys import ascii_fold, variant_key
from extract.nlp.resources import load_yaml


@cache
def _site_suffix_re() -> re.Pattern:
    words = sorted(load_yaml("patterns/sites.yml")["site_suffixes"], key=len, reverse=True)
    alts = "|".join(r"[\s\-]+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<=\S)[\s\-]+(?:{alts})$", re.IGNORECASE)


@lru_cache(maxsize=100_000)
def site_key(name: str) -> str:
    """ "Mung Lai Hkyet IDP camp", "Mung Lai Hkyet" and "Mung Lai Hkyet village" -> one key."""
    return variant_key(_site_suffix_re().sub("", ascii_fold(name).strip()))
