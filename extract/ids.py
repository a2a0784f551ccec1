"""Deterministic identifiers: the same input always yields the same id, so re-runs add no duplicate rows."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: object) -> str:
    """`prefix_` + 16 hex characters of the sha256 of the parts joined by '|' (None counts as '')."""
    joined = "|".join(["" if p is None else str(p) for p in parts])
    return f"{prefix}_{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:16]}"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
