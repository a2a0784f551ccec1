"""The package's shape: no import circle in extract/, and no module over ~500 lines.

Both read the source files (``ast``), so they hold for imports inside functions too (a circle that only a lazy
import closes is still a circle a reader has to untangle).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "extract"
MAX_LINES = 500
# Modules allowed over MAX_LINES, each with its reason. Nothing else is: a module that grows past the limit
# fails the test, and so does an entry here that is no longer needed.
OVER_LIMIT: dict[str, str] = {}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The modules of the package that one file imports, anywhere in it (top level or inside a function)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # "from extract.nlp import places" imports the module extract.nlp.places
            targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
        else:
            continue
        out.update(t for t in targets if t in modules and t != name)
    return out


def import_graph() -> dict[str, set[str]]:
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in files}
    return {module_name(p): imported_modules(p, modules) for p in files}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_is_read_from_the_source():
    graph = import_graph()
    assert "extract.gazetteer.keys" in graph["extract.gazetteer.build"]  # relative: from .keys import
    assert "extract.gazetteer.load" in graph["extract.nlp.places"]  # absolute
    assert "extract.nlp.places" in graph["extract.gazetteer.fuzzy_report"]  # inside a function


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_in_extract():
    assert circles(import_graph()) == []


def _over_limit() -> dict[str, int]:
    sizes = {
        p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")
    }
    return {p: n for p, n in sorted(sizes.items()) if n > MAX_LINES}


def test_no_module_in_extract_is_over_the_limit():
    over = _over_limit()
    assert {p: n for p, n in over.items() if p not in OVER_LIMIT} == {}


def test_each_allowed_exception_is_still_needed():
    back = sorted(set(OVER_LIMIT) - set(_over_limit()))
    assert back == [], f"{back} are back under {MAX_LINES} lines: take them off OVER_LIMIT"


def test_the_readme_layout_names_every_module_of_extract():
    """The README's layout section names each top-level module and folder of extract/, and each module of nlp/ and
    gazetteer/ (where the package grows), so it keeps up with the tree."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    words = set(re.findall(r"[\w.]+", layout)) | set(re.findall(r"\w+/", layout))
    wanted = {p.name for p in PACKAGE.glob("*.py")} | {
        f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    for sub in ("nlp", "gazetteer"):
        wanted |= {p.stem for p in (PACKAGE / sub).glob("*.py")}
    wanted -= {"__init__.py", "__main__.py", "__init__"}
    assert sorted(w for w in wanted if w not in words and f"{w}.py" not in words) == []
