"""Building the extraction pipeline from config.cfg (a blank English tokenizer plus the project's components)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

# importing the modules registers their factories
from extract.nlp import actors, dates, event_sentences, events, figures, metadata, places, segment  # noqa: F401

CONFIG_PATH = Path(__file__).with_name("config.cfg")


def build_nlp(exclude: tuple[str, ...] = ()) -> Language:
    config = spacy.util.load_config(CONFIG_PATH)
    return spacy.util.load_model_from_config(config, auto_fill=True, exclude=list(exclude))


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """One pipeline per process, initialised: the components' data (the gazetteer and its fuzzy indexes) are
    loaded once, before extraction forks any worker, so the workers share them."""
    nlp = build_nlp()
    nlp.initialize()
    return nlp
