"""Every kind of page the site has, declared once: its URL, its template, how its context
is made, which pages of it the archive has, what it depends on, and whether the site's
navigation lists it. The output file is derived from the URL, so the two always agree.

Adding a kind (say, one page per country) is one entry here, one context function and one template.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any

from . import records
from .detail_pages import (
    context_for_actor,
    context_for_briefing,
    context_for_issue,
    context_for_redirect,
    redirect_url,
    redirects,
)
from .listing_pages import (
    ListItems,
    briefing_items,
    briefings_data,
    context_for_actors_index,
    context_for_corrections,
    context_for_feed,
    context_for_home,
    context_for_issues_index,
    context_for_timeline,
    timeline_url,
)
from .page_descriptions import actor_description, issue_description
from .page_outputs import index_paths, output_of
from .page_views import Views, actor_quotes_url, actor_url, briefing_url, issue_quotes_url, issue_url, quotes_url
from .quote_pages import (
    QuoteLists,
    actor_quote_keys,
    context_for_actor_quotes,
    context_for_issue_quotes,
    context_for_quotes,
    issue_quote_keys,
    page_count,
)
from .search_page import SEARCH_URL, context_for_search, search_scope, search_topics
from .site_settings import SiteSettings


@dataclass(frozen=True)
class Site:
    """What every page's context is made from."""

    views: Views
    registry: Any
    templates: tuple[str, ...] = ()  # template names (static files are pages too)
    quotes: QuoteLists = field(default_factory=QuoteLists)  # what the quote pages are cut from
    settings: SiteSettings = SiteSettings()
    content_keys: dict = field(default_factory=dict)  # briefing path → its file's content key


@dataclass(frozen=True)
class PageKind:
    name: str
    url: Callable[[Any], str]  # the URL of the page with this key
    template: str  # "" for data files
    context: Callable[[Any, Site], tuple[dict, tuple]]  # (context, Markdown to render) of one page
    keys: Callable[[Site], Iterable] = lambda site: (None,)  # the pages of this kind the archive has
    depends: tuple[str, ...] = ("archive",)  # "briefing": its own briefing (with the registry) only
    format: str = "page"  # "page" (a template), "json" or "static"
    weight: Callable[[Any, Site], int] = lambda key, site: 1  # rough rendering cost
    items: Callable[[Site], ListItems] | None = None  # a JSON list made item by item
    nav: str = ""  # listed in the site's navigation under this label
    front: Any = None  # the key of its first page (where the navigation leads)
    # What the URL is made of (hashable: ``page_outputs``; None: the key), and every key's in order when at hand
    url_key: Callable[[Any], Hashable] | None = None
    url_keys: Callable[[Site], list | None] | None = None

    def output(self, key: Any) -> str:
        return output_of(self.url(key))

    def template_of(self, key: Any) -> str:
        """A static file is its own template (copied as it is)."""
        return key if self.format == "static" else self.template


def fixed(url: str) -> Callable[[Any], str]:
    return lambda key: url


def no_markdown(make: Callable[[Site], dict]) -> Callable[[Any, Site], tuple[dict, tuple]]:
    return lambda key, site: (make(site), ())


def briefing_page(briefing, site: Site) -> tuple[dict, tuple]:
    return (context_for_briefing(briefing, site.views, site.settings), (("body", briefing.body),))


def issue_page(facts, site: Site) -> tuple[dict, tuple]:
    """An issue's page; the header's search form is scoped to it."""
    context = {
        **context_for_issue(facts, site.views),
        "description": issue_description(facts, site.views.index),
        "search_scope": search_scope("issue", facts),
    }
    return context, (("overview", facts.entry.overview if facts.entry else ""),)


def actor_page(facts, site: Site) -> tuple[dict, tuple]:
    """An actor's page; the header's search form is scoped to it."""
    quotes = len(site.quotes.by_actor.get(facts.ref.slug, ()))
    context = {
        **context_for_actor(facts, site.views, quotes),
        "description": actor_description(facts, site.views.index),
        "search_scope": search_scope("actor", facts),
    }
    return context, (("overview", facts.entry.overview if facts.entry else ""),)


def issue_feed(facts, site: Site) -> tuple[dict, tuple]:
    index = site.views.index
    briefings = [index.by_path[path] for path in facts.briefings]
    return context_for_feed(facts.ref.name, issue_url(facts.ref.slug), briefings, index), ()


def by_count(facts, site: Site) -> int:
    return 1 + len(facts.briefings) // 20


KINDS: tuple[PageKind, ...] = (
    PageKind(
        "home",
        fixed("/"),
        "home.html",
        no_markdown(lambda site: context_for_home(site.views, site.settings.name, site.settings.description)),
    ),
    PageKind(
        "issues",
        fixed("/issues/"),
        "issues.html",
        no_markdown(lambda site: context_for_issues_index(site.views.index)),
        weight=lambda key, site: 5,
        nav="Issues",
    ),
    PageKind(
        "actors",
        fixed("/actors/"),
        "actors.html",
        no_markdown(lambda site: context_for_actors_index(site.views.index)),
        weight=lambda key, site: 5,
        nav="Actors",
    ),
    PageKind(
        "timeline",
        timeline_url,
        "timeline.html",
        lambda year, site: (context_for_timeline(site.views, year), ()),
        keys=lambda site: [None] + [year for year, _ in site.views.index.timeline],
        weight=lambda key, site: 20,
        nav="Timeline",
    ),
    PageKind(
        "quotes",
        quotes_url,
        "quotes.html",
        lambda number, site: (context_for_quotes(site.views, site.quotes, number), ()),
        keys=lambda site: range(1, page_count(len(site.quotes.every)) + 1),
        weight=lambda key, site: 3,
        nav="Quotes",
        front=1,
    ),
    PageKind(
        "corrections",
        fixed("/corrections/"),
        "corrections.html",
        no_markdown(lambda site: context_for_corrections(site.views)),
        weight=lambda key, site: 5,
        nav="Corrections",
    ),
    PageKind(
        "feed",
        fixed("/feed.xml"),
        "feed.xml",
        no_markdown(
            lambda site: context_for_feed(site.settings.name, "/", list(site.views.index.briefings), site.views.index)
        ),
    ),
    PageKind(
        "briefings-data",
        fixed("/briefings.json"),
        "",
        no_markdown(lambda site: {"data": briefings_data(site.views.index)}),
        format="json",
        weight=lambda key, site: len(site.views.index.briefings) // 5,
        items=lambda site: briefing_items(site.views.index, site.content_keys),
    ),
    PageKind(
        "search-filters",
        fixed("/search-filters.json"),
        "",
        no_markdown(lambda site: {"data": records.search_filters_data(site.views.filters.values())}),
        format="json",
        weight=lambda key, site: len(site.views.index.briefings) // 20,
    ),
    PageKind(
        "search",
        fixed(SEARCH_URL),
        "search.html",
        no_markdown(
            lambda site: {
                **context_for_search(),
                "description": f"Search the briefings, issues and actors of {site.settings.name}.",
            }
        ),
    ),
    PageKind(
        "search-topics",
        fixed("/search-topics.json"),
        "",
        no_markdown(lambda site: {"data": search_topics(site.views.index)}),
        format="json",
        weight=lambda key, site: 5,
    ),
    PageKind(
        "briefing",
        briefing_url,
        "briefing.html",
        briefing_page,
        keys=lambda site: site.views.index.briefings,
        depends=("briefing",),
        url_key=attrgetter("path"),
        url_keys=lambda site: index_paths(site.views.index),
    ),
    PageKind(
        "issue",
        lambda facts: issue_url(facts.ref.slug),
        "issue.html",
        issue_page,
        keys=lambda site: site.views.index.issues.values(),
        weight=by_count,
        url_key=attrgetter("ref.slug"),
    ),
    PageKind(
        "issue-quotes",
        lambda key: issue_quotes_url(*key),
        "quotes.html",
        lambda key, site: (context_for_issue_quotes(key, site.quotes), ()),
        keys=lambda site: issue_quote_keys(site.quotes),
        weight=lambda key, site: 3,
    ),
    PageKind(
        "issue-feed",
        lambda facts: f"{issue_url(facts.ref.slug)}feed.xml",
        "feed.xml",
        issue_feed,
        keys=lambda site: site.views.index.issues.values(),
        url_key=attrgetter("ref.slug"),
    ),
    PageKind(
        "actor",
        lambda facts: actor_url(facts.ref.slug),
        "actor.html",
        actor_page,
        keys=lambda site: site.views.index.actors.values(),
        weight=by_count,
        url_key=attrgetter("ref.slug"),
    ),
    PageKind(
        "actor-quotes",
        lambda key: actor_quotes_url(*key),
        "quotes.html",
        lambda key, site: (context_for_actor_quotes(key, site.views, site.quotes), ()),
        keys=lambda site: actor_quote_keys(site.quotes),
        weight=lambda key, site: 3,
    ),
    PageKind(
        "redirect",
        redirect_url,
        "redirect.html",
        lambda key, site: (context_for_redirect(*key), ()),
        keys=lambda site: redirects(site.views.index),
        url_key=itemgetter(0, 1),
    ),
    PageKind(
        "static",
        lambda name: f"/{name}",
        "",
        lambda name, site: ({}, ()),
        format="static",
        keys=lambda site: [name for name in site.templates if name.startswith("static/")],
    ),
)
BY_NAME = {kind.name: kind for kind in KINDS}


def navigation() -> list[dict]:
    """The site's sections, in the order declared: every page's header lists them."""
    return [{"label": kind.nav, "url": kind.url(kind.front)} for kind in KINDS if kind.nav]
