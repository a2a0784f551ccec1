"""The report's charts as inline SVG strings: a map, stacked bars per month, horizontal bars, a time plot.

Every mark carries a <title> (its numbers on hover) and the class `mark`, which the page's check counts.
"""

from __future__ import annotations

import datetime as dt
import math
from html import escape

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def colours(keys: list[str]) -> dict[str, str]:
    return {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT}>' + "".join(body) + "</svg>"
    )


def _legend(keys: list[str], colour: dict[str, str], x: float, y: float) -> list[str]:
    out = []
    for i, key in enumerate(keys):
        out.append(
            f'<rect x="{x}" y="{y + i * 16}" width="10" height="10" fill="{colour[key]}"/>'
            f'<text x="{x + 14}" y="{y + i * 16 + 9}">{escape(key)}</text>'
        )
    return out


def map_chart(events: list[dict], land: tuple, colour: dict[str, str], width: int = 420) -> str:
    """Events as points over the land cells, equirectangular with the longitude scaled by cos(latitude)."""
    lats = [r[0] for r in land] + [e["latitude"] for e in events]
    lons = [r[1] for r in land] + [r[2] for r in land] + [e["longitude"] for e in events]
    if not lats or not lons:
        return _svg(width, 60, ['<text x="10" y="30">no coordinates to map</text>'], "map")
    south, north = min(lats), max(lats) + 0.1
    west, east = min(lons), max(lons)
    kx = math.cos(math.radians((south + north) / 2))
    scale = (width - 20) / max((east - west) * kx, 1e-6)
    height = int((north - south) * scale) + 20

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return 10 + (lon - west) * kx * scale, 10 + (north - lat) * scale

    path = []
    for lat, lon0, lon1 in land:
        x0, y0 = xy(lat + 0.1, lon0)
        x1, y1 = xy(lat, lon1)
        path.append(f"M{x0:.1f} {y0:.1f}H{x1:.1f}V{y1:.1f}H{x0:.1f}Z")
    body = [f'<path class="outline" d="{"".join(path)}" fill="#e8e4d8" stroke="none"/>']
    for e in events:
        x, y = xy(e["latitude"], e["longitude"])
        r = 4 + min(6, math.sqrt(e.get("fatalities_best") or 0))
        tip = f"{e['event_date'] or 'undated'} {e['event_type']} at {e['place']}"
        if e.get("fatalities_best") is not None:
            tip += f", {e['fatalities_best']} killed"
        body.append(
            f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour[e["event_type"]]}" '
            f'fill-opacity="0.8" stroke="#333" stroke-width="0.5"><title>{escape(tip)}</title></circle>'
        )
    body += _legend(sorted({e["event_type"] for e in events}), colour, width - 150, 12)
    return _svg(width, height, body, "map of events")


def stacked_bars(rows: list[tuple], colour: dict[str, str], label: str, width: int = 560, height: int = 260) -> str:
    """rows: (x label, series, value). One bar per x label, stacked by series."""
    xs = sorted({r[0] for r in rows})
    series = sorted({r[1] for r in rows})
    if not xs:
        return _svg(width, 40, ['<text x="10" y="24">nothing to show yet</text>'], label)
    totals = {x: sum(r[2] for r in rows if r[0] == x) for x in xs}
    top = max(totals.values()) or 1
    left, bottom, right = 40, 55, 130
    plot_w, plot_h = width - left - right, height - bottom - 10
    bar_w = plot_w / len(xs)
    body = [f'<line x1="{left}" y1="{10 + plot_h}" x2="{left + plot_w}" y2="{10 + plot_h}" stroke="#999"/>']
    for tick in _ticks(top):
        y = 10 + plot_h - tick / top * plot_h
        body.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick:g}</text>'
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#eee"/>'
        )
    for i, x in enumerate(xs):
        y = 10 + plot_h
        for s in series:
            value = sum(r[2] for r in rows if r[0] == x and r[1] == s)
            if not value:
                continue
            h = value / top * plot_h
            y -= h
            body.append(
                f'<rect class="mark" x="{left + i * bar_w + 2:.1f}" y="{y:.1f}" '
                f'width="{max(bar_w - 4, 1):.1f}" height="{h:.1f}" fill="{colour[s]}">'
                f"<title>{escape(f'{x} {s}: {value:g}')}</title></rect>"
            )
        if len(xs) <= 24 or i % math.ceil(len(xs) / 24) == 0:
            cx, cy = left + (i + 0.5) * bar_w, 10 + plot_h + 14
            body.append(
                f'<text x="{cx:.1f}" y="{cy}" text-anchor="end" '
                f'transform="rotate(-35 {cx:.1f} {cy})">{escape(str(x))}</text>'
            )
    body += _legend(series, colour, width - right + 10, 12)
    return _svg(width, height, body, label)


def horizontal_bars(rows: list[tuple], label: str, width: int = 560) -> str:
    """rows: (label, value), drawn top to bottom."""
    if not rows:
        return _svg(width, 40, ['<text x="10" y="24">nothing to show yet</text>'], label)
    height = 20 * len(rows) + 10
    top = max(r[1] for r in rows) or 1
    left = 170
    body = []
    for i, (name, value) in enumerate(rows):
        w = value / top * (width - left - 50)
        body.append(
            f'<text x="{left - 6}" y="{i * 20 + 19}" text-anchor="end">{escape(str(name))}</text>'
            f'<rect class="mark" x="{left}" y="{i * 20 + 8}" width="{max(w, 1):.1f}" height="14" '
            f'fill="{PALETTE[0]}">'
            f"<title>{escape(f'{name}: {value}')}</title></rect>"
            f'<text x="{left + w + 4:.1f}" y="{i * 20 + 19}">{value}</text>'
        )
    return _svg(width, height, body, label)


def time_points(rows: list[dict], colour: dict[str, str], label: str, width: int = 560, height: int = 260) -> str:
    """rows: {as_of_date, count_best, displacement_kind, place}; a log-scale count over time."""
    if not rows:
        return _svg(width, 40, ['<text x="10" y="24">nothing to show yet</text>'], label)
    days = [r["as_of_date"].toordinal() for r in rows]
    d0, d1 = min(days) - 15, max(days) + 15
    counts = [max(r["count_best"], 1) for r in rows]
    lo, hi = math.floor(math.log10(min(counts))), math.ceil(math.log10(max(counts)) + 1e-9)
    hi = max(hi, lo + 1)
    left, bottom, right = 60, 30, 110
    plot_w, plot_h = width - left - right, height - bottom - 10

    def xy(day: int, count: int) -> tuple[float, float]:
        return (
            left + (day - d0) / (d1 - d0) * plot_w,
            10 + plot_h - (math.log10(max(count, 1)) - lo) / (hi - lo) * plot_h,
        )

    body = []
    for p in range(lo, hi + 1):
        _, y = xy(d0, 10**p)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#eee"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{compact(10**p)}</text>'
        )
    for day in (d0 + 15, d1 - 15):
        x, _ = xy(day, 1)
        body.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">{dt.date.fromordinal(day)}</text>')
    for r, day in zip(rows, days):
        x, y = xy(day, r["count_best"])
        tip = f"{r['as_of_date']}: {r['count_best']:,} ({r['displacement_kind']}) - {r['place'] or 'no place'}"
        body.append(
            f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour[r["displacement_kind"]]}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    body += _legend(sorted(colour), colour, width - right + 10, 12)
    return _svg(width, height, body, label)


def compact(n: float) -> str:
    """1200 -> 1.2k, 3000000 -> 3M."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= size:
            return f"{n / size:.3g}{suffix}"
    return f"{n:g}"


def _ticks(top: float) -> list[float]:
    step = 10 ** math.floor(math.log10(top)) if top >= 1 else 1
    if top / step < 3:
        step /= 2
    return [step * i for i in range(int(top / step) + 1)]
