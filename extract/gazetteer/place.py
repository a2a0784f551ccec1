"""The gazetteer's records: :class:`Place`, the level constants, and the row form the index cache stores.

A :class:`Place` has a short ``name`` ("Kanbalu", "Kayin") and a ``display_name`` ("Kanbalu
Township", "Kayin State"); ``Place.as_dict()`` (the record the spaCy component stores) uses the
display name as ``name``, and admin1/admin2/admin3 are display names too ("Kayin State", "Hpapun
District", "Hpapun Township"). A place the text names outside the gazetteer gets
``unlisted_location_id``. Nothing here reads a file or imports another module of the package.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

GROUP_A = ("state_region", "district", "township", "town", "country")
VILLAGE_LEVEL = ("village", "village_tract", "other")
LEVEL_PREF = {
    "state_region": 6,
    "country": 6,
    "town": 5,
    "township": 4,
    "district": 3,
    "village": 2,
    "village_tract": 1,
    "other": 0,
}
DEPTH = {
    "country": 0.25,
    "state_region": 1,
    "district": 2,
    "township": 3,
    "town": 3,
    "village_tract": 4,
    "village": 5,
    "other": 5,
}
PRECISION_OF_ENCLOSING = {
    "village_tract": 2,
    "township": 2,
    "town": 2,
    "village": 2,
    "other": 2,
    "district": 3,
    "state_region": 3,
    "country": 3,
}
_LEVEL_NAMES = {
    "adm1_state_region": "state_region",
    "adm2_district": "district",
    "adm3_township": "township",
    "town": "town",
    "adm4_village_tract": "village_tract",
    "village": "village",
}
_ABROAD_PREFIXES = ("IND", "THA", "CHN", "BGD", "LAO")
_WHOLE = {c: code for code in ("MMR014|MMR015|MMR016", "MMR007|MMR008") for c in code.split("|")}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer place (or a place kept outside the gazetteer, ``in_gazetteer=False``)."""

    location_id: str
    pcode: str | None
    name: str  # short name: "Kanbalu", "Kayin", "Maw Taung"
    display_name: str  # "Kanbalu Township", "Kayin State", "Maw Taung"
    location_type: str  # country | state_region | district | township | town | village_tract | village | other
    level: str  # MIMU level: country, adm1, adm1_combined, adm2, adm3, town, adm4, village, ward,
    # unlisted
    admin1: str | None
    admin1_pcode: str | None
    admin2: str | None
    admin2_pcode: str | None
    admin3: str | None
    admin3_pcode: str | None
    admin4: str | None
    admin4_pcode: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    in_gazetteer: bool = True
    n_points: int = 0
    alt_names: tuple[str, ...] = ()
    chain: tuple[str, ...] = field(default=(), repr=False)  # pcodes of this place and every unit containing it

    def as_dict(self) -> dict:
        """The record stored in ``Span._.place`` (the columns of raw.places)."""
        return {
            "location_id": self.location_id,
            "name": self.display_name,
            "location_type": self.location_type,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "pcode": self.pcode,
            "geo_precision": self.geo_precision,
            "in_gazetteer": self.in_gazetteer,
        }

    def contains(self, other: Place) -> bool:
        return self.pcode is not None and self.pcode in other.chain


# A gazetteer row as stored in the index cache: Place's fields without in_gazetteer and chain.
_ROW_FIELDS = (
    "location_id",
    "pcode",
    "name",
    "display_name",
    "location_type",
    "level",
    "admin1",
    "admin1_pcode",
    "admin2",
    "admin2_pcode",
    "admin3",
    "admin3_pcode",
    "admin4",
    "admin4_pcode",
    "latitude",
    "longitude",
    "geo_precision",
    "n_points",
    "alt_names",
)
_TYPE, _LEVEL, _A1P, _A2P, _A3P = 4, 5, 7, 9, 11


def _chain(level: str, pcode: str | None, a1p, a2p, a3p, a4p) -> tuple[str, ...]:
    """Pcodes of a place and every unit containing it (places in the MIMU halves of Shan and Bago
    also sit inside the whole state/region)."""
    if level in ("adm1_combined", "country"):
        return (pcode,) if pcode else ()
    chain = tuple(c for c in (_WHOLE.get(a1p), a1p, a2p, a3p, a4p, pcode) if c)
    if level == "adm1":
        chain = tuple(dict.fromkeys(chain))
    return chain


def _place_from_row(row: tuple) -> Place:
    return Place(*row[:17], True, row[17], row[18], _chain(row[5], row[1], row[7], row[9], row[11], row[13]))


def _row_of(p: Place) -> tuple:
    return tuple(getattr(p, f) for f in _ROW_FIELDS)


def unlisted_location_id(name: str, location_type: str, admin1: str | None, admin3: str | None) -> str:
    """Id of a place outside the gazetteer: "loc_" + 16 hex of sha256("name|type|admin1|admin3")."""
    key = f"{' '.join(name.split())}|{location_type}|{admin1 or ''}|{admin3 or ''}"
    return "loc_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
