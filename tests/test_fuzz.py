"""A small sample of `make fuzz` (tests/fuzz.py): the loader and the extractor over random bytes, random
Unicode and mutated real-shaped articles never raise, and account for every input."""

from __future__ import annotations

import fuzz
import pytest

PROPERTIES = fuzz.properties(25)


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_fuzz_sample(name):
    before = fuzz.TALLY["inputs"]
    PROPERTIES[name]()
    assert fuzz.TALLY["inputs"] > before and fuzz.TALLY["inputs"] == fuzz.TALLY["accounted"]
