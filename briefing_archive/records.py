"""What the search indexes: one Pagefind record per briefing, and the filter values.

Pure: archive data in, plain dicts out (``search.py`` hands them to Pagefind,
``render.py`` writes the filter values as ``search-filters.json``).
"""

from __future__ import annotations

import functools
import sys

from .facts import briefing_countries
from .model import Briefing, visible
from .page_views import briefing_url, iso_date
from .refs import Resolver
from .schema import filter_fields, plain_data


def search_records(archive, *, include_drafts: bool = False) -> list[dict]:
    """One Pagefind record per briefing shown: its text plus issue aliases and actor names."""
    resolver = Resolver(archive.registry)
    return [
        search_record(briefing, resolver)
        for briefing in visible(sorted(archive.briefings, key=lambda b: b.path), include_drafts)
    ]


# Pagefind's indexing time and memory grow with the words indexed (~2.7 µs
# and ~0.6 KB per word): all 600-700 body words of 10,000 briefings take 20 s
# and 2 GB. Title, summary, quotes and every name are indexed whole; the body
# only up to here (its lede, which says what the briefing is about).
SEARCH_BODY_WORDS = 60


def lede(body: str) -> str:
    words = body.split()
    return body if len(words) <= SEARCH_BODY_WORDS else " ".join(words[:SEARCH_BODY_WORDS])


# The filters made from the registry's view of a briefing; each field the schema declares a
# search filter (``Spec.filter``) follows them.
DERIVED_FILTERS = (("issue", "Issue"), ("actor", "Person or group"), ("country", "Country"), ("year", "Year"))


def search_filter_labels() -> tuple[tuple[str, str], ...]:
    """(name, label) of every search filter, in the order the search page offers them."""
    return DERIVED_FILTERS + filter_fields(Briefing)


def search_filters_data(filters) -> list[dict]:
    """Each search filter with its label and every value (sorted; years newest first), for
    the search page's filter controls: ``search-filters.json``, from each briefing's
    ``search_filters``: the same values as ``search_record``'s filters, so the page never
    offers a value with no results."""
    values: dict[str, set] = {name: set() for name, _ in search_filter_labels()}
    for briefing_filters in filters:
        for name, names in briefing_filters.items():
            values[name].update(names)
    return [
        {"name": name, "label": label, "values": sorted(values[name], reverse=name == "year")}
        for name, label in search_filter_labels()
    ]


def search_filters(briefing: Briefing, resolver: Resolver) -> dict[str, list[str]]:
    issues = [resolver.resolve("issue", name) for name in dict.fromkeys(briefing.issues)]
    actors = [resolver.resolve("actor", actor.name) for actor in briefing.actors]
    filters = {
        "issue": sorted({ref.name for ref, _ in issues}),
        "actor": sorted({ref.name for ref, _ in actors}),
        "country": sorted({ref.name for ref in briefing_countries(briefing, resolver)}),
        "year": [sys.intern(str(briefing.known_date.year))],
    }
    for key, _ in filter_fields(Briefing):
        value = plain_data(getattr(briefing, key))
        filters[key] = sorted(set(value if isinstance(value, list) else [value] if value else []))
    return filters


def filters_view(briefing: Briefing, resolver: Resolver) -> dict[str, tuple[str, ...]]:
    """``search_filters`` as the views keep them: each list of values a tuple, the one of
    those alike (``shared_values``; a list each was 150,000 objects to pickle and unpickle
    at 30,000 briefings; most briefings share their year's, their countries')."""
    return {name: shared_values(tuple(values)) for name, values in search_filters(briefing, resolver).items()}


@functools.lru_cache(maxsize=1 << 16)
def shared_values(values: tuple[str, ...]) -> tuple[str, ...]:
    """The first tuple equal to ``values`` this process made a filter of (as
    ``page_views.iso_date`` shares its strings), its values the one string of each."""
    return tuple(map(sys.intern, values))


def filters_read_back(filters: dict) -> dict:
    """A briefing's filters unpickled, of the keys and values this process shares
    (``cache.packed_values``)."""
    return {sys.intern(name): shared_values(values) for name, values in filters.items()}


def search_record(briefing: Briefing, resolver: Resolver) -> dict:
    """The briefing's text first (title, summary, lede, quotes), then every name and alias:
    the names find the briefing but are no reading, so ``meta`` says which words an
    excerpt may quote (``excerpt_from``: after the title, shown as the result's heading;
    ``excerpt_to``: before the names), as positions among the content's words."""
    issues = [resolver.resolve("issue", name) for name in dict.fromkeys(briefing.issues)]
    filters = search_filters(briefing, resolver)
    aliases = [alias for ref, entry in issues if entry for alias in entry.aliases]
    text = [briefing.title, briefing.summary or "", lede(briefing.body)] + [q.text for q in briefing.quotes]
    names = filters["issue"] + aliases + filters["actor"]
    url, date = briefing_url(briefing), iso_date(briefing.known_date)
    return {
        "url": url,
        "title": briefing.title,
        "content": "\n".join(text + names),
        "language": "en",
        "filters": filters,
        "sort": {"date": date},
        "meta": {
            "title": briefing.title,
            "date": date,
            "url": url,
            "excerpt_from": str(word_count(briefing.title)),
            "excerpt_to": str(word_count(*text)),
        },
    }


def word_count(*texts: str) -> int:
    """Words as Pagefind counts them in a record's content: split at white space."""
    return sum(len(text.split()) for text in texts)
