"""Shared by the ingest tests and the bench: a small registry and the case files."""

from __future__ import annotations

from pathlib import Path

from briefing_archive.registry import Registry, parse_registry_entry
from tests.support import TESTS

CASES = TESTS / "ingest" / "cases"
SAMPLE = CASES / "dw-2019-05-30-japan-russia-military-buildup.txt"
KINDS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html"}

ISSUES = {
    "kuril-islands": "name: Kuril Islands\naliases: [Northern Territories, Southern Kurils, South Kurils, Kurils]",
    "aegis-ashore": "name: Aegis Ashore\naliases: [Aegis]",
    "north-korean-missile-programme": "name: North Korean missile programme\n"
    "aliases: [ballistic missile, ballistic missiles]",
}
ACTORS = {
    "japan": "name: Japan\nkind: country\ndemonyms: [Japanese]",
    "russia": "name: Russia\nkind: country\ndemonyms: [Russian, Russians]\naliases: [Russian Federation]",
    "sergei-lavrov": "name: Sergei Lavrov\nkind: person\nrole: Foreign Minister\ncountry: Russia\n"
    "aliases: [Sergey Lavrov, Lavrov]",
    "nato": "name: NATO\nkind: organisation\naliases: [North Atlantic Treaty Organization, Nato]",
}


def small_registry() -> Registry:
    def entries(table, kind, folder):
        return tuple(
            parse_registry_entry(f"content/{folder}/{slug}.md", f"---\n{text}\n---\n", kind)
            for slug, text in table.items()
        )

    return Registry(issues=entries(ISSUES, "issue", "issues"), actors=entries(ACTORS, "actor", "actors"))


def case_files() -> list[tuple[Path, Path]]:
    """(article, expected) pairs of tests/ingest/cases."""
    pairs = []
    for expected in sorted(CASES.glob("*.expected.yml")):
        stem = expected.name[: -len(".expected.yml")]
        article = next(p for p in sorted(CASES.glob(stem + ".*")) if p.suffix in KINDS)
        pairs.append((article, expected))
    return pairs
