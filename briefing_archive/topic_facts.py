"""Per issue and per actor, everything their pages show, tallied over the briefings.

Every issue and actor in the registry has facts (and a page), briefings or not.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .facts import ActorFacts, BriefingFacts, IssueFacts, QuoteFact, RoleSpan
from .model import Briefing
from .refs import Ref, Resolver

TOP_ACTORS = 10


def most_first(counter: Counter, limit: int | None = None, shared: dict | None = None) -> tuple[tuple[Ref, int], ...]:
    """(ref, count) pairs, highest count first, ties by name; each the one equal pair in
    ``shared``, when given: at 30,000 briefings the actors hold ~190,000 pairs, ~7,000 of
    them different, and the kept state pickles (and the next build unpickles) each once."""

    def order(item):
        return (-item[1], item[0].name.casefold(), item[0].slug)

    pairs = (
        heapq.nsmallest(limit, counter.items(), key=order) if limit is not None else sorted(counter.items(), key=order)
    )
    return tuple(pairs if shared is None else [shared.setdefault(pair, pair) for pair in pairs])


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
    result: dict[str, IssueFacts] = {}
    shared: dict = {}
    for issue in sorted(members, key=lambda r: r.slug):
        by_side = sorted(sides[issue].items(), key=lambda item: (-len(item[1]), item[0].name.casefold()))
        result.setdefault(
            issue.slug,
            IssueFacts(
                ref=issue,
                entry=resolver.resolve("issue", issue.name)[1],
                briefings=tuple(members[issue]),
                top_actors=most_first(actors[issue], TOP_ACTORS, shared),
                sides=tuple((side, tuple(quotes)) for side, quotes in by_side),
            ),
        )
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
    result: dict[str, ActorFacts] = {}
    shared: dict = {}
    for ref in sorted(tallies, key=lambda r: r.slug):
        result.setdefault(ref.slug, finish_actor(ref, tallies[ref], resolver, shared))
    return result


def tally_mention(tally: ActorTally, briefing: Briefing, actor, fact: BriefingFacts) -> None:
    if tally.briefings and tally.briefings[-1] == briefing.path:
        return  # the same actor listed twice (by name and by alias)
    tally.briefings.append(briefing.path)
    tally.issues.update(fact.issues)
    tally.kind = tally.kind or actor.kind  # newest briefing first: its word wins
    tally.country = tally.country or actor.country
    if actor.role:
        first, last, count = tally.roles.get(actor.role, (briefing.known_date, briefing.known_date, 0))
        tally.roles[actor.role] = (min(first, briefing.known_date), max(last, briefing.known_date), count + 1)


def finish_actor(ref: Ref, tally: ActorTally, resolver: Resolver, shared: dict | None = None) -> ActorFacts:
    entry = resolver.resolve("actor", ref.name)[1]
    kind = (entry.actor_kind if entry else None) or tally.kind or "person"
    country = (entry.country if entry else None) or tally.country
    roles = sorted(
        (RoleSpan(role, first, last, count) for role, (first, last, count) in tally.roles.items()),
        key=lambda span: (span.first, span.last, span.role),
    )
    return ActorFacts(
        ref=ref,
        entry=entry,
        kind=kind,
        country=resolver.actor(country) if country and kind != "country" else None,
        briefings=tuple(tally.briefings),
        issues=most_first(tally.issues, shared=shared),
        quotes=tuple(tally.quotes),
        roles=tuple(roles),
        counterparts=most_first(tally.counterparts, shared=shared),
    )
