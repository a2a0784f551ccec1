"""The extractor's fingerprint: one hash of everything that decides what extraction writes for an article.

It covers the extraction code (`extract/nlp/`, `extract/gazetteer/`, `extract/extraction.py`,
`extract/linking.py`, `extract/ids.py`), its data files (patterns, the actor dictionary,
outlets, the gazetteer's aliases and rules, linking thresholds) and the versions of the packages whose
behaviour or data it uses (spaCy; mm_geo_coder, which ships the MIMU place codes the gazetteer is built
from). Every article's row in raw.article_metadata records the fingerprint it was extracted with
(`extractor_version`); a run extracts the articles whose recorded fingerprint differs from the current one
(extract/incremental.py), so a change to a rule, a pattern or the gazetteer re-extracts what it affects and
nothing else is ever out of date.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# (folder or file below extract/, file name patterns): what extraction reads
SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nlp", ("*.py", "*.cfg")),
    ("gazetteer", ("*.py",)),
    ("extraction.py", ()),
    ("linking.py", ()),
    ("ids.py", ()),
    ("data/patterns", ("*.yml", "*.yaml")),
    ("data/gazetteer", ("*.csv", "*.txt", "*.yml", "*.yaml")),
    ("data/actors.yml", ()),
    ("data/outlets.yml", ()),
    ("data/linking.yml", ()),
)
PACKAGES = ("spacy", "mm_geo_coder")


def source_files(root: Path = PACKAGE_DIR) -> list[Path]:
    """Every file the fingerprint covers, in a stable order."""
    files: set[Path] = set()
    for name, patterns in SOURCES:
        path = root / name
        if path.is_file():
            files.add(path)
        elif path.is_dir():
            for pattern in patterns:
                files.update(p for p in path.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return sorted(files)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


def compute(root: Path = PACKAGE_DIR) -> str:
    """The fingerprint of the extractor below `root` (16 hex characters)."""
    digest = hashlib.sha256()
    for path in source_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for package in PACKAGES:
        digest.update(f"{package}=={_version(package)}\0".encode())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def _cached(root: str) -> str:
    return compute(Path(root))


def current() -> str:
    """The running extractor's fingerprint (computed once per process)."""
    return _cached(str(PACKAGE_DIR))
