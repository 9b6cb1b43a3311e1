"""Where a build writes its new files: fixed, and the search index asked for, as soon as
the archive is known to be clean (``warm_load.load_prepared``'s ``ask``), so that
Pagefind indexes the changed shards while the build reads its views, plans and renders.

Into ``out``'s previous site only the new files go (a patch, moved in at the end), else
a whole new site is staged and swapped in. A build that stops leaves ``out`` as it was.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from . import storage
from .cache import PreviousSite
from .cache.build_cache import BuildCache
from .page_renderer import PageRenderer, search_files_moved
from .page_reuse import shared_key
from .search_job import SearchWorker
from .search_plan import ShardOrder
from .site_digests import registry_digest


@dataclass(frozen=True)
class Staging:
    out: Path  # the site folder, resolved
    folder: Path  # where the new files are written
    patching: bool  # whether ``folder`` is a patch of ``out`` (else a whole new site)
    previous: PreviousSite  # ``out``'s site as the cache knows it
    shared: str  # what every page depends on besides what it reads (``shared_key``)
    kept_search: Mapping[str, tuple]  # the search files kept as they are → their manifest entries
    indexing: int  # how many briefings Pagefind indexes

    def put_in_place(self, removed: list[str]) -> None:
        """The new files in place of ``out``'s, ``removed`` (paths) gone."""
        if self.patching:
            storage.apply_patch(self.folder, self.out, removed)
        else:
            storage.write_new(
                self.folder / storage.SITE_MARK, b"A site built by briefing-archive; the next build replaces it.\n"
            )
            storage.swap_in(self.folder, self.out)


class Stager:
    """Stages a build once (``stage``), and abandons the staging if the build stops."""

    def __init__(
        self, out: Path, cache: BuildCache, include_drafts: bool, search: SearchWorker, renderer: PageRenderer | None
    ):
        self.out, self.cache, self.include_drafts = Path(out).resolve(), cache, include_drafts
        self.search, self.renderer = search, renderer
        self.staging: Staging | None = None

    def stage(self, templates: dict[str, str], archive, order: ShardOrder | None = None) -> None:
        """The build staged, its search shards asked for (cut as ``order`` says, when known)."""
        previous = self.cache.previous_site()
        registry = registry_digest(archive.registry)  # the pages' and the search index's
        shared = shared_key(self.cache.code, templates, self.include_drafts, registry, archive.settings)
        patching = patches(self.cache, previous, shared)
        staging = Staging(self.out, new_folder(self.out, patching), patching, previous, shared, {}, 0)
        self.staging = staging  # abandoned if asking fails
        search_files = functools.partial(search_files_moved, previous, self.renderer)
        kept, indexing = self.search.ask(
            archive, self.include_drafts, self.cache.code, search_files, staging.folder, patching, registry, order
        )
        self.staging = replace(staging, kept_search=kept, indexing=indexing)

    def staged(self) -> Staging:
        if self.staging is None:
            raise RuntimeError("the build was not staged")
        return self.staging

    def abandon(self) -> None:
        """The staging folder gone (or its patch finished, if it was being moved in)."""
        if self.staging is not None:
            storage.abandon(self.staging.folder, self.out)


def patches(cache: BuildCache, previous: PreviousSite, shared: str) -> bool:
    """Whether the previous site is changed in place: when most pages are kept. When every
    page is made again (new code, templates, registry or settings: the ``shared`` key) a
    whole new site, swapped in at once, is quicker than moving each file in."""
    return previous.folder is not None and bool(previous.pages) and cache.shares(shared)


def new_folder(out: Path, patching: bool) -> Path:
    """Where the new files are written: a patch of ``out`` or a whole new site."""
    if not patching:
        return storage.new_staging(out)
    storage.recover_from_killed_builds(out)
    return storage.new_patch(out)
