"""Cross-references of the archive: who and what each briefing connects to.

Pure: ``build_index(briefings, registry)`` turns the briefings that will be
published into lookups the pages read (issues → briefings, actors → quotes and
roles, the timeline, related briefings, alias slugs). Every name goes through
the registry (``refs``), so "Lavrov" and "Sergei Lavrov" land on one page;
names the registry does not know still get a page of their own.

The parts live beside it: ``facts`` (each briefing's facts and the fact
types), ``topic_facts`` (issues and actors), ``related`` (related briefings,
in time linear in the number of briefings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .facts import ActorFacts, BriefingFacts, IssueFacts, briefing_facts
from .model import Briefing
from .refs import Resolver
from .registry import Registry, fold, slug_of
from .related import related_briefings
from .topic_facts import actor_facts, issue_facts


@dataclass(frozen=True)
class Index:
    briefings: tuple[Briefing, ...]  # newest first, ties by path
    by_path: Mapping[str, Briefing]  # in the order of ``briefings``
    facts: Mapping[str, BriefingFacts]  # by briefing path (a kept state's: ``cache.packed_values``)
    issues: dict[str, IssueFacts]  # by slug, sorted
    actors: dict[str, ActorFacts]  # by slug, sorted
    timeline: tuple[tuple[int, tuple[tuple[int, tuple[str, ...]], ...]], ...]  # year → month → paths
    aliases: dict[str, dict[str, str]]  # "issue"/"actor" → alias slug → canonical slug


def newest_first(briefing: Briefing) -> tuple[int, str]:
    return (-briefing.known_date.toordinal(), briefing.path)


def build_index(briefings, registry: Registry) -> Index:
    """Everything the pages cross-reference, for the given (visible) briefings."""
    ordered = tuple(sorted(briefings, key=newest_first))
    resolver = Resolver(registry)
    facts = {b.path: briefing_facts(b, resolver) for b in ordered}
    related = related_briefings([b.path for b in ordered], facts)
    facts = {path: fact._replace(related=related[path]) for path, fact in facts.items()}
    return Index(
        briefings=ordered,
        by_path={b.path: b for b in ordered},
        facts=facts,
        issues=issue_facts(ordered, facts, resolver),
        actors=actor_facts(ordered, facts, resolver),
        timeline=timeline_of(ordered),
        aliases={"issue": alias_slugs(registry.issues), "actor": alias_slugs(registry.actors)},
    )


def timeline_of(ordered) -> tuple:
    """Years and months (newest first) with their briefings' paths."""
    years: dict[int, dict[int, list[str]]] = {}
    for briefing in ordered:
        years.setdefault(briefing.known_date.year, {}).setdefault(briefing.known_date.month, []).append(briefing.path)
    return tuple(
        (year, tuple((month, tuple(paths)) for month, paths in months.items())) for year, months in years.items()
    )


def alias_slugs(entries) -> dict[str, str]:
    """Alias slug → canonical slug, for redirect pages; a canonical slug is never shadowed."""
    canonical = {entry.slug for entry in entries}
    result: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.slug):
        for alias in sorted(entry.aliases, key=fold):
            slug = slug_of(alias)
            if slug not in canonical:
                result.setdefault(slug, entry.slug)
    return dict(sorted(result.items()))
