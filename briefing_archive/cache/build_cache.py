"""The one thing a build asks about what earlier builds left behind, and tells what to keep."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import storage
from ..layout import BUILD_INPUTS, CACHE
from . import fingerprints
from .digest_changes import KeptDigests
from .item_places import PlacesCache, places_cache
from .journal import journal_file
from .manifest import (
    NewPages,
    PreviousSite,
    SiteReader,
    manifest_file,
    pages_in,
    previous_site_of,
    read_manifest,
    site_unchanged,
    write_manifest,
)
from .memo import Memo, MemoShards
from .page_reads import PageReads, read_page_reads, reads_file, write_page_reads
from .warm_state import OpenedState, WarmState, WarmStates

if TYPE_CHECKING:
    from .template_code import TemplateCode


class BuildCache:
    """What builds of the archive at ``root`` into ``out`` remember between runs.

    Open one per build, before anything is read. It answers whether ``out`` is
    already the site these inputs make (``unchanged_site``), holds the parses
    remembered by content (``parses``) and the previous site's pages that may
    be linked rather than made again (``previous_site``), and is told what the
    new site holds (``remember_site``) and when the build went through
    (``remember_inputs``). Damaged or foreign cache files are misses, never
    failures; a build stopped by errors leaves the cache as it was.
    """

    def __init__(self, root: Path, out: Path, templates_dir: Path, include_drafts: bool):
        self.root, self.out = Path(root), Path(out)
        storage.wait_for_bookkeeping(self.root / CACHE)  # an earlier build's, when a process of its own finishes it
        self.templates_dir, self.include_drafts = Path(templates_dir), include_drafts
        self.code = fingerprints.code_digest()
        self.parses = MemoShards(self.root, self.code)
        self.warm = WarmStates(self.root, self.code, include_drafts)
        self.manifest_path = manifest_file(self.root, self.out)
        self.inputs = ""
        self.prints: dict = {}  # the inputs' content prints, once ``unchanged_site`` took them
        self.new_prints = False
        self.restamped: frozenset[str] | None = None  # the inputs stamped anew since the last build (None: not known)
        self.listing: fingerprints.StampsAndListing | None = None  # taken by ``unchanged_site``
        self.reads_ahead: Future[PageReads] | None = None  # ``page_reads`` being read (``read_ahead``)
        self.set_aside: list = []  # ``set_aside_until_done``

    def set_aside_until_done(self, *used: object) -> None:
        """Objects a build is done with, let go with this cache (a ``build.py`` process holds
        it to its end) rather than now, one by one: freeing the kept state's archive part
        took ~12 ms of an edit's build at 30,000 briefings. A build that makes most pages
        lets go of them at once (``let_go``): its memory peaks later."""
        self.set_aside.extend(used)

    def let_go(self) -> None:
        self.set_aside.clear()

    @functools.cached_property
    def manifest(self) -> dict:
        """The last build's manifest, read when first asked for: after a build has forked the
        processes beside it (``pipeline.build_once``), so that walking it is no copy-on-write;
        its head only when other code made that site."""
        return read_manifest(self.manifest_path, self.code)

    def made_site_here(self) -> bool:
        """Whether an earlier build wrote a site into ``out`` (one by an older version has no mark)."""
        return bool(self.manifest.get("pages") or self.manifest.get("site_made"))

    def unchanged_site(self, moved: Callable[[PreviousSite], frozenset[str] | None] | None = None) -> int | None:
        """The number of pages when ``out`` already holds the site these inputs make, else None
        (``moved``: the previous site's files that moved, as another process found them,
        ``PageRenderer.moved``).

        The files' bytes are read only where their stamps differ from the last build's, so
        a touched but unchanged file is no change (and its new stamp is remembered).
        """
        known = fingerprints.read_prints(self.root)  # while the walk begun ahead goes on (0.08 s at 100,000)
        # The kept state's first part read while the walk begun ahead goes on, once it found a
        # file changed: the build reads it next anyway (one that finds nothing changed lets it go).
        self.listing = fingerprints.stamps_and_listing(self.root, self.templates_dir, self.warm.open_ahead)
        self.inputs, self.prints, self.new_prints, self.restamped = fingerprints.inputs_digest(
            self.root, self.templates_dir, self.include_drafts, self.code, self.listing, known
        )
        # Asked only when no input changed.
        found_moved = (lambda: moved(self.previous_site())) if moved is not None else None
        unchanged = site_unchanged(self.manifest, self.out, self.inputs, found_moved)
        if unchanged is not None:
            self.warm.let_go_ahead()
            self.remember_inputs()  # a file touched but unchanged: its new stamp
        return unchanged

    def hold_for_next_build(self) -> None:
        """Read now, into objects no build used, what the next build of this archive into
        ``out`` reads first: the manifest, the inputs' prints, the page reads (with their
        journals) and the kept state. That build takes each while its file is the one read
        (``storage.hold_pickles``, ``WarmStates.read_ahead``): a build server does this
        between builds, while the editor edits."""
        reads = reads_file(self.manifest_path)
        storage.hold_pickles([*self.manifest_files(), reads, journal_file(reads), self.root / fingerprints.PRINTS_FILE])
        self.warm.read_ahead()

    def manifest_files(self) -> list[Path]:
        """The files the previous site is read from (``previous_site_reader``)."""
        return [self.manifest_path, journal_file(self.manifest_path)]

    def take_listing(self) -> fingerprints.StampsAndListing | None:
        """The briefings as ``unchanged_site`` listed them, let go of here: only a build that
        loads the changed briefings alone reads them, once (17 MB at 30,000 briefings, held
        to the end of every build before)."""
        listing, self.listing = self.listing, None
        return listing

    def previous_site(self) -> PreviousSite:
        """The site in ``out`` and its pages' keys (none when other code made them)."""
        return previous_site_of(self.manifest, self.out)

    def pages_among(self, files: Mapping[str, tuple]) -> int | None:
        """How many of the previous site's ``files`` are pages, as its manifest says (None:
        they are not that manifest's files)."""
        return pages_in(self.manifest) if files is self.manifest.get("pages") else None

    def previous_site_reader(self) -> SiteReader:
        """What reads ``previous_site`` anew (in a process of its own: ``PageRenderer``)."""
        return SiteReader(self.manifest_path, self.out, self.code)

    def item_places(self) -> PlacesCache:
        """Where the items of this site's JSON lists lie in its files."""
        return places_cache(self.root, self.out, self.code)

    def template_code(self) -> TemplateCode:
        """Where the templates are kept compiled between builds (Jinja's: imported only by a
        process that renders)."""
        from .template_code import TemplateCode

        return TemplateCode(self.root, self.code)

    def shares(self, shared: str) -> bool:
        """Whether the previous site was made under the same ``shared`` key (code, templates,
        registry, settings): if not, every page is made again."""
        return bool(shared) and self.manifest.get("token", "").startswith(f"{shared}|")

    @functools.cached_property
    def page_reads(self) -> PageReads:
        """What each page of the previous site read (empty when that build did not finish),
        read when first asked for (loading and planning both ask) unless read ahead."""
        return self.reads_ahead.result() if self.reads_ahead is not None else self.read_page_reads()

    def read_page_reads(self) -> PageReads:
        return read_page_reads(reads_file(self.manifest_path), self.code, self.manifest.get("token", ""))

    def read_ahead(self) -> None:
        """Have ``page_reads`` read in a thread of its own, once the build knows it has work
        to do: this one waits on the way for the renderer's look at the site's search files
        (0.04 to 0.1 s of a one-edit build at 30,000 briefings), the reads' 0.1 s spent there."""
        if self.reads_ahead is None:
            reader = ThreadPoolExecutor(1, thread_name_prefix="page-reads")
            self.reads_ahead = reader.submit(self.read_page_reads)
            reader.shutdown(wait=False)

    def remember_site(
        self,
        pages: NewPages,
        reads: PageReads,
        before: PageReads | None = None,
        changed: dict | None = None,
        kept: KeptDigests | None = None,
    ) -> None:
        """The manifest of the site just put in place, and what its pages read (as changes
        to the manifest read at the start, and to the reads ``before`` (``changed``: their
        digests' changes), while they are few; ``kept``: the state their digests are changes to)."""
        reads.token = f"{reads.shared}|{secrets.token_hex(8)}"
        write_page_reads(reads_file(self.manifest_path), reads, before, changed, kept)
        head = (self.inputs, self.code, reads.token)
        write_manifest(self.manifest_path, pages, *head, self.manifest)

    def remember_inputs(self) -> None:
        """Keep the file hashes this build read (only once it went through)."""
        if self.new_prints:
            fingerprints.save_prints(self.root, self.prints)
            self.new_prints = False

    def archive_prints(self) -> dict[str, tuple]:
        """The archive's inputs' content prints (path → time, size, …, hash) as
        ``unchanged_site`` took them, before anything was loaded."""
        return self.prints.get("archive", {})

    def warm_state(self) -> AbstractContextManager[OpenedState | None]:
        """The archive the last build of this kind (drafts or not) was made from, its views
        read when asked for (``OpenedState``)."""
        return self.warm.opened()

    def state_token(self) -> bytes:
        """The token of the state ``remember_state`` keeps (``WarmStates.token``)."""
        return self.warm.token

    def recent_parses(self) -> Memo:
        """A memo holding the parses and checks of the briefings the last build read
        (``WarmStates.recent_parses``)."""
        return Memo(self.warm.recent_parses())

    def keep_recent_parses(self, memo: Memo) -> None:
        """Keep what ``memo`` (from ``recent_parses``) made or took, when it changed."""
        if memo.changed:
            self.warm.keep_recent_parses(memo.new)

    def forget_state(self) -> None:
        """Drop the kept state (found damaged): the next build loads the archive whole."""
        self.warm.forget()

    def pack_state(self, archive):
        """``archive`` with its briefings packed for ``remember_state`` to keep
        (``WarmStates.pack``): their bodies read from the packed file from now on."""
        return self.warm.pack(archive)

    def lightened_early(self, archive):
        """``archive``, its packed briefings as ``lighten_state`` will keep them (``WarmStates.lightened_early``)."""
        return self.warm.lightened_early(archive)

    def lighten_state(self, archive, made, early=None) -> tuple:
        """``archive`` and ``made`` as ``remember_state`` is to keep them, their packed
        briefings' other fields read from the packed file from now on too (``WarmStates.lighten``;
        ``early``: ``lightened_early``'s archive, whose briefings it keeps)."""
        return self.warm.lighten(archive, made, early)

    def remember_state(self, archive, made, claims: dict) -> None:
        """Keep what this build was made from for the next to update; a file that changed
        since ``unchanged_site`` printed it is left out (the next build reads it again)."""
        prints = still_read(self.archive_prints(), storage.stamps(self.root, list(BUILD_INPUTS)))
        hashes = dict(zip(prints, map(storage.HASH_OF_PRINT, prints.values()), strict=True))
        del prints  # let go before the state is written: 30 MB at 100,000
        self.warm.save(WarmState(hashes, archive, made, claims))


def still_read(prints: dict[str, tuple], stamps_now: dict[str, tuple]) -> dict[str, tuple]:
    """The prints whose files still have the stamps they had when printed: a file changed
    since (while the build read it) is left out, so the next build reads it again."""
    return {path: prints[path] for path in storage.still_stamped(prints, stamps_now)}
