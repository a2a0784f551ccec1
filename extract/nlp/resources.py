"""Loading the data files the components use (cached per process)."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from extract.config import DATA_DIR


@cache
def load_yaml(relative_path: str) -> Any:
    with open(DATA_DIR / relative_path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)
