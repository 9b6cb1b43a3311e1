"""Render planned pages beside a rendering process, straight into the staging folder.

This process makes every page's context and key (what a page reads is recorded
here, ``reads``); a page whose key is unchanged is not rendered again
(``cache.PreviousSite`` says which may be): it stays where it is when the site is
patched, and is hard-linked into a whole new site. The others' jobs go pickled to
the ``page_renderer`` process, forked before the archive was loaded; this one renders a
chunk itself only while that one has enough queued (never up to ``ALONE_UP_TO`` chunks).
Every page is written to disk as soon as rendered: no process ever holds the whole site.
"""

from __future__ import annotations

import gc
import multiprocessing.pool
from collections import deque
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import storage
from .cache import PreviousSite
from .cache.item_places import PlacesCache
from .cache.manifest import page_entry
from .cache.page_reads import ReadNumbers
from .errors import RenderFailed, describe
from .json_lists import write_items
from .listing_pages import ListItems
from .page_renderer import Job, PageRenderer, render_failures, render_jobs
from .planning import PageSpec, PlannedSpecs, key_of
from .reads import recording
from .render import page_environment
from .templating import page_templates
from .workers import no_cyclic_gc

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

# From two pages on, the rendering process takes a share: a one-edit build at 30,000
# briefings makes ~40 pages, its few issue pages most of their 0.2 s of rendering.
PARALLEL_FROM = 2
CHUNK = 48  # pages per chunk: small enough to balance the two processes, big enough to be cheap
AHEAD = 2  # chunks queued in the rendering process, so it never waits while this one renders
# Up to so many chunks (an edit's build makes 1-3), the rendering process renders them all
# (a syntax error is its first chunk's failure): this one then need not import Jinja (~25 ms).
ALONE_UP_TO = 4
# Every page of a chunk has its context and pickle in memory at once: 48 of the biggest
# pages (actors' pages, each listing thousands of briefings) were ~90 MB at 100,000.
CHUNK_WEIGHT = 200

# What the writer's functions share during a run.
_WORK: dict[str, Any] = {}

# A page made ready: (output, key, where it will be, rendered?, reads).
ReadyPage = tuple[str, str, Path, bool, frozenset | None]


class Writer:
    """``with Writer(...) as w: manifest = w.run(numbers)``."""

    def __init__(
        self,
        specs: PlannedSpecs,
        templates: dict[str, str],
        staging: Path,
        previous: PreviousSite,
        patching: bool = False,
        item_places: PlacesCache | None = None,
        renderer: PageRenderer | None = None,
        compiled: Callable[[], BytecodeCache] | None = None,
    ):
        self.work: dict[str, Any] = {
            "specs": specs,
            "templates": templates,
            "staging": Path(staging),
            "previous": previous,
            "patching": patching,  # staging holds only the new files; the others stay where they are
            "item_places": item_places,  # where JSON list items lie in the previous site's files
        }
        parallel = renderer is not None and renderer.pool is not None and len(specs) >= PARALLEL_FROM
        self.renderer = renderer if parallel else None
        self.compiled = compiled  # where the templates are kept compiled (``cache.template_code``)
        self.chunks = chunked(specs.weights(), specs.made_here())
        self.renders_here = self.renderer is None or queued_ahead(len(self.chunks)) < len(self.chunks)

    def __enter__(self) -> Writer:
        _WORK.clear()
        _WORK.update(self.work)
        # JSON lists written beside this thread (``json_lists.APART_UP_TO``): output → its key, file and write
        _WORK["apart"], _WORK["writes"] = {}, ThreadPoolExecutor(max_workers=1)
        if self.renders_here:  # compiled first where pages are rendered here: syntax errors before any page
            compiled = self.compiled() if self.compiled is not None else None
            for name in page_templates(self.work["templates"]):
                page_environment(self.work["templates"], compiled=compiled).get_template(name)
        # What exists now is set aside from the collector: collecting a chunk's garbage
        # looks at that chunk's objects, not at the archive.
        gc.freeze()
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.unfreeze()
        _WORK["writes"].shutdown()  # each write done (a failed run's too) before the staging folder is let go
        _WORK.clear()

    def run(self, numbers: ReadNumbers, advance=None) -> dict[str, tuple]:
        """Render or reuse every page; the new manifest. ``advance(n)``: n more pages done.
        ``self.reads``: what each page made read (see ``reads``) as ``numbers`` numbers it
        (held as sets, reads took ~3 KB a page), None where unknown."""
        manifest, self.rendered, self.reads = {}, 0, {}
        ahead = queued_ahead(len(self.chunks))
        for failure, made in shared(self.renderer, self.chunks, self.work["templates"], ahead=ahead):
            if failure is not None:
                raise RenderFailed(failure)
            if advance is not None:
                advance(len(made))
            for output, key, where, rendered, reads in made:
                manifest[output] = page_entry(key, where)
                self.rendered += rendered
                self.reads[output] = None if reads is None else numbers.of(reads)
        for output, (key, target, writing) in _WORK["apart"].items():
            writing.result()  # its failure raised here
            manifest[output] = page_entry(key, target)  # the file as written
        return manifest


def queued_ahead(chunks: int) -> int:
    """How many of ``chunks`` chunks the rendering process is given before this process
    renders one itself: all of a few (``ALONE_UP_TO``), ``AHEAD`` of more."""
    return chunks if chunks <= ALONE_UP_TO else AHEAD


def chunked(weights: list[int], here: Collection[int] = ()) -> list[list[int]]:
    """Spec numbers in chunks, the costliest pages (by ``PageSpec.weight``) first (a big
    page last would leave one process busy while the other waits), a chunk's weights
    summed at most ``CHUNK_WEIGHT`` (a heavier page alone).
    The pages made ``here`` only (the JSON lists) come after the first ``AHEAD`` chunks,
    which the rendering process renders meanwhile."""
    chunks = weighed_chunks([number for number in range(len(weights)) if number not in here], weights)
    alone = weighed_chunks([number for number in range(len(weights)) if number in here], weights)
    return chunks[:AHEAD] + alone + chunks[AHEAD:]


def weighed_chunks(numbers: list[int], weights: list[int]) -> list[list[int]]:
    chunks: list[list[int]] = []
    chunk: list[int] = []
    load = 0
    for number in sorted(numbers, key=lambda i: -weights[i]):
        if chunk and (len(chunk) == CHUNK or load + weights[number] > CHUNK_WEIGHT):
            chunks.append(chunk)
            chunk, load = [], 0
        chunk.append(number)
        load += weights[number]
    return [*chunks, chunk] if chunk else chunks


def shared(
    renderer: PageRenderer | None,
    chunks: list[list[int]],
    templates: dict[str, str],
    ready=None,
    here=None,
    ahead: int = AHEAD,
) -> Iterator[tuple[str | None, list[ReadyPage]]]:
    """(why rendering failed or None, the pages made) of every chunk, in order: each made
    ``ready`` here (``made_ready``), its jobs rendered by ``renderer`` while it has fewer
    than ``ahead`` chunks queued, else ``here`` (``render_here``)."""
    ready, here = ready or made_ready, here or render_here
    queued: deque[tuple[multiprocessing.pool.AsyncResult, list[ReadyPage]]] = deque()
    for numbers in chunks:
        prepared = ready(numbers)
        if isinstance(prepared, str):
            yield prepared, []
            return
        made, jobs = prepared
        if renderer is not None and jobs and len(queued) < ahead:
            queued.append((renderer.render(jobs, templates), made))
        else:
            yield here(jobs, templates) if jobs else None, made  # none: the JSON lists, written already
        while queued and queued[0][0].ready():
            result, made = queued.popleft()
            yield result.get(), made
    for result, made in queued:
        yield result.get(), made


def render_here(jobs: list[Job], templates: dict[str, str]) -> str | None:
    with no_cyclic_gc():
        failure = render_jobs([(output, target, job) for output, target, job, _ in jobs], templates)
    gc.collect(0)  # what the chunk allocated: Jinja leaves reference cycles, and the collector is off
    return failure


def made_ready(numbers: list[int]) -> tuple[list[ReadyPage], list[Job]] | str:
    """These pages made ready to render (or kept, or written already: the JSON lists),
    and the jobs of those to render; or why one could not be."""
    specs, made, jobs = _WORK["specs"], [], []
    with no_cyclic_gc():
        for number in numbers:
            spec = specs[number]
            try:
                page, job = ready_page(spec)
            except render_failures() as error:
                return f"{spec.output}: {describe(error)}"
            made.append(page)
            if job is not None:
                jobs.append(job)
    return made, jobs


def ready_page(spec: PageSpec) -> tuple[ReadyPage, Job | None]:
    """The page made ready, and its job when it is to be rendered: the previous site's file
    when its key is unchanged (linked into staging unless patching)."""
    target, previous = _WORK["staging"] / spec.output, _WORK["previous"]
    if spec.items is not None:
        return ready_items(spec.output, spec.kind, spec.items, target, previous), None
    with recording() as reads:
        job = spec.job()
    pickled = job.pickled()
    key = key_of(pickled)
    source = previous.reusable(spec.output, key)
    read = None if spec.key_reads is None else frozenset(reads | spec.key_reads)
    if source is not None and _WORK["patching"]:
        return (spec.output, key, source, False, read), None
    if source is not None:
        storage.link_new(source, target)
        return (spec.output, key, target, False, read), None
    return (spec.output, key, target, True, read), (spec.output, target, job, pickled)


def ready_items(
    output: str, kind: str, items: Callable[[], ListItems], target: Path, previous: PreviousSite
) -> ReadyPage:
    """A JSON list page written (``json_lists.write_items``), or being written beside this
    thread; not at all when patching and its key is unchanged (the previous file stays)."""
    made = write_items(output, kind, items, target, _WORK.get("item_places"), previous)
    source = previous.reusable(output, made.key) if _WORK["patching"] else None
    if source is not None and made.pieces is None:
        storage.remove_file(target)
    elif source is None and made.pieces is not None:
        writing: Future = _WORK["writes"].submit(storage.write_pieces, target, made.pieces, made.source)
        _WORK["apart"][output] = (made.key, target, writing)
    return (output, made.key, source or target, not previous.had(output, made.key), None)
