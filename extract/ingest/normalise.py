"""Text normalisation applied to every article before it is hashed and stored.

- bytes are decoded as UTF-8, UTF-16 or UTF-32 (with a BOM or without: told from where the NUL bytes are),
  or Windows-1252 for legacy files that hold no UTF-8 sequence; a few bytes that are not valid UTF-8 in a
  UTF-8 file are replaced by U+FFFD and the repair is recorded (`Decoded.note`), never mistaken for cp1252;
- Unicode is NFC-normalised, non-breaking and zero-width spaces become plain spaces or vanish;
- line endings become \\n, runs of spaces collapse, trailing spaces go, 3+ blank lines become one blank line;
- a line printed twice in a row (a photo caption repeated by a page template) is kept once.
Quotes and apostrophes are left as written: offsets and evidence sentences must match the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_BLANK_RUNS = re.compile(r"\n{3,}")


class UndecodableInput(ValueError):
    """The bytes are not text in any encoding we accept."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # what was repaired, for the load log


_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
MAX_REPLACED = 0.01  # more than this share of replaced characters (and more than 8): not text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # only JSON escapes can make these; they are not text


def _zero_share(sample: bytes, offset: int, step: int) -> float:
    picked = sample[offset::step]
    return picked.count(0) / max(1, len(picked))


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a BOM, told from where the NUL bytes of Latin text fall."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    z4 = [_zero_share(sample, i, 4) for i in range(4)]
    if len(data) % 4 == 0 and min(z4[1:]) > 0.9 and z4[0] < 0.5:
        return "utf-32-le"
    if len(data) % 4 == 0 and min(z4[:3]) > 0.9 and z4[3] < 0.5:
        return "utf-32-be"
    even, odd = _zero_share(sample, 0, 2), _zero_share(sample, 1, 2)
    if len(data) % 2 == 0 and odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if len(data) % 2 == 0 and even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _replaced(text: str, encoding: str, n_bytes: int) -> Decoded:
    bad = text.count("\ufffd")
    if bad > max(8, MAX_REPLACED * max(1, len(text))):
        raise UndecodableInput(f"the file is not text: {bad} of its {n_bytes} bytes are not valid {encoding.upper()}")
    first = text.index("\ufffd")
    return Decoded(
        text,
        encoding,
        f"{bad} byte sequence{'s' if bad > 1 else ''} not valid in {encoding.upper()} "
        f"replaced by U+FFFD (first at character {first})",
    )


def decode(data: bytes) -> Decoded:
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None) or _wide_encoding(data)
    if encoding is None and b"\x00" in data[:4096]:
        raise UndecodableInput("the file holds binary data (NUL bytes), not text")
    if encoding is not None:
        body = data[len(next((b for b, e in _BOMS if e == encoding and data.startswith(b)), b"")) :]
        name = encoding.replace("-sig", "")
        try:
            decoded = Decoded(body.decode(name), name)
        except UnicodeDecodeError:
            decoded = _replaced(body.decode(name, errors="replace"), name, len(data))
    else:
        try:
            decoded = Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            decoded = None
        if decoded is None and not _UTF8_MULTIBYTE.search(data):
            try:
                decoded = Decoded(data.decode("cp1252"), "cp1252")
            except UnicodeDecodeError:
                pass
        if decoded is None:
            decoded = _replaced(data.decode("utf-8", errors="replace"), "utf-8", len(data))
    controls = len(_CONTROL.findall(decoded.text))
    if controls > max(8, MAX_REPLACED * max(1, len(decoded.text))):
        raise UndecodableInput(f"the file holds binary data ({controls} control characters), not text")
    return decoded


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub(" ", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    kept: list[str] = []
    for line in lines:
        if line and kept and line == kept[-1]:
            continue  # the same line twice in a row
        kept.append(line)
    text = "\n".join(kept)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def dedup_key(text: str) -> str:
    """What duplicate detection compares: the text with every run of whitespace (paragraph spacing, line
    wrapping) one space."""
    return " ".join(text.split())
