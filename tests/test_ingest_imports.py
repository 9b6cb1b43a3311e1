"""The ingest modules import one another without a loop (type-only imports included)."""
from __future__ import annotations

import ast
from pathlib import Path

INGEST = Path(__file__).resolve().parents[1] / "briefing_archive" / "ingest"


def ingest_imports() -> dict[str, set[str]]:
    """Module → the ingest modules it imports (``from .x import …``, ``from . import x``)."""
    graph = {}
    for path in sorted(INGEST.glob("*.py")):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        graph[path.stem] = imported
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop as the path round it, or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once all it imports is checked

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for other in sorted(graph.get(module, ())):
            if state.get(other) == "open":
                return path[path.index(other):] + [other]
            if other not in state:
                found = visit(other, path + [other])
                if found:
                    return found
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module, [module])
            if found:
                return found
    return None


def test_the_ingest_package_has_no_import_cycle():
    assert cycle_in(ingest_imports()) is None


def test_the_cycle_finder_finds_a_loop():
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": set()}) is None
