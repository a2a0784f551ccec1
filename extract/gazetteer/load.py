"""Load the gazetteer (building it on first use) and keep its name indexes in a cache file.

``load_gazetteer()`` returns one cached :class:`~extract.gazetteer.query.Gazetteer` per process. The table is
read from ``extract.config.build_dir() / "gazetteer.parquet"``; if that file is missing or was built by other
code or rules (a fingerprint is stored in the Parquet metadata), it is rebuilt first (``build.py``, a few
seconds). The name indexes built from it are cached beside it (``gazetteer.index.pickle``, keyed by a hash of the
MIMU source file, the Parquet file, the data files and this package's code), so a process usually starts in
about 0.2 s: rows become :class:`~extract.gazetteer.place.Place` objects only when a lookup returns them.

The package's modules import one way: ``keys`` <- ``mimu_names`` <- ``build``; ``keys``, ``place`` <- ``index``,
``fuzzy`` <- ``query`` <- ``load`` (this module), which also uses ``build``.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from .build import build_fingerprint, build_gazetteer, default_path, mimu_db_path
from .keys import DATA_DIR
from .place import Place, _chain
from .query import Gazetteer


def _parquet_fingerprint(path: Path) -> str | None:
    import duckdb

    con = duckdb.connect()
    try:
        rows = con.execute("select key, value from parquet_kv_metadata(?)", [str(path)]).fetchall()
    except Exception:  # noqa: BLE001 - a file DuckDB cannot read as Parquet has no fingerprint: it is rebuilt
        return None
    finally:
        con.close()
    for k, v in rows:
        if (k.decode() if isinstance(k, bytes) else k) == "gazetteer_build":
            return v.decode() if isinstance(v, bytes) else v
    return None


_COLS = (
    "location_id, pcode, level, location_type, name, display_name, alt_names, admin1, admin1_pcode, "
    "admin2, admin2_pcode, admin3, admin3_pcode, admin4, admin4_pcode, parent_pcode, latitude, longitude, "
    "geo_precision, n_points, place_keys, variant_keys"
)


def read_gazetteer(path: str | Path) -> Gazetteer:
    """Read a built gazetteer Parquet file into a Gazetteer (no caching, no rebuilding)."""
    import duckdb

    path = Path(path)
    con = duckdb.connect()
    try:
        rows = con.execute(f"select {_COLS} from read_parquet(?)", [str(path)]).fetchall()
    finally:
        con.close()
    gaz = Gazetteer([], path)
    for (
        lid,
        pcode,
        level,
        ltype,
        name,
        display,
        alts,
        a1,
        a1p,
        a2,
        a2p,
        a3,
        a3p,
        a4,
        a4p,
        _parent,
        lat,
        lon,
        prec,
        npts,
        pkeys,
        vkeys,
    ) in rows:
        alt_t = tuple(alts.split("|")) if alts else ()
        place = Place(
            lid,
            pcode,
            name,
            display,
            ltype,
            level,
            a1,
            a1p,
            a2,
            a2p,
            a3,
            a3p,
            a4,
            a4p,
            lat,
            lon,
            int(prec),
            True,
            int(npts or 0),
            alt_t,
            _chain(level, pcode, a1p, a2p, a3p, a4p),
        )
        gaz.add_place(place)
        gaz._index_keys(
            place,
            pkeys.split("|") if pkeys else [],
            vkeys.split("|") if vkeys else [],
            max(len(n.replace("-", " ").split()) for n in (name, *alt_t)),
        )
    gaz.country = gaz.by_pcode("MMR")
    gaz._load_aliases()
    return gaz


# ----------------------------------------------------------------------------------------------
# the index cache

INDEX_VERSION = "1"
_CODE_FILES = (
    "build.py",
    "mimu_names.py",
    "place_rows.py",
    "points.py",
    "keys.py",
    "place.py",
    "index.py",
    "fuzzy.py",
    "query.py",
    "load.py",
)
_DATA_FILES = (
    "manual_aliases.csv",
    "geonames_mm_cities_aliases.csv",
    "countries.csv",
    "places_abroad.csv",
    "self_administered_zones.csv",
    "matcher_patterns.yaml",
    "variant_rules.yaml",
)


def index_cache_path(parquet: Path) -> Path:
    """Where the name indexes of a gazetteer Parquet file are cached: beside it."""
    return parquet.with_name(parquet.stem + ".index.pickle")


@lru_cache(maxsize=8)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _source_digest() -> str:
    """sha256 of the MIMU source file (computed once per process and file version)."""
    try:
        p = mimu_db_path()
    except FileNotFoundError:
        return "no-source"
    st = p.stat()
    return _file_digest(str(p), st.st_size, st.st_mtime_ns)


def index_fingerprint(parquet: Path) -> str:
    """Changes when the MIMU source file, the Parquet file, the build or key rules, the alias and
    pattern files, this package's code or the Python version change."""
    h = hashlib.sha256(f"{INDEX_VERSION}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    h.update(build_fingerprint().encode())
    h.update(_source_digest().encode())
    st = parquet.stat()
    h.update(f"{st.st_size}|{st.st_mtime_ns}".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        h.update((here / name).read_bytes())
    for name in _DATA_FILES:
        h.update((DATA_DIR / name).read_bytes())
    return h.hexdigest()


def _read_index(cache: Path, fingerprint: str, parquet: Path) -> Gazetteer | None:
    try:
        with open(cache, "rb") as f:
            blob = f.read()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects: the collector would only slow the load down
    try:
        state = pickle.loads(blob)
        if not isinstance(state, dict) or state.get("fingerprint") != fingerprint:
            return None
        return Gazetteer._from_state(state, parquet)
    except Exception:  # noqa: BLE001 - a damaged or outdated cache is rebuilt, never trusted
        return None
    finally:
        if enabled:
            gc.enable()


def _write_index(gaz: Gazetteer, cache: Path, fingerprint: str) -> None:
    state = gaz._state()
    state["fingerprint"] = fingerprint
    try:
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer_index.", suffix=".tmp", dir=cache.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, cache)
    except OSError:
        return  # a read-only build directory: work without the cache
    finally:
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _load_cached(path: str) -> Gazetteer:
    p = Path(path)
    with _LOCK:
        cache = index_cache_path(p)
        if p.exists():
            gaz = _read_index(cache, index_fingerprint(p), p)
            if gaz is not None:
                return gaz
        if not p.exists() or _parquet_fingerprint(p) != build_fingerprint():
            build_gazetteer(p)
        gaz = read_gazetteer(p)
        _write_index(gaz, cache, index_fingerprint(p))
        return gaz


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The process-wide Gazetteer (built at ``build_dir()/gazetteer.parquet`` on first use if missing;
    its name indexes cached beside it)."""
    return _load_cached(str(Path(path) if path else default_path()))


def gazetteer_path() -> Path:
    return default_path()


__all__ = ["Gazetteer", "Place", "gazetteer_path", "index_cache_path", "load_gazetteer", "read_gazetteer"]
