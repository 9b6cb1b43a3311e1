"""Which pages a rebuild keeps as they are: those that read nothing that changed.

The previous build recorded what each page read (``reads``) and the digest of
everything there was to read (``site_digests``). A page whose every read still has
its digest, under the same code, templates, registry and settings (the ``shared``
key), and whose file is still the one that build wrote, is kept without making
its context. Every other page is made and keyed as before.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from .cache.build_cache import BuildCache
from .cache.digest_changes import KeptDigests, since
from .cache.manifest import PreviousSite
from .cache.memo import content_key
from .cache.packed_values import let_go, read_at_once
from .cache.page_reads import PageReads, ReadNumbers
from .cache.read_table import PageNumbers
from .cache.site_pages import SitePages, folder_of, part_of
from .page_views import Views
from .planning import PlannedSpecs, pages_of, plan_site, planned_kinds, specs_of, views_for
from .quote_pages import QuoteLists, quote_lists
from .search_plan import ShardPlan
from .search_shards import SEARCH_FOLDER, SHARD_FOLDER
from .site_digests import Digests, data_digest, site_digests
from .templating import templates_digest
from .workers import no_cyclic_gc

SHARDS_PREFIX = f"{SEARCH_FOLDER}{SHARD_FOLDER}/"


def shared_key(code: str, templates: dict[str, str], include_drafts: bool, registry: str, settings) -> str:
    """What every page depends on besides what it reads (``registry``: its ``data_digest``)."""
    parts = (templates_digest(templates), str(include_drafts), registry, data_digest(settings))
    return f"{code}:{content_key(*parts)}"


def kept_pages(
    outputs: set[str], reads: PageReads, shared: str, changed: dict | None, previous: PreviousSite
) -> set[str] | frozenset[str]:
    """The pages of ``outputs`` kept as they are, their previous manifest's entries with them
    (``changed``: the digests changed since ``reads``; None: not known, none kept)."""
    if previous.folder is None:
        return frozenset()
    unchanged = reads.unchanged_pages(shared, changed, among=outputs)
    if previous.moved is None:
        return previous.unmoved_among(unchanged)
    # The pages read are files of the previous site (its manifest and the reads are one
    # build's: ``read_page_reads`` checks its token), so the files moved are all to take out
    # (looking each up in the manifest's 103,000 took ~20 ms of an edit's build at 30,000).
    unchanged -= previous.moved
    return unchanged


@dataclass(frozen=True)
class Made:
    """What every page is made from besides the archive: the views, their quote lists and
    the digests of what pages read; given to a build when made already (``warm_load``
    brought the last build's up to date), a part None when it is to be made."""

    views: Views
    quotes: QuoteLists | None = None
    digests: Digests | None = None
    kept: KeptDigests | None = None  # the digests of the kept state these were brought up to date from


@dataclass(frozen=True)
class PagesToMake:
    to_make: PlannedSpecs  # each spec made when asked for
    kept: set[str] | frozenset[str]  # the pages kept as they are (their previous manifest's entries)
    reads: PageReads  # what the previous site's pages read
    numbers: ReadNumbers  # their reads' numbers, which the new pages' reads extend
    shared: str
    digests: Digests
    changed: dict | None  # part → the digests' changes since ``reads`` (None: not known)
    # The new reads' digests as a kept state's and the changes since: the state this build
    # keeps (no changes), or the one it was made from; None: kept whole.
    state: KeptDigests | None = None
    since_kept: dict = field(default_factory=dict)

    def next_reads(self, made: Mapping[str, array | None]) -> PageReads:
        """What the new site's pages read: the kept pages' as they were, the made pages' anew
        (as ``numbers`` numbered them; a page whose reads are not known is left out: it is
        made every time)."""
        known = {output: page_reads for output, page_reads in made.items() if page_reads is not None}
        pages = kept_and_made(self.reads.pages, self.kept, known)
        return PageReads(
            self.shared,
            self.digests,
            self.numbers.table,
            pages,
            digests_from=self.state.token if self.state is not None else b"",
            since_kept=self.since_kept,
        )


def kept_and_made(before: Mapping[str, array], kept: Iterable[str], made: dict[str, array]) -> Mapping[str, array]:
    """The reads of the ``kept`` pages as ``before`` holds them, and of the ``made`` ones."""
    if isinstance(before, PageNumbers):
        return before.kept_and_made(kept, made)
    return {output: before[output] for output in kept} | made


def plan_pages_to_make(
    archive,
    templates: dict[str, str],
    include_drafts: bool,
    shared: str,
    cache: BuildCache,
    previous: PreviousSite,
    given: Made | None = None,
    keeps: bytes = b"",
) -> tuple[Made, PagesToMake]:
    """What every page is made from (``Made``: made here unless ``given``), the pages to make,
    and those kept because nothing they read changed under the ``shared`` key (the GC off:
    planning makes hundreds of thousands of small objects and no cycles). ``keeps``: the
    token of the state this build is to keep, if it keeps one (``warm_state``)."""
    with no_cyclic_gc():
        views = given.views if given else views_for(archive, include_drafts)
        quotes = given.quotes if given and given.quotes is not None else quote_lists(views)
        site = plan_site(archive, templates, views, quotes)
        kinds = planned_kinds(site)
        digests = given.digests if given and given.digests is not None else site_digests(site, archive.content_keys)
        kept = given.kept if given else None
        kept_since = since(kept.digests, digests) if kept is not None else None
        reads = cache.page_reads
        changed = reads.digest_changes(digests, kept, kept_since)
        every_output = set().union(*(outputs for _, outputs, _ in kinds))
        unchanged = kept_pages(every_output, reads, shared, changed, previous)
        to_make = specs_of(pages_of(kinds, every_output - unchanged), site, templates, archive.settings)
        if makes_most(to_make, unchanged):  # a template edited, say: every value read
            cache.let_go()
            read_at_once((views.index.facts, views.cards, views.filters))
    made = Made(views, quotes, digests)
    pages = PagesToMake(to_make, unchanged, reads, reads.numbered(), shared, digests, changed)
    if keeps:
        pages = replace(pages, state=KeptDigests(keeps, digests))
    elif kept is not None and kept_since is not None:
        pages = replace(pages, state=kept, since_kept=kept_since)
    return made, pages


def makes_most(to_make: Mapping | PlannedSpecs, kept: Collection) -> bool:
    return len(to_make) > len(kept)


def values_made(made: Made, pages: PagesToMake) -> None:
    """Once the pages are made: the values read at once for most pages let go of, their memory
    taken by what follows (the site put in place, its reads saved: ~0.1 GB at the main
    process's peak after a template edit at 100,000 briefings)."""
    if makes_most(pages.to_make, pages.kept):
        let_go((made.views.index.facts, made.views.cards, made.views.filters))


def search_files(previous: PreviousSite) -> tuple[Callable[[str], list[str]], dict[str, tuple]]:
    """The previous site's search files: what gives the files of a shard's folder, and the
    entries of Pagefind's code and primary bundle. A manifest's pages give a folder's files
    as one run of their sorted outputs, without a pass over all of them (31,000 at 30,000
    briefings, ~25 ms of an edit's build)."""
    pages = part_of(previous.pages, SEARCH_FOLDER, True)
    code = dict(part_of(pages, SHARDS_PREFIX, False).items())
    if isinstance(pages, SitePages):
        return pages.folders(SHARDS_PREFIX), code
    folders: dict[str, list[str]] = {}
    for output in part_of(pages, SHARDS_PREFIX, True):
        folders.setdefault(folder_of(output, SHARDS_PREFIX), []).append(output)
    return lambda folder: folders.get(folder, []), code


def kept_shards(
    shards: list[ShardPlan], previous: PreviousSite, files_of: Callable[[str], list[str]]
) -> tuple[frozenset[str], list[ShardPlan]]:
    """(the files of the search shards kept as they are, the shards to index): a shard is
    kept when the previous site holds its folder (its key is its content) whole
    (``files_of``: the files of a folder of the previous site, ``search_files``)."""
    if previous.folder is None:
        return frozenset(), list(shards)
    kept: list[str] = []
    to_index = []
    for shard in shards:
        files = files_of(shard.folder)
        if files and previous.all_unmoved(files):
            kept.extend(files)
        else:
            to_index.append(shard)
    return frozenset(kept), to_index
