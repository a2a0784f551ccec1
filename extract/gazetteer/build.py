"""Build the Myanmar gazetteer table (one Parquet file) from MIMU Place Codes 9.6.

Source: the SQLite file ``mm_geo_coder/database/mimu_geo_data_public.db`` that the PyPI package
``mm_geo_coder`` (MMDT, MIT as declared) installs; the data is MIMU's (Myanmar Information
Management Unit, Place Codes release 9.6, Feb 2025). The file is located with
``importlib.util.find_spec`` without importing the package. Tables used: ``villages`` (72,569 rows)
and ``wards`` (3,524 rows); every higher unit is derived from them:

- state_region: the 18 MIMU states/regions, plus one entry each for Shan (pcode
  ``MMR014|MMR015|MMR016``) and Bago (``MMR007|MMR008``), which MIMU splits but the news does not.
  Display names follow Myanmar usage: "Kachin State", "Sagaing Region", and "Nay Pyi Taw" (the union territory
  goes by its capital's name, as the news and the annotation guide's gold name it);
  the split units are "Shan State (North)", "Bago Region (East)". Every place in MMR014-016 has
  admin1 "Shan State", every place in MMR007-008 admin1 "Bago Region".
- district (admin2): MIMU districts; codes with "S" are self-administered zones, named from
  ``extract/data/gazetteer/self_administered_zones.csv``.
- township (admin3), town (MIMU town codes, from the wards table), village_tract (admin4),
  village; wards are kept with location_type ``other``.
- country: Myanmar and its neighbours from ``countries.csv`` (pcode = ISO 3166 alpha-3).
- places abroad near the border from ``places_abroad.csv`` (level ``abroad``: Indian and Thai states,
  districts and border towns, ...; pcode = country code + "-" + place key, admin1 the foreign state).

Coordinates: villages and wards have their own point; a unit's point is the mean of its village
and ward points (not a polygon centroid); a township uses its seat town (township pcode + "701",
the mean of that town's ward points) when it has one. The source has geocoding errors (a few ward
points lie in North America or Europe, others in another town), so points outside Myanmar's
bounding box are ignored and a unit's mean drops points far from the unit's median (town 20 km,
village tract 40 km, township 150 km, district 400 km); a ward more than 20 km from its town
takes the town's point. A village or ward without a usable point takes its village tract's / town's
(then township's) point and gets geo_precision 2 instead of 1; ``coord_source`` says which.

Run ``python -m extract.gazetteer.build [out.parquet]`` to (re)build it explicitly.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
import sys
import tempfile
from collections import defaultdict
from itertools import chain as chain_rows
from pathlib import Path

from .keys import DATA_DIR, rules_fingerprint
from .mimu_names import admin_unit_names, clean_name, state_display
from .place_rows import PlaceRows, add_foreign_places, read_csv
from .points import MAX_SPREAD_KM, PointMean, approx_km, in_bbox

BUILD_VERSION = "5"  # 5: the union territory is "Nay Pyi Taw"

COLUMNS = [
    "location_id",
    "pcode",
    "level",
    "location_type",
    "name",
    "display_name",
    "mimu_name",
    "name_my",
    "alt_names",
    "admin1",
    "admin1_pcode",
    "admin2",
    "admin2_pcode",
    "admin3",
    "admin3_pcode",
    "admin4",
    "admin4_pcode",
    "parent_pcode",
    "latitude",
    "longitude",
    "coord_source",
    "n_points",
    "geo_precision",
    "place_keys",
    "variant_keys",
    "source",
]

COMBINED = {"MMR014|MMR015|MMR016": "Shan", "MMR007|MMR008": "Bago"}
_LEVEL_ORDER = {
    "country": 0,
    "abroad": 0.5,
    "adm1_combined": 1,
    "adm1": 2,
    "adm2": 3,
    "adm3": 4,
    "town": 5,
    "adm4": 6,
    "village": 7,
    "ward": 8,
}


def mimu_db_path() -> Path:
    """The MIMU SQLite file installed with mm_geo_coder (found without importing the package)."""
    spec = importlib.util.find_spec("mm_geo_coder")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the package mm_geo_coder is not installed; it ships the MIMU place codes")
    path = Path(list(spec.submodule_search_locations)[0]) / "database" / "mimu_geo_data_public.db"
    if not path.exists():
        raise FileNotFoundError(f"MIMU database not found at {path}")
    return path


def default_path() -> Path:
    from extract.config import build_dir

    return build_dir() / "gazetteer.parquet"


def build_fingerprint() -> str:
    """Changes whenever the build code version, the key rules or the data files change."""
    h = hashlib.sha256(BUILD_VERSION.encode())
    h.update(rules_fingerprint().encode())
    for name in ("countries.csv", "self_administered_zones.csv", "places_abroad.csv"):
        h.update((DATA_DIR / name).read_bytes())
    return h.hexdigest()[:16]


# ----------------------------------------------------------------------------------------------
# derivation


def derive_places(db_path: Path | None = None) -> list[dict]:
    """All gazetteer rows (dicts with COLUMNS) derived from the MIMU database."""
    db_path = db_path or mimu_db_path()
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        villages = con.execute(
            """select village_pcode, village_tract_pcode, township_pcode, district_saz_pcode, state_pcode,
                      village_eng, village_tract_eng, township_eng, district_eng, state_eng,
                      village_mmr, village_tract_mmr, township_mmr, district_mmr, state_mmr, latitude, longitude
               from villages order by village_pcode"""
        ).fetchall()
        wards = con.execute(
            """select ward_pcode, town_pcode, township_pcode, district_saz_pcode, state_pcode,
                      ward_eng, town_eng, township_eng, district_eng, state_eng,
                      ward_mmr, town_mmr, township_mmr, district_mmr, state_mmr, latitude, longitude
               from wards order by ward_pcode"""
        ).fetchall()
    finally:
        con.close()

    means: dict[str, PointMean] = defaultdict(PointMean)
    names: dict[str, tuple[str, str | None]] = {}  # pcode -> (english, myanmar)
    parent: dict[str, str] = {}
    chain: dict[str, tuple[str, str, str]] = {}  # pcode -> (sr, district, township)

    # a village's rows carry its village tract, a ward's its town: the unit between the place and its township
    for (
        _leaf,
        unit,
        tsp,
        dist,
        sr,
        _leaf_en,
        unit_en,
        tsp_en,
        dist_en,
        sr_en,
        _leaf_my,
        unit_my,
        tsp_my,
        dist_my,
        sr_my,
        lat,
        lon,
    ) in chain_rows(villages, wards):
        for code, en, my in (
            (sr, sr_en, sr_my),
            (dist, dist_en, dist_my),
            (tsp, tsp_en, tsp_my),
            (unit, unit_en, unit_my),
        ):
            names.setdefault(code, (en, my))
            means[code].add(lat, lon)
        parent[dist], parent[tsp], parent[unit] = sr, dist, tsp
        chain[tsp] = (sr, dist, tsp)

    saz = {r["pcode"]: r["name"] for r in read_csv("self_administered_zones.csv")}
    sr_codes = sorted({c[0] for c in chain.values()})
    dist_codes = sorted({c[1] for c in chain.values()})
    tsp_codes = sorted(chain)
    town_codes = sorted({w[1] for w in wards})
    vt_codes = sorted({v[1] for v in villages})

    combined_of = {p: code for code in COMBINED for p in code.split("|")}

    # display names of every admin unit, for the admin1..admin4 columns
    disp: dict[str, str] = {}
    short: dict[str, tuple[str, list[str], str | None]] = {}
    for code in sr_codes:
        en = names[code][0]
        disp[code] = state_display(en)
        short[code] = (en, [], None)
    for code, base in COMBINED.items():
        disp[code] = state_display(base)
        short[code] = (base, [], None)
    admin1_name = {c: disp[combined_of.get(c, c)] for c in sr_codes}
    admin1_name.update({code: disp[code] for code in COMBINED})
    unit_disp, unit_short = admin_unit_names(names, saz, dist_codes, tsp_codes, vt_codes)
    disp.update(unit_disp)
    short.update(unit_short)

    out = PlaceRows(admin1_name, disp)
    emit, rows = out.add, out.rows

    add_foreign_places(out)

    # states / regions, and the Shan and Bago wholes
    for code, base in COMBINED.items():
        m = PointMean()
        for part in code.split("|"):
            m.merge(means[part])
        lat, lon = m.point(MAX_SPREAD_KM["adm1"])
        emit(
            code,
            "adm1_combined",
            "state_region",
            base,
            disp[code],
            None,
            None,
            [],
            code,
            None,
            None,
            None,
            "MMR",
            lat,
            lon,
            "mean_of_points",
            m.n,
            3,
            source="MIMU 9.6 (union of split units)",
        )
    for code in sr_codes:
        lat, lon = means[code].point(MAX_SPREAD_KM["adm1"])
        en, my = names[code]
        emit(
            code,
            "adm1",
            "state_region",
            en,
            disp[code],
            en,
            my,
            [],
            code,
            None,
            None,
            None,
            combined_of.get(code, "MMR"),
            lat,
            lon,
            "mean_of_points",
            means[code].n,
            3,
        )
    for code in dist_codes:
        lat, lon = means[code].point(MAX_SPREAD_KM["adm2"])
        name, alts, _ = short[code]
        en, my = names[code]
        emit(
            code,
            "adm2",
            "district",
            name,
            disp[code],
            en,
            my,
            alts,
            parent[code],
            code,
            None,
            None,
            parent[code],
            lat,
            lon,
            "mean_of_points",
            means[code].n,
            3,
        )
    town_point = {c: means[c].point(MAX_SPREAD_KM["town"]) for c in town_codes}
    for code in tsp_codes:
        sr, dist, _ = chain[code]
        name, alts, _ = short[code]
        en, my = names[code]
        seat = code + "701"
        if seat in town_point and town_point[seat][0] is not None:
            (lat, lon), src = town_point[seat], "seat_town"
        else:
            (lat, lon), src = means[code].point(MAX_SPREAD_KM["adm3"]), "mean_of_points"
        if lat is None:
            (lat, lon), src = means[dist].point(MAX_SPREAD_KM["adm2"]), "district"
        emit(
            code,
            "adm3",
            "township",
            name,
            disp[code],
            en,
            my,
            alts,
            sr,
            dist,
            code,
            None,
            dist,
            lat,
            lon,
            src if lat is not None else "none",
            means[code].n,
            2,
        )
    tsp_point = {r["pcode"]: (r["latitude"], r["longitude"]) for r in rows if r["level"] == "adm3"}
    for code in town_codes:
        tsp = parent[code]
        sr, dist, _ = chain[tsp]
        en, my = names[code]
        name, alts, _ = clean_name(en, "town")
        lat, lon = town_point[code]
        src, prec = "mean_of_points", 1
        if lat is None:
            (lat, lon), src, prec = tsp_point[tsp], "township", 2
        emit(
            code,
            "town",
            "town",
            name,
            name,
            en,
            my,
            alts,
            sr,
            dist,
            tsp,
            None,
            tsp,
            lat,
            lon,
            src if lat is not None else "none",
            means[code].n,
            prec,
        )
    for code in vt_codes:
        tsp = parent[code]
        sr, dist, _ = chain[tsp]
        name, alts, _ = short[code]
        en, my = names[code]
        lat, lon = means[code].point(MAX_SPREAD_KM["adm4"])
        src = "mean_of_points"
        if lat is None:
            (lat, lon), src = tsp_point[tsp], "township"
        emit(
            code,
            "adm4",
            "village_tract",
            name,
            disp[code],
            en,
            my,
            alts,
            sr,
            dist,
            tsp,
            code,
            tsp,
            lat,
            lon,
            src if lat is not None else "none",
            means[code].n,
            2,
        )
    vt_point = {r["pcode"]: (r["latitude"], r["longitude"]) for r in rows if r["level"] == "adm4"}
    for vp, vt, tsp, dist, sr, v_en, *_rest in villages:
        v_my, lat, lon = _rest[4], _rest[-2], _rest[-1]
        name, alts, _ = clean_name(v_en, "village")
        src, prec = "point", 1
        if not in_bbox(lat, lon):
            (lat, lon), src, prec = vt_point.get(vt, (None, None)), "village_tract", 2
            if lat is None:
                (lat, lon), src = tsp_point.get(tsp, (None, None)), "township"
        emit(
            str(vp),
            "village",
            "village",
            name,
            name,
            v_en,
            v_my,
            alts,
            sr,
            dist,
            tsp,
            vt,
            vt,
            lat,
            lon,
            src if lat is not None else "none",
            1,
            prec,
        )
    for wp, town, tsp, dist, sr, w_en, *_rest in wards:
        w_my, lat, lon = _rest[4], _rest[-2], _rest[-1]
        name, alts, _ = clean_name(w_en, "ward")
        src, prec = "point", 1
        tlat, tlon = town_point.get(town, (None, None))
        if not in_bbox(lat, lon) or (tlat is not None and approx_km(lat, lon, tlat, tlon) > MAX_SPREAD_KM["town"]):
            (lat, lon), src, prec = (tlat, tlon), "town", 2
        emit(
            wp,
            "ward",
            "other",
            name,
            name,
            w_en,
            w_my,
            alts,
            sr,
            dist,
            tsp,
            None,
            town,
            lat,
            lon,
            src if lat is not None else "none",
            1,
            prec,
        )

    rows.sort(key=lambda r: (_LEVEL_ORDER[r["level"]], r["pcode"]))
    return rows


def build_gazetteer(out_path: str | Path | None = None, db_path: str | Path | None = None) -> Path:
    """Derive the gazetteer from MIMU and write it to a Parquet file (atomically). Returns the path."""
    import duckdb
    import pandas as pd

    out = Path(out_path) if out_path else default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = derive_places(Path(db_path) if db_path else None)
    df = pd.DataFrame.from_records(rows, columns=COLUMNS)
    df["n_points"] = df["n_points"].astype("int32")
    df["geo_precision"] = df["geo_precision"].astype("int8")
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer.", suffix=".parquet", dir=out.parent)
    os.close(fd)
    con = duckdb.connect()
    try:
        con.register("places_df", df)
        fp = build_fingerprint()
        con.execute(
            f"copy (select * from places_df) to '{tmp}' "
            f"(format parquet, compression zstd, kv_metadata {{gazetteer_build: '{fp}'}})"
        )
        os.replace(tmp, out)
    finally:
        con.close()
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = build_gazetteer(argv[0] if argv else None)
    import duckdb

    con = duckdb.connect()
    try:
        counts = con.execute(
            "select location_type, count(*) from read_parquet(?) group by 1 order by 2", [str(out)]
        ).fetchall()
    finally:
        con.close()
    print(f"wrote {out}")
    for t, n in counts:
        print(f"  {t:14s} {n:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
