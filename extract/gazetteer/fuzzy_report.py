"""Measure the fuzzy level of place matching: false matches and what it finds.

    python -m extract.gazetteer.fuzzy_report [--quick]

1. Negatives (``extract/data/gazetteer/fuzzy_negatives.txt``: months and days, person names, armed
   groups and other capitalised news words, places outside Myanmar, common English words). Names an
   exact key or the variant key already matches are counted apart: the fuzzy level never sees them.
   The others are tried (a) at the gazetteer level, as a bare unit name nationally, inside each
   state/region, and as a village inside a sample of townships; (b) through the spaCy component in
   three sentences that put the name in a place context.
2. Positives: misspellings of every township name of the kinds romanised Burmese shows (one vowel
   changed e/a, i/e, o/u; a -> ar; a letter dropped; a final consonant changed) that no exact or
   variant key reaches, tried nationally and with the township's state/region named.

The numbers are recorded in ``extract/data/gazetteer/README.md``.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from .fuzzy import fuzzy_settings
from .keys import DATA_DIR, place_key, variant_key
from .load import load_gazetteer
from .query import Gazetteer

BARE_UNIT_TYPES = ("state_region", "town", "township", "district")
VILLAGE_TYPES = ("village", "village_tract")
SENTENCES = (
    "Fighting broke out in {} on Monday.",
    "Clashes were reported near {}, Sagaing Region, last week.",
    "Soldiers burned {} village in Kanbalu Township.",
)


def _bare(gaz: Gazetteer, name: str, ctx=None):
    """The fuzzy level as the matcher runs it for a bare name ("in X")."""
    s = fuzzy_settings()
    return gaz.fuzzy(
        name,
        BARE_UNIT_TYPES,
        ctx,
        national=True,
        national_min_len=s["bare_national_min_len"],
        national_max_edits=s["bare_national_max_edits"],
    )


def _typed(gaz: Gazetteer, name: str, ctx=None):
    """The fuzzy level as the matcher runs it for a name with a type word ("X Township")."""
    return gaz.fuzzy(name, ("township",), ctx, national=True)


def negatives() -> dict[str, list[str]]:
    """The sections of fuzzy_negatives.txt: {section: [names]}."""
    out: dict[str, list[str]] = {}
    section = None
    for line in (DATA_DIR / "fuzzy_negatives.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            out[section] = []
        elif section is not None:
            out[section].append(line)
    return out


def perturbations(name: str) -> list[tuple[str, str]]:
    """(kind, misspelling) of a name: one vowel changed, a -> ar, a letter dropped, a final consonant changed."""
    swaps = {"a": "e", "e": "a", "i": "e", "o": "u", "u": "o"}
    out: list[tuple[str, str]] = []
    low = name
    for i, c in enumerate(low):
        if i and c in swaps:
            out.append(("vowel", low[:i] + swaps[c] + low[i + 1 :]))
    for i, c in enumerate(low[:-1]):
        if i and c == "a" and low[i + 1] not in "aeiouyr ":
            out.append(("a_ar", low[: i + 1] + "r" + low[i + 1 :]))
    for i in range(2, len(low) - 1):
        if low[i] != " " and low[i - 1] != " ":
            out.append(("dropped", low[:i] + low[i + 1 :]))
    for a, b in (("ng", "n"), ("n", "ng"), ("t", "k"), ("k", "t"), ("n", "m"), ("m", "n")):
        if low.endswith(a) and not (a == "n" and low.endswith("ng")):
            out.append(("final", low[: -len(a)] + b))
    return out


def _unseen(gaz: Gazetteer, name: str) -> bool:
    """No exact key and no variant key matches: only the fuzzy level could find it."""
    return place_key(name) not in gaz.exact and variant_key(name) not in gaz.variant


def _states(gaz: Gazetteer) -> list[str]:
    halves = {"MMR014", "MMR015", "MMR016", "MMR007", "MMR008"}
    return [p.pcode for p in gaz.places if p.location_type == "state_region" and p.pcode not in halves]


def negatives_report(gaz: Gazetteer, quick: bool = False) -> list[str]:
    from extract.nlp.places import PlaceFinder

    finder = PlaceFinder(gaz)
    states = _states(gaz)
    townships = sorted(p.pcode for p in gaz.places if p.location_type == "township")
    sample = townships[:: 16 if quick else 4]
    lines = [
        f"{'section':24s} {'names':>6s} {'exact':>6s} {'tried':>6s} {'bare':>5s} {'typed':>5s} "
        f"{'in state':>11s} {'village':>13s} {'matcher':>11s}"
    ]
    totals = Counter()
    examples: list[str] = []
    for section, names in negatives().items():
        c = Counter()
        for name in names:
            c["names"] += 1
            if not _unseen(gaz, name):
                c["exact"] += 1
                continue
            c["tried"] += 1
            best, _ = _bare(gaz, name)
            if best:
                c["national"] += 1
                examples.append(f"{name} -> {best[0].display_name} (national, bare)")
            best, _ = _typed(gaz, name)
            if best:
                c["typed"] += 1
                examples.append(f"{name} Township -> {best[0].display_name} (national, typed)")
            for s in states:
                c["state_pairs"] += 1
                best, _ = gaz.fuzzy(name, BARE_UNIT_TYPES, {s: 2.0})
                if best:
                    c["state"] += 1
                    if len(examples) < 200:
                        examples.append(f"{name} -> {best[0].display_name} (inside {gaz.by_pcode(s).display_name})")
            for t in sample:
                c["village_pairs"] += 1
                best, _ = gaz.fuzzy(name, VILLAGE_TYPES, {t: 2.0})
                if best:
                    c["village"] += 1
            for tpl in SENTENCES:
                c["sentences"] += 1
                text = tpl.format(name)
                start = text.index(name)
                hits = [
                    pm
                    for pm in finder.find(text)
                    if pm.how == "fuzzy" and pm.start < start + len(name) and pm.end > start
                ]
                if hits:
                    c["matcher"] += 1
                    examples.append(f"{text!r}: {hits[0].text} -> {hits[0].place.display_name} (matcher)")
        totals.update(c)
        lines.append(_neg_line(section, c))
    lines.append(_neg_line("all", totals))
    return lines + ["", "false matches:"] + [f"  {e}" for e in examples[:60]]


def villages_report(gaz: Gazetteer, quick: bool = False) -> list[str]:
    """Real Burmese names that are not the place looked for: MIMU village names (a) as a village of
    another township (a village missing from the gazetteer), (b) as a bare unit name, nationally and
    inside their own state/region (a village an article names without a type word)."""
    townships = sorted(p.pcode for p in gaz.places if p.location_type == "township")
    villages = [p for p in gaz.places if p.location_type == "village"]
    step = 60 if quick else 15
    c = Counter()
    examples: list[str] = []
    seen: set[str] = set()
    for v in villages[::step]:
        key = variant_key(v.name)
        if key in seen or len(key) < 5:
            continue
        seen.add(key)
        other = townships[(townships.index(v.admin3_pcode) + 97) % len(townships)] if v.admin3_pcode else None
        if other:
            in_other = [p for p in gaz.candidates(v.name) if p.admin3_pcode == other]
            if not in_other:
                c["other_tsp"] += 1
                best, _ = gaz.fuzzy(v.name, VILLAGE_TYPES, {other: 2.0})
                if best:
                    c["other_tsp_hit"] += 1
                    if len(examples) < 15:
                        examples.append(f"{v.name} ({v.admin3}) -> {best[0].name} ({best[0].admin3})")
        if not any(p.location_type in BARE_UNIT_TYPES for p in gaz.candidates(v.name)):
            c["bare"] += 1
            best, _ = _bare(gaz, v.name)
            if best:
                c["bare_national"] += 1
                if len(examples) < 30:
                    examples.append(f"{v.name} ({v.admin3}) -> {best[0].display_name} (national, bare)")
            best, _ = _typed(gaz, v.name)
            if best:
                c["typed_national"] += 1
            state = gaz.admin1_whole(gaz.by_pcode(v.admin1_pcode or ""))
            best, _ = gaz.fuzzy(v.name, BARE_UNIT_TYPES, {state.pcode: 2.0})
            if best:
                c["bare_state"] += 1
                if len(examples) < 30:
                    examples.append(f"{v.name} ({v.admin3}) -> {best[0].display_name} (inside {state.display_name})")
    return [
        f"village names as a village of another township: {c['other_tsp_hit']}/{c['other_tsp']} matched",
        f"village names as bare unit names: nationally {c['bare_national']}/{c['bare']}, "
        f"inside their own state/region (named in the sentence) {c['bare_state']}/{c['bare']} matched",
        f"village names with 'Township' after them: nationally {c['typed_national']}/{c['bare']} matched",
        "examples:",
    ] + [f"  {e}" for e in examples]


def _neg_line(section: str, c: Counter) -> str:
    return (
        f"{section:24s} {c['names']:6d} {c['exact']:6d} {c['tried']:6d} {c['national']:5d} {c['typed']:5d} "
        f"{c['state']:5d}/{c['state_pairs']:<6d}{c['village']:5d}/{c['village_pairs']:<7d} "
        f"{c['matcher']:4d}/{c['sentences']:<6d}"
    )


def positives_report(gaz: Gazetteer, quick: bool = False) -> list[str]:
    from extract.nlp.places import PlaceFinder

    finder = PlaceFinder(gaz)
    by_kind: dict[str, Counter] = {}
    wrong: list[str] = []
    townships = [p for p in gaz.places if p.location_type == "township"]
    for tsp in townships[:: 6 if quick else 1]:
        if "(" in tsp.name:
            continue  # "Dagon Myothit (South)": the words in brackets are not a spelling
        state = gaz.admin1_whole(gaz.by_pcode(tsp.admin1_pcode))
        for kind, var in perturbations(tsp.name):
            if len(variant_key(var)) < 5 or not _unseen(gaz, var):
                continue
            c = by_kind.setdefault(kind, Counter())
            c["n"] += 1
            for label, ctx in (("national", None), ("state", {state.pcode: 2.0})):
                best, _ = _typed(gaz, var, ctx) if ctx is None else gaz.fuzzy(var, ("township",), ctx)
                if len(best) != 1:  # nothing, or one name in several states (Htantabin): no guess
                    c[f"{label}_none"] += 1
                elif _same(best[0], tsp):
                    c[f"{label}_right"] += 1
                else:
                    c[f"{label}_wrong"] += 1
                    wrong.append(
                        f"{var} -> {best[0].display_name}, {best[0].admin1} ({label}; meant {tsp.display_name})"
                    )
            text = f"Fighting broke out in {var} Township, {state.display_name}, on Monday."
            got = [pm for pm in finder.find(text) if pm.start == text.index(var)]
            if got and _same(got[0].place, tsp):
                c["matcher_right"] += 1
            elif got and got[0].place.in_gazetteer:
                c["matcher_wrong"] += 1
                wrong.append(f"{text!r}: {got[0].place.display_name} (matcher; meant {tsp.display_name})")
    lines = [
        f"{'misspelling':12s} {'n':>5s}  {'national right/wrong/none':>26s}  {'state named right/wrong/none':>29s}"
        f"  {'matcher right/wrong':>20s}"
    ]
    total = Counter()
    for kind, c in sorted(by_kind.items()):
        total.update(c)
        lines.append(_pos_line(kind, c))
    lines.append(_pos_line("all", total))
    return lines + ["", "wrong places:"] + [f"  {w}" for w in wrong[:40]]


def _same(p, tsp) -> bool:
    """The township meant, or one of the same name in the same state (MIMU has two Konkyan and two
    Laukkaing townships in Shan State)."""
    return p.pcode == tsp.pcode or (place_key(p.name) == place_key(tsp.name) and p.admin1 == tsp.admin1)


def real_variants_report(gaz: Gazetteer) -> list[str]:
    """Spellings seen in the news for townships that MIMU writes otherwise (fuzzy_variants.csv),
    through the spaCy component: bare ("in X"), with the state/region in the sentence, and typed."""
    import csv

    from extract.nlp.places import PlaceFinder

    finder = PlaceFinder(gaz)
    with open(DATA_DIR / "fuzzy_variants.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    forms = {
        "bare": "Fighting broke out in {v} on Monday.",
        "state named": "Fighting broke out in {v}, {a1}, on Monday.",
        "typed": "Fighting broke out in {v} Township on Monday.",
    }
    c = Counter()
    lines = []
    for r in rows:
        got = []
        for label, tpl in forms.items():
            text = tpl.format(v=r["variant"], a1=r["admin1"])
            hit = [pm for pm in finder.find(text) if pm.start == text.index(r["variant"])]
            if hit and place_key(hit[0].place.name) == place_key(r["mimu_name"]) and hit[0].place.in_gazetteer:
                c[f"{label}_right"] += 1
                got.append("right")
            elif hit and hit[0].place.in_gazetteer:
                c[f"{label}_wrong"] += 1
                got.append(f"WRONG {hit[0].place.display_name}")
            else:
                got.append("-")
        lines.append(f"  {r['variant']:12s} {r['mimu_name']:12s} " + "  ".join(f"{g:8s}" for g in got))
    head = [f"  {'variant':12s} {'MIMU':12s} " + "  ".join(f"{k:8s}" for k in forms)]
    total = [f"right/wrong of {len(rows)}: " + ", ".join(f"{k} {c[k + '_right']}/{c[k + '_wrong']}" for k in forms)]
    return total + head + lines


def _pos_line(kind: str, c: Counter) -> str:
    return (
        f"{kind:12s} {c['n']:5d}  {c['national_right']:10d}/{c['national_wrong']:4d}/{c['national_none']:4d}"
        f"      {c['state_right']:13d}/{c['state_wrong']:4d}/{c['state_none']:4d}"
        f"      {c['matcher_right']:8d}/{c['matcher_wrong']:4d}"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quick = "--quick" in argv
    gaz = load_gazetteer()
    t0 = time.perf_counter()
    print("Negatives (counts of names, and of name x context pairs, that took a place):")
    print("\n".join(negatives_report(gaz, quick)))
    print()
    print("Burmese names that are not the place looked for:")
    print("\n".join(villages_report(gaz, quick)))
    print()
    print("Real spellings (fuzzy_variants.csv) through the matcher:")
    print("\n".join(real_variants_report(gaz)))
    print()
    print("Positives (township names misspelt so that only the fuzzy level can find them):")
    print("\n".join(positives_report(gaz, quick)))
    print(f"\n({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
