"""What the speed work relies on: worker processes give what one process gives, and the per-document views
the components read are what the tokens say.

No timing here: `make bench` reports speed, and `python -m tests.bench.equivalence` compares whole dumps of
the rows before and after a change.
"""

from __future__ import annotations

import random

import spacy

from bench.corpus import generate
from extract import extraction
from extract.gazetteer.fuzzy import _initial, _KeyIndex, edit_distance, max_edits
from extract.gazetteer.load import load_gazetteer
from extract.nlp import dates
from extract.nlp.dates import lower_in_place
from extract.nlp.docview import boilerplate_mask, spans_in, spans_of, view
from extract.nlp.pipeline import shared_nlp


def _docs(n: int):
    nlp = shared_nlp()
    return list(nlp.pipe(extraction.make_docs(nlp, [a.as_row() for a in generate(n)])))


def test_docview_reads_what_the_tokens_say():
    for doc in _docs(6):
        v = view(doc)
        assert v.text == doc.text
        assert v.lower == [t.lower_ for t in doc] and v.orth == [t.text for t in doc]
        assert v.idx[:-1] == [t.idx for t in doc] and v.space == [t.is_space for t in doc]
        for a, b in [(0, 1), (3, 9), (len(doc) - 4, len(doc)), (len(doc) - 2, len(doc) + 3), (5, 5)]:
            assert v.span_text(a, b) == doc[a:b].text
            assert v.lower_text(a, b) == doc[a:b].text.lower()
        assert boilerplate_mask(doc) == [t._.is_boilerplate for t in doc]
        assert any(boilerplate_mask(doc))  # the generated articles have captions and notices
        for key in ("places", "dates", "actors", "boilerplate"):
            assert spans_of(doc, key) == list(doc.spans[key])
            for sent in doc.sents:
                assert spans_in(doc, key, sent.start, sent.end) == [
                    s for s in doc.spans[key] if s.start >= sent.start and s.end <= sent.end
                ]


def test_sentences_follow_spacys_sentencizer_where_no_line_or_quote_rule_applies():
    text = (
        "Fighting broke out on Monday. Residents fled!  Did the army shell it? Yes... it did (twice). "
        "About 40 homes burned; none were rebuilt. Gen. Min Aung Hlaing visited."
    )
    sentencizer = spacy.blank("en")
    sentencizer.add_pipe("sentencizer")
    ours = shared_nlp()(text)
    assert [s.text for s in ours.sents] == [s.text for s in sentencizer(text).sents]


def test_lower_in_place_keeps_every_offset():
    assert lower_in_place("Two Days AGO") == "two days ago"
    text = "İstanbul, Two days ago"  # "İ".lower() is two characters: kept as it is
    low = lower_in_place(text)
    assert len(low) == len(text) and low.index("two days ago") == text.index("Two days ago")


def test_date_patterns_tried_at_month_and_weekday_names_find_what_a_full_scan_finds():
    # find_dates tries the month and weekday patterns only near those names (dates._starts); a full scan of the
    # text must find nothing more, on articles and on strings built to sit at the edges of the patterns
    pieces = [
        "January",
        "Jan.",
        "Sept",
        "May",
        "Mar",
        "mid",
        "early",
        "late",
        "-",
        " ",
        "  ",
        "\n",
        "\u00a0",
        "of",
        "4",
        "12",
        "4th",
        "21st",
        "2024",
        "on",
        "ON",
        "This",
        "since",
        "from",
        "last",
        "Monday",
        "Sunday",
        "and",
        "to",
        ",",
        "x",
        "THİS",
        "Mayday",
        "Junk",
    ]
    rng = random.Random(3)
    texts = [a.text for a in generate(40)] + [
        "".join(rng.choice(pieces) + rng.choice(["", " ", "-", "\n"]) for _ in range(rng.randint(1, 12)))
        for _ in range(3000)
    ]
    for text in texts:
        starts = dates._starts(text)
        for rx in (dates._ABS_MD, dates._ABS_DM, dates._MONTH_ONLY, dates._WEEKDAY):
            assert [m.span() for m in dates._matches_at(rx, text, starts[rx])] == [
                m.span() for m in rx.finditer(text)
            ], (rx.pattern[:30], text)


def test_sentence_offsets_are_those_of_span_sent():
    for doc in _docs(6):
        sentence_of = extraction._sentence_chars(doc)
        for span in list(doc.spans["places"]) + list(doc.spans["actors"]):
            assert sentence_of(span) == (span.sent.start_char, span.sent.end_char)


def test_worker_processes_give_the_same_rows_in_the_same_order():
    articles = [a.as_row() for a in generate(12)]
    one = list(extraction.extract_rows(articles, batch_size=4, n_process=1))
    stats: dict = {}
    two = list(extraction.extract_rows(articles, batch_size=4, n_process=2, min_per_process=1, stats=stats))
    assert stats["processes"] == 2
    assert [rows for rows, _ in two] == [rows for rows, _ in one]
    assert [fp for _, fp in two] == [fp for _, fp in one]
    assert [rows["raw.article_metadata"][0][0] for rows, _ in one] == [a[0] for a in articles]


def test_few_articles_stay_in_one_process():
    assert extraction.worker_processes(3, n_process=2) == 1
    assert extraction.worker_processes(10_000, n_process=2) == 2
    assert extraction.worker_processes(10_000, n_process=1) == 1


def test_chunks_cover_every_article_once_and_end_in_quarters():
    # 300 articles, chunks of 64, two workers: full chunks first, then the last 128 articles in chunks of 16
    bounds = extraction.chunk_bounds(300, 64, 2)
    assert [i for a, b in bounds for i in range(a, b)] == list(range(300))
    assert bounds[:3] == [(0, 64), (64, 128), (128, 172)]
    assert all(b - a == 16 for a, b in bounds[3:])
    assert extraction.chunk_bounds(300, 64, 1) == [(0, 64), (64, 128), (128, 192), (192, 256), (256, 300)]
    assert extraction.chunk_bounds(0, 64, 2) == []


def test_fuzzy_answers_are_remembered_and_the_same():
    gaz = load_gazetteer()
    sagaing = gaz.resolve("Sagaing Region")
    first = gaz.fuzzy("Kantbalu", ["township"], [sagaing.pcode])
    assert [p.name for p in first[0]] == ["Kanbalu"] and first[1] == 1
    remembered = len(gaz._fuzzy_memo)
    assert gaz.fuzzy("Kantbalu", ["township"], [sagaing.pcode]) == first
    assert len(gaz._fuzzy_memo) == remembered


def test_fuzzy_key_index_finds_what_a_full_comparison_finds():
    """The fuzzy index measures only the keys that can be within reach: it must find exactly the keys that
    comparing the query with every key finds."""
    gaz = load_gazetteer()
    keys = sorted({key for key in gaz._variant_raw if key.isalpha()})
    rng = random.Random(7)
    sample = rng.sample(keys, 3000)
    index = _KeyIndex((key, n) for n, key in enumerate(sample))
    queries = rng.sample(sample, 60) + [_mutate(k, rng) for k in rng.sample(sample, 140)]
    found_any = 0
    for q in queries:
        dq = max_edits(len(q))
        expected = set()
        for n, key in enumerate(sample):
            lim = min(dq, max_edits(len(key)))
            if lim and _initial(key) == _initial(q) and edit_distance(q, key, lim) <= lim:
                expected.add((edit_distance(q, key, lim), n))
        got = set(index.search(q))
        assert got == expected, q
        found_any += bool(got)
    assert found_any > 100


def _mutate(key: str, rng: random.Random) -> str:
    """A key with a vowel changed, a letter dropped or two letters swapped (edits romanisations show)."""
    i = rng.randrange(1, len(key) - 1) if len(key) > 2 else 0
    kind = rng.choice(("vowel", "drop", "swap"))
    if kind == "vowel":
        return key[:i] + rng.choice("aeiou") + key[i + 1 :]
    if kind == "drop":
        return key[:i] + key[i + 1 :]
    return key[:i] + key[i + 1 : i + 2] + key[i] + key[i + 2 :]


def test_any_phrase_matches_what_a_word_bounded_alternation_matches():
    import re

    from extract.nlp.regexes import any_phrase

    phrases = ["The Irrawaddy", "Irrawaddy", "Myanmar Now", "(PDF)", "U.S.", "-led", "a"]
    plain = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b")
    fast = any_phrase(phrases)
    texts = [
        "The Irrawaddy reported",
        "TheIrrawaddy",
        "xThe Irrawaddy",
        "Irrawaddy's",
        "Myanmar Nowhere",
        "the (PDF) group",
        "a(PDF)b",
        "U.S.-led forces",
        "U.S.A",
        "NUG-led",
        "a a-a",
        "",
        "Myanmar Now.",
    ]
    texts += ["".join(random.Random(k).choice(" aT(PDF)heIrwdyU.S-l") for _ in range(60)) for k in range(2000)]
    for text in texts:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text
    assert any_phrase([]).search("anything") is None


def test_numeric_date_patterns_match_what_their_word_bounded_forms_match():
    import re

    plain = {
        dates._ISO: re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
        dates._NUMERIC: re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>(?:19|20)\d\d)\b"),
        dates._DMY_JOINED: re.compile(
            rf"\b(?P<day>\d{{1,2}})(?P<sep>[/-]){dates._MON}(?P=sep)"
            r"(?P<year>(?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
    }
    rng = random.Random(11)
    texts = [
        "on 2024-01-31.",
        "x2024-01-31",
        "12/05/2023",
        "1.2.2024",
        "a1/2/2020",
        "123/4/2020",
        "12/5/20201",
        "14/May/2024",
        "x14/May/2024",
        "114-may-2024",
        "3-Sept.-2024",
        "3/Mar-2024",
    ]
    texts += ["".join(rng.choice("0123456789-/. a1920x") for _ in range(40)) for _ in range(20000)]
    for fast, slow in plain.items():
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == [
                (m.span(), m.groupdict()) for m in slow.finditer(text)
            ], text


def test_set_spans_stores_what_the_extension_assignment_stores():
    from spacy.tokens import Span

    from extract.nlp.docview import set_spans

    if not Span.has_extension("speed_test_value"):
        Span.set_extension("speed_test_value", default=None)
    doc = shared_nlp().make_doc("Fighting near Hpakant on Monday killed 12 people.")
    spans = [doc[2:3], doc[4:5], doc[6:8]]
    set_spans(doc, "speed_test", spans, "speed_test_value", ["a", {"b": 1}, 3])
    assert [s._.speed_test_value for s in doc.spans["speed_test"]] == ["a", {"b": 1}, 3]
    stored = dict(doc.user_data)
    doc.user_data.clear()
    for span, value in zip(spans, ["a", {"b": 1}, 3]):
        span._.speed_test_value = value
    assert doc.user_data == stored


def test_ignorecase_alternation_matches_what_the_plain_alternation_matches():
    import re

    from extract.nlp.regexes import _IGNORECASE_EXTRA, ignorecase_alternation

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        others = set(re.findall(letter, every, re.IGNORECASE)) - {letter, letter.upper()}
        assert others == set(_IGNORECASE_EXTRA.get(letter, "")), letter
    pattern_sets = [
        ["this article was (added|submitted|posted) by", "is not responsible for the content"],
        [r"pic\.twitter\.com/\S+"],
        ["kyi[a-z]+ (camp|base)", "s[|]x", r"a(b|c)d"],
        ["ab|cd"],  # a top-level |: left as written
        [r"\s/\s*[A-Z]\w{0,5}$", "photo: x"],
    ]
    rng = random.Random(3)
    alphabet = "thisarclewdbnopuv .:/|[]ıİKkſSIyca(@)"
    texts = [
        "THIS ARTICLE WAS ADDED BY x",
        "İs not responsible for the content",
        "ſ|x",
        "Kyiabc base",
        "abd",
        "see pic.TWITTER.com/xyz",
        "a photo: X",
        "cd",
        "A house / SOF",
    ]
    texts += ["".join(rng.choice(alphabet) for _ in range(30)) for _ in range(3000)]
    for patterns in pattern_sets:
        plain = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        fast = ignorecase_alternation(patterns)
        for text in texts:
            assert bool(fast.search(text)) == bool(plain.search(text)), (patterns, text)
            m, n = fast.search(text), plain.search(text)
            assert (m and m.span()) == (n and n.span()), (patterns, text)
    assert ignorecase_alternation(["ab|cd"]).flags & re.IGNORECASE  # left as written
    assert not ignorecase_alternation(["this article"]).flags & re.IGNORECASE  # rewritten
    assert ignorecase_alternation([]) is None
