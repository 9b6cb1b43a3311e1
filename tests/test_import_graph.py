"""No module of briefing_archive imports itself back, however indirectly.

An import circle ties modules together so neither can be read, tested or
changed alone, and it breaks at import time as soon as one of them needs a
name from the other at its top. The graph is read from the source with
``ast``: every ``import``, at module level or inside a function (a lazy import
hides a circle, it does not remove it), plus the package ``__init__`` an
import runs on the way.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "briefing_archive"
ROOT = PACKAGE.name


def module_names() -> dict[str, Path]:
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imported(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``module`` imports, anywhere in it."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            # `from x import y` imports x, and x.y too when y is a module
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    targets = set()
    for name in found:
        parts = name.split(".")
        # each package on the way runs its __init__ (but the importer's own packages already did)
        for end in range(2, len(parts) + 1):
            candidate = ".".join(parts[:end])
            if candidate in known and candidate != module and not module.startswith(candidate + "."):
                targets.add(candidate)
    return targets


def import_graph() -> dict[str, set[str]]:
    known = module_names()
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        graph[module] = imported(module, path, known)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while not component or component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_lazy_imports_and_package_inits():
    graph = import_graph()
    assert "briefing_archive.page_text" in graph["briefing_archive.archive"]  # inside a function
    assert "briefing_archive.storage" in graph["briefing_archive.pipeline"]  # `from . import storage`
    assert "briefing_archive.cache" in graph["briefing_archive.parallel_load"]  # via cache.memo's package


def test_no_module_imports_itself_back():
    assert circles(import_graph()) == []


def reached_from(graph: dict[str, set[str]], start: str) -> set[str]:
    reached, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += graph.get(module, ())
    return reached


def test_loading_the_archive_does_not_reach_ingest():
    reached = reached_from(import_graph(), "briefing_archive.archive")
    assert not {module for module in reached if module.startswith("briefing_archive.ingest")}


def test_checking_does_not_reach_the_build_s_cache():
    """``check`` runs on every commit: the build's state, templates and Jinja were ~90 ms of its start."""
    reached = reached_from(import_graph(), "briefing_archive.checking")
    assert "briefing_archive.cache" in reached and "briefing_archive.cache.build_cache" not in reached
