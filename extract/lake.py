"""The warehouse in DuckLake: configuration, the extensions, and attaching the lake.

`WAREHOUSE_BACKEND=ducklake` puts everything dbt builds (staging, intermediate, marts: the same models) into a
DuckLake: a catalog in SQLite or PostgreSQL (`DUCKLAKE_CATALOG`, e.g. `sqlite:/data/lake/catalog.sqlite` or
`postgres:dbname=lake host=db user=etl`) and the data as Parquet files under `DUCKLAKE_DATA_PATH` (a folder;
an object store where DuckDB's httpfs is available). Without them the lake sits beside the warehouse path:
`<warehouse stem>_lake/catalog.sqlite` and `<warehouse stem>_lake/data/`. The pipeline's own tables (`raw.*`,
`audit.*`), which its Python tasks write, are in the lake too (extract/warehouse.py): no DuckDB file is
written at WAREHOUSE_PATH, which then only names the warehouse (the lake, run folders, lock and BI copy sit
beside it).

The extensions come from PyPI packages (`duckdb-extension-ducklake`, `-sqlite-scanner`, `-postgres-scanner`,
built for the DuckDB version the lock pins) and are loaded from their files: nothing is downloaded at run time.
`attach(con)` attaches the lake as catalog `lake` (extract/warehouse.py's connections then `use` it, so
`raw.x` and `marts.x` are the lake's to every task, check and summary).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import duckdb

from extract.config import warehouse_path

ALIAS = "lake"  # the catalog name the lake is attached under (dbt/profiles.yml uses the same)
_EXTENSIONS = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite_scanner",
    "postgres_scanner": "duckdb_extension_postgres_scanner",
}


def enabled() -> bool:
    """Whether the models live in DuckLake: $WAREHOUSE_BACKEND is `ducklake` (default `duckdb`, one file)."""
    backend = (os.environ.get("WAREHOUSE_BACKEND") or "duckdb").strip().lower()
    if backend not in ("duckdb", "ducklake"):
        raise ValueError(f"WAREHOUSE_BACKEND must be duckdb or ducklake, not {backend!r}")
    return backend == "ducklake"


def _beside(warehouse: Path | None) -> Path:
    warehouse = (warehouse or warehouse_path()).resolve()
    return warehouse.with_name(warehouse.stem + "_lake")


def catalog(warehouse: Path | None = None) -> str:
    """The DuckLake catalog: $DUCKLAKE_CATALOG (`sqlite:<file>` or `postgres:<libpq connection string>`)."""
    return os.environ.get("DUCKLAKE_CATALOG") or f"sqlite:{_beside(warehouse) / 'catalog.sqlite'}"


def data_path(warehouse: Path | None = None) -> str:
    """Where the lake's Parquet files go: $DUCKLAKE_DATA_PATH, ending in a slash."""
    path = os.environ.get("DUCKLAKE_DATA_PATH") or str(_beside(warehouse) / "data")
    return path if path.endswith("/") else path + "/"


def settings(warehouse: Path | None = None) -> dict[str, str]:
    """The environment dbt's profile reads for the lake (set by whoever starts dbt: Airflow, make, tests)."""
    return {"DUCKLAKE_CATALOG": catalog(warehouse), "DUCKLAKE_DATA_PATH": data_path(warehouse)}


def extension_file(name: str) -> Path:
    """The `.duckdb_extension` file a PyPI package ships for the running DuckDB."""
    package = importlib.import_module(_EXTENSIONS[name])
    path = Path(package.__file__).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the {_EXTENSIONS[name]} package does not match DuckDB "
            f"{duckdb.__version__} (pin both to one version in pyproject.toml)"
        )
    return path


def load_extensions(con: duckdb.DuckDBPyConnection, cat: str | None = None) -> None:
    """Load DuckLake and the catalog's database extension from the packaged files."""
    cat = cat or catalog()
    needed = ["ducklake", "postgres_scanner" if cat.startswith("postgres:") else "sqlite_scanner"]
    loaded = {name for (name,) in con.execute("select extension_name from duckdb_extensions() where loaded").fetchall()}
    for name in needed:
        if name not in loaded:
            con.execute(f"load '{_sql_str(extension_file(name))}'")


def prepare_storage(cat: str | None = None, data: str | None = None) -> None:
    """Create the folders a local catalog and data path need (an object store or Postgres needs none)."""
    cat, data = cat or catalog(), data or data_path()
    if cat.startswith("sqlite:"):
        Path(cat.removeprefix("sqlite:")).parent.mkdir(parents=True, exist_ok=True)
    if "://" not in data:
        Path(data).mkdir(parents=True, exist_ok=True)


def attach(
    con: duckdb.DuckDBPyConnection, read_only: bool = False, warehouse: Path | None = None, alias: str = ALIAS
) -> bool:
    """Attach the lake as `alias`; False (nothing attached) when reading a lake that does not exist yet."""
    cat, data = catalog(warehouse), data_path(warehouse)
    if read_only and not exists(warehouse):
        return False  # no lake yet: nothing has been loaded
    load_extensions(con, cat)
    if not read_only:
        prepare_storage(cat, data)
    options = f"DATA_PATH '{_sql_str(data)}'" + (", READ_ONLY" if read_only else "")
    con.execute(f"attach if not exists 'ducklake:{_sql_str(cat)}' as {alias} ({options})")
    return True


def exists(warehouse: Path | None = None) -> bool:
    """Whether the lake has been started: its SQLite catalog file exists, or its Postgres catalog holds the
    lake's tables."""
    cat = catalog(warehouse)
    if cat.startswith("sqlite:"):
        return Path(cat.removeprefix("sqlite:")).exists()
    con = duckdb.connect()
    try:
        load_extensions(con, cat)
        con.execute(
            f"attach 'ducklake:{_sql_str(cat)}' as probe (DATA_PATH '{_sql_str(data_path(warehouse))}', READ_ONLY)"
        )
        return True
    except duckdb.Error:
        return False
    finally:
        con.close()


def _sql_str(value: object) -> str:
    return str(value).replace("'", "''")
