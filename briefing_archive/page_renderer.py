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

import multiprocessing
import multiprocessing.pool
import pickle
from collections.abc import Iterable
from pathlib import Path

from jinja2 import TemplateError

from . import storage
from .errors import describe
from .planning import PageJob
from .render import render_page
from .safe_markdown import MarkdownRefused
from .workers import become_worker, workers_wanted

# What stops a page from being rendered (reported as "output: why", the build stops).
RENDER_FAILURES = (TemplateError, OSError, UnicodeError, MarkdownRefused)

# A page to render: (output, where to write it, its job, the job's pickle: what this
# process is sent; a page rendered where it was made is rendered from the job itself).
Job = tuple[str, Path, PageJob, bytes]


def render_jobs(jobs: Iterable[tuple[str, Path, PageJob]], templates: dict[str, str]) -> str | None:
    """Render and write these jobs; None, or why the first that failed did."""
    for output, target, job in jobs:
        try:
            storage.write_new(target, render_page(job, templates))
        except RENDER_FAILURES as error:
            return f"{output}: {describe(error)}"
    return None


def render_pickled(jobs: list[tuple[str, Path, bytes]], templates: dict[str, str]) -> str | None:
    """``render_jobs`` of jobs sent pickled (in this process), each unpickled as it comes."""
    unpickled = ((output, target, PageJob(*pickle.loads(pickled))) for output, target, pickled in jobs)
    return render_jobs(unpickled, templates)


class PageRenderer:
    """One rendering process beside this one (none on a single core); ``render`` queues jobs."""

    def __init__(self) -> None:
        self.pool: multiprocessing.pool.Pool | None = None
        if workers_wanted() > 1:
            self.pool = multiprocessing.get_context("fork").Pool(1, initializer=become_worker)

    def render(self, jobs: list[Job], templates: dict[str, str]) -> multiprocessing.pool.AsyncResult:
        assert self.pool is not None
        pickled = [(output, target, job_pickle) for output, target, _, job_pickle in jobs]
        return self.pool.apply_async(render_pickled, (pickled, templates))

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
