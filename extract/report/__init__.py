"""`make report`: one self-contained HTML page (no network, no scripts from elsewhere) drawn from the published
copy: a map of events over the country's outline, events per month by type, deaths by side per month,
displacement over time, the top actors; each chart with its numbers in a table one click away.

    data.py     what the page shows, read from the published copy (read-only)
    outline.py  the country's outline, from the MIMU gazetteer's points
    svg.py      the charts, as inline SVG
    page.py     the page
"""
