"""Plan the site: one ``PageSpec`` (and from it one ``PageJob``) per output file.

Planning does everything that needs the whole archive (the index, each
page's context) and yields small, picklable ``PageJob``s that ``render``
turns into bytes using only the job and the templates.
"""
from __future__ import annotations

import functools
import hashlib
import io
import pickle
from dataclasses import dataclass
from typing import Callable, Iterable

from .workers import no_cyclic_gc  # noqa: F401 (planning runs with it; pipeline imports it here)
from . import records
from .detail_pages import context_for_actor, context_for_briefing, context_for_issue, context_for_redirect
from .index import build_index
from .listing_pages import (briefing_items, briefings_data, context_for_actors_index, context_for_corrections,
                            context_for_feed, context_for_home, context_for_issues_index, context_for_quotes,
                            context_for_timeline, every_quote, quote_pages)
from .page_views import Views, issue_url, views_of
from .templating import templates_digest


@dataclass(frozen=True)
class PageJob:
    output: str  # path in the site, e.g. "issues/kuril-islands/index.html"
    kind: str  # "page" (a template), "json" or "static"
    template: str  # template name (for "static": the file's name in the templates)
    context: dict  # plain data from detail_pages/listing_pages.context_for_*
    markdown: tuple[tuple[str, str], ...] = ()  # (context key, Markdown text) made HTML when rendered
    theme: str = ""  # digest of the templates, so key() changes when they do
    image_hosts: tuple[str, ...] = ()  # hosts whose pictures bodies may show (site settings)

    def key(self) -> str:
        """Content hash of everything the output depends on (a cache key).

        pickle, not json.dumps(sort_keys=True): ~10× faster on the large
        contexts (3.8 s → 0.4 s at 10,000 briefings). Contexts are built by the
        same code in the same order on every build, so equal data pickles to
        equal bytes; if it ever did not, the page would merely be rendered
        again (a different pickle never decodes to the same data). In "fast"
        mode: no memo, so the bytes do not depend on which equal strings
        happen to be one object (names are interned when parsed, not when
        read back from the parse cache).
        """
        data = (self.output, self.kind, self.template, self.context, self.markdown, self.theme, self.image_hosts)
        return hashlib.blake2b(identity_free_pickle(data), digest_size=20).hexdigest()


def identity_free_pickle(data) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the same bytes for equal data (contexts hold no cycles)
    pickler.dump(data)
    return buffer.getvalue()


@dataclass(frozen=True)
class PageSpec:
    """A page planned but not yet given its context: ``make()`` gives (context, markdown).

    Contexts are made where the page is rendered (in a worker process), so the
    planning process never holds every page's context at once.
    """

    output: str
    kind: str
    template: str
    make: Callable[[], tuple[dict, tuple]]
    theme: str
    image_hosts: tuple[str, ...] = ()
    weight: int = 1  # rough rendering cost, to hand out the big pages first
    # A JSON list page made item by item (its items never all in memory at once).
    items: Callable[[], Iterable[dict]] | None = None

    def job(self) -> PageJob:
        context, markdown = self.make()
        return PageJob(self.output, self.kind, self.template, context, tuple(markdown), self.theme,
                       self.image_hosts)


def visible(briefings, include_drafts: bool) -> list:
    return [b for b in briefings if include_drafts or b.status != "draft"]


def plan_pages(archive, templates: dict[str, str], *, include_drafts: bool = False,
               history: dict[str, list] | None = None) -> list[PageJob]:
    """Every file of the site as a job, sorted by output path."""
    with no_cyclic_gc():
        return [spec.job() for spec in plan_specs(archive, templates, include_drafts, history)]


def views_for(archive, include_drafts: bool = False) -> Views:
    """What the pages of this archive are made from (its index and shared views)."""
    return views_of(build_index(visible(archive.briefings, include_drafts), archive.registry))


def plan_specs(archive, templates: dict[str, str], include_drafts: bool = False,
               history: dict[str, list] | None = None, views: Views | None = None) -> list[PageSpec]:
    """Every file of the site as a spec (context not made yet), sorted by output path."""
    views = views or views_for(archive, include_drafts)
    index = views.index
    theme = templates_digest(templates)

    def page(output, template, make, weight=1, kind="page", items=None):
        return PageSpec(output, kind, template, make, theme, archive.settings.remote_images, weight, items)

    specs = [page("index.html", "home.html", lambda: (context_for_home(views), ())),
             page("issues/index.html", "issues.html", lambda: (context_for_issues_index(index), ()), 5),
             page("actors/index.html", "actors.html", lambda: (context_for_actors_index(index), ()), 5),
             page("corrections/index.html", "corrections.html", lambda: (context_for_corrections(views), ()), 5),
             page("feed.xml", "feed.xml", lambda: (context_for_feed(
                 "Briefing archive", "/", list(index.briefings), index), ())),
             page("briefings.json", "", lambda: ({"data": briefings_data(index)}, ()),
                  len(index.briefings) // 5, kind="json", items=lambda: briefing_items(index)),
             page("search-filters.json", "", lambda: ({"data": records.search_filters_data(
                 index.briefings, archive.registry)}, ()), len(index.briefings) // 20, kind="json")]
    specs += listing_specs(views, page)
    for briefing in index.briefings:
        specs.append(page(f"briefings/{briefing.stem}/index.html", "briefing.html", functools.partial(
            briefing_context, briefing, views, (history or {}).get(briefing.path))))
    specs += topic_specs(views, page)
    specs += [page(name, name, lambda: ({}, ()), kind="static") for name in sorted(templates) if name.startswith("static/")]
    return sorted(specs, key=lambda spec: spec.output)


def briefing_context(briefing, views, history) -> tuple[dict, tuple]:
    return context_for_briefing(briefing, views, history), (("body", briefing.body),)


def listing_specs(views, page) -> list[PageSpec]:
    """Timeline (front page + one per year) and quotes (one page per QUOTES_PER_PAGE)."""
    every = every_quote(views)
    specs = [page("timeline/index.html", "timeline.html", lambda: (context_for_timeline(views), ()), 20)]
    for year, _ in views.index.timeline:
        specs.append(page(f"timeline/{year}/index.html", "timeline.html",
                          functools.partial(lambda y: (context_for_timeline(views, y), ()), year), 20))
    for number in range(1, quote_pages(every) + 1):
        output = "quotes/index.html" if number == 1 else f"quotes/page/{number}/index.html"
        specs.append(page(output, "quotes.html",
                          functools.partial(lambda n: (context_for_quotes(views, n, every), ()), number), 20))
    return specs


def topic_specs(views, page) -> list[PageSpec]:
    """Issue and actor pages, issue feeds, and redirects from alias slugs."""
    index, specs = views.index, []
    for slug, facts in index.issues.items():
        specs.append(page(f"issues/{slug}/index.html", "issue.html",
                          functools.partial(topic_context, context_for_issue, facts, views),
                          1 + len(facts.briefings) // 20))
        specs.append(page(f"issues/{slug}/feed.xml", "feed.xml", functools.partial(issue_feed_context, facts, index)))
    for slug, facts in index.actors.items():
        specs.append(page(f"actors/{slug}/index.html", "actor.html",
                          functools.partial(topic_context, context_for_actor, facts, views),
                          1 + len(facts.briefings) // 20))
    for kind, canonical in (("issue", index.issues), ("actor", index.actors)):
        for alias_slug, slug in index.aliases[kind].items():
            if alias_slug not in canonical and slug in canonical:
                context = context_for_redirect(kind, alias_slug, canonical[slug].ref)
                specs.append(page(f"{kind}s/{alias_slug}/index.html", "redirect.html",
                                  functools.partial(lambda c: (c, ()), context)))
    return specs


def topic_context(context_for, facts, views) -> tuple[dict, tuple]:
    overview = facts.entry.overview if facts.entry else ""
    return context_for(facts, views), (("overview", overview),)


def issue_feed_context(facts, index) -> tuple[dict, tuple]:
    briefings = [index.by_path[path] for path in facts.briefings]
    return context_for_feed(facts.ref.name, issue_url(facts.ref.slug), briefings, index), ()
