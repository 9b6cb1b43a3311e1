"""The search index, built beside the pages: Pagefind driven from a process of its own.

The pages are rendered while it indexes the shards that changed
(``search_plan``); its files go into the same staging folder, each kept
from the previous site when its bytes are unchanged. The shards' briefings
are sent one shard at a time, as it takes them (a thread of the parent waits
on the pipe): it never holds a copy of the archive.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import storage
from .cache import PreviousSite
from .cache.manifest import page_entry
from .cache.site_pages import EntriesOf, entries_among
from .errors import SearchFailed, describe
from .page_reuse import kept_shards, search_files
from .pagefind_service import get_executable
from .records import search_record
from .refs import Resolver
from .search import INDEX_FORMAT, clean_record, index_shards, pagefind_version
from .search_plan import ShardOrder, plan_shards, shards_file, shown
from .workers import SEARCH_NICENESS, become_worker, give_back_free_memory, step_back

SENDER = "search shards sender"
RECEIVER = "search answer receiver"
# The most shards an edit indexes again: its own, rarely a neighbour (``search_shards``).
EDITS_SHARDS = 2


@dataclass(frozen=True)
class SearchWork:
    """What the search worker is asked to do: index the shards sent after it (key,
    briefings) with the records ``registry`` makes of them, and write them with
    Pagefind's code and ``listing`` (``shards.json``) into ``staging``; ``current``:
    every shard's key."""

    registry: Any
    listing: bytes
    current: list[str]
    root: Path
    flavour: str
    staging: Path
    previous: PreviousSite
    patching: bool
    indexing: int  # how many shards are sent to index


class SearchWorker:
    """A process forked before the archive is loaded, so it shares none of the parent's
    growing heap (no copy-on-write slowing the parent down while both run), that waits
    for the shards to index. Pagefind is started from it: no other process (forked from
    the parent) inherits Pagefind's pipes, which would keep it from seeing its input end.
    """

    def __init__(self, ahead: bool = False) -> None:
        """``ahead``: forked well before a build asks (by a build server's standby), it
        finds Pagefind while it waits, not on an edit's way to its search answer."""
        self.ahead = ahead
        context = multiprocessing.get_context("fork")
        self.requests, self.request_end = context.Pipe(duplex=False)
        self.answers, self.answer_end = context.Pipe(duplex=False)
        self.process = context.Process(target=self.serve, daemon=True)
        self.sender: threading.Thread | None = None
        self.unsent: Exception | None = None  # why the shards could not all be sent
        self.receiver: threading.Thread | None = None  # takes the answer as soon as it is sent
        self.answer: dict[str, tuple] | str = "the search index process stopped unexpectedly"
        self.process.start()
        self.requests.close()  # the parent only asks and hears: the ends it keeps see the worker end
        self.answer_end.close()

    def serve(self) -> None:
        become_worker()
        self.request_end.close()  # so that the parent closing its end reads as "nothing to do"
        self.answers.close()
        if self.ahead:
            get_executable()
        try:
            work = self.requests.recv()
        except EOFError:  # the build stopped before it asked for anything
            return
        if work.patching and work.indexing <= EDITS_SHARDS:  # an edit's build
            step_back(SEARCH_NICENESS)  # Pagefind, started from here, with it
        answer: dict[str, tuple] | str
        try:
            answer = write_files(index_work(work, self.requests.recv), work.staging, work.previous, work.patching)
        except BaseException as error:  # reported in the parent, whatever it was
            answer = describe(error) or type(error).__name__
        self.answer_end.send(answer)

    def ask(
        self,
        archive,
        include_drafts: bool,
        code: str,
        previous: Callable[[], PreviousSite],
        staging: Path,
        patching: bool,
        registry: str,
        order: ShardOrder | None = None,
    ):
        """Ask for the shards whose briefings changed to be indexed into ``staging``: (the
        kept shards' files' manifest entries, how many briefings go to Pagefind; ``registry``:
        the registry's ``site_digests.data_digest``; ``previous()``: the previous site's
        search files, asked for once the shards are planned, as the renderer's process may
        still be looking at them, ``staging.search_files_moved``; ``order``: where the shards
        are cut, when known, ``search_plan.ShardOrder``)."""
        salt = f"{INDEX_FORMAT}\0{pagefind_version()}\0{code}\0{registry}"
        shards = plan_shards(shown(archive.briefings, include_drafts, order), archive.content_keys, salt, order)
        files_of, pagefind_code = search_files(previous_site := previous())
        kept_files, to_index = kept_shards(shards, previous_site, files_of)
        kept: Mapping[str, tuple] = EntriesOf(kept_files, previous_site.pages)  # a patch needs their outputs alone
        if not patching:  # a whole new site: the kept shards are linked into it
            kept = linked(kept_files, previous_site, staging)
        # Only Pagefind's own files may be kept as they were: a shard indexed again is a new folder.
        own = replace(previous_site, pages=pagefind_code)
        work = SearchWork(
            archive.registry,
            shards_file(shards),
            [shard.key for shard in shards],
            Path(archive.root),
            "preview" if include_drafts else "published",
            staging,
            own,
            patching,
            len(to_index),
        )
        self.request_end.send(work)
        self.start_sending([(shard.key, shard.briefings) for shard in to_index])
        return kept, sum(len(shard.briefings) for shard in to_index)

    def start_sending(self, shards: list[tuple[str, tuple]]) -> None:
        """The shards sent, and the answer taken as soon as it comes, each by a thread of its own."""
        self.sender = threading.Thread(target=self.send_shards, args=(shards,), name=SENDER, daemon=True)
        self.sender.start()
        self.receiver = threading.Thread(target=self.receive, name=RECEIVER, daemon=True)
        self.receiver.start()

    def send_shards(self, shards: list[tuple[str, tuple]]) -> None:
        """Each shard, then None; a send waits while the worker has not taken the last one.
        A shard that cannot be sent (a kept briefing found damaged as it is pickled) ends
        the requests, so the worker stops, and ``result`` raises its error."""
        try:
            for shard in shards:
                self.request_end.send(shard)
            self.request_end.send(None)
        except (OSError, ValueError):  # the worker is gone: ``result`` says why
            pass
        except Exception as error:
            self.unsent = error
            self.request_end.close()

    def receive(self) -> None:
        """The worker's answer, taken as soon as it is sent, so that the worker ends then and
        not when the pages are all written (it held ~180 MB to the end at 100,000 briefings)."""
        try:
            self.answer = self.answers.recv()
        except (EOFError, OSError):  # the worker stopped before it answered: its default says so
            pass

    def result(self) -> dict[str, tuple]:
        """The search files' manifest entries; raises SearchFailed with the worker's message."""
        if self.receiver is not None:  # asked for (``ask``): else the default answer says it stopped
            self.receiver.join()
        answer = self.answer
        if self.unsent is not None:
            raise self.unsent
        if isinstance(answer, str):
            raise SearchFailed(answer)
        return answer

    def stop(self) -> None:
        if self.sender is not None:
            if self.sender.is_alive():  # stopped before the worker took every shard
                self.process.terminate()
            self.sender.join()
        self.request_end.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        if self.receiver is not None:
            self.receiver.join()  # the worker gone, its end of the pipe is closed: it returns


def linked(files: frozenset[str], previous: PreviousSite, staging: Path) -> dict[str, tuple]:
    """The previous site's ``files`` hard-linked into a new site's staging folder."""
    if previous.folder is None:  # no previous site: nothing was kept
        return {}
    for path in files:
        storage.link_new(previous.folder / path, staging / path)
    return {path: page_entry(entry[0], staging / path) for path, entry in entries_among(previous.pages, files).items()}


def index_work(work: SearchWork, receive: Callable[[], Any]):
    return index_shards(
        shard_records(receive, Resolver(work.registry)), work.listing, work.current, work.root, work.flavour
    )


def shard_records(receive: Callable[[], Any], resolver: Resolver) -> Iterator[tuple[str, list[dict]]]:
    """Each shard's records, its briefings received when Pagefind takes the shard (until
    None): the worker holds a few shards' briefings and records, not the archive's."""
    while (shard := receive()) is not None:
        key, briefings = shard
        yield key, [clean_record(search_record(b, resolver)) for b in briefings]
        give_back_free_memory()


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
