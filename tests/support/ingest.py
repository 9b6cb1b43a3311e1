"""Shared by the ingest tests and the bench: a small registry, the annotated articles of a
folder and their drafts."""

from __future__ import annotations

from pathlib import Path

from briefing_archive.ingest.draft import draft_briefing
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


def article_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(article, its ``.expected.yml``) of every annotated article in ``folder``."""
    pairs = []
    for expected in sorted(folder.glob("*.expected.yml")):
        stem = expected.name[: -len(".expected.yml")]
        article = next(p for p in sorted(folder.glob(stem + ".*")) if p.suffix in KINDS)
        pairs.append((article, expected))
    return pairs


def case_files() -> list[tuple[Path, Path]]:
    """(article, expected) pairs of tests/ingest/cases."""
    return article_pairs(CASES)


def draft_file(article: Path, registry: Registry):
    """The draft ingest makes of ``article`` (read as its suffix says) with ``registry``."""
    return draft_briefing(
        article.read_text("utf-8"),
        filename=article.name,
        kind=KINDS[article.suffix],
        registry=registry,
        source_file=f"content/articles/{article.name}",
    )
