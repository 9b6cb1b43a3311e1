"""The views of an archive after some of its briefings changed, from the views before.

The index's cross-briefing parts (issues, actors, related briefings, the timeline) are
tallied from a few things of each briefing: whether it is shown, its date, its resolved
issues and actors, who said what to whom, and its actors as listed (kinds, countries,
roles). When no changed briefing changed any of these, those parts are the same as
before (a quote's new words put in place of the old) and only the changed briefings'
own parts (their ``Briefing``, facts, list entry, card, quote dicts and search filters)
are made again, and the result equals what ``views_for`` makes of the new archive;
otherwise the index must be built anew.
"""

from __future__ import annotations

from dataclasses import replace

from .cache.kept_quotes import briefings_of
from .cache.packed_values import with_values
from .facts import BriefingFacts, QuoteFact, briefing_facts
from .index import Index
from .model import Briefing, is_visible
from .page_views import QuoteDicts, Views, card_of, entry_of
from .quote_pages import QuoteLists, quote_lists_over
from .records import filters_view
from .refs import Resolver
from .registry import Registry

Changes = dict[str, tuple[Briefing | None, Briefing | None]]  # path → (before, after); None: absent


def patched_views(views: Views, registry: Registry, changes: Changes, include_drafts: bool) -> Views | None:
    """``views`` (made for the archive before ``changes``, under this registry) made to
    fit the archive after them; None when they must be made anew (``views_for``)."""
    resolver = Resolver(registry)
    shown = {
        path: (is_visible(old, include_drafts), is_visible(new, include_drafts)) for path, (old, new) in changes.items()
    }
    if any(before != after for before, after in shown.values()):
        return None  # a briefing comes or goes: the lists it is in change
    patched: dict[str, tuple[Briefing, BriefingFacts]] = {}
    reworded: dict[QuoteFact, QuoteFact] = {}
    for path, (old, new) in changes.items():
        if not shown[path][1] or old is None or new is None:
            continue  # a draft left out of the site, before and after
        facts, before = briefing_facts(new, resolver), views.index.facts[path]
        if tallied(new, facts) != tallied(old, before):
            return None
        patched[path] = (new, facts._replace(related=before.related))
        reworded.update((was, now) for was, now in zip(before.quotes, facts.quotes, strict=True) if was != now)
    if not patched:
        return views
    return with_briefings(replace(views, index=with_quotes_reworded(views.index, reworded)), patched, resolver)


def patched_lists(lists: QuoteLists, before: Views, after: Views) -> QuoteLists:
    """The quote lists of ``before`` made to hold ``after``'s quote dicts, for views that
    ``patched_views`` made of ``before``."""
    return lists if after.quotes is before.quotes else quote_lists_over(lists, after.quotes)


def tallied(briefing: Briefing, facts: BriefingFacts) -> tuple:
    """What the index's cross-briefing parts read of one briefing (see the module's doc),
    its quotes without their words: a quote's new words are put in place of the old
    (``with_quotes_reworded``), who said it to whom counts."""
    quotes = tuple(quote._replace(text="") for quote in facts.quotes)
    return (briefing.known_date, facts.issues, facts.actors, quotes, facts.listed, briefing.actors)


def with_quotes_reworded(index: Index, reworded: dict[QuoteFact, QuoteFact]) -> Index:
    """``index`` with each quote in ``reworded`` put in place of the old one where the
    index keeps quotes: its issues' sides and its speaker's quotes."""
    if not reworded:
        return index

    briefings = {quote.briefing for quote in reworded}

    def swapped(quotes: tuple[QuoteFact, ...]) -> tuple[QuoteFact, ...]:
        if briefings.isdisjoint(briefings_of(quotes)):  # none reworded: the kept quotes are not read
            return quotes
        return tuple(reworded.get(quote, quote) for quote in quotes)

    issues = {ref.slug for quote in reworded for ref in index.facts[quote.briefing].issues}
    speakers = {quote.speaker.slug for quote in reworded}
    return replace(
        index,
        issues=index.issues
        | {
            slug: replace(facts, sides=tuple((side, swapped(quotes)) for side, quotes in facts.sides))
            for slug, facts in index.issues.items()
            if slug in issues
        },
        actors=index.actors
        | {
            slug: replace(facts, quotes=swapped(facts.quotes))
            for slug, facts in index.actors.items()
            if slug in speakers
        },
    )


def with_briefings(views: Views, patched: dict[str, tuple[Briefing, BriefingFacts]], resolver: Resolver) -> Views:
    """``views`` with these briefings and their facts put in place of the old (same
    places: their dates, hence their order, did not change)."""
    index = views.index
    by_path = {**index.by_path, **{path: briefing for path, (briefing, _) in patched.items()}}
    facts = with_values(index.facts, {path: briefing_facts_ for path, (_, briefing_facts_) in patched.items()})
    # ``by_path`` is in the briefings' order (``Index``), each patched one in its place
    in_order = len(by_path) == len(index.briefings)
    listed = tuple(by_path.values()) if in_order else tuple(by_path[b.path] for b in index.briefings)
    index = replace(index, briefings=listed, by_path=by_path, facts=facts)
    briefings = {path: briefing for path, (briefing, _) in patched.items()}
    entries = with_values(views.entries, {path: entry_of(b, index) for path, b in briefings.items()})
    cards = with_values(views.cards, {path: card_of(b, index) for path, b in briefings.items()})
    filters = with_values(views.filters, {path: filters_view(b, resolver) for path, b in briefings.items()})
    quotes = QuoteDicts(index.facts, entries)
    return replace(views, index=index, entries=entries, cards=cards, quotes=quotes, filters=filters)
