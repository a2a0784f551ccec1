"""Text normalisation applied to every article before it is hashed and stored.

- bytes are decoded as UTF-8 (with a BOM or not), falling back to cp1252 for legacy files;
- Unicode is NFC-normalised, non-breaking and zero-width spaces become plain spaces or vanish;
- line endings become \\n, runs of spaces collapse, trailing spaces go, 3+ blank lines become one blank line;
- a line printed twice in a row (a photo caption repeated by a page template) is kept once.
Quotes and apostrophes are left as written: offsets and evidence sentences must match the source.
"""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BLANK_RUNS = re.compile(r"\n{3,}")


class UndecodableInput(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UndecodableInput("the file holds binary data (NUL bytes), not text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UndecodableInput("the file is neither UTF-8 nor Windows-1252 text")


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    kept: list[str] = []
    for line in lines:
        if line and kept and line == kept[-1]:
            continue  # the same line twice in a row
        kept.append(line)
    text = "\n".join(kept)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
