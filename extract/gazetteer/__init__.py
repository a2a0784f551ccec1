"""Myanmar gazetteer built from MIMU Place Codes 9.6 (via mm_geo_coder), with name keys and lookup.

    from extract.gazetteer import load_gazetteer
    gaz = load_gazetteer()                    # cached; builds build/gazetteer.parquet if missing
    gaz.resolve("Karen State")                # -> Place(display_name="Kayin State", ...)
    gaz.resolve("Kanto", "village", context={"MMR006008"})

The modules, each importing only those above it:

- ``keys``: the place key and the variant key of a name (rules in ``extract/data/gazetteer/``);
- ``mimu_names``: a MIMU name field as a name, alternate names and a note;
- ``build``: the gazetteer table from the MIMU source, written to Parquet;
- ``place``: the :class:`Place` record and the level constants;
- ``index``: places and the name indexes over them, the alias files;
- ``fuzzy``: the edit distance of romanised Burmese and the fuzzy level's search;
- ``query``: :class:`Gazetteer`, resolving a name to one place;
- ``load``: the process-wide gazetteer, built on first use, its indexes cached beside it;
- ``key_report``, ``fuzzy_report``: measurements printed for people.

Names are imported lazily so that ``python -m extract.gazetteer.build`` runs cleanly.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "build_gazetteer": "build",
    "location_id": "place_rows",
    "mimu_db_path": "build",
    "place_key": "keys",
    "variant_key": "keys",
    "type_suffix": "keys",
    "Gazetteer": "query",
    "Place": "place",
    "unlisted_location_id": "place",
    "gazetteer_path": "load",
    "load_gazetteer": "load",
    "read_gazetteer": "load",
}
__all__ = [
    "Gazetteer",
    "Place",
    "build_gazetteer",
    "gazetteer_path",
    "load_gazetteer",
    "location_id",
    "mimu_db_path",
    "place_key",
    "read_gazetteer",
    "type_suffix",
    "unlisted_location_id",
    "variant_key",
]  # _EXPORTS' keys


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
