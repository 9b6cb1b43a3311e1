"""A process that renders pages from their pickled jobs, forked before the archive is loaded.

Why so early: a process forked after planning would inherit the archive and the
views, and reading an object writes its reference count, so every memory page its
pages' contexts read would become its own (a private copy of most of the archive,
about 450 MiB at 30,000 briefings). This one shares nothing of that heap. The
build process makes every page's context and key (the key is a hash of the job's
pickle, so the pickle is made anyway) and hands the pickles of the pages to render
here, rendering pages itself only while this process has enough queued
(``site_writer``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
import pickle
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import storage
from .cache.manifest import PreviousSite
from .cache.site_pages import part_of
from .errors import describe, template_errors
from .planning import PageJob
from .render import page_environment, render_page
from .safe_markdown import MarkdownRefused
from .search_shards import SEARCH_FOLDER
from .templating import keep_compiled, kept_compiled, page_templates
from .workers import become_worker, give_back_free_memory, workers_wanted

if TYPE_CHECKING:
    from jinja2 import BytecodeCache


def render_failures() -> tuple[type[Exception], ...]:
    """What stops a page from being rendered (reported as "output: why", the build stops)."""
    return (*template_errors(), OSError, UnicodeError, MarkdownRefused)


# A page to render: (output, where to write it, its job, the job's pickle: what this
# process is sent; a page rendered where it was made is rendered from the job itself).
Job = tuple[str, Path, PageJob, bytes]


def render_jobs(jobs: Iterable[tuple[str, Path, PageJob]], templates: dict[str, str]) -> str | None:
    """Render and write these jobs; None, or why the first that failed did."""
    for output, target, job in jobs:
        try:
            storage.write_new(target, render_page(job, templates))
        except render_failures() as error:
            return f"{output}: {describe(error)}"
    return None


def compile_templates(templates: dict[str, str]) -> None:
    """The templates compiled (or read back compiled) now, Jinja imported with them, before
    the build's archive is checked: what is compiled is not kept yet (a build stopped by
    errors writes nothing). A syntax error is left for the page rendered from it to report."""
    from .cache.template_code import TemplateCode  # Jinja's: imported here, not where pages are planned

    kept = kept_compiled()
    reading = kept.reading_only() if isinstance(kept, TemplateCode) else kept
    environment = page_environment(templates, compiled=reading)
    for name in page_templates(templates):
        with contextlib.suppress(*render_failures()):
            environment.get_template(name)
    if kept is not None:
        environment.bytecode_cache = kept


def render_pickled(jobs: list[tuple[str, Path, bytes]], templates: dict[str, str]) -> str | None:
    """``render_jobs`` of jobs sent pickled (in this process), each unpickled as it comes."""
    unpickled = ((output, target, PageJob(*pickle.loads(pickled))) for output, target, pickled in jobs)
    failure = render_jobs(unpickled, templates)
    give_back_free_memory()
    return failure


def become_renderer(compiled: Callable[[], BytecodeCache] | None) -> None:
    """A rendering process's start: a worker's, keeping its templates compiled where
    ``compiled()`` says (asked when it first renders: Jinja is imported then)."""
    become_worker()
    keep_compiled(compiled)


# How long a renderer being stopped is given to answer ``look_at`` (seconds: one stat of each
# of 340,000 files at 100,000 briefings takes ~1 s).
STOP_WAIT = 30

# In a renderer's process: the previous site it read, and what read it.
_READ: list[tuple[Callable[[], PreviousSite], PreviousSite]] = []


def search_part(previous: PreviousSite, search: bool) -> PreviousSite:
    """``previous`` with its search files only (``search``), or all but them (the search
    files are looked at first: a build asks for its search shards before planning pages)."""
    return replace(previous, pages=part_of(previous.pages, SEARCH_FOLDER, search))


def find_moved_there(reader: Callable[[], PreviousSite], search: bool) -> tuple[str, frozenset[str]]:
    """(the previous site's token, those of its files that moved), the site read here once
    for both parts (``look_at`` asks for the search files first) and not held after: the
    manifest of 100,000 briefings' site is ~135 MB this process would keep while it renders."""
    if not _READ or _READ[0][0] != reader:
        _READ[:] = [(reader, reader())]
    previous = _READ[0][1]
    if not search:
        _READ.clear()
    return previous.token, search_part(previous, search).find_moved()


class PageRenderer:
    """One rendering process beside this one (none on a single core); ``render`` queues jobs.

    Forked before this process reads anything: a page of memory the two processes share
    from the fork is copied when either first writes it (reading an object writes its
    reference count); walking the manifest read before the fork took this process ~43 ms
    instead of ~13 at 30,000 briefings. Told what reads the previous site
    (``BuildCache.previous_site_reader``, ``look_at``), its process reads it and finds
    which of its files moved (``moved``): one stat of each of 103,000 files at 30,000
    briefings, done while this process loads the archive, not after."""

    def __init__(self, compiled: Callable[[], BytecodeCache] | None = None) -> None:
        self.pool: multiprocessing.pool.Pool | None = None
        self.moved_there: tuple[multiprocessing.pool.AsyncResult, ...] | None = None
        self.read_there: multiprocessing.pool.AsyncResult | None = None
        self.compiled_there: multiprocessing.pool.AsyncResult | None = None
        if workers_wanted() > 1:
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(1, initializer=become_renderer, initargs=(compiled,))

    def read_ahead(self, files: list[Path]) -> None:
        """Have its process read these pickled files now, for the ``look_at`` of a build to come
        (``storage.hold_pickles``): a build server's renderer reads the manifest between builds,
        which took the look at an edit's build ~0.1 s more at 30,000 briefings."""
        if self.pool is not None:
            self.read_there = self.pool.apply_async(storage.hold_pickles, (files,))

    def look_at(self, previous: Callable[[], PreviousSite]) -> None:
        """Have its process read the previous site (``previous()``) and find its moved files."""
        if self.pool is not None:
            self.moved_there = tuple(
                self.pool.apply_async(find_moved_there, (previous, part)) for part in (True, False)
            )

    def moved(self, previous: PreviousSite, search_only: bool = False) -> frozenset[str] | None:
        """``previous.find_moved()`` as this renderer's process found it (of its search
        files only, found first, when ``search_only``), when it read that same site (by
        its manifest's token; None: it did not, or there is none)."""
        if self.moved_there is None or not previous.token:
            return None
        found = [part.get() for part in self.moved_there[: 1 if search_only else 2]]
        if any(token != previous.token for token, _ in found):
            return None
        return frozenset().union(*(moved for _, moved in found))

    def prepare(self, templates: dict[str, str]) -> None:
        """Have its process compile the templates once it has looked at the site, while it
        waits for pages: an edit's build leaves it all of its few (``site_writer``), and the
        first would wait for Jinja's import and the templates (~30 ms) otherwise."""
        if self.pool is not None:
            self.compiled_there = self.pool.apply_async(compile_templates, (templates,))

    def render(self, jobs: list[Job], templates: dict[str, str]) -> multiprocessing.pool.AsyncResult:
        assert self.pool is not None
        pickled = [(output, target, job_pickle) for output, target, _, job_pickle in jobs]
        return self.pool.apply_async(render_pickled, (pickled, templates))

    def stop(self) -> None:
        """Its process ended, once it has answered ``look_at`` (a build stopped early, by
        errors, has not taken those answers): a worker killed while it sends one holds the
        pool's result lock, and the pool's end then waits for it forever (CPython issue
        96995; one build in the suite hung so)."""
        if self.pool is not None:
            for answer in filter(None, (*(self.moved_there or ()), self.read_there, self.compiled_there)):
                answer.wait(STOP_WAIT)
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def with_moved(previous: PreviousSite, renderer: PageRenderer | None) -> PreviousSite:
    """``previous`` knowing its moved files when ``renderer``'s process found them (else
    each file is looked at when it is to be kept)."""
    return replace(previous, moved=renderer.moved(previous) if renderer else None)


def search_files_moved(previous: PreviousSite, renderer: PageRenderer | None) -> PreviousSite:
    """``previous``'s search files only, knowing which moved when ``renderer``'s process
    found them (it looks at them first: a build asks for its search shards before its
    pages are planned)."""
    return replace(search_part(previous, True), moved=renderer.moved(previous, search_only=True) if renderer else None)
