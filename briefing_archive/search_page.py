"""The search page (``/search/``) and what it offers besides briefings: the issue and actor
pages, found by name or alias.

Pure: index in, plain data out. The page itself only holds the form; its results are
made in the reader's browser (``static/search.js``) from Pagefind's index (briefings),
``search-filters.json`` (the filter choices) and ``search-topics.json`` (the topics below).

Why a small JSON of topics matched in the browser, not topic records in Pagefind: the
registry is small (950 entries in the 1,000-briefing benchmark archive: 60 KB, 12 KB
compressed, fetched once, when a reader first searches); names match word by word from
their starts ("Lavrov", "lavr", "northern terr"), never as Pagefind's stems; topics
are ranked apart from briefings (first, whatever their dates) and need none of the
briefings' filters or their date order; and Pagefind's base and delta indexes stay
briefings only, so an edit to the registry re-indexes nothing.
"""

from __future__ import annotations

from .index import Index
from .page_views import actor_url, issue_url
from .records import search_filter_labels

SEARCH_URL = "/search/"
ACTOR_KINDS = {"person": "Person", "country": "Country", "organisation": "Organisation"}


def context_for_search() -> dict:
    """The page's form; its filters (named as in the address, ``?issue=…``) in order."""
    return {
        "title": "Search",
        "url": SEARCH_URL,
        "filters": [{"name": name, "label": label} for name, label in search_filter_labels()],
    }


SCOPE_WORDS = {"issue": "only in", "actor": "only with"}  # "only in Kuril Islands", "only with Sergei Lavrov"


def search_scope(kind: str, facts) -> dict | None:
    """What an issue's or actor's page scopes the header's search to (the search filter
    its briefings share, and the words of its tick box); None when it has no briefing."""
    if not facts.briefings:
        return None
    return {"filter": kind, "name": facts.ref.name, "label": f"{SCOPE_WORDS[kind]} {facts.ref.name}"}


def search_topics(index: Index) -> list[list]:
    """Every issue and actor page with the names it is found by, for ``search-topics.json``:
    one row each, ``[name, url, about, briefings, aliases]`` (rows, not objects: half the
    bytes, the file every search fetches first)."""
    issues = [topic(facts, issue_url(facts.ref.slug), "Issue") for facts in index.issues.values()]
    actors = [topic(facts, actor_url(facts.ref.slug), actor_about(facts)) for facts in index.actors.values()]
    return issues + actors


def topic(facts, url: str, about: str) -> list:
    aliases = [alias for alias in facts.entry.aliases if alias != facts.ref.name] if facts.entry else []
    return [facts.ref.name, url, about, len(facts.briefings), aliases]


def actor_about(facts) -> str:
    """ "Person, Russia", "Country", "Organisation"."""
    kind = ACTOR_KINDS.get(facts.kind, facts.kind.capitalize())
    return f"{kind}, {facts.country.name}" if facts.country else kind
