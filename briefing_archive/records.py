"""What the search indexes: one Pagefind record per briefing, and the filter values.

Pure: archive data in, plain dicts out (``search.py`` hands them to Pagefind,
``render.py`` writes the filter values as ``search-filters.json``).
"""
from __future__ import annotations

from .model import Briefing
from .page_views import briefing_url
from .refs import Resolver


def search_records(archive, *, include_drafts: bool = False) -> list[dict]:
    """One Pagefind record per briefing: its text plus issue aliases and actor names."""
    resolver = Resolver(archive.registry)
    records = []
    for briefing in sorted(archive.briefings, key=lambda b: b.path):
        if briefing.status == "draft" and not include_drafts:
            continue
        records.append(search_record(briefing, resolver))
    return records


# Pagefind's indexing time and memory grow with the words indexed (~2.7 µs
# and ~0.6 KB per word): all 600-700 body words of 10,000 briefings take 20 s
# and 2 GB. Title, summary, quotes and every name are indexed whole; the body
# only up to here (its lede, which says what the briefing is about).
SEARCH_BODY_WORDS = 60


def lede(body: str) -> str:
    words = body.split()
    return body if len(words) <= SEARCH_BODY_WORDS else " ".join(words[:SEARCH_BODY_WORDS])


SEARCH_FILTERS = ("issue", "actor", "country", "year")


def search_filters_data(briefings, registry) -> dict[str, list[str]]:
    """Every value of each search filter (sorted; years newest first), for the
    search box's filter controls: ``search-filters.json``. The same values as
    ``search_record``'s filters, so the page never offers a value with no results."""
    resolver = Resolver(registry)
    values: dict[str, set] = {name: set() for name in SEARCH_FILTERS}
    for briefing in briefings:
        for name, names in search_filters(briefing, resolver).items():
            values[name].update(names)
    return {name: sorted(found, reverse=name == "year") for name, found in values.items()}


def search_filters(briefing: Briefing, resolver: Resolver) -> dict[str, list[str]]:
    issues = [resolver.resolve("issue", name) for name in dict.fromkeys(briefing.issues)]
    actors = [resolver.resolve("actor", actor.name) for actor in briefing.actors]
    countries = {resolver.actor(a.name).name if a.kind == "country" else resolver.actor(a.country).name
                 for a in briefing.actors if a.kind == "country" or a.country}
    return {"issue": sorted({ref.name for ref, _ in issues}), "actor": sorted({ref.name for ref, _ in actors}),
            "country": sorted(countries), "year": [str(briefing.date.year)]}


def search_record(briefing: Briefing, resolver: Resolver) -> dict:
    issues = [resolver.resolve("issue", name) for name in dict.fromkeys(briefing.issues)]
    filters = search_filters(briefing, resolver)
    issue_names, actor_names = filters["issue"], filters["actor"]
    aliases = [alias for ref, entry in issues if entry for alias in entry.aliases]
    content = "\n".join([briefing.title, briefing.summary or "", lede(briefing.body)]
                        + [q.text for q in briefing.quotes] + issue_names + aliases + actor_names)
    url, date = briefing_url(briefing), briefing.date.isoformat()
    return {"url": url, "title": briefing.title, "content": content, "language": "en",
            "filters": filters,
            "sort": {"date": date}, "meta": {"title": briefing.title, "date": date, "url": url}}
