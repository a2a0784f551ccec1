"""Great Expectations Data Docs for one check run: HTML pages people can read.

GX's own renderer (ValidationResultsPageRenderer + DefaultJinjaPageView, what a GX docs site builds) turns each
table's validation result into a page; an index page lists every check of the run, failed ones first, with the
ids of the rows that failed. Pages go to `<data docs dir>/<run id>/`, and `<data docs dir>/latest.html` points
at the newest run. GX's pages load their styles from public CDNs; offline they show unstyled, with the same
content. The index page has its own inline style.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from extract.checks.report import CheckReport


def run_folder_name(run_id: str) -> str:
    """A file-system-safe folder name for a run id (Airflow's contain ':' and '+')."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", run_id).strip("_") or "run"


def write_data_docs(report: CheckReport, docs_dir: Path) -> Path:
    """Write the run's pages and index; return the index page's path."""
    from great_expectations.render.renderer import ValidationResultsPageRenderer
    from great_expectations.render.view import DefaultJinjaPageView

    out = docs_dir / run_folder_name(report.run_id)
    out.mkdir(parents=True, exist_ok=True)
    renderer, view = ValidationResultsPageRenderer(), DefaultJinjaPageView()
    pages: dict[tuple[str, str], str] = {}
    for suite, table, validation in report.validations:
        name = f"{run_folder_name(suite)}__{run_folder_name(table)}.html"
        (out / name).write_text(view.render(renderer.render(validation)), encoding="utf-8")
        pages[(suite, table)] = name
    index = out / "index.html"
    index.write_text(_index_page(report, pages), encoding="utf-8")
    latest = docs_dir / "latest.html"
    target = f"{out.name}/index.html"
    latest.write_text(
        f'<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="refresh" content="0; url={target}">'
        f'<title>Latest checks</title><a href="{target}">Latest checks: {html.escape(report.run_id)}</a>',
        encoding="utf-8",
    )
    return index


def _index_page(report: CheckReport, pages: dict[tuple[str, str], str]) -> str:
    rows = []
    ordered = sorted(report.results, key=lambda r: (r.success, r.severity != "error", r.suite, r.check_name))
    for r in ordered:
        details = _parse(r.details)
        ids = details.get("ids")
        offending = (
            f"{html.escape(str(details.get('id_column')))}: " + ", ".join(html.escape(str(i)) for i in ids)
            if ids
            else ""
        )
        page = pages.get((r.suite, r.table))
        link = f'<a href="{html.escape(page)}">{html.escape(r.table)}</a>' if page else html.escape(r.table)
        status = "broken" if r.broken else ("passed" if r.success else "FAILED")
        rows.append(
            f'<tr class="{status.lower()}"><td>{status}</td><td>{html.escape(r.severity)}</td>'
            f"<td>{html.escape(r.suite)}</td><td>{html.escape(r.check_name)}</td><td>{link}</td>"
            f"<td>{'' if r.unexpected_count is None else r.unexpected_count}</td><td>{offending}</td>"
            f"<td><code>{html.escape(_short_details(details))}</code></td></tr>"
        )
    failed = len(report.failures)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Checks of run {html.escape(report.run_id)}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }}
tr.failed td:first-child, tr.broken td:first-child {{ color: #b00020; font-weight: bold; }}
tr.passed td:first-child {{ color: #1b5e20; }}
code {{ font-size: 12px; white-space: pre-wrap; }}
</style></head><body>
<h1>Data-quality checks of run {html.escape(report.run_id)}</h1>
<p>{len(report.results)} checks in suites {html.escape(", ".join(report.suites))}:
{len(report.results) - failed} passed, {failed} failed ({len(report.error_failures)} blocking publication).
Checked at {report.checked_at:%Y-%m-%d %H:%M:%S} UTC.
Each table links to Great Expectations' own page of its validation. Failed rows are named by the table's id column.</p>
<table><thead><tr><th>status</th><th>severity</th><th>suite</th><th>check</th><th>table</th><th>failed rows</th>
<th>ids of failed rows</th><th>details</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></body></html>
"""


def _parse(details: str) -> dict:
    try:
        value = json.loads(details)
    except (TypeError, ValueError):
        return {"text": details}
    return value if isinstance(value, dict) else {"text": details}


def _short_details(details: dict) -> str:
    shown = {k: v for k, v in details.items() if k not in ("table", "expectation", "ids", "id_column")}
    return json.dumps(shown, ensure_ascii=False, default=str) if shown else ""
