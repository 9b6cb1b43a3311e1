"""Render planned pages on every core, straight into the staging folder.

Workers are forked after planning, so they inherit the specs, index and
templates instead of receiving them pickled, and each makes its pages'
contexts itself (planning in the parent stays small). Every page is written
to disk as soon as it is rendered: no process ever holds the whole site.

A manifest from the previous build ({output: (job key, file identity)})
lets a page whose key is unchanged be hard-linked from the previous site
rather than rendered again; the identity (inode, size, mtime) proves the
file in the previous site is still the one that build wrote.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
from pathlib import Path

from jinja2 import TemplateError

from . import storage
from .errors import RenderFailed, SearchFailed, describe
from .workers import become_worker, release_free_memory, workers_wanted
from .planning import PageSpec, no_cyclic_gc
from .render import json_line_chunks, render_page
from .safe_markdown import MarkdownRefused
from .templating import environment

# Below this many pages forking costs more than it saves (and tests stay in-process).
PARALLEL_FROM = 100
CHUNK = 48  # pages per task: small enough to balance two workers, big enough to be cheap

# What forked workers inherit (set just before forking, never pickled).
_WORK: dict = {}


class Writer:
    """``with Writer(...) as w: manifest = w.run()``: forks on entering, so the
    caller can start other processes (Pagefind) afterwards, which the workers
    then do not inherit pipes of."""

    def __init__(self, specs: list[PageSpec], templates: dict[str, str], staging: Path,
                 previous: Path | None, manifest: dict):
        self.work = {"specs": specs, "templates": templates, "staging": Path(staging),
                     "previous": Path(previous) if previous else None, "manifest": manifest}
        self.pool = None

    def __enter__(self) -> "Writer":
        _WORK.clear()
        _WORK.update(self.work)
        for name in self.work["templates"]:  # compile in the parent: syntax errors surface here
            if name.endswith((".html", ".xml", ".svg")) and not name.startswith("static/"):
                environment(self.work["templates"]).get_template(name)
        processes = workers_wanted()
        if processes > 1 and len(self.work["specs"]) >= PARALLEL_FROM:
            gc.freeze()  # keep the inherited objects' pages shared (gc would touch them all)
            release_free_memory()  # what loading and planning freed: not inherited by every worker
            self.pool = multiprocessing.get_context("fork").Pool(processes, initializer=become_worker)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            gc.unfreeze()
        _WORK.clear()

    def run(self) -> dict[str, tuple]:
        """Render or reuse every page; the new manifest."""
        chunks = chunked(self.work["specs"])
        results = (self.pool.imap_unordered(write_chunk, chunks) if self.pool
                   else map(write_chunk, chunks))
        manifest, self.rendered = {}, 0
        for result in results:
            if isinstance(result, str):
                raise RenderFailed(result)
            for output, key, identity, rendered in result:
                manifest[output] = (key, identity)
                self.rendered += rendered
        return manifest


def chunked(specs: list[PageSpec]) -> list[list[int]]:
    """Spec numbers in chunks, the costliest pages first (a big page last would leave
    one worker busy while the other waits)."""
    order = sorted(range(len(specs)), key=lambda i: -specs[i].weight)
    return [order[i:i + CHUNK] for i in range(0, len(order), CHUNK)]


def write_chunk(numbers: list[int]) -> list[tuple] | str:
    """Render (or link) these pages into staging: (output, key, identity, rendered?) each, or why not."""
    specs, staging = _WORK["specs"], _WORK["staging"]
    done = []
    with no_cyclic_gc():
        for number in numbers:
            spec = specs[number]
            try:
                key, rendered = write_page(spec, staging / spec.output)
            except (TemplateError, OSError, UnicodeError, MarkdownRefused) as error:
                return f"{spec.output}: {describe(error)}"
            done.append((spec.output, key, storage.identity(staging / spec.output), rendered))
    return done


def write_page(spec: PageSpec, target: Path) -> tuple[str, bool]:
    if spec.items is not None:
        return write_items(spec, target)
    job = spec.job()
    key = job.key()
    previous, old = _WORK["previous"], _WORK["manifest"].get(spec.output)
    if previous is not None and old and old[0] == key:
        source = previous / spec.output
        if storage.identity(source) == old[1]:
            storage.link_new(source, target)
            return key, False
    storage.write_new(target, render_page(job, _WORK["templates"]))
    return key, True


def write_items(spec: PageSpec, target: Path) -> tuple[str, bool]:
    """A JSON list page written as its items are made (``briefings.json`` holds every
    briefing's front matter: ~50 MB of objects if made at once). Written every time
    (a few MB, ~20 ms), keyed by its bytes; "rendered" only if they changed."""
    digest = hashlib.blake2b(f"{spec.output}\0{spec.kind}\0".encode(), digest_size=20)

    def hashed(chunks):
        for chunk in chunks:
            digest.update(chunk)
            yield chunk
    storage.write_chunks(target, hashed(json_line_chunks(spec.items())))
    key = digest.hexdigest()
    old = _WORK["manifest"].get(spec.output)
    return key, not (old and old[0] == key)


def write_files(files: dict[str, bytes], staging: Path, previous: Path | None, manifest: dict) -> dict[str, tuple]:
    """Files made elsewhere (the search bundle): linked when the previous site has the same bytes."""
    written = {}
    for output, data in files.items():
        key = hashlib.blake2b(data, digest_size=20).hexdigest()
        old, target = manifest.get(output), staging / output
        if previous is not None and old and old[0] == key and storage.identity(previous / output) == old[1]:
            storage.link_new(previous / output, target)
        else:
            storage.write_new(target, data)
        written[output] = (key, storage.identity(target))
    return written


# --- the manifest: what the previous build put in the site ---------------------

MANIFEST_FORMAT = 1
MANIFEST_FOLDER = ".cache/pages"


def manifest_file(root: Path, out: Path) -> Path:
    """One manifest per output folder (build.py's site/, MkDocs' site_dir, …)."""
    name = hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()
    return Path(root) / MANIFEST_FOLDER / f"{name}.pickle"


def read_manifest(path: Path) -> dict:
    """The previous build's manifest; empty (render everything) when missing or unreadable."""
    import pickle
    data = storage.read_cache(path)
    try:
        manifest = pickle.loads(data) if data else {}
    except Exception:  # a corrupt cache is a cache miss, never a failed build
        return {}
    return manifest if isinstance(manifest, dict) and manifest.get("format") == MANIFEST_FORMAT else {}


def write_manifest(path: Path, pages: dict[str, tuple], inputs: str = "", code: str = "", stamps: str = "") -> None:
    """``inputs``: the hash of everything the build read; ``code``: of the code that rendered
    the pages; ``stamps``: of the sizes and times of the files it read."""
    import pickle
    manifest = {"format": MANIFEST_FORMAT, "pages": pages, "inputs": inputs, "code": code, "stamps": stamps}
    storage.write_cache(path, pickle.dumps(manifest, protocol=5))


def restamp_manifest(path: Path, manifest: dict, stamps: str) -> None:
    """The same site, its input files touched but unchanged: remember their new stamps."""
    if manifest:
        write_manifest(path, manifest["pages"], manifest["inputs"], manifest["code"], stamps)


# --- the search index, built beside the pages --------------------------------

class SearchJob:
    """``build_search_index`` in a forked process that writes the bundle into staging.

    Forked before the page workers, and Pagefind is started from it, so no
    page worker inherits the pipes to Pagefind (which would keep it from
    seeing the end of its input), and Pagefind indexes while the pages are
    planned and rendered.
    """

    def __init__(self, build, records: list[dict], root: Path, staging: Path, previous: Path | None, manifest: dict):
        self.args = (build, records, root, staging, previous, manifest)
        context = multiprocessing.get_context("fork")
        self.receive, self.send = context.Pipe(duplex=False)
        self.process = context.Process(target=self.child, daemon=True)

    def __enter__(self) -> "SearchJob":
        self.process.start()
        self.send.close()  # the parent only reads: the child's end closing means it is done
        self.args = None  # the child has its copy of the records; the page workers forked next need none
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receive.close()

    def child(self) -> None:
        become_worker()
        build, records, root, staging, previous, manifest = self.args
        try:
            answer = write_files(build(records, root), staging, previous, manifest)
        except BaseException as error:  # reported in the parent, whatever it was
            answer = describe(error) or type(error).__name__
        self.send.send(answer)

    def result(self) -> dict[str, tuple]:
        """The search files' manifest entries; raises SearchFailed with the child's message."""
        try:
            answer = self.receive.recv()
        except EOFError:
            answer = "the search index process stopped unexpectedly"
        if isinstance(answer, str):
            raise SearchFailed(answer)
        return answer


class KeptSearch:
    """Stands in for ``SearchJob`` when the search index is rebuilt later (``mkdocs
    serve``): the previous site's bundle, linked as it is, so search stays whole
    meanwhile. ``usable`` is False when the previous site has no intact bundle."""

    def __init__(self, staging: Path, previous: Path | None, manifest: dict,
                 folders: tuple[str, ...] = ("pagefind/", "pagefind-delta/")):
        self.staging, self.previous = staging, previous
        self.entries = {path: entry for path, entry in manifest.items() if path.startswith(folders)}
        self.usable = previous is not None and bool(self.entries) and all(
            storage.identity(previous / path) == entry[1] for path, entry in self.entries.items())

    def __enter__(self) -> "KeptSearch":
        return self

    def __exit__(self, *exc_info) -> None:
        pass

    def result(self) -> dict[str, tuple]:
        kept = {}
        for path, (key, _) in self.entries.items():
            storage.link_new(self.previous / path, self.staging / path)
            kept[path] = (key, storage.identity(self.staging / path))
        return kept
