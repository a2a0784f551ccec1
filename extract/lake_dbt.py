"""dbt-duckdb plugin for the `ducklake` target (dbt/profiles.yml): before dbt attaches the lake, load the
DuckLake and catalog extensions from their PyPI packages (no download) and create a local catalog's folders."""

from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin

from extract import lake


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        lake.load_extensions(conn)
        lake.prepare_storage()
