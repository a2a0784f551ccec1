"""`make train-cv`: what the event-sentence classifier would buy the extractor, measured out of fold.

Every labelled article (extract/data/training/event_sentences.jsonl) falls in one of FOLDS folds by a hash of
its id; for each fold a model is trained with `spacy train` on the others and scores the fold's sentences, so
every sentence is scored by a model that never saw its article. Then, separately for the development half's
articles and for those labelled for training only (articles the rules were never tuned on):
- how well the classifier tells event sentences from the rest (ROC AUC of its highest type score);
- the rules' own event sentences (an event the extractor makes from the sentence): how many tell an event
  by the labels, and with the labelled type;
- what the classifier would change: a gate (drop a rule event from a sentence it rates below t on every type:
  how many unlabelled and how many labelled sentences go), a retyping (its type where it differs from the
  rules'), and a proposal (an event for a sentence with a place the rules make none from, rated >= t).
The README's section on the classifier gives the last measurement and why the pipeline does not use it.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from extract.evaluate import eval_texts_dir
from extract.nlp.docview import attr_of, spans_in
from extract.train import LABELS, bucket, example, is_development, labelled_articles, spacy_train

FOLDS = 5
THRESHOLDS = (0.02, 0.05, 0.1, 0.2, 0.5, 0.8)


def _fold(article_id: str) -> int:
    return bucket(article_id, FOLDS, salt="cv:")


def _auc(scored: list[tuple[float, bool]]) -> float | None:
    """The chance that an event sentence scores above a sentence without one (ties count half)."""
    pos = [s for s, y in scored if y]
    neg = [s for s, y in scored if not y]
    if not pos or not neg:
        return None
    ranked = sorted(scored, key=lambda x: x[0])
    rank, i = {}, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        rank[ranked[i][0]] = (i + j + 1) / 2  # mean 1-based rank of the tie
        i = j
    total = sum(rank[s] for s in pos)
    return (total - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def sentence_rows(texts: Path, labels: Path = LABELS) -> dict[str, list[dict]]:
    """Per article, per told sentence: its labelled types, the rules' event type there (or None), whether it
    names a place, and its training example."""
    rows = {}
    for article_id, doc, told in labelled_articles(texts, labels, exclude=()):
        if doc is None:
            continue
        made = {e["sentence"].start: e["event_type"] for e in doc._.events}
        place_of = attr_of(doc, "places", "place")
        rows[article_id] = [
            {
                "types": types,
                "rules": made.get(sent.start),
                "place": any(place_of(p) for p in spans_in(doc, "places", sent.start, sent.end)),
                "example": example(sent, types),
            }
            for sent, types in told
        ]
    return rows


def out_of_fold(rows: dict[str, list[dict]], work: Path) -> None:
    """Set row["scores"] on every sentence from the model trained without its article's fold."""
    for fold in range(FOLDS):
        train, held = DocBin(store_user_data=False), DocBin(store_user_data=False)
        for article_id, sents in rows.items():
            for row in sents:
                (held if _fold(article_id) == fold else train).add(row["example"])
        train.to_disk(work / "train.spacy")
        held.to_disk(work / "held.spacy")
        best = spacy_train(work / "train.spacy", work / "held.spacy", work / f"fold{fold}", quiet=True)
        # model-last, not model-best: the held fold must not choose its own model
        pipe = spacy.load(best.with_name("model-last")).get_pipe("textcat_multilabel")
        for article_id, sents in rows.items():
            if _fold(article_id) == fold:
                scores = pipe.model.ops.to_numpy(pipe.predict([r["example"] for r in sents])).tolist()
                for row, score in zip(sents, scores):
                    row["scores"] = dict(zip(pipe.labels, score))


def report(rows: dict[str, list[dict]]) -> list[str]:
    lines = []
    for group, dev in (("development half", True), ("training-only articles", False)):
        sents = [r for a, s in rows.items() if is_development(a) == dev for r in s]
        if not sents:
            continue
        n_articles = sum(1 for a in rows if is_development(a) == dev)
        auc = _auc([(max(r["scores"].values()), bool(r["types"])) for r in sents])
        events = sum(1 for r in sents if r["types"])
        lines.append(f"== {group}: {n_articles} articles, {len(sents)} sentences, {events} telling an event")
        lines.append(f"   classifier ROC AUC (event sentence or not): {auc:.3f}" if auc is not None else "   AUC: -")
        ruled = [r for r in sents if r["rules"]]
        kinds = Counter("right type" if r["rules"] in r["types"] else "other type" if r["types"] else "no event"
                        for r in ruled)  # fmt: skip
        lines.append(f"   rules' event sentences: {len(ruled)}: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
        for t in THRESHOLDS[:4]:
            gone = Counter(bool(r["types"]) for r in ruled if max(r["scores"].values()) < t)
            lines.append(f"   gate below {t}: drops {gone[False]} without an event, {gone[True]} telling one")
        retyped = Counter(
            max(r["scores"], key=r["scores"].get) in r["types"]
            for r in ruled
            if max(r["scores"], key=r["scores"].get) != r["rules"]
        )
        lines.append(f"   retyping to the classifier's type: {retyped[True]} right, {retyped[False]} wrong")
        for t in THRESHOLDS[3:]:
            added = Counter(
                bool(r["types"]) for r in sents if not r["rules"] and r["place"] and max(r["scores"].values()) >= t
            )
            lines.append(
                f"   proposal at {t}: {added[True]} sentences telling an event (a new one, or one told before), "
                f"{added[False]} without one"
            )
    return lines


def main() -> None:
    rows = sentence_rows(eval_texts_dir())
    with tempfile.TemporaryDirectory() as work:
        out_of_fold(rows, Path(work))
    print("\n".join(report(rows)))


if __name__ == "__main__":
    main()
