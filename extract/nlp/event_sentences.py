"""`event_sentence_classifier`: what a trained classifier reads in each sentence: which kinds of event it reports.

The model is a spaCy `textcat_multilabel` (bag of words and word pairs) trained with `spacy train` on real
articles' sentence labels (`make train`; extract/train.py, extract/data/training/). Its labels are the ACLED
event types; a sentence scoring low on every one reports no event. The trained weights live in
extract/data/models/event_sentences/ with NOTE.md, the data they came from.

The component scores every told sentence (not boilerplate, not blank), a batch of documents at a time, and sets
`doc._.event_sentence_scores`: {first token of the sentence: {event type: probability}}.

It is registered but not in the extraction pipeline (config.cfg): `make train-cv` (extract/classifier_cv.py)
measures, out of fold, what it would change in the rules' events, and so far it buys nothing the rules do not
already do (README, "The event-sentence classifier"). A pipeline that takes it in names it in config.cfg before
`event_extractor` and adds data/models to the extractor's fingerprint (extract/extractor_fingerprint.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from extract.config import DATA_DIR
from extract.nlp.docview import sentences, told_sentences

MODEL_DIR = DATA_DIR / "models" / "event_sentences"
COMPONENT = "textcat_multilabel"

if not Doc.has_extension("event_sentence_scores"):
    Doc.set_extension("event_sentence_scores", default=None)


@cache
def trained_classifier(model_dir: Path = MODEL_DIR):
    """The trained text classifier (one per process): the spaCy pipe, and its labels in output order."""
    pipe = spacy.load(model_dir).get_pipe(COMPONENT)
    return pipe, tuple(pipe.labels)


class _Sentence:
    """A told sentence as the classifier's features see it: the rows of its document's ORTH array (the model's
    first layer, spaCy's extract_ngrams, reads only `to_array`), without copying the sentence into a Doc."""

    __slots__ = ("rows",)

    def __init__(self, rows) -> None:
        self.rows = rows

    def to_array(self, attrs):
        return self.rows

    def __len__(self) -> int:
        return len(self.rows)


class EventSentenceClassifier:
    def __init__(self, nlp: Language, name: str = "event_sentence_classifier", model_dir: str | None = None):
        self.name = name
        self.model_dir = Path(model_dir) if model_dir else MODEL_DIR

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 64):
        """Every told sentence of a batch of documents in one prediction."""
        for batch in spacy.util.minibatch(docs, size=batch_size):
            self._score(batch)
            yield from batch

    def _score(self, docs: list[Doc]) -> None:
        pipe, labels = trained_classifier(self.model_dir)
        attr = [ORTH]
        told, features = [], []
        for doc in docs:
            doc._.event_sentence_scores = {}
            sents, rows = sentences(doc), None
            for k in told_sentences(doc):
                rows = doc.to_array(attr) if rows is None else rows
                sent = sents[k]
                told.append((doc, sent.start))
                features.append(_Sentence(rows[sent.start : sent.end]))
        if not features:
            return
        scores = pipe.model.ops.to_numpy(pipe.model.predict(features)).tolist()
        for (doc, start), row in zip(told, scores):
            doc._.event_sentence_scores[start] = dict(zip(labels, row))


@Language.factory("event_sentence_classifier", default_config={"model_dir": None})
def make_event_sentence_classifier(nlp: Language, name: str, model_dir: str | None) -> EventSentenceClassifier:
    return EventSentenceClassifier(nlp, name, model_dir)
