"""`make train`: the event-sentence classifier (extract/nlp/event_sentences.py), trained with spaCy's own
`spacy train` on sentence labels of real articles: the development half's and others' labelled for training
only. No test-half article, nor another outlet's report of a test-half story, is among them.

Data:
- extract/data/training/event_sentences.jsonl: one line per article, `{"id", "text_sha256", "labels":
  [[start_char, end_char, event type], ...]}`: the character spans (in the article's text) of the sentences
  that tell an event, with its type. A development article's events are its gold file's
  (tests/eval/real/dev/<id>.json); an article labelled for training only carries its own `url`, `title`,
  `outlet`, `published` and the `retrieval_query` that brings its text back;
- the texts themselves, from $EVAL_TEXTS (they are not redistributed; tests/eval/real/restore.py brings them
  back, these too). An article whose text is missing or differs from the labelled one is named and left out.

Steps: each text goes through the extraction pipeline up to the classifier (segmenter, metadata, places, dates:
the same sentences the classifier sees when extracting); every told sentence becomes one example, labelled
with the types of the labelled spans it overlaps (most of either); sentences with none are the negatives.
About a fifth of the articles, chosen by a hash of their id, are spaCy's dev corpus (it picks the best
model); `spacy train` runs extract/data/training/event_sentences.cfg; the best model is copied to
extract/data/models/event_sentences/ with NOTE.md, the data it came from.

`python -m extract.train import-labels FOLDER...` turns labelling files that quote each sentence
(`{"id", "labels": [{"quote", "type"}, ...]}`) into the lines of event_sentences.jsonl.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import DocBin

from extract import config
from extract.evaluate import eval_texts_dir
from extract.extraction import make_docs
from extract.nlp.docview import sentences, told_sentences
from extract.nlp.event_sentences import MODEL_DIR

TRAINING_DIR = config.DATA_DIR / "training"
LABELS = TRAINING_DIR / "event_sentences.jsonl"
TRAIN_CONFIG = TRAINING_DIR / "event_sentences.cfg"
GOLD_DIR = config.PROJECT_DIR / "tests" / "eval" / "real" / "dev"
WORK_DIR = config.PROJECT_DIR / "build" / "train"
EVENT_TYPES = ("battle", "remote_violence", "violence_against_civilians", "strategic_development", "protest", "riot")
DEV_SHARE = 5  # one article in DEV_SHARE (by a hash of its id) is spaCy's dev corpus
SOURCE_FIELDS = ("url", "title", "outlet", "published", "retrieval_query")
NOT_NEEDED = ("figure_extractor", "event_extractor")  # what the classifier's sentences do not need


def read_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def import_labels(folders: list[Path], texts: Path, out: Path = LABELS) -> int:
    """Quote-based labelling files → event_sentences.jsonl lines (character spans); returns the lines written.
    A file of a development article needs only `id` and `labels`; any other article's file also carries what
    brings its text back (`url`, `title`, `outlet`, `published`, `retrieval_query`)."""
    lines = []
    for path in sorted(p for folder in folders for p in folder.glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        text_path = texts / f"{item['id']}.txt"
        text = text_path.read_text(encoding="utf-8")
        spans = set()
        for label in item["labels"]:
            start = text.find(label["quote"])
            if start < 0:
                raise ValueError(f"{path.name}: quote not in {text_path.name}: {label['quote'][:60]!r}")
            if label["type"] not in EVENT_TYPES:
                raise ValueError(f"{path.name}: unknown event type {label['type']!r}")
            spans.add((start, start + len(label["quote"]), label["type"]))
        line = {"id": item["id"]}
        if not is_development(item["id"]):
            line.update({k: item.get(k) for k in SOURCE_FIELDS})
        line["text_sha256"] = hashlib.sha256(text_path.read_bytes()).hexdigest()
        line["labels"] = [list(span) for span in sorted(spans)]
        lines.append(line)
    out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def metadata(item: dict) -> dict:
    """Url, title, outlet and publication date of a labelled article: its gold file's, for a development
    article, else its own line's."""
    gold = GOLD_DIR / f"{item['id']}.json"
    source = json.loads(gold.read_text(encoding="utf-8")) if is_development(item["id"]) else item
    return {k: source.get(k) for k in SOURCE_FIELDS}


def is_development(article_id: str) -> bool:
    """Whether the article is one of the development half's (it has a gold file there)."""
    return (GOLD_DIR / f"{article_id}.json").is_file()


def bucket(article_id: str, n: int, salt: str = "") -> int:
    """The article's one of `n` buckets, by a hash of its id (and `salt`, for another draw)."""
    return int(hashlib.sha256(f"{salt}{article_id}".encode()).hexdigest(), 16) % n


def _in_dev(article_id: str) -> bool:
    return bucket(article_id, DEV_SHARE) == 0


def _overlaps(start: int, end: int, label: list) -> bool:
    shared = min(end, label[1]) - max(start, label[0])
    return shared > 0 and 2 * shared >= min(end - start, label[1] - label[0])


def labelled_articles(texts: Path, labels: Path = LABELS, exclude: tuple[str, ...] = NOT_NEEDED):
    """(article id, doc, [(sentence, its event types), ...] for every told sentence) of each labelled article
    whose text is present and unchanged, else (article id, None, None). The doc went through the extraction
    pipeline without the `exclude`d components."""
    from extract.nlp.pipeline import build_nlp

    nlp = build_nlp(exclude=exclude)
    nlp.initialize()
    for item in read_labels(labels):
        text_path = texts / f"{item['id']}.txt"
        if not text_path.is_file() or hashlib.sha256(text_path.read_bytes()).hexdigest() != item["text_sha256"]:
            yield item["id"], None, None
            continue
        meta = metadata(item)
        article = (item["id"], text_path.read_text(encoding="utf-8"), meta["title"], meta["url"])
        article += (meta["outlet"], meta["published"])
        doc = nlp(next(iter(make_docs(nlp, [article]))))
        sents = sentences(doc)
        told = [sents[k] for k in told_sentences(doc)]
        types = [{lab[2] for lab in item["labels"] if _overlaps(s.start_char, s.end_char, lab)} for s in told]
        yield item["id"], doc, list(zip(told, types))


def example(sent, types: set[str]):
    """A sentence as a training example: its own Doc, with one category per event type."""
    doc = sent.as_doc()
    doc.cats = {t: float(t in types) for t in EVENT_TYPES}
    return doc


def build_corpora(texts: Path, out_dir: Path, labels: Path = LABELS) -> dict:
    """train.spacy and dev.spacy under `out_dir`; returns counts for the note."""
    bins = {"train": DocBin(store_user_data=False), "dev": DocBin(store_user_data=False)}
    counts: Counter = Counter()
    used, missing = [], []
    for article_id, doc, told in labelled_articles(texts, labels):
        if doc is None:
            missing.append(article_id)
            continue
        part = "dev" if _in_dev(article_id) else "train"
        for sent, types in told:
            bins[part].add(example(sent, types))
            counts[(part, "sentences")] += 1
            counts.update((part, t) for t in types)
        used.append(article_id)
    if not len(bins["dev"]):  # too few articles for a fifth of them: spaCy scores on the training corpus
        bins["dev"] = bins["train"]
    out_dir.mkdir(parents=True, exist_ok=True)
    for part, docbin in bins.items():
        docbin.to_disk(out_dir / f"{part}.spacy")
    return {"articles": used, "missing": missing, "counts": {f"{p}/{k}": n for (p, k), n in sorted(counts.items())}}


def spacy_train(train_path: Path, dev_path: Path, output: Path, overrides: tuple[str, ...] = (), quiet=False) -> Path:
    """`spacy train` with the project's config; returns the best model's folder."""
    shutil.rmtree(output, ignore_errors=True)
    cmd = [sys.executable, "-m", "spacy", "train", str(TRAIN_CONFIG), "--output", str(output)]
    cmd += ["--paths.train", str(train_path), "--paths.dev", str(dev_path), *overrides]
    subprocess.run(cmd, check=True, capture_output=quiet)
    return output / "model-best"


def train(
    texts: Path,
    out_dir: Path = WORK_DIR,
    model_dir: Path = MODEL_DIR,
    labels: Path = LABELS,
    overrides: tuple[str, ...] = (),
) -> dict:
    """Build the corpora, run `spacy train` (with config `overrides`, e.g. `--training.max_steps=50`), copy the
    best model to `model_dir` with its note."""
    summary = build_corpora(texts, out_dir, labels)
    if not summary["articles"]:
        raise SystemExit(f"no labelled article's text is in {texts}: set EVAL_TEXTS (tests/eval/real/restore.py)")
    best = spacy_train(out_dir / "train.spacy", out_dir / "dev.spacy", out_dir / "output", overrides)
    shutil.rmtree(model_dir, ignore_errors=True)
    shutil.copytree(best, model_dir)
    meta = json.loads((best / "meta.json").read_text())
    summary["dev_scores"] = {k: v for k, v in meta.get("performance", {}).items() if not isinstance(v, dict)}
    summary["spacy"] = meta.get("spacy_version")
    (model_dir / "NOTE.md").write_text(_note(summary), encoding="utf-8")
    return summary


def _note(summary: dict) -> str:
    dev = [a for a in summary["articles"] if is_development(a)]
    lines = [
        "# The event-sentence classifier's data",
        "",
        "Trained by `make train` (extract/train.py, extract/data/training/event_sentences.cfg) with spaCy's",
        f"`spacy train` (spaCy {summary.get('spacy')}), from the sentence labels in",
        "extract/data/training/event_sentences.jsonl over the articles' texts (not redistributed; restored by",
        "tests/eval/real/restore.py). No test-half article, nor a report of a test-half story, is among them.",
        "",
        f"Articles: {len(summary['articles'])}: {len(dev)} of the development half (tests/eval/real/dev),",
        f"{len(summary['articles']) - len(dev)} others (the validation set's, tests/eval/real/val: the classifier",
        "is not in the pipeline, so training on them leaves that set a fair check of the rules). Texts missing or",
        "changed, left out:",
        f"{len(summary['missing'])}.",
        "",
        "| corpus / label | sentences |",
        "|---|---|",
        *(f"| {k} | {n} |" for k, n in summary["counts"].items()),
        "",
        "Scores on spaCy's dev corpus (the articles `extract.train._in_dev` picks):",
        "",
        *(f"- {k}: {round(v, 3) if isinstance(v, float) else v}" for k, v in summary["dev_scores"].items()),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m extract.train", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    imp = sub.add_parser("import-labels", help="quote-based labelling files -> event_sentences.jsonl")
    imp.add_argument("folders", type=Path, nargs="+")
    args = parser.parse_args(argv)
    texts = eval_texts_dir()
    if args.command == "import-labels":
        print(f"{import_labels(args.folders, texts)} articles' labels written to {LABELS}")
        return
    summary = train(texts)
    print(f"trained on {len(summary['articles'])} articles; missing: {', '.join(summary['missing']) or 'none'}")
    print(json.dumps(summary["dev_scores"], indent=1))


if __name__ == "__main__":
    main()
