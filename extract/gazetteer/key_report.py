"""How many distinct township and town names share a variant key (the coarse spelling fold of ``keys.py``).

    python -m extract.gazetteer.key_report

The numbers are recorded in ``extract/data/gazetteer/README.md``.
"""

from __future__ import annotations

from collections import defaultdict

from .keys import place_key, variant_key
from .load import load_gazetteer


def main() -> None:  # pragma: no cover - a diagnostic printed for people
    """Print how many distinct township / town names share a variant key."""
    gaz = load_gazetteer()
    for levels in (("township",), ("town",), ("township", "town"), ("state_region", "district", "township", "town")):
        groups: dict[str, set[str]] = defaultdict(set)
        exact: dict[str, set[str]] = defaultdict(set)
        for p in gaz.places:
            if p.location_type in levels:
                groups[variant_key(p.name)].add(place_key(p.name))
                exact[place_key(p.name)].add(p.pcode[:9] if p.location_type == "town" else p.pcode)
        merged = {k: v for k, v in groups.items() if len(v) > 1}
        print(
            f"{'+'.join(levels)}: {len(exact)} distinct names, {len(groups)} variant keys, "
            f"{len(merged)} variant keys merging {sum(len(v) for v in merged.values())} distinct names"
        )
        for k, v in sorted(merged.items()):
            print(f"    {k}: {sorted(v)}")


if __name__ == "__main__":  # pragma: no cover
    main()
