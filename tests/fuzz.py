"""Property-based fuzzing (hypothesis) of the loader and the extractor: random bytes, random Unicode and
mutated real-shaped articles (seeds and generated ones, cut, spliced, re-encoded, given huge numbers, control
characters, other scripts). The properties: nothing raises, and every input is accounted for (every file,
every .jsonl line, every article ends loaded, duplicate or rejected with a reason; extraction gives rows or a
quarantine reason for each article).

`make fuzz` runs every property with FUZZ_EXAMPLES examples each (default 2,500: about 20,000 inputs, never
fewer than 10,000) and prints how many inputs were tried and accounted for; `tests/test_fuzz.py` runs a small sample.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings, strategies as st

from extract.config import PROJECT_DIR
from extract.ingest.load import load_articles
from extract.ingest.readers import MIN_CHARS, RawArticle, Rejected, read_file

TALLY = {"inputs": 0, "accounted": 0, "quarantined": 0}
REASONS: dict[str, int] = {}  # quarantine reasons, by their first words
SUFFIXES = [".txt", ".jsonl", ".html", ".htm", ".md", ""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1"]
NOISE = [
    "99999999999999999999999",
    "1e308",
    "-5",
    "\x00",
    "\x07",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\r",
    "\r\n\r\n",
    "\n\n\n\n",
    "\t",
    "ကြည့်",
    "éé",
    "<p>",
    "</article>",
    '{"text": 1}',
    "  ",
    "—",
    "At least ",
    " killed",
    "0.5",
    "1,000,000,000,000",
    "၁၂",
    "٣",
    "Ⅻ",
    "½",
]


@lru_cache(maxsize=1)
def real_texts() -> list[str]:
    from tests.bench.corpus import generate

    seeds = [p.read_text() for p in sorted((PROJECT_DIR / "seeds").glob("*.txt"))]
    return seeds + [a.text for a in generate(40)]


@st.composite
def mutated_article(draw) -> str:
    """A real-shaped article, cut, spliced and salted with awkward pieces."""
    text = draw(st.sampled_from(real_texts()))
    for _ in range(draw(st.integers(0, 6))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 400)))
        op = draw(st.sampled_from(["insert", "delete", "repeat", "noise", "unicode", "swap"]))
        if op == "insert":
            text = text[:i] + draw(st.text(max_size=40)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(1, 5)) + text[j:]
        elif op == "noise":
            text = text[:i] + draw(st.sampled_from(NOISE)) + text[i:]
        elif op == "unicode":
            text = text[:i] + draw(st.text(st.characters(codec=None), min_size=1, max_size=200)) + text[j:]
        else:
            text = text[i:] + text[:i]
    return text


def _as_bytes(draw, text: str) -> bytes:
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    for _ in range(draw(st.integers(0, 3))):  # flipped bytes
        if data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1 :]
    return data


@st.composite
def file_content(draw) -> tuple[str, bytes]:
    """(suffix, bytes) of an input file: random bytes, random Unicode, or mutated articles in any format."""
    suffix = draw(st.sampled_from(SUFFIXES))
    kind = draw(st.sampled_from(["bytes", "unicode", "article", "article", "article"]))
    if kind == "bytes":
        return suffix, draw(st.binary(max_size=3000))
    text = draw(st.text(max_size=2000)) if kind == "unicode" else draw(mutated_article())
    if suffix == ".jsonl":
        lines = [text] + draw(st.lists(mutated_article(), max_size=2))
        text = "\n".join(
            json.dumps({"text": t, "title": draw(st.text(max_size=20))}) if draw(st.booleans()) else t for t in lines
        )
    elif suffix in (".html", ".htm") and draw(st.booleans()):
        text = f"<html><body><article><p>{text.replace(chr(10) + chr(10), '</p><p>')}</p></article></body></html>"
    return suffix, _as_bytes(draw, text)


def _check_items(items: list) -> None:
    assert items, "a file produced no record"
    for item in items:
        if isinstance(item, Rejected):
            assert item.reason and item.reason.strip()
        else:
            assert isinstance(item, RawArticle)
            assert len(item.text) >= MIN_CHARS and item.text == item.text.strip()
            item.text.encode("utf-8")  # storable: no lone surrogates


def prop_read_file(content: tuple[str, bytes]) -> None:
    """One file: read_file never raises and yields at least one record, each loaded or rejected with a reason."""
    suffix, data = content
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        _check_items(list(read_file(path)))
    TALLY["inputs"] += 1
    TALLY["accounted"] += 1


def prop_load_folder(contents: list[tuple[str, bytes]]) -> None:
    """A folder of such files loaded into a real DuckDB file: every file is in raw.load_log, and the run's
    counts add up."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for i, (suffix, data) in enumerate(contents):
            (folder / f"f{i}{suffix}").write_bytes(data)
        wh = Path(tmp) / "wh.duckdb"
        report = load_articles(folder, wh, "fuzz")
        con = duckdb.connect(str(wh), read_only=True)
        try:
            logged = {r[0] for r in con.execute("select source_relpath from raw.load_log").fetchall()}
            n_log = con.execute("select count(*) from raw.load_log").fetchone()[0]
            bad = con.execute(
                "select count(*) from raw.load_log where status not in ('loaded', 'duplicate', "
                "'rejected') or (status = 'rejected' and coalesce(reason, '') = '')"
            ).fetchone()[0]
        finally:
            con.close()
        assert logged == {f"f{i}{s}" for i, (s, _) in enumerate(contents)}
        assert n_log == report.seen == report.loaded + report.duplicate + report.rejected and bad == 0
    TALLY["inputs"] += len(contents)
    TALLY["accounted"] += len(contents)


def prop_extract(texts: list[str]) -> None:
    """Articles (as loading stores them) through the extractor: one outcome each, rows or a reason."""
    from extract.extraction import ArticleError, extract_rows
    from extract.ingest.normalise import normalise_text

    rows = [(f"a{i}", normalise_text(t) or "x", None, None, None, None) for i, t in enumerate(texts)]
    outcomes = list(extract_rows(rows, n_process=1))
    assert len(outcomes) == len(rows)
    for outcome in outcomes:
        assert isinstance(outcome, ArticleError) and outcome.reason or isinstance(outcome[0], dict)
        if isinstance(outcome, ArticleError):
            TALLY["quarantined"] += 1
            kind = outcome.reason.split(":")[0][:80]
            REASONS[kind] = REASONS.get(kind, 0) + 1
    TALLY["inputs"] += len(texts)
    TALLY["accounted"] += len(texts)


def properties(examples: int) -> dict:
    """Each property as a hypothesis test running `examples` examples (the folder loads, which each make a
    warehouse file, a fifth as many, of up to 12 files)."""

    def conf(n):
        return settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))

    return {
        "read_file: random bytes, Unicode, mutated articles": conf(examples)(given(file_content())(prop_read_file)),
        "load_articles: folders of such files": conf(max(1, examples // 5))(
            given(st.lists(file_content(), min_size=1, max_size=12))(prop_load_folder)
        ),
        "extract_rows: mutated articles": conf(examples)(
            given(st.lists(mutated_article(), min_size=1, max_size=4))(prop_extract)
        ),
        "extract_rows: random Unicode": conf(examples)(
            given(st.lists(st.text(min_size=1, max_size=3000), min_size=1, max_size=4))(prop_extract)
        ),
    }


def main() -> int:
    examples = int(os.environ.get("FUZZ_EXAMPLES", 2500))
    for name, test in properties(examples).items():
        before, started = TALLY["inputs"], time.monotonic()
        test()
        print(f"{name}: {TALLY['inputs'] - before} inputs, {time.monotonic() - started:.0f} s", flush=True)
    print(
        f"fuzz: {TALLY['inputs']} inputs tried, {TALLY['accounted']} accounted for "
        "(loaded, duplicate, rejected with a reason, or extracted / quarantined with a reason); nothing raised; "
        f"{TALLY['quarantined']} of the extracted articles quarantined"
    )
    for kind, n in sorted(REASONS.items(), key=lambda kv: -kv[1]):
        print(f"  quarantined {n}: {kind}")
    return 0 if TALLY["inputs"] == TALLY["accounted"] else 1


if __name__ == "__main__":
    sys.exit(main())
