"""Cross-references of the archive: who and what each briefing connects to.

Pure: ``build_index(briefings, registry)`` turns the briefings that will be
published into lookups the pages read (issues → briefings, actors → quotes and
roles, the timeline, related briefings, alias slugs). Every name goes through
the registry, so "Lavrov" and "Sergei Lavrov" land on one page; names the
registry does not know still get a page of their own.

Cost stays linear in the number of briefings: related briefings come from an
inverted index where each issue or actor contributes only the briefings
nearest in time (see ``RELATED_WINDOW``).
"""
from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import NamedTuple

from .model import Briefing, RegistryEntry
from .registry import Registry, fold, slug_of

RELATED_LIMIT = 5
# A country may appear in thousands of briefings; comparing each with all the
# others would grow with the square of the archive. Per issue or actor, only
# this many briefings on either side in time are candidates.
RELATED_WINDOW = 12
TOP_ACTORS = 10


class Ref(NamedTuple):
    """An issue or actor as pages link to it: canonical slug and name.

    A NamedTuple rather than a dataclass: refs are hashed millions of times
    while indexing, and tuple hashing runs in C (a dataclass's in Python).
    """

    slug: str
    name: str


@dataclass(frozen=True)
class QuoteFact:
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


@dataclass(frozen=True)
class BriefingFacts:
    issues: tuple[Ref, ...]
    actors: tuple[Ref, ...]
    quotes: tuple[QuoteFact, ...]
    listed: tuple[Ref, ...] = ()  # one per entry of briefing.actors, in its order
    related: tuple[str, ...] = ()  # paths, most related first


@dataclass(frozen=True)
class IssueFacts:
    ref: Ref
    entry: RegistryEntry | None
    briefings: tuple[str, ...]  # paths, newest first
    top_actors: tuple[tuple[Ref, int], ...]  # (actor, briefings together), most first
    sides: tuple[tuple[Ref, tuple[QuoteFact, ...]], ...]  # who said what, by country


@dataclass(frozen=True)
class ActorFacts:
    ref: Ref
    entry: RegistryEntry | None
    kind: str
    country: Ref | None
    briefings: tuple[str, ...]  # newest first
    issues: tuple[tuple[Ref, int], ...]  # most briefings first
    quotes: tuple[QuoteFact, ...]  # newest first
    roles: tuple[RoleSpan, ...]  # by first date
    counterparts: tuple[tuple[Ref, int], ...]  # addressed or addressed by, most first


@dataclass(frozen=True)
class Index:
    briefings: tuple[Briefing, ...]  # newest first, ties by path
    by_path: dict[str, Briefing]
    facts: dict[str, BriefingFacts]  # by briefing path
    issues: dict[str, IssueFacts]  # by slug, sorted
    actors: dict[str, ActorFacts]  # by slug, sorted
    timeline: tuple[tuple[int, tuple[tuple[int, tuple[str, ...]], ...]], ...]  # year → month → paths
    aliases: dict[str, dict[str, str]]  # "issue"/"actor" → alias slug → canonical slug


def newest_first(briefing: Briefing) -> tuple:
    return (-briefing.date.toordinal(), briefing.path)


class Resolver:
    """Names → Refs through the registry, remembering answers (names repeat a lot)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.memo: dict[tuple[str, str], tuple[Ref, RegistryEntry | None]] = {}
        self.by_slug = {"issue": registry.by_slug("issue"), "actor": registry.by_slug("actor")}
        self.unknown: dict[tuple[str, str], Ref] = {}  # one page per slug, named as first seen

    def resolve(self, kind: str, name: str) -> tuple[Ref, RegistryEntry | None]:
        key = (kind, name)
        if key not in self.memo:
            slug = slug_of(name)
            entry = self.registry.lookup(kind, name) or self.by_slug[kind].get(slug)
            if entry:
                self.memo[key] = (Ref(entry.slug, entry.name), entry)
            else:
                ref = self.unknown.setdefault((kind, slug), Ref(slug, " ".join(name.split())))
                self.memo[key] = (ref, None)
        return self.memo[key]

    def issue(self, name: str) -> Ref:
        return self.resolve("issue", name)[0]

    def actor(self, name: str) -> Ref:
        return self.resolve("actor", name)[0]


def build_index(briefings, registry: Registry) -> Index:
    """Everything the pages cross-reference, for the given (visible) briefings."""
    ordered = tuple(sorted(briefings, key=newest_first))
    resolver = Resolver(registry)
    facts = {b.path: briefing_facts(b, resolver) for b in ordered}
    related = related_briefings([b.path for b in ordered], facts)
    facts = {path: replace(fact, related=related[path]) for path, fact in facts.items()}
    return Index(
        briefings=ordered,
        by_path={b.path: b for b in ordered},
        facts=facts,
        issues=issue_facts(ordered, facts, resolver),
        actors=actor_facts(ordered, facts, resolver),
        timeline=timeline_of(ordered),
        aliases={"issue": alias_slugs(registry.issues), "actor": alias_slugs(registry.actors)},
    )


def unique(refs) -> tuple[Ref, ...]:
    """Refs in first-seen order without repeats (an alias and its name are one)."""
    return tuple(dict.fromkeys(refs))


def briefing_facts(briefing: Briefing, resolver: Resolver) -> BriefingFacts:
    sides = {}
    for actor in briefing.actors:
        ref, entry = resolver.resolve("actor", actor.name)
        sides.setdefault(ref, side_of(ref, actor.kind, actor.country, entry, resolver))
    quotes = []
    for quote in briefing.quotes:
        speaker, entry = resolver.resolve("actor", quote.speaker)
        side = sides.get(speaker) or side_of(speaker, None, None, entry, resolver)
        to = resolver.actor(quote.to) if quote.to else None
        quotes.append(QuoteFact(briefing.path, briefing.date, speaker, quote.text, to, side))
    listed = tuple(resolver.actor(actor.name) for actor in briefing.actors)
    return BriefingFacts(
        issues=unique(resolver.issue(name) for name in briefing.issues),
        actors=unique(listed), quotes=tuple(quotes), listed=listed)


def side_of(ref: Ref, kind: str | None, country: str | None, entry: RegistryEntry | None,
            resolver: Resolver) -> Ref:
    """Whose side a speaker speaks for: a country itself, a person's country, else itself."""
    kind = (entry.actor_kind if entry else None) or kind
    if kind == "country":
        return ref
    country = country or (entry.country if entry else None)
    return resolver.actor(country) if country else ref


def related_briefings(paths_newest_first: list[str], facts: dict[str, BriefingFacts]) -> dict[str, tuple[str, ...]]:
    """Per briefing, up to RELATED_LIMIT others sharing the most issues and actors.

    Ties go to the newer briefing, then by path. Briefings are numbered by
    rank (0 = newest) so that sorting numbers sorts by date and path.
    """
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    placed: list[list[tuple[list[int], int]]] = []  # per rank: (posting, position in it)
    for rank, path in enumerate(paths_newest_first):
        keys = [("i", r.slug) for r in facts[path].issues] + [("a", r.slug) for r in facts[path].actors]
        spots = []
        for key in dict.fromkeys(keys):
            posting = postings[key]
            spots.append((posting, len(posting)))
            posting.append(rank)
        placed.append(spots)
    related = {}
    for rank, path in enumerate(paths_newest_first):
        pool: list[int] = []
        for posting, position in placed[rank]:
            pool += posting[max(0, position - RELATED_WINDOW):position + RELATED_WINDOW + 1]
        pool.sort()  # Counter keeps first-seen order, so equal counts stay by rank
        counts = Counter(pool)
        del counts[rank]
        best = sorted(counts.items(), key=itemgetter(1), reverse=True)[:RELATED_LIMIT]
        related[path] = tuple(paths_newest_first[other] for other, _ in best)
    return related


def most_first(counter: Counter, limit: int | None = None) -> tuple[tuple[Ref, int], ...]:
    """(ref, count) pairs, highest count first, ties by name."""
    def order(item):
        return (-item[1], item[0].name.casefold(), item[0].slug)
    if limit is not None:
        return tuple(heapq.nsmallest(limit, counter.items(), key=order))
    return tuple(sorted(counter.items(), key=order))


def issue_facts(ordered, facts, resolver: Resolver) -> dict[str, IssueFacts]:
    members: dict[Ref, list[str]] = defaultdict(list)
    actors: dict[Ref, Counter] = defaultdict(Counter)
    sides: dict[Ref, dict[Ref, list[QuoteFact]]] = defaultdict(lambda: defaultdict(list))
    for entry in resolver.registry.issues:  # every registry issue has a page, briefings or not
        members[Ref(entry.slug, entry.name)] = []
    for briefing in ordered:
        fact = facts[briefing.path]
        for issue in fact.issues:
            members[issue].append(briefing.path)
            actors[issue].update(fact.actors)
            for quote in fact.quotes:
                sides[issue][quote.side].append(quote)
    result = {}
    for issue in sorted(members, key=lambda r: r.slug):
        by_side = sorted(sides[issue].items(), key=lambda item: (-len(item[1]), item[0].name.casefold()))
        result.setdefault(issue.slug, IssueFacts(
            ref=issue, entry=resolver.resolve("issue", issue.name)[1],
            briefings=tuple(members[issue]),
            top_actors=most_first(actors[issue], TOP_ACTORS),
            sides=tuple((side, tuple(quotes)) for side, quotes in by_side)))
    return result


@dataclass
class ActorTally:
    """Mutable tallies for one actor while the index is built (never leaves this module)."""

    kind: str | None = None
    country: str | None = None
    briefings: list = field(default_factory=list)
    issues: Counter = field(default_factory=Counter)
    quotes: list = field(default_factory=list)
    roles: dict = field(default_factory=dict)  # role → (first, last, count)
    counterparts: Counter = field(default_factory=Counter)


def actor_facts(ordered, facts, resolver: Resolver) -> dict[str, ActorFacts]:
    tallies: dict[Ref, ActorTally] = defaultdict(ActorTally)
    for entry in resolver.registry.actors:  # every registry actor has a page, briefings or not
        tallies[Ref(entry.slug, entry.name)] = ActorTally()
    for briefing in ordered:
        fact = facts[briefing.path]
        for actor in briefing.actors:
            tally_mention(tallies[resolver.actor(actor.name)], briefing, actor, fact)
            if actor.country and actor.kind != "country":  # a person's state gets a page to link to
                home = tallies[resolver.actor(actor.country)]
                home.kind = home.kind or "country"
        for quote in fact.quotes:
            tallies[quote.speaker].quotes.append(quote)
            if quote.to and quote.to != quote.speaker:
                tallies[quote.speaker].counterparts[quote.to] += 1
                tallies[quote.to].counterparts[quote.speaker] += 1
    result = {}
    for ref in sorted(tallies, key=lambda r: r.slug):
        result.setdefault(ref.slug, finish_actor(ref, tallies[ref], resolver))
    return result


def tally_mention(tally: ActorTally, briefing: Briefing, actor, fact: BriefingFacts) -> None:
    if tally.briefings and tally.briefings[-1] == briefing.path:
        return  # the same actor listed twice (by name and by alias)
    tally.briefings.append(briefing.path)
    tally.issues.update(fact.issues)
    tally.kind = tally.kind or actor.kind  # newest briefing first: its word wins
    tally.country = tally.country or actor.country
    if actor.role:
        first, last, count = tally.roles.get(actor.role, (briefing.date, briefing.date, 0))
        tally.roles[actor.role] = (min(first, briefing.date), max(last, briefing.date), count + 1)


def finish_actor(ref: Ref, tally: ActorTally, resolver: Resolver) -> ActorFacts:
    entry = resolver.resolve("actor", ref.name)[1]
    kind = (entry.actor_kind if entry else None) or tally.kind or "person"
    country = (entry.country if entry else None) or tally.country
    roles = sorted((RoleSpan(role, first, last, count) for role, (first, last, count) in tally.roles.items()),
                   key=lambda span: (span.first, span.last, span.role))
    return ActorFacts(
        ref=ref, entry=entry, kind=kind,
        country=resolver.actor(country) if country and kind != "country" else None,
        briefings=tuple(tally.briefings), issues=most_first(tally.issues),
        quotes=tuple(tally.quotes), roles=tuple(roles),
        counterparts=most_first(tally.counterparts))


def timeline_of(ordered) -> tuple:
    """Years and months (newest first) with their briefings' paths."""
    years: dict[int, dict[int, list[str]]] = {}
    for briefing in ordered:
        years.setdefault(briefing.date.year, {}).setdefault(briefing.date.month, []).append(briefing.path)
    return tuple((year, tuple((month, tuple(paths)) for month, paths in months.items()))
                 for year, months in years.items())


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
