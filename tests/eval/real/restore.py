#!/usr/bin/env python3
"""Which page texts of the real set are missing or differ, and what brings each back (stdlib only).

    python tests/eval/real/restore.py missing [--batches N]   # ids, urls and search queries, in N batches
    python tests/eval/real/restore.py verify                  # every present text against its gold hash

Texts live in $EVAL_TEXTS (default ../eval-texts beside the repository), one <id>.txt per gold file (and per
article labelled only to train the event-sentence classifier: extract/data/training/event_sentences.jsonl). A
text is restored by giving the gold file's `retrieval_query` to the `pages` search and saving, byte for
byte, the excerpt of the result whose url is the gold file's `url`; `verify` then compares its SHA-256 with
the gold file's `text_sha256`. Exits 1 when anything is missing or differs.
"""

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = Path(os.environ.get("EVAL_TEXTS", HERE.parents[3] / "eval-texts"))


TRAINING_LABELS = HERE.parents[2] / "extract" / "data" / "training" / "event_sentences.jsonl"


def golds() -> list[dict]:
    """Every gold file, and every article labelled for training only (its line in the training labels)."""
    found = [json.loads(p.read_text()) for p in sorted(HERE.rglob("*.json"))]
    if TRAINING_LABELS.is_file():
        lines = (json.loads(line) for line in TRAINING_LABELS.read_text(encoding="utf-8").splitlines() if line)
        known = {g["id"] for g in found}  # an article labelled for training may since have a gold file
        found += [line for line in lines if line.get("retrieval_query") and line["id"] not in known]
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("missing", "verify"))
    ap.add_argument("--batches", type=int, default=1, help="split the missing texts into this many batches")
    opts = ap.parse_args()
    all_golds = golds()
    missing = [g for g in all_golds if not (TEXTS / f"{g['id']}.txt").is_file()]
    if opts.command == "missing":
        print(f"{len(missing)} of {len(all_golds)} texts missing from {TEXTS}")
        for b in range(opts.batches):
            batch = missing[b :: opts.batches]
            if opts.batches > 1 and batch:
                print(f"\n# batch {b + 1} of {opts.batches}")
            for g in batch:
                print(
                    json.dumps(
                        {
                            "id": g["id"],
                            "url": g["url"],
                            "query": g["retrieval_query"],
                            "save_to": str(TEXTS / f"{g['id']}.txt"),
                        },
                        ensure_ascii=False,
                    )
                )
        return 1 if missing else 0
    differ = []
    for g in all_golds:
        path = TEXTS / f"{g['id']}.txt"
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != g.get("text_sha256"):
            differ.append(g["id"])
    for i in differ:
        print(f"differs from the annotated text: {i}")
    print(
        f"{len(all_golds) - len(missing) - len(differ)} of {len(all_golds)} texts present and identical; "
        f"{len(missing)} missing, {len(differ)} differ"
    )
    return 1 if missing or differ else 0


if __name__ == "__main__":
    sys.exit(main())
