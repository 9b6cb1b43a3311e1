"""The search index, built beside the pages: Pagefind in a process of its own.

The page workers render while it indexes; its files go into the same
staging folder, each linked from the previous site when its bytes are
unchanged. Under ``mkdocs serve`` the previous site's index can be kept
instead (``KeptSearch``) and the new one made after the pages are in place.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable
from pathlib import Path

from . import storage
from .cache import PreviousSite
from .cache.manifest import page_entry
from .errors import SearchFailed, describe
from .workers import become_worker

# The folder a kept index is made of (see ``search``).
SEARCH_FOLDERS = ("pagefind/",)


class SearchJob:
    """``search_bundles`` in a forked process that writes the bundle into staging, part by part.

    Forked before the page workers, and Pagefind is started from it, so no
    page worker inherits the pipes to Pagefind (which would keep it from
    seeing the end of its input), and Pagefind indexes while the pages are
    planned and rendered.
    """

    def __init__(
        self, build, records: Callable[[], list[dict]], root: Path, staging: Path, previous: PreviousSite, patching=0
    ):
        self.args: tuple | None = (build, records, root, staging, previous, patching)
        context = multiprocessing.get_context("fork")
        self.receive, self.send = context.Pipe(duplex=False)
        self.process = context.Process(target=self.child, daemon=True)

    def __enter__(self) -> SearchJob:
        self.process.start()
        self.send.close()  # the parent only reads: the child's end closing means it is done
        self.args = None  # the child makes the records from its copy; the page workers forked next need none
        return self

    def __exit__(self, *exc_info) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.receive.close()

    def child(self) -> None:
        become_worker()
        assert self.args is not None  # kept for the child, which is forked before they go
        build, records, root, staging, previous, patching = self.args
        answer: dict[str, tuple] | str
        try:
            answer = write_files(build(records(), root), staging, previous, patching)
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


def write_files(parts, staging: Path, previous: PreviousSite, patching: bool = False) -> dict[str, tuple]:
    """Files made elsewhere (the search bundle, in parts of path → bytes, each let go once
    written): kept (linked into staging unless patching) when the previous site has the same bytes."""
    written = {}
    for output, data in (item for part in parts for item in part.items()):
        key = hashlib.blake2b(data, digest_size=20).hexdigest()
        source, target = previous.reusable(output, key), staging / output
        if source is not None and patching:
            target = source
        elif source is not None:
            storage.link_new(source, target)
        else:
            storage.write_new(target, data)
        written[output] = page_entry(key, target)
    return written


class KeptSearch:
    """Stands in for ``SearchJob`` when the search index is rebuilt later (``mkdocs
    serve``): the previous site's bundle, linked as it is, so search stays whole
    meanwhile. ``usable`` is False when the previous site has no intact bundle."""

    def __init__(self, staging: Path, previous: PreviousSite, patching: bool = False, records=None):
        self.staging, self.previous, self.patching = staging, previous, patching
        self.records: list[dict] = records or []  # what the index is to be made of, later
        self.keys = previous.intact(SEARCH_FOLDERS)
        self.usable = bool(self.keys)

    def __enter__(self) -> KeptSearch:
        return self

    def __exit__(self, *exc_info) -> None:
        pass

    def result(self) -> dict[str, tuple]:
        kept: dict[str, tuple] = {}
        folder = self.previous.folder
        if folder is None:  # no previous site, so nothing was kept (``usable`` said so)
            return kept
        for path, key in self.keys.items():
            target = folder / path if self.patching else self.staging / path
            if not self.patching:
                storage.link_new(folder / path, target)
            kept[path] = page_entry(key, target)
        return kept
