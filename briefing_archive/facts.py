"""What the index knows about each briefing, issue and actor (frozen), and how a
briefing's own facts (its issues, actors and quotes, resolved) are found.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import NamedTuple

from .model import Briefing, RegistryEntry
from .refs import Ref, Resolver


class QuoteFact(NamedTuple):
    """A tuple: a kept state holds one for each quote, 90,000 at 30,000 briefings, each
    unpickled by every edit's build (as frozen dataclasses they took ~1.6 times as long
    to unpickle, and ~30 bytes more each)."""

    briefing: str  # path of the briefing it appears in
    date: dt.date
    speaker: Ref
    text: str
    to: Ref | None
    side: Ref  # the speaker's country (or the speaker, when it has none)


@dataclass(frozen=True)
class RoleSpan:
    role: str
    first: dt.date
    last: dt.date
    briefings: int


class BriefingFacts(NamedTuple):
    """A tuple, as ``QuoteFact`` is: one a briefing in every kept state."""

    issues: tuple[Ref, ...]
    actors: tuple[Ref, ...]
    quotes: tuple[QuoteFact, ...]
    listed: tuple[Ref, ...] = ()  # one per entry of briefing.actors, in its order
    related: tuple[str, ...] = ()  # paths, most related first


def facts_read_back(facts: BriefingFacts) -> BriefingFacts:
    """A briefing's facts unpickled (``cache.packed_values``), the paths of its related
    briefings the one string of each path (each path is related to ~5 others: ~20 MB of
    copies at 30,000 briefings). Its refs are shared as they are unpickled (``refs.Ref``)."""
    issues, actors, quotes, listed, related = facts
    return BriefingFacts(issues, actors, quotes, listed, tuple(map(sys.intern, related)))


@dataclass(frozen=True)
class IssueFacts:
    ref: Ref
    entry: RegistryEntry | None
    briefings: tuple[str, ...]  # paths, newest first (a kept state's: ``cache.kept_quotes.KeptPaths``)
    top_actors: tuple[tuple[Ref, int], ...]  # (actor, briefings together), most first
    sides: tuple[tuple[Ref, tuple[QuoteFact, ...]], ...]  # who said what, by country (``KeptQuotes``, kept)


@dataclass(frozen=True)
class ActorFacts:
    ref: Ref
    entry: RegistryEntry | None
    kind: str
    country: Ref | None
    briefings: tuple[str, ...]  # newest first (a kept state's: ``KeptPaths``)
    issues: tuple[tuple[Ref, int], ...]  # most briefings first
    quotes: tuple[QuoteFact, ...]  # newest first (a kept state's: ``cache.kept_quotes.KeptQuotes``)
    roles: tuple[RoleSpan, ...]  # by first date
    counterparts: tuple[tuple[Ref, int], ...]  # addressed or addressed by, most first


def unique(refs) -> tuple[Ref, ...]:
    """Refs in first-seen order without repeats (an alias and its name are one)."""
    return tuple(dict.fromkeys(refs))


def briefing_facts(briefing: Briefing, resolver: Resolver) -> BriefingFacts:
    sides: dict[Ref, Ref] = {}
    for actor in briefing.actors:
        ref, entry = resolver.resolve("actor", actor.name)
        sides.setdefault(ref, side_of(ref, actor.kind, actor.country, entry, resolver))
    quotes = []
    for quote in briefing.quotes:
        speaker, entry = resolver.resolve("actor", quote.speaker)
        side = sides.get(speaker) or side_of(speaker, None, None, entry, resolver)
        to = resolver.actor(quote.to) if quote.to else None
        quotes.append(QuoteFact(briefing.path, briefing.known_date, speaker, quote.text, to, side))
    listed = tuple(resolver.actor(actor.name) for actor in briefing.actors)
    return BriefingFacts(
        issues=unique(resolver.issue(name) for name in briefing.issues),
        actors=unique(listed),
        quotes=tuple(quotes),
        listed=listed,
    )


def side_of(ref: Ref, kind: str | None, country: str | None, entry: RegistryEntry | None, resolver: Resolver) -> Ref:
    """Whose side a speaker speaks for: its country (see ``country_of``), else itself."""
    return country_of(ref, kind, country, entry, resolver) or ref


def country_of(
    ref: Ref, kind: str | None, country: str | None, entry: RegistryEntry | None, resolver: Resolver
) -> Ref | None:
    """The state an actor stands for: a country itself, else the country the briefing or
    the registry gives it, else None. (The registry's kind and country complete the briefing's.)"""
    kind = (entry.actor_kind if entry else None) or kind
    if kind == "country":
        return ref
    country = country or (entry.country if entry else None)
    return resolver.actor(country) if country else None


def briefing_countries(briefing: Briefing, resolver: Resolver) -> tuple[Ref, ...]:
    """The states a briefing's actors stand for, in first-seen order (its "country" filter)."""
    found = []
    for actor in briefing.actors:
        ref, entry = resolver.resolve("actor", actor.name)
        found.append(country_of(ref, actor.kind, actor.country, entry, resolver))
    return unique(ref for ref in found if ref is not None)
