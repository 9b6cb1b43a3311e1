"""Plan the site: one ``PageSpec`` (and from it one ``PageJob``) per output file.

Planning does everything that needs the whole archive (the index, each
page's context) and yields small, picklable ``PageJob``s that ``render``
turns into bytes using only the job and the templates.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator, Set
from dataclasses import dataclass, replace
from itertools import compress
from operator import itemgetter
from typing import Any

from .cache.memo import identity_free_pickle
from .index import build_index
from .kinds import BY_NAME, KINDS, PageKind, Site
from .listing_pages import ListItems
from .model import visible
from .page_outputs import outputs_of
from .page_views import Views, views_of
from .quote_pages import QuoteLists, quote_lists
from .records import filters_view
from .refs import Resolver
from .site_digests import key_reads, recorded_site
from .site_settings import SiteSettings
from .templating import templates_digest
from .workers import no_cyclic_gc  # noqa: F401 (planning runs with it; pipeline imports it here)


@dataclass(frozen=True)
class PageJob:
    output: str  # path in the site, e.g. "issues/kuril-islands/index.html"
    kind: str  # "page" (a template), "json" or "static"
    template: str  # template name (for "static": the file's name in the templates)
    context: dict  # plain data from detail_pages/listing_pages.context_for_*
    markdown: tuple[tuple[str, str], ...] = ()  # (context key, Markdown text) made HTML when rendered
    theme: str = ""  # digest of the templates, so key() changes when they do
    settings: SiteSettings = SiteSettings()  # the site's name, address, language, allowed picture hosts

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
        return key_of(self.pickled())

    def pickled(self) -> bytes:
        """The job's fields pickled without a memo (``PageJob(*pickle.loads(...))`` is the job)."""
        data = (self.output, self.kind, self.template, self.context, self.markdown, self.theme, self.settings)
        return identity_free_pickle(data)


def key_of(pickled: bytes) -> str:
    """A page job's key from its ``pickled`` fields."""
    return hashlib.blake2b(pickled, digest_size=20).hexdigest()


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
    settings: SiteSettings = SiteSettings()
    weight: int = 1  # rough rendering cost, to hand out the big pages first
    # A JSON list page made item by item (its items never all in memory at once).
    items: Callable[[], ListItems] | None = None
    # What the page reads through its own key (see ``site_digests.key_reads``).
    key_reads: frozenset | None = None

    def job(self) -> PageJob:
        context, markdown = self.make()
        return PageJob(self.output, self.kind, self.template, context, tuple(markdown), self.theme, self.settings)


def plan_pages(archive, templates: dict[str, str], *, include_drafts: bool = False) -> list[PageJob]:
    """Every file of the site as a job, sorted by output path."""
    with no_cyclic_gc():
        return [spec.job() for spec in plan_specs(archive, templates, include_drafts)]


def views_for(archive, include_drafts: bool = False) -> Views:
    """What the pages of this archive are made from (its index and shared views)."""
    views = views_of(build_index(visible(archive.briefings, include_drafts), archive.registry))
    resolver = Resolver(archive.registry)
    return replace(views, filters={b.path: filters_view(b, resolver) for b in views.index.briefings})


def plan_site(archive, templates: dict[str, str], views: Views, quotes: QuoteLists | None = None) -> Site:
    """What every page's context is made from, recording what each page reads (``quotes``:
    the quote lists of ``views`` when already made)."""
    quotes = quotes if quotes is not None else quote_lists(views)
    return recorded_site(
        Site(views, archive.registry, tuple(sorted(templates)), quotes, archive.settings, archive.content_keys)
    )


def plan_specs(
    archive,
    templates: dict[str, str],
    include_drafts: bool = False,
    views: Views | None = None,
    site: Site | None = None,
) -> list[PageSpec]:
    """Every file of the site as a spec (context not made yet), sorted by output path."""
    views = views or views_for(archive, include_drafts)
    site = site or plan_site(archive, templates, views)
    return list(specs_of(planned_pages(site), site, templates, archive.settings))


def planned_pages(site: Site) -> list[tuple[str, PageKind, Any]]:
    """Every file of the site as (output path, kind, key), sorted by output path."""
    return pages_among(planned_kinds(site))


def planned_kinds(site: Site) -> list[tuple[PageKind, list[str], list]]:
    """Each kind's pages as (the kind, their outputs, their keys): what a rebuild needs to
    tell which pages it keeps, before making the spec of any."""
    found = []
    for kind in KINDS:
        keys = list(kind.keys(site))
        found.append((kind, outputs_of(kind, keys, kind.url_keys(site) if kind.url_keys else None), keys))
    return found


def pages_among(kinds: list[tuple[PageKind, list[str], list]]) -> list[tuple[str, PageKind, Any]]:
    """The pages of ``kinds`` (``planned_kinds``) as (output path, kind, key), sorted by output path."""
    pages = [(output, kind, key) for kind, outputs, keys in kinds for output, key in zip(outputs, keys, strict=True)]
    pages.sort(key=itemgetter(0))
    return pages


def pages_of(kinds: list[tuple[PageKind, list[str], list]], outputs: Set[str]) -> list[tuple[str, PageKind, Any]]:
    """``pages_among`` those of ``outputs`` alone, found in C: an edit's build makes a few of
    72,000 pages at 30,000 briefings (asking each whether it is kept took ~13 ms)."""
    pages = [
        (output, kind, key)
        for kind, kind_outputs, keys in kinds
        if not outputs.isdisjoint(kind_outputs)
        for output, key in compress(zip(kind_outputs, keys, strict=True), map(outputs.__contains__, kind_outputs))
    ]
    pages.sort(key=itemgetter(0))
    return pages


def specs_of(
    planned: list[tuple[str, PageKind, Any]], site: Site, templates: dict[str, str], settings: SiteSettings, but=()
) -> PlannedSpecs:
    """The specs of the ``planned`` pages, ``but`` those whose outputs it holds."""
    to_make = [page for page in planned if page[0] not in but] if but else planned
    return PlannedSpecs(to_make, site, templates_digest(templates), settings)


class PlannedSpecs:
    """The specs of planned pages, each made when it is asked for (the same spec each
    time): a cold build at 100,000 briefings held 226,000 specs, their partials and
    read sets, ~130 MB, from planning to the end of rendering."""

    def __init__(self, planned: list[tuple[str, PageKind, Any]], site: Site, theme: str, settings: SiteSettings):
        self.planned, self.site, self.theme, self.settings = planned, site, theme, settings

    def __len__(self) -> int:
        return len(self.planned)

    def __getitem__(self, number: int) -> PageSpec:
        return spec_of(self.planned[number], self.site, self.theme, self.settings)

    def __iter__(self) -> Iterator[PageSpec]:
        return (self[number] for number in range(len(self)))

    def weights(self) -> list[int]:
        """Each page's ``PageSpec.weight``, without making the specs."""
        return [kind.weight(key, self.site) for _, kind, key in self.planned]

    def made_here(self) -> frozenset[int]:
        """The numbers of the pages made item by item by the writer (JSON lists), not rendered."""
        return frozenset(number for number, (_, kind, _) in enumerate(self.planned) if kind.items is not None)


def spec_of(planned: tuple[str, PageKind, Any], site: Site, theme: str, settings: SiteSettings) -> PageSpec:
    output, kind, key = planned
    return PageSpec(
        output,
        kind.format,
        kind.template_of(key),
        functools.partial(kind.context, key, site),
        theme,
        settings,
        kind.weight(key, site),
        functools.partial(kind.items, site) if kind.items else None,
        key_reads(key),
    )


def page_spec(kind_name: str, key, site: Site, templates: dict[str, str], settings: SiteSettings) -> PageSpec:
    """The spec of one page of a kind (``live`` re-renders an edited briefing's page with it)."""
    kind = BY_NAME[kind_name]
    return spec_of((kind.output(key), kind, key), site, templates_digest(templates), settings)
