"""The gazetteer's rows: one per place, with its names, keys, admin units and point (`PlaceRows`), and the
rows of the countries and the places abroad near the border, which type words and bare names resolve to
instead of Myanmar villages (`add_foreign_places`). Used by build.py."""

from __future__ import annotations

import csv
import hashlib

from .keys import DATA_DIR, place_key, variant_key


def location_id(pcode: str) -> str:
    """Deterministic id of a gazetteer place: "loc_" + 16 hex of sha256(pcode)."""
    return "loc_" + hashlib.sha256(pcode.encode("utf-8")).hexdigest()[:16]


def read_csv(name: str) -> list[dict]:
    """The rows of one of the gazetteer's own CSV files (extract/data/gazetteer/)."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class PlaceRows:
    """The rows built so far, with the display names of the admin units they name (admin1..admin4)."""

    def __init__(self, admin1_name: dict[str, str], disp: dict[str, str]) -> None:
        self.rows: list[dict] = []
        self.admin1_name = admin1_name
        self.disp = disp

    def add(
        self,
        pcode: str,
        level: str,
        ltype: str,
        name: str,
        display: str,
        mimu_name: str | None,
        name_my: str | None,
        alts: list[str],
        sr: str | None,
        dist: str | None,
        tsp: str | None,
        vt: str | None,
        parent_pcode: str | None,
        lat,
        lon,
        coord_source: str,
        n_points: int,
        precision: int,
        source: str = "MIMU 9.6",
    ) -> None:
        all_names = [name] + [a for a in alts if a]
        pkeys, vkeys = [], []
        for n in all_names:
            pk, vk = place_key(n), variant_key(n)
            if pk and pk not in pkeys:
                pkeys.append(pk)
            if vk and vk not in vkeys:
                vkeys.append(vk)
        self.rows.append(
            {
                "location_id": location_id(pcode),
                "pcode": pcode,
                "level": level,
                "location_type": ltype,
                "name": name,
                "display_name": display,
                "mimu_name": mimu_name,
                "name_my": name_my,
                "alt_names": "|".join(alts) if alts else None,
                "admin1": self.admin1_name.get(sr) if sr else None,
                "admin1_pcode": sr,
                "admin2": self.disp.get(dist) if dist else None,
                "admin2_pcode": dist,
                "admin3": self.disp.get(tsp) if tsp else None,
                "admin3_pcode": tsp,
                "admin4": self.disp.get(vt) if vt else None,
                "admin4_pcode": vt,
                "parent_pcode": parent_pcode,
                "latitude": lat,
                "longitude": lon,
                "coord_source": coord_source,
                "n_points": n_points,
                "geo_precision": precision,
                "place_keys": "|".join(pkeys),
                "variant_keys": "|".join(vkeys),
                "source": source,
            }
        )


def add_foreign_places(out: PlaceRows) -> None:
    """The countries (countries.csv) and the places abroad near the border (places_abroad.csv)."""
    # countries
    for r in read_csv("countries.csv"):
        alts = [a for a in (r.get("aliases") or "").split("|") if a]
        out.add(
            r["pcode"],
            "country",
            "country",
            r["name"],
            r["name"],
            None,
            None,
            alts,
            None,
            None,
            None,
            None,
            None,
            float(r["latitude"]),
            float(r["longitude"]),
            "country_centroid",
            0,
            3,
            source="countries.csv",
        )

    # places abroad near the border (type words and bare names resolve to them, not to Myanmar villages)
    abroad = read_csv("places_abroad.csv")
    code_of = {(r["country"], place_key(r["name"])): f"{r['country']}-{place_key(r['name'])}" for r in abroad}
    for r in abroad:
        code = code_of[(r["country"], place_key(r["name"]))]
        if r["type"] == "state_region":
            out.admin1_name[code] = r["name"]
        out.disp[code] = r["name"]
    for r in abroad:
        code = code_of[(r["country"], place_key(r["name"]))]
        sr = code if r["type"] == "state_region" else code_of.get((r["country"], place_key(r["admin1"] or "")))
        dist = code if r["type"] == "district" else code_of.get((r["country"], place_key(r["admin2"] or "")))
        alts = [a for a in (r.get("aliases") or "").split("|") if a]
        prec = 3 if r["type"] in ("state_region", "district") else 1
        out.add(
            code,
            "abroad",
            r["type"],
            r["name"],
            r["name"],
            None,
            None,
            alts,
            sr,
            dist,
            None,
            None,
            dist if dist != code else sr if sr != code else r["country"],
            float(r["latitude"]),
            float(r["longitude"]),
            "places_abroad.csv",
            0,
            prec,
            source="places_abroad.csv",
        )
