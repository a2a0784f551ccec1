#!/usr/bin/env python3
"""Consistency check for the evaluation sets (stdlib only; not a pytest module).

    python tests/eval/check_gold.py                                  # the invented set: gold/ + articles/
    python tests/eval/check_gold.py --gold tests/eval/real --texts ../eval-texts   # the real set

The real set (tests/eval/real/{dev,test}/<id>.json) carries url, title, outlet, published and the
retrieval_query that brings its page text back; the texts live outside the repository, and a
missing text only skips the checks that need it.

Checks that every gold file parses, that its id matches its file name and an article
`articles/<id>.txt`, that the title is the article's first line, that every figure's quote is
verbatim in the article and at most 20 words, that vocabularies are those of
/work/shared/eval/GUIDE.md and the warehouse contract, that event and figure places are listed
places, and that every same_as key is shared by at least two articles. Exits 1 on any error.
"""

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATEGORY = {"killed", "injured", "killed_or_injured", "captured", "surrendered", "detained", "missing"}
PARTY = {"state_forces", "non_state_armed", "civilians", "mixed", "unknown"}
QUALIFIER = {"exact", "at_least", "more_than", "about", "up_to", "fewer_than"}
LOC_TYPE = {"country", "state_region", "district", "township", "town", "village_tract", "village", "other"}
SUB = {
    "battle": {"armed_clash", "government_regains_territory", "non_state_actor_overtakes_territory"},
    "remote_violence": {
        "air_drone_strike",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "grenade",
        "suicide_bomb",
        "chemical_weapon",
    },
    "violence_against_civilians": {"attack", "sexual_violence", "abduction_forced_disappearance"},
    "strategic_development": {
        "agreement",
        "arrests",
        "change_to_group_activity",
        "headquarters_or_base_established",
        "looting_property_destruction",
        "non_violent_transfer_of_territory",
        "disrupted_weapons_use",
        "other",
    },
    "protest": {"peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters"},
    "riot": {"violent_demonstration", "mob_violence"},
}


def fold(s):
    return re.sub(r"[^a-z0-9]", "", (s or "").lower())


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u2019", "'"))


REAL_FIELDS = (
    "id",
    "url",
    "title",
    "outlet",
    "published",
    "retrieval_query",
    "actors",
    "locations",
    "casualties",
    "displacement",
    "events",
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, help="a real set's gold folder (searched recursively)")
    ap.add_argument("--texts", type=Path, help="the folder holding the real set's <id>.txt page texts")
    opts = ap.parse_args()
    real = opts.gold is not None
    errors = []
    shared = defaultdict(set)
    golds = sorted(opts.gold.rglob("*.json")) if real else sorted((HERE / "gold").glob("*.json"))
    seen_ids = {}
    missing_texts = 0
    for gp in golds:

        def err(msg, name=gp.name):
            errors.append(f"{name}: {msg}")

        try:
            g = json.loads(gp.read_text())
        except json.JSONDecodeError as e:
            err(f"does not parse: {e}")
            continue
        if g.get("id") != gp.stem:
            err(f"id {g.get('id')!r} does not match the file name")
        if gp.stem in seen_ids:
            err(f"id also used by {seen_ids[gp.stem]}")
        seen_ids[gp.stem] = gp
        text = None
        if real:
            for field in REAL_FIELDS:
                if field not in g:
                    err(f"field {field!r} missing")
            if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-(\d{8}|undated)-[a-z0-9-]+", gp.stem):
                err("id is not outlet-yyyymmdd-slug")
            art = opts.texts / f"{gp.stem}.txt" if opts.texts else None
            if art is not None and art.exists():
                text = norm(art.read_text())
            else:
                missing_texts += 1
        else:
            art = HERE / "articles" / f"{gp.stem}.txt"
            if not art.exists():
                err("no article file")
                continue
            raw = art.read_text()
            text = norm(raw)
            if raw.split("\n", 1)[0].strip() != g.get("title"):
                err("title is not the article's first line")
            n = len(raw.split())
            if not 200 <= n <= 600:
                err(f"article has {n} words")
        places = set()
        for loc in g.get("locations", []):
            if loc.get("type") not in LOC_TYPE:
                err(f"location type {loc.get('type')!r}")
            places |= {fold(loc["name"]), fold(loc.get("as_in_text"))}
        places |= {fold(x) for x in g.get("optional_locations", [])}
        for item in g.get("casualties", []) + g.get("displacement", []):
            q = norm(item["quote"])
            if text is not None and q not in text:
                err(f"quote not verbatim: {q!r}")
            if len(q.split()) > 20:
                err(f"quote longer than 20 words: {q!r}")
            if item.get("qualifier") not in QUALIFIER:
                err(f"qualifier {item.get('qualifier')!r}")
            if item.get("location") and fold(item["location"]) not in places:
                err(f"figure place {item['location']!r} is not a listed place")
        for c in g.get("casualties", []):
            if c.get("category") not in CATEGORY or c.get("party") not in PARTY:
                err(f"category/party {c.get('category')!r}/{c.get('party')!r}")
        for e in g.get("events", []):
            if e.get("sub_type") not in SUB.get(e.get("type"), set()):
                err(f"event type {e.get('type')!r}/{e.get('sub_type')!r}")
            if e.get("location") and fold(e["location"]) not in places:
                err(f"event place {e['location']!r} is not a listed place")
            if e.get("same_as"):
                shared[e["same_as"]].add(gp.stem)
        for a in g.get("actors", []):
            for alias in a.get("aliases_in_text", []) if text is not None else []:
                if norm(alias).lower() not in text.lower():
                    err(f"alias {alias!r} not in the text")
    for key, ids in shared.items():
        if len(ids) < 2:
            errors.append(f"same_as {key!r} is used by one article only")
    if not real:
        orphans = {p.stem for p in (HERE / "articles").glob("*.txt")} - {p.stem for p in golds}
        errors += [f"{o}.txt has no gold file" for o in sorted(orphans)]
    for e in errors:
        print(e)
    texts_note = f" ({missing_texts} without their text: quotes and aliases not checked)" if missing_texts else ""
    print(f"{len(golds)} gold files, {len(errors)} errors{texts_note}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
