"""The report page: one HTML file with inline SVG, inline style and a small inline script; nothing is fetched.

The script only measures what the browser drew: it writes on each chart's <figure> how many of its marks have
a non-empty bounding box (`data-drawn`), which the Chromium test reads.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from extract.report import svg
from extract.report.data import ReportData, read_report_data
from extract.report.outline import land_runs

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1180px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; } .meta { color: #555; margin-top: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(580px, 1fr)); gap: 1.2em; align-items: start; }
figure { margin: 0; padding: .6em .8em; border: 1px solid #ddd; border-radius: 6px; background: #fff; }
figcaption { font-weight: 600; margin-bottom: .4em; }
details { margin-top: .4em; } summary { cursor: pointer; color: #225; }
table { border-collapse: collapse; font-size: 12px; margin-top: .4em; }
th, td { border-bottom: 1px solid #eee; padding: 2px 8px; text-align: left; } td.n { text-align: right; }
.warn { background: #fff3cd; border: 1px solid #e0c060; padding: .5em .8em; border-radius: 6px; }
"""
SCRIPT = """
document.querySelectorAll('figure.chart-figure').forEach(function (fig) {
  var drawn = 0;
  fig.querySelectorAll('svg .mark').forEach(function (m) {
    var b = m.getBBox(); if (b.width > 0 && b.height > 0) drawn++;
  });
  fig.setAttribute('data-drawn', String(drawn));
});
document.body.setAttribute('data-checked', 'true');
"""


def write_report(bi_copy: Path, out: Path, gazetteer: Path | None = None) -> Path:
    """Read the published copy, write the page to `out` (atomically), return its path."""
    data = read_report_data(bi_copy)
    html = render(data, land_runs(gazetteer))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out


def _table(header: list[str], rows: list[tuple]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="n">{v:,}</td>'
            if isinstance(v, (int, float)) and not isinstance(v, bool)
            else f"<td>{escape('' if v is None else str(v))}</td>"
            for v in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(key: str, title: str, chart: str, header: list[str], rows: list[tuple]) -> str:
    return (
        f'<figure class="chart-figure" id="{key}"><figcaption>{escape(title)}</figcaption>{chart}'
        f"<details><summary>The numbers ({len(rows)} rows)</summary>{_table(header, rows)}</details></figure>"
    )


def render(data: ReportData, land: tuple) -> str:
    types = sorted({e["event_type"] for e in data.events} | {r[1] for r in data.events_by_month})
    type_colour = svg.colours(types)
    side_colour = svg.colours(sorted({r[1] for r in data.deaths_by_month}))
    kind_colour = {"flow": svg.PALETTE[1], "stock": svg.PALETTE[0]}
    figures = [
        _figure(
            "map",
            f"Events with a place ({len(data.events)} of {data.n_events}), over the country's outline",
            svg.map_chart(data.events, land, type_colour),
            ["date", "type", "sub-type", "place", "State/Region", "latitude", "longitude", "killed (best)"],
            [
                (
                    e["event_date"],
                    e["event_type"],
                    e["sub_event_type"],
                    e["place"],
                    e["admin1"],
                    round(e["latitude"], 4),
                    round(e["longitude"], 4),
                    e["fatalities_best"],
                )
                for e in data.events
            ],
        ),
        _figure(
            "events-per-month",
            "Events per month, by type",
            svg.stacked_bars(data.events_by_month, type_colour, "events per month by type"),
            ["month", "event type", "events"],
            data.events_by_month,
        ),
        _figure(
            "deaths-by-side",
            "Deaths by side, per month (best figures)",
            svg.stacked_bars(data.deaths_by_month, side_colour, "deaths by side per month"),
            ["month", "side", "deaths"],
            data.deaths_by_month,
        ),
        _figure(
            "displacement",
            "Displacement figures over time (log scale; stocks and flows)",
            svg.time_points(data.displacement, kind_colour, "displacement over time"),
            ["as of", "count (best)", "kind", "place", "outlet"],
            [
                (d["as_of_date"], d["count_best"], d["displacement_kind"], d["place"], d["outlet"])
                for d in data.displacement
            ],
        ),
        _figure(
            "top-actors",
            "Top actors, by events they take part in",
            svg.horizontal_bars(data.top_actors, "top actors"),
            ["actor", "events"],
            data.top_actors,
        ),
    ]
    pub = data.publication
    status = ""
    if pub.get("last_run_status") == "failed":
        status = (
            f'<p class="warn">The last run ({escape(str(pub.get("last_run_id")))}) failed: '
            f"{escape(str(pub.get('last_run_failure')))}. These are the marts of the last good run "
            f"({escape(str(pub.get('marts_run_id')))}).</p>"
        )
    meta = (
        f"{data.n_events} events from {data.n_articles} articles. Data: the published copy of run "
        f"{escape(str(pub.get('marts_run_id') or 'unknown'))}, "
        f"published {escape(str(pub.get('marts_published_at') or 'unknown'))} UTC."
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conflict report</title><style>{STYLE}</style></head>
<body>
<h1>Conflict report</h1>
<p class="meta">{meta} Hover a mark for its numbers; each chart's table is under it.</p>
{status}
<div class="grid">
{chr(10).join(figures)}
</div>
<p class="meta">Outline: cells of 0.1&deg; holding a village or town of the MIMU gazetteer (MIMU place codes 9.6).
Places outside the gazetteer are drawn at the smallest known unit holding them.</p>
<script>{SCRIPT}</script>
</body></html>
"""
