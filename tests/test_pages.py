"""The pages people open: dbt's docs (make docs) and the report (make report), rendered in headless Chromium.

Both are built from the seeds' published copy (a real dbt docs generate, the real report code)."""

from __future__ import annotations

import re

import pytest

from chromium import dump_dom, png_colours, screenshot
from extract.config import PROJECT_DIR
from extract.docs_site import build_docs
from extract.report.page import write_report

BUILD = PROJECT_DIR / "build"


@pytest.fixture(scope="module")
def docs_index(seeds_bi_copy, tmp_path_factory):
    return build_docs(seeds_bi_copy, tmp_path_factory.mktemp("docs"))


def test_docs_build_from_the_published_copy_while_the_live_file_is_held(seeds_bi_copy, tmp_path):
    """make docs never opens the live warehouse: it works while a writer holds it."""
    import duckdb

    writer = duckdb.connect(str(seeds_bi_copy.with_name("conflict.duckdb")))  # a run writing
    try:
        index = build_docs(seeds_bi_copy, tmp_path / "docs")
    finally:
        writer.close()
    assert index.stat().st_size > 100_000


def test_docs_render_the_lineage_graph_and_a_model_page(docs_index):
    url = docs_index.resolve().as_uri()
    model = dump_dom(url + "#!/model/model.conflict_warehouse.fct_events", wait_ms=15000)
    assert re.search(r'<span class="break ng-binding">fct_events</span>', model), "the model page did not render"
    assert 'ng-binding">deaths_state_forces' in model, "the model's columns did not render"
    graph = dump_dom(url + "#!/overview?g_v=1", wait_ms=15000)
    nodes = re.search(r'<canvas[^>]*data-id="layer2-node"[^>]*width="(\d+)" height="(\d+)"', graph)
    assert "__________cytoscape_container" in graph and nodes, "the lineage graph did not render"
    assert int(nodes.group(1)) > 0 and int(nodes.group(2)) > 0
    shot = screenshot(url + "#!/overview?g_v=1", BUILD / "docs" / "lineage.png", size="1280,900", wait_ms=15000)
    assert png_colours(shot) > 20


def test_report_draws_every_chart_offline(seeds_bi_copy):
    page = write_report(seeds_bi_copy, BUILD / "report" / "index.html")
    html = page.read_text()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html), "the report must not load anything from the network"
    dom = dump_dom(page.resolve().as_uri(), wait_ms=3000)
    drawn = dict(re.findall(r'<figure class="chart-figure" id="([^"]+)" data-drawn="(\d+)"', dom))
    assert set(drawn) == {"map", "events-per-month", "deaths-by-side", "displacement", "top-actors"}
    # every number in a chart's table (a click away, under it) is a mark the browser drew with a real size
    tables = {
        key: body.count("<tr>")
        for key, body in re.findall(r'<figure class="chart-figure" id="([^"]+)".*?<tbody>(.*?)</tbody>', dom, re.S)
    }
    assert {k: int(v) for k, v in drawn.items()} == tables
    assert tables["map"] > 0 and tables["events-per-month"] > 0 and tables["top-actors"] > 0
    assert tables["displacement"] > 0
    assert dom.count("<details>") == 5 and dom.count("<summary>The numbers") == 5
    assert 'class="outline"' in dom
    shot = screenshot(page.resolve().as_uri(), BUILD / "report" / "report.png")
    assert png_colours(shot) > 20
