"""The country's outline for the map, from the MIMU gazetteer's points (no boundary file ships here).

Every cell of a 0.1-degree grid that holds a village, village tract or town of the country is land; one
cell of margin closes the gaps between villages. The outline is the union of those cells, given as runs of
cells per grid row (drawn as one SVG path).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb

CELL = 0.1  # degrees


@lru_cache(maxsize=2)
def land_runs(gazetteer: Path | None = None) -> tuple[tuple[float, float, float], ...]:
    """(latitude of the row's south edge, west longitude, east longitude) of each run of land cells."""
    from extract.gazetteer.build import build_gazetteer, default_path

    path = gazetteer or default_path()
    if not path.exists():
        build_gazetteer(path)
    con = duckdb.connect()
    try:
        cells = con.execute(
            f"""
            with points as (
                select cast(floor(latitude / {CELL}) as integer) as r, cast(floor(longitude / {CELL}) as integer) as c
                from read_parquet(?)
                where location_type in ('village', 'village_tract', 'town') and admin1 is not null
                  and latitude is not null and longitude is not null),
            grown as (
                select distinct r + dr as r, c + dc as c
                from points, range(-1, 2) t1(dr), range(-1, 2) t2(dc))
            select r, c from grown order by r, c""",
            [str(path)],
        ).fetchall()
    finally:
        con.close()
    runs: list[tuple[float, float, float]] = []
    start = prev = None
    row = None
    for r, c in cells + [(None, None)]:
        if r == row and c == prev + 1:
            prev = c
            continue
        if row is not None:
            runs.append((row * CELL, start * CELL, (prev + 1) * CELL))
        row, start, prev = r, c, c
    return tuple(runs)
