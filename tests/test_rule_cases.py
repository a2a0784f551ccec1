"""The rule cases of tests/cases/ (see its README): each sentence gives what its case says, and every trigger
rule, hedge and category of the pattern files has a case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline_cases import events, figures

CASES = Path(__file__).resolve().parent / "cases"
PATTERNS = Path(__file__).resolve().parent.parent / "extract" / "data" / "patterns"
EVENT_CASES = yaml.safe_load((CASES / "events.yml").read_text())
FIGURE_CASES = yaml.safe_load((CASES / "figures.yml").read_text())


@pytest.mark.parametrize("case", EVENT_CASES, ids=[c["text"][:50] for c in EVENT_CASES])
def test_event_case(nlp, case):
    got = [(date, sub_type, place) for date, _, sub_type, place in events(nlp, case["text"])]
    want = [(dt.date.fromisoformat(str(d)), s, p) for d, s, p in case["events"]]
    assert got == want


@pytest.mark.parametrize("case", FIGURE_CASES, ids=[c["text"][:50] for c in FIGURE_CASES])
def test_figure_case(nlp, case):
    got = [
        (category, low, qualifier, cumulative)
        for category, _, low, _, qualifier, cumulative in figures(nlp, case["text"])
    ]
    assert got == [tuple(f) for f in case["figures"]]


def test_every_trigger_rule_has_a_case():
    rules = yaml.safe_load((PATTERNS / "events.yml").read_text())
    wanted = (
        {r["sub_type"] for r in rules["triggers"]}
        | set(rules["territory"]["non_state"][1:])
        | set(rules["territory"]["state"][1:])
    )
    cased = {sub_type for c in EVENT_CASES for _, sub_type, _ in c["events"]}
    assert sorted(wanted - cased) == []


def test_every_hedge_and_category_has_a_case():
    rules = yaml.safe_load((PATTERNS / "figures.yml").read_text())
    cased = [f for c in FIGURE_CASES for f in c["figures"]]
    assert sorted(set(rules["hedges"]) - {f[2] for f in cased}) == []
    assert sorted(set(rules["categories"]) - {f[0] for f in cased}) == []
