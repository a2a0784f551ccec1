"""Check suites as data: loading and validating the YAML files in extract/data/checks/.

A suite file holds `suite` (its name), an optional `description`, optional `vocabularies` (only there to be
referred to by YAML aliases) and `checks`, a list of
    {table: schema.table, expectation: <GX expectation type, snake case>, kwargs: {...},
     severity: error|warn, name: optional, description: optional}
This module does not import Great Expectations: whether an expectation type and its kwargs are valid is
found out when the check runs (a check that cannot be built is a broken check, see run.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extract.config import DATA_DIR

SUITES_DIR = DATA_DIR / "checks"
SEVERITIES = ("error", "warn")

_TABLE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$")
_TODAY_RE = re.compile(r"^\$\{today(?:([+-])(\d+)d)?\}$")
_CHECK_KEYS = {"table", "expectation", "kwargs", "severity", "name", "description"}


class SuiteDefinitionError(ValueError):
    """A suite file is malformed (not a failed or broken check: the suite cannot be run at all)."""


@dataclass(frozen=True)
class Check:
    suite: str
    name: str
    table: str  # schema.table
    expectation: str  # GX expectation type, e.g. expect_column_values_to_be_unique
    kwargs: Mapping[str, Any]
    severity: str  # error | warn
    description: str | None = None

    @property
    def schema_name(self) -> str:
        return self.table.split(".", 1)[0]

    @property
    def table_name(self) -> str:
        return self.table.split(".", 1)[1]


@dataclass(frozen=True)
class Suite:
    name: str
    checks: tuple[Check, ...]
    description: str | None = None
    source: Path | None = None
    tables: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.tables:
            object.__setattr__(self, "tables", tuple(dict.fromkeys(c.table for c in self.checks)))


def default_check_name(table: str, expectation: str, kwargs: Mapping[str, Any]) -> str:
    """`<table>.<column(s)>:<expectation without expect_>`, e.g.
    `marts.dim_actors.actor_id:column_values_to_be_unique`."""
    if "column" in kwargs:
        target = f"{table}.{kwargs['column']}"
    elif "column_A" in kwargs and "column_B" in kwargs:
        target = f"{table}.{kwargs['column_A']},{kwargs['column_B']}"
    elif "column_list" in kwargs and isinstance(kwargs["column_list"], (list, tuple)):
        target = f"{table}.{','.join(map(str, kwargs['column_list']))}"
    else:
        target = table
    return f"{target}:{expectation.removeprefix('expect_')}"


def load_suite(path: Path | str) -> Suite:
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SuiteDefinitionError(f"{path}: not valid YAML: {exc}") from exc
    return suite_from_dict(doc, source=path)


def suite_from_dict(doc: Any, source: Path | None = None) -> Suite:
    where = str(source) if source else "<suite>"
    if not isinstance(doc, dict):
        raise SuiteDefinitionError(f"{where}: expected a mapping with 'suite' and 'checks'")
    unknown = set(doc) - {"suite", "description", "vocabularies", "checks"}
    if unknown:
        raise SuiteDefinitionError(f"{where}: unknown top-level keys {sorted(unknown)}")
    name = doc.get("suite")
    if not isinstance(name, str) or not name:
        raise SuiteDefinitionError(f"{where}: 'suite' (the suite name) is missing")
    raw_checks = doc.get("checks")
    if not isinstance(raw_checks, list) or not raw_checks:
        raise SuiteDefinitionError(f"{where}: suite {name!r} has no 'checks' list")

    checks: list[Check] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_checks, start=1):
        at = f"{where}: check #{i}"
        if not isinstance(raw, dict):
            raise SuiteDefinitionError(f"{at}: expected a mapping")
        unknown = set(raw) - _CHECK_KEYS
        if unknown:
            raise SuiteDefinitionError(f"{at}: unknown keys {sorted(unknown)}")
        table = raw.get("table")
        if not isinstance(table, str) or not _TABLE_RE.match(table):
            raise SuiteDefinitionError(f"{at}: 'table' must be schema.table, got {table!r}")
        expectation = raw.get("expectation")
        if not isinstance(expectation, str) or not expectation.startswith("expect_"):
            raise SuiteDefinitionError(f"{at}: 'expectation' must be a GX expectation type, got {expectation!r}")
        kwargs = raw.get("kwargs") or {}
        if not isinstance(kwargs, dict):
            raise SuiteDefinitionError(f"{at}: 'kwargs' must be a mapping")
        severity = raw.get("severity")
        if severity not in SEVERITIES:
            raise SuiteDefinitionError(f"{at}: 'severity' must be one of {SEVERITIES}, got {severity!r}")
        check_name = raw.get("name") or default_check_name(table, expectation, kwargs)
        if check_name in seen:
            raise SuiteDefinitionError(
                f"{at}: duplicate check name {check_name!r} in suite {name!r} (give it a 'name')"
            )
        seen.add(check_name)
        checks.append(
            Check(
                suite=name,
                name=check_name,
                table=table,
                expectation=expectation,
                kwargs=kwargs,
                severity=severity,
                description=raw.get("description"),
            )
        )
    return Suite(name=name, checks=tuple(checks), description=doc.get("description"), source=source)


def available_suites(suites_dir: Path = SUITES_DIR) -> dict[str, Path]:
    """Suite name -> file, for every *.yml / *.yaml in the suites folder."""
    found: dict[str, Path] = {}
    for path in sorted([*suites_dir.glob("*.yml"), *suites_dir.glob("*.yaml")]):
        suite = load_suite(path)
        if suite.name in found:
            raise SuiteDefinitionError(f"suite {suite.name!r} is defined twice: {found[suite.name]} and {path}")
        found[suite.name] = path
    return found


def resolve_suites(suites: Iterable[str | Path | Suite] | str | Path | Suite | None = None) -> list[Suite]:
    """None -> every suite in extract/data/checks, plus those in $EXTRA_CHECKS_DIR (a team's own suites);
    otherwise suite names, YAML paths or Suite objects."""
    if suites is None:
        found = available_suites()
        extra = os.environ.get("EXTRA_CHECKS_DIR")
        if extra:
            for name, path in available_suites(Path(extra)).items():
                if name in found:
                    raise SuiteDefinitionError(f"suite {name!r} is defined twice: {found[name]} and {path}")
                found[name] = path
        return [load_suite(p) for p in found.values()]
    if isinstance(suites, (str, Path, Suite)):
        suites = [suites]
    result: list[Suite] = []
    known: dict[str, Path] | None = None
    for item in suites:
        if isinstance(item, Suite):
            result.append(item)
        elif isinstance(item, Path) or str(item).endswith((".yml", ".yaml")):
            result.append(load_suite(Path(item)))
        else:
            known = available_suites() if known is None else known
            if item not in known:
                raise SuiteDefinitionError(f"unknown suite {item!r}; known: {sorted(known)}")
            result.append(load_suite(known[item]))
    names = [s.name for s in result]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SuiteDefinitionError(f"suite(s) given twice: {dupes}")
    return result


def resolve_placeholders(value: Any, today: dt.date) -> Any:
    """Replace "${today}", "${today+Nd}", "${today-Nd}" strings (at any depth) by dates."""
    if isinstance(value, str):
        m = _TODAY_RE.match(value.strip())
        if not m:
            return value
        days = int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)
        return today + dt.timedelta(days=days)
    if isinstance(value, list):
        return [resolve_placeholders(v, today) for v in value]
    if isinstance(value, dict):
        return {k: resolve_placeholders(v, today) for k, v in value.items()}
    return value
