"""Equivalence check for performance work: the extraction rows must not change.

Dumps, for every article of seeds/ and of the first N articles of the benchmark corpus (tests/bench/corpus.py),
the rows `extract.extraction.rows_for(doc)` gives (every raw table, and the article's actors) and its
`extract.linking.fingerprint` (`_fingerprint`), each table's rows sorted, as one JSON file; then compares two
dumps.

    python -m tests.bench.equivalence dump before.json            # with the code as it is now
    python -m tests.bench.equivalence diff before.json after.json
    python -m tests.bench.equivalence check before.json           # dump now, compare with before.json
    python -m tests.bench.equivalence against <git-ref>           # dump <git-ref>'s extract/ and now, compare

`against` exports the ref's `extract/` with `git archive` into a temporary folder (no worktree, no checkout)
and dumps there with the current corpus generator; the gazetteer is built there from the same source.
Options: --articles N (default 300, or $EQUIV_ARTICLES). Exit status 0 when the dumps are identical.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_ARTICLES = int(os.environ.get("EQUIV_ARTICLES", "300"))


def seed_articles() -> list[tuple]:
    """The seeds as raw.articles rows (article_id as ingestion computes it)."""
    from extract.config import PROJECT_DIR
    from extract.ids import content_hash
    from extract.ingest.load import input_files
    from extract.ingest.readers import RawArticle, read_file

    rows = []
    for path in input_files(PROJECT_DIR / "seeds"):
        for item in read_file(path):
            if isinstance(item, RawArticle):
                rows.append(
                    (content_hash(item.text)[:16], item.text, item.title, item.url, item.outlet, item.published)
                )
    return rows


def _canon(value):
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def dump_rows(n_articles: int) -> dict:
    from extract.extraction import make_docs, rows_for
    from extract.linking import fingerprint
    from extract.nlp.pipeline import build_nlp
    from tests.bench.corpus import generate

    articles = seed_articles() + [a.as_row() for a in generate(n_articles)]
    nlp = build_nlp()
    out: dict[str, dict] = {}
    for doc in nlp.pipe(make_docs(nlp, articles), batch_size=64):
        rows = rows_for(doc)
        print_ = fingerprint(doc)  # what linking compares, as one pseudo-table
        rows["_fingerprint"] = [
            ("published", print_.published),
            *sorted(print_.words.items()),
            *sorted(print_.facts, key=repr),
        ]
        out[doc._.source["article_id"]] = {
            table: sorted(
                (_canon(list(r) if isinstance(r, tuple) else r) for r in table_rows),
                key=lambda r: json.dumps(r, sort_keys=True, ensure_ascii=False),
            )
            for table, table_rows in sorted(rows.items())
        }
    return {"articles": len(articles), "rows": out}


def write_dump(path: Path, n_articles: int) -> dict:
    t0 = time.perf_counter()
    data = dump_rows(n_articles)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=0), encoding="utf-8")
    n_rows = sum(len(r) for a in data["rows"].values() for r in a.values())
    print(f"dumped {data['articles']} articles, {n_rows} rows to {path} ({time.perf_counter() - t0:.1f} s)")
    return data


def compare(a: dict, b: dict, label_a: str = "before", label_b: str = "after", show: int = 10) -> bool:
    """Print the differences; True when identical."""
    ra, rb = a["rows"], b["rows"]
    problems: list[str] = []
    for aid in sorted(set(ra) | set(rb)):
        if aid not in ra or aid not in rb:
            problems.append(f"article {aid} only in {label_a if aid in ra else label_b}")
            continue
        for table in sorted(set(ra[aid]) | set(rb[aid])):
            xa, xb = ra[aid].get(table, []), rb[aid].get(table, [])
            if xa != xb:
                sa = {json.dumps(r, ensure_ascii=False) for r in xa}
                sb = {json.dumps(r, ensure_ascii=False) for r in xb}
                for r in sorted(sa - sb)[:3]:
                    problems.append(f"{aid} {table} only in {label_a}: {r[:300]}")
                for r in sorted(sb - sa)[:3]:
                    problems.append(f"{aid} {table} only in {label_b}: {r[:300]}")
                if sa == sb:
                    problems.append(f"{aid} {table}: same rows, different multiplicity")
    tables: dict[str, int] = {}
    for rows in ra.values():
        for t, r in rows.items():
            tables[t] = tables.get(t, 0) + len(r)
    summary = ", ".join(f"{t} {n}" for t, n in sorted(tables.items()))
    if problems:
        print(f"DIFFERENT: {len(problems)} difference(s) between {label_a} and {label_b}")
        for p in problems[:show]:
            print("  " + p)
        return False
    print(f"IDENTICAL: {len(ra)} articles, rows per table: {summary}")
    return True


def dump_at_ref(ref: str, path: Path, n_articles: int) -> None:
    """Dump with `ref`'s extract/ package (exported with git archive) and the current tests/bench."""
    with tempfile.TemporaryDirectory(prefix="equiv-") as tmp:
        tmp_path = Path(tmp)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "extract", "seeds"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        shutil.copytree(HERE, tmp_path / "tests" / "bench", ignore=shutil.ignore_patterns("__pycache__"))
        env = {k: v for k, v in os.environ.items() if k not in ("CONFLICT_BUILD_DIR", "PYTHONPATH")}
        env["PYTHONPATH"] = tmp
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.bench.equivalence",
                "dump",
                str(path.resolve()),
                "--articles",
                str(n_articles),
            ],
            cwd=tmp,
            env=env,
            check=True,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.bench.equivalence", description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["dump", "diff", "check", "against"])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--articles", type=int, default=DEFAULT_ARTICLES)
    args = ap.parse_args(argv)
    if args.command == "dump":
        write_dump(Path(args.paths[0] if args.paths else "build/bench/equivalence.json"), args.articles)
        return 0
    if args.command == "diff":
        a, b = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.paths[:2])
        return 0 if compare(a, b, *args.paths[:2]) else 1
    if args.command == "check":
        before = json.loads(Path(args.paths[0]).read_text(encoding="utf-8"))
        after = dump_rows(args.articles)
        after = json.loads(json.dumps(after, sort_keys=True, ensure_ascii=False))
        return 0 if compare(before, after, args.paths[0], "working tree") else 1
    ref = args.paths[0] if args.paths else "HEAD"
    with tempfile.TemporaryDirectory(prefix="equiv-out-") as out:
        ref_path = Path(out) / "ref.json"
        dump_at_ref(ref, ref_path, args.articles)
        now = json.loads(json.dumps(dump_rows(args.articles), sort_keys=True, ensure_ascii=False))
        before = json.loads(ref_path.read_text(encoding="utf-8"))
        return 0 if compare(before, now, ref, "working tree") else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path.cwd()))
    sys.exit(main())
