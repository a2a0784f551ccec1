"""Coordinates of the gazetteer's units: Myanmar's bounding box, and the mean of a unit's points without
the outliers far from their median (some MIMU points lie on other continents). Used by build.py."""

from __future__ import annotations

import math

# Myanmar's bounding box (with a margin); points outside it are geocoding errors in the source
# (some ward points lie in North America or Europe).
BBOX = (9.4, 28.7, 92.0, 101.3)
# Points farther than this from the median of their unit are dropped from the unit's mean.
MAX_SPREAD_KM = {"town": 20.0, "adm4": 40.0, "adm3": 150.0, "adm2": 400.0, "adm1": 1500.0}


def in_bbox(lat, lon) -> bool:
    return lat is not None and lon is not None and BBOX[0] <= lat <= BBOX[1] and BBOX[2] <= lon <= BBOX[3]


def approx_km(lat1, lon1, lat2, lon2) -> float:
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 111.2 * math.hypot(x, lat2 - lat1)


class PointMean:
    """Collects a unit's points; point() is their mean after dropping outliers far from the median."""

    __slots__ = ("pts",)

    def __init__(self) -> None:
        self.pts: list[tuple[float, float]] = []

    def add(self, lat, lon) -> None:
        if in_bbox(lat, lon):
            self.pts.append((lat, lon))

    def merge(self, other: PointMean) -> None:
        self.pts.extend(other.pts)

    @property
    def n(self) -> int:
        return len(self.pts)

    def center(self, max_km: float | None = None) -> tuple[float | None, float | None, int]:
        if not self.pts:
            return None, None, 0
        pts = self.pts
        if max_km is not None and len(pts) > 2:
            lats = sorted(p[0] for p in pts)
            lons = sorted(p[1] for p in pts)
            mlat, mlon = lats[len(lats) // 2], lons[len(lons) // 2]
            kept = [p for p in pts if approx_km(mlat, mlon, p[0], p[1]) <= max_km]
            pts = kept or pts
        return (round(sum(p[0] for p in pts) / len(pts), 6), round(sum(p[1] for p in pts) / len(pts), 6), len(pts))

    def point(self, max_km: float | None = None) -> tuple[float | None, float | None]:
        lat, lon, _ = self.center(max_km)
        return lat, lon
