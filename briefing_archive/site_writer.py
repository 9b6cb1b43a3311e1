"""Render planned pages on every core, straight into the staging folder.

Workers are forked after planning, so they inherit the specs, index and
templates instead of receiving them pickled, and each makes its pages'
contexts itself (planning in the parent stays small). The parent renders
too, between its workers' results: every worker ends up with a private copy
of most of the archive (reading an object writes its reference count), so one
worker fewer is that much less memory. Every page is written to disk as soon
as it is rendered: no process ever holds the whole site.

A page whose key is unchanged is not rendered again (``cache.PreviousSite``
says which may be): it stays where it is when the site is patched, and is
hard-linked into a whole new site. Each page's new manifest entry, and what
its context read (``reads``), comes back to the parent.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import multiprocessing.pool
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from . import storage
from .cache import PreviousSite
from .cache.item_bytes import ItemBytes
from .cache.manifest import page_entry
from .cache.page_reads import ReadNumbers
from .errors import RenderFailed, describe
from .planning import PageSpec
from .reads import recording
from .render import framed_json_lines, json_item, page_environment, render_page
from .safe_markdown import MarkdownRefused
from .workers import become_worker, no_cyclic_gc, release_free_memory, workers_wanted

# Below this many pages forking costs more than it saves (and tests stay in-process).
PARALLEL_FROM = 100
CHUNK = 48  # pages per task: small enough to balance two workers, big enough to be cheap
AHEAD = 2  # chunks queued per worker, so none waits while the parent renders one

# What forked workers inherit (set just before forking, never pickled).
_WORK: dict[str, Any] = {}


class Writer:
    """``with Writer(...) as w: manifest = w.run()``: forks on entering, after planning,
    so the workers inherit what planning made."""

    def __init__(
        self,
        specs: list[PageSpec],
        templates: dict[str, str],
        staging: Path,
        previous: PreviousSite,
        patching: bool = False,
        item_bytes: ItemBytes | None = None,
    ):
        self.work: dict[str, Any] = {
            "specs": specs,
            "templates": templates,
            "staging": Path(staging),
            "previous": previous,
            "patching": patching,  # staging holds only the new files; the others stay where they are
            "item_bytes": item_bytes,  # JSON list items remembered between builds
        }
        self.pool: multiprocessing.pool.Pool | None = None
        self.workers = 0

    def __enter__(self) -> Writer:
        _WORK.clear()
        _WORK.update(self.work)
        for name in self.work["templates"]:  # compile in the parent: syntax errors surface here
            if name.endswith((".html", ".xml", ".svg")) and not name.startswith("static/"):
                page_environment(self.work["templates"]).get_template(name)
        # What exists now is set aside from the collector: the pages of the objects workers
        # inherit stay shared, and collecting a chunk's garbage looks at that chunk's objects.
        gc.freeze()
        processes = workers_wanted()
        if processes > 1 and len(self.work["specs"]) >= PARALLEL_FROM:
            release_free_memory()  # what loading and planning freed: not inherited by every worker
            self.workers = processes - 1  # and this process
            self.pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=become_worker)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        gc.unfreeze()
        _WORK.clear()

    def run(self, numbers: ReadNumbers, advance=None) -> dict[str, tuple]:
        """Render or reuse every page; the new manifest. ``advance(n)``: n more pages done.
        ``self.reads``: what each page made read (see ``reads``) as ``numbers`` numbers it
        (held as sets, reads took ~3 KB a page), None where unknown."""
        chunks = chunked(self.work["specs"])
        results = shared(self.pool, self.workers, chunks) if self.pool else map(write_chunk, chunks)
        manifest, self.rendered, self.reads = {}, 0, {}
        for result in results:
            if isinstance(result, str):
                raise RenderFailed(result)
            if advance is not None:
                advance(len(result))
            for output, entry, rendered, reads in result:
                manifest[output] = entry
                self.rendered += rendered
                self.reads[output] = None if reads is None else numbers.of(reads)
        return manifest


def chunked(specs: list[PageSpec]) -> list[list[int]]:
    """Spec numbers in chunks, the costliest pages first (a big page last would leave
    one worker busy while the other waits)."""
    order = sorted(range(len(specs)), key=lambda i: -specs[i].weight)
    return [order[i : i + CHUNK] for i in range(0, len(order), CHUNK)]


def write_chunk(numbers: list[int]) -> list[tuple] | str:
    """Render (or keep) these pages: (output, manifest entry, rendered?, reads) each, or why not."""
    specs = _WORK["specs"]
    done = []
    with no_cyclic_gc():
        for number in numbers:
            spec = specs[number]
            try:
                key, written, rendered, reads = write_page(spec)
            except (TemplateError, OSError, UnicodeError, MarkdownRefused) as error:
                return f"{spec.output}: {describe(error)}"
            done.append((spec.output, page_entry(key, written), rendered, reads))
    gc.collect(0)  # what the chunk allocated: Jinja leaves reference cycles, and the collector is off
    return done


def shared(pool: multiprocessing.pool.Pool, workers: int, chunks: list, work: Callable = write_chunk) -> Iterator:
    """``work`` (``write_chunk``) of every chunk, in the order they finish. This process
    does the first (the costliest pages: lists of the whole archive, whose reads would
    make a worker's copy of every briefing its own), the pool's workers take the next
    from the front, and this process does the next whenever none of theirs is ready."""
    waiting: deque = deque(chunks)
    sent: deque[multiprocessing.pool.AsyncResult] = deque()

    def send_ahead() -> None:
        while waiting and len(sent) < AHEAD * workers:
            sent.append(pool.apply_async(work, (waiting.popleft(),)))

    if waiting:
        first = waiting.popleft()
        send_ahead()
        yield work(first)
    while waiting or sent:
        send_ahead()
        done = [result for result in sent if result.ready()]
        for result in done:
            sent.remove(result)
            yield result.get()
        if not done:
            yield work(waiting.popleft()) if waiting else sent.popleft().get()


def write_page(spec: PageSpec) -> tuple[str, Path, bool, frozenset | None]:
    """(key, where the page now is, rendered?, what it read): rendered into staging, or the
    previous site's file when its key is unchanged (linked into staging unless patching)."""
    target, previous = _WORK["staging"] / spec.output, _WORK["previous"]
    if spec.items is not None:
        key = write_items(spec, spec.items, target)
        source = previous.reusable(spec.output, key) if _WORK["patching"] else None
        if source is not None:
            storage.remove_file(target)
        return key, source or target, not previous.had(spec.output, key), None
    with recording() as reads:
        job = spec.job()
    key = job.key()
    source = previous.reusable(spec.output, key)
    if source is not None and _WORK["patching"]:
        target = source
    elif source is not None:
        storage.link_new(source, target)
    else:
        storage.write_new(target, render_page(job, _WORK["templates"]))
    return key, target, source is None, None if spec.key_reads is None else frozenset(reads | spec.key_reads)


def write_items(spec: PageSpec, items, target: Path) -> str:
    """A JSON list page written as its items are made (``briefings.json`` holds every
    briefing's front matter: ~50 MB of objects if made at once), each item's bytes taken
    from the last build's when its key is unchanged (``cache.item_bytes``). Written every
    time, keyed by its bytes."""
    digest = hashlib.blake2b(f"{spec.output}\0{spec.kind}\0".encode(), digest_size=20)
    remembered: ItemBytes | None = _WORK.get("item_bytes")
    old = remembered.read(spec.output) if remembered else {}
    new: dict[str, bytes] = {}

    def encoded() -> Iterator[bytes]:
        for key, make in items():
            data = old.get(key) if key else None
            data = data if data is not None else json_item(make())
            if key:
                new[key] = data
            yield data

    def hashed(chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            digest.update(chunk)
            yield chunk

    storage.write_chunks(target, hashed(framed_json_lines(encoded())))
    if remembered and new.keys() != old.keys():
        remembered.write(spec.output, new)
    return digest.hexdigest()
