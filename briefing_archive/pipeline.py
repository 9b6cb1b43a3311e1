"""``build``: archive → checked data → rendered pages + search index → site folder.

The order is what makes a build safe: everything is read and checked first, and the new
files are written into a private folder (pages by this process and its renderer, the search
shards by Pagefind meanwhile) before any reaches the site. A rebuild under the same code,
templates, registry and settings writes only the files that changed and moves them in under
a journal (``storage.apply_patch``); otherwise a whole new site is staged (unchanged files
hard-linked) and swapped in at once (``storage.swap_in``). Either way a failed or
interrupted build leaves the previous site whole and a site never goes out with check
errors. When every input hashes as at the last build and the site is still the one it wrote,
nothing is done at all. What builds remember between runs is ``cache.BuildCache``'s
business; this module only says when to ask it and what to tell it.

Hosts (``build.py build``, the MkDocs hook) call ``build_site`` only.
"""

from __future__ import annotations

import functools
import sys
import time
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import standing, storage
from .archive import Archive
from .bookkeeping import Later, at_once
from .cache import PreviousSite
from .cache.build_cache import BuildCache
from .cache.kept_briefings import DamagedState
from .cache.manifest import NewPages
from .destination import destination_problem
from .errors import RenderFailed, describe, template_errors
from .layout import TEMPLATES
from .page_renderer import PageRenderer, with_moved
from .page_reuse import Made, PagesToMake, plan_pages_to_make, values_made
from .progress import Progress
from .search import SearchIndexError
from .search_job import SearchWorker
from .site_writer import Writer
from .staging import Stager, Staging
from .validate import claims_by_path, problems_summary
from .warm_load import load_prepared
from .workers import no_cyclic_gc, unfreeze

PROJECT_TEMPLATES = Path(__file__).resolve().parent.parent / TEMPLATES  # the project's own, when an archive has none


def build_failures() -> tuple[type[Exception], ...]:
    """What stops a build after the checks passed (reported in one line; the old site stays)."""
    return (SearchIndexError, *template_errors(), RenderFailed, OSError, UnicodeDecodeError)


def build_site(
    root: Path,
    out: Path,
    *,
    include_drafts: bool = False,
    templates_dir: Path | None = None,
    log: TextIO | None = None,
    keep: Callable | None = None,
    hold: Callable[[object], None] | None = None,
    later: Later = at_once,
) -> int:
    """Build the archive at ``root`` into folder ``out``; the exit status (0 = built).

    ``keep(archive, views, templates)`` is handed what a finished build was made from
    (``live.Preview`` renders the next edit against it); ``hold(what)`` everything else it
    used, as it ends, by a process about to end (``cli.run``): freeing a build's caches
    object by object took ~0.1 s of a one-edit build at 30,000 briefings; ``later(work)`` what
    it does only for the builds to come (``bookkeeping``). A kept state found damaged on the
    way (its briefings are checked as they are used) is dropped and the build made again
    without it: a damaged cache makes a build slower, never wrong."""
    log, templates_dir = log or sys.stderr, templates_dir or templates_folder(Path(root))
    try:
        return build_once(root, out, include_drafts, templates_dir, log, keep, hold, later)
    except DamagedState as error:
        print(f"warning: {error}: building again without the kept state", file=log)
        BuildCache(Path(root), Path(out), templates_dir, include_drafts).forget_state()
        return build_once(root, out, include_drafts, templates_dir, log, keep, hold, later)


def build_once(
    root: Path,
    out: Path,
    include_drafts: bool,
    templates_dir: Path,
    log: TextIO,
    keep: Callable | None,
    hold: Callable[[object], None] | None = None,
    later: Later = at_once,
) -> int:
    started = time.perf_counter()
    cache = BuildCache(Path(root), Path(out), templates_dir, include_drafts)
    progress, renderer, search, stager = helpers(cache, Path(out), include_drafts, log, started)
    try:
        renderer.look_at(cache.previous_site_reader())  # in its process, now: a build with nothing to do takes that
        early = refused_or_unchanged(cache, Path(root), Path(out), log, started, renderer)
        if early is not None:
            return early
        cache.read_ahead()
        renderer.prepare(templates := storage.read_templates(templates_dir))  # compiled there meanwhile
        ask = functools.partial(stager.stage, templates)
        archive, prepared, keep_state = load_prepared(Path(root), cache, include_drafts, progress, ask, later)
        if archive.errors:
            return report_problems(archive, log)
        source = SiteSource(archive, templates, include_drafts)
        with no_cyclic_gc():  # the whole archive is in memory: each collection would walk all of it
            keeps = cache.state_token() if keep_state else b""
            built = make_site(source, stager.staged(), cache, search, progress, prepared, renderer, keeps)
    except BaseException as error:
        stop_helpers(search, renderer, stager)
        if not isinstance(error, build_failures()):
            raise
        print(f"build failed, {out} left as it was: {describe(error)}", file=log)
        return 1
    finally:
        stop_helpers(search, renderer)
    later(functools.partial(remember_build, cache, archive, built.made, keep_state))
    report_built(built, include_drafts, out, time.perf_counter() - started, log, progress)
    hand_over(keep, hold, source, built, (cache, prepared, stager))
    return 0


def helpers(
    cache: BuildCache, out: Path, include_drafts: bool, log: TextIO, started: float
) -> tuple[Progress, PageRenderer, SearchWorker, Stager]:
    """A build's processes, forked before anything is read (the renderer first: it must not
    inherit the search pipes), so that what this one reads is its own (``PageRenderer``);
    those a build server forked for it, when it did (``standing``)."""
    renderer, search = standing.take() or (PageRenderer(cache.template_code), SearchWorker())
    return Progress(log, started), renderer, search, Stager(out, cache, include_drafts, search, renderer)


def hand_over(keep: Callable | None, hold: Callable | None, source: SiteSource, built: BuiltSite, used: tuple) -> None:
    """What a finished build was made from to ``keep``, what else it ``used`` to ``hold``
    (``build_site``)."""
    if keep is not None:
        keep(source.archive, built.made.views, source.templates)
    if hold is not None:
        hold((source, built, used))


def stop_helpers(search: SearchWorker, renderer: PageRenderer, abandoned: Stager | None = None) -> None:
    """However the build ends: its processes stopped, and what loading set aside from the
    collector is the collector's again (a long-lived host, mkdocs serve, builds again); a
    failed build's staging folder removed after them (a renderer still at work wrote into it)."""
    search.stop()
    renderer.stop()
    unfreeze()
    if abandoned is not None:
        abandoned.abandon()


def remember_build(cache: BuildCache, archive: Archive, made: Made, keep_state: bool) -> None:
    """What the next build starts from: the inputs' prints, and the state worth keeping."""
    cache.remember_inputs()
    if keep_state:
        with no_cyclic_gc():
            cache.remember_state(archive, made, kept_claims(archive))


def kept_claims(archive: Archive) -> dict[str, tuple]:
    """What the archive's briefings claim, as its load checked them (made here for an archive
    that was not loaded: ``Archive.claims``)."""
    known = archive.claims
    if len(known) == len(archive.briefings) and all(b.path in known for b in archive.briefings):
        return known
    return claims_by_path(archive.briefings)


def refused_or_unchanged(
    cache: BuildCache, root: Path, out: Path, log: TextIO, started: float, renderer: PageRenderer | None = None
) -> int | None:
    """The exit status when there is nothing to build: ``out`` must not be replaced (2), or
    nothing changed since the last build (0); None to build."""
    with no_cyclic_gc(keep=True):  # what is read here lives on: the manifest, stamps, prints (0.3 million objects)
        refusal = destination_problem(root, out, cache.made_site_here())
        unchanged = None if refusal else cache.unchanged_site(renderer.moved if renderer is not None else None)
    if refusal:
        print(f"build refused: {refusal}", file=log)
        return 2
    if unchanged is None:
        return None
    print(
        f"built {unchanged} pages into {out} in {time.perf_counter() - started:.1f} s "
        "(nothing changed since the last build)",
        file=log,
    )
    return 0


@dataclass(frozen=True)
class SiteSource:
    """What a site is made from, once the archive has checked cleanly."""

    archive: Archive
    templates: dict[str, str]
    include_drafts: bool


@dataclass(frozen=True)
class BuiltSite:
    made: Made  # what its pages were made from
    pages: int  # its HTML pages
    files: int  # all its files (the manifest, not kept: the state is saved after)
    rendered: int  # how many were made anew rather than linked from the previous site


def templates_folder(root: Path) -> Path:
    """The archive's own ``templates/`` when it has one, else the project's."""
    own = root / TEMPLATES
    return own if storage.is_folder(own) else PROJECT_TEMPLATES


# --- load and check -------------------------------------------------------------


def report_problems(archive: Archive, log: TextIO) -> int:
    """Every problem (errors and warnings) one per line, then the summary; the exit status."""
    for problem in archive.problems:
        print(problem, file=log)
    print(problems_summary(list(archive.problems), archive.files), file=log)
    print(f"build stopped: fix the {len(archive.errors)} error(s) above; nothing was written", file=log)
    return 1


# --- plan, render and index, swap in ---------------------------------------------


def make_site(
    source: SiteSource,
    staging: Staging,
    cache: BuildCache,
    search: SearchWorker,
    progress: Progress | None = None,
    prepared: Made | None = None,
    renderer: PageRenderer | None = None,
    keeps: bytes = b"",
) -> BuiltSite:
    """Make every file of the site that changed into ``staging`` (the search shards that
    changed are being indexed into it already), then put them in place of the site's
    (``prepared``: what pages are made from, when the last build's was brought up to date).

    Pages that read nothing that changed are kept (``page_reuse``); the rest are rendered
    here and by ``renderer``. The cache learns what the new site holds only once it is
    in place (``keeps``: the token of the state the build keeps after, if it keeps one)."""
    progress, previous = progress or Progress(None), with_moved(staging.previous, renderer)
    archive, templates = source.archive, source.templates
    made, pages = plan_pages_to_make(
        archive, templates, source.include_drafts, staging.shared, cache, previous, prepared, keeps
    )
    with progress.stage("rendering", len(pages.to_make), "page") as rendering:
        files, rendered, page_reads = write_pages(
            pages, templates, staging.folder, previous, rendering.advance, staging.patching, cache, renderer
        )
    if renderer is not None:  # its work done: not held while the site is put in place (~90 MB at 100,000)
        renderer.stop()
    values_made(made, pages)
    with progress.stage("indexing", staging.indexing, "briefing"):
        files.update(search.result())
    # The entries not the previous manifest's own (the kept search files are linked anew into a whole new site).
    fresh = files if staging.patching else {**staging.kept_search, **files}
    site = NewPages(previous.pages, pages.kept.union(staging.kept_search), fresh, cache.pages_among(previous.pages))
    staging.put_in_place(sorted(site.gone))
    cache.remember_site(site, pages.next_reads(page_reads), pages.reads, pages.changed, pages.state)
    return BuiltSite(made, site.page_count, len(site), rendered)


def write_pages(
    pages: PagesToMake,
    templates: dict[str, str],
    staging: Path,
    previous: PreviousSite,
    advance=None,
    patching: bool = False,
    cache: BuildCache | None = None,
    renderer: PageRenderer | None = None,
) -> tuple[dict[str, tuple], int, dict[str, array | None]]:
    """Every page to make rendered or kept: (manifest entries, how many rendered, what each
    read, numbered as ``pages.numbers`` numbers reads; ``cache``: where the places of JSON
    list items and the compiled templates are kept between builds)."""
    item_places, compiled = (cache.item_places(), cache.template_code) if cache is not None else (None, None)
    with Writer(pages.to_make, templates, staging, previous, patching, item_places, renderer, compiled) as writer:
        files = writer.run(pages.numbers, advance)
    return files, writer.rendered, writer.reads


def report_built(
    built: BuiltSite, include_drafts: bool, out: Path, seconds: float, log: TextIO, progress: Progress
) -> None:
    drafts = " with drafts" if include_drafts else ""
    print(
        f"built {built.pages} pages ({built.files} files){drafts} into {out} "
        f"in {seconds:.1f} s ({built.rendered} files rendered, the others reused; {progress.summary()})",
        file=log,
    )
