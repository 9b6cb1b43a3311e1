"""The site manifest: what the previous build put in the site, and from what.

One per output folder: its pages ({output: (key, file identity)}, kept in
columns: ``site_pages``), the digests of the inputs and stamps it was built
from, and the code that built it. A page whose key is unchanged is hard-linked
from the previous site rather than rendered again; the identity (inode, size,
mtime) proves the file there is still the one that build wrote.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import chain, filterfalse
from pathlib import Path

from .. import storage
from ..layout import CACHE
from .journal import REBASE_AT, Changes, Journal, changes_up_to, read_journal, write_base, write_journal
from .page_columns import merged_columns, page_columns
from .site_pages import SitePages, entries_among, identities_in

MANIFEST_FORMAT = 3
MANIFEST_FOLDER = f"{CACHE}/pages"


def manifest_file(root: Path, out: Path) -> Path:
    """One manifest per output folder (build.py's site/, MkDocs' site_dir, …)."""
    name = hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()
    return Path(root) / MANIFEST_FOLDER / f"{name}.pickle"


def read_manifest(path: Path, code: str | None = None) -> dict:
    """The previous build's manifest, its journal applied (``journal``: what it was read
    from); empty (render everything) when missing or unreadable. When ``code`` is not the
    code that made the site, its head only (``of_other_code``)."""
    manifest = storage.read_pickle(path)
    if not (isinstance(manifest, dict) and manifest.get("format") == MANIFEST_FORMAT):
        return {}
    try:
        pages = SitePages.read_back(manifest.get("pages"))
        base, size = manifest.get("journal_base", ""), len(pages)
        head, sections = read_journal(path, base) or ({}, {})
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
    changed = sections.get("pages", Changes())
    manifest.update(head, pages=pages.with_changes(changed.changed, changed.removed) if changed else pages)
    manifest["journal"] = Journal(base, size, sections)
    return manifest if code is None or manifest.get("code") == code else of_other_code(manifest)


def of_other_code(manifest: dict) -> dict:
    """The head of a manifest whose pages other code made: none of them is reused, and
    held, they would cost a build ~135 MB at 100,000 briefings only to tell there is a site."""
    head = {key: manifest[key] for key in ("format", "inputs", "code", "token") if key in manifest}
    return head | {"pages": {}, "site_made": bool(manifest["pages"])}


PAGE_SUFFIX = ".html"  # the site's files that are pages (the others: feeds, JSON lists, search files)


def count_pages(outputs: Iterable[str]) -> int:
    return sum(output.endswith(PAGE_SUFFIX) for output in outputs)


def pages_in(manifest: dict) -> int:
    """How many of a manifest's files are pages: as its head says, else counted."""
    known = manifest.get("html_pages")
    return known if isinstance(known, int) else count_pages(manifest.get("pages", {}))


@dataclass(frozen=True)
class NewPages:
    """The pages of the site a build just made: the ``kept`` outputs with their entries in the
    manifest it began with (``before``), and the ``fresh`` entries (over any kept one). No
    dict of every entry is made unless a new base is written: gathering the entries of the
    72,000 pages kept at 30,000 briefings, merging them with the rest and comparing their
    keys with the old took ~45 ms of an edit's build."""

    before: Mapping[str, tuple]
    kept: set[str] | frozenset[str]
    fresh: dict[str, tuple]
    # How many of ``before``'s files are pages, when known (``pages_in``): the count of these
    # is then made from the few outputs gone and added (counting all took ~30 ms at 30,000).
    before_pages: int | None = None

    @functools.cached_property
    def gone(self) -> frozenset[str]:
        """The outputs of ``before`` these pages no longer have."""
        return frozenset(filterfalse(self.fresh.__contains__, filterfalse(self.kept.__contains__, self.before)))

    def __len__(self) -> int:
        return len(self.kept) - len(self.kept.intersection(self.fresh)) + len(self.fresh)

    @functools.cached_property
    def page_count(self) -> int:
        """How many of these files are pages (``PAGE_SUFFIX``)."""
        if self.before_pages is None:
            return count_pages(output for output in self.kept if output not in self.fresh) + count_pages(self.fresh)
        added = set(self.fresh).difference(self.before)  # walked, not looked up: all after a template edit
        return self.before_pages - count_pages(self.gone) + count_pages(added)

    def whole(self) -> dict[str, tuple]:
        """output → entry of every page."""
        return dict(self.whole_items())

    def whole_items(self) -> Iterator[tuple[str, tuple]]:
        """``whole``'s items: the kept pages' (from ``before``'s columns in one pass, when
        it has them), then the fresh ones."""
        kept, before = self.kept.difference(self.fresh), self.before
        found = before.among(kept) if isinstance(before, SitePages) else ((output, before[output]) for output in kept)
        return chain(found, self.fresh.items())

    def changes_from(self, before: Mapping[str, tuple], most: int) -> Changes | None:
        """What turns ``before`` into these pages (None past ``most`` changed entries): the
        fresh entries alone compared when it is the manifest they were kept from."""
        if before is not self.before:
            return changes_up_to(most, before, self.whole())
        return changes_up_to(most, before, self.fresh, gone=self.gone)


def write_manifest(
    path: Path,
    pages: dict[str, tuple] | NewPages,
    inputs: str = "",
    code: str = "",
    token: str = "",
    before: dict | None = None,
    fresh: dict | None = None,
) -> None:
    """``inputs``: the hash of everything the build read; ``code``: of the code that rendered
    the pages; ``token``: the one its pages' reads were kept with (``page_reads``). Written
    as a journal of the manifest ``before`` (as ``read_manifest`` gave it) while that holds
    few changes; ``fresh``: the entries of ``pages`` not ``before``'s own, when known (the
    others are not compared; ``NewPages`` know their own)."""
    count = pages.page_count if isinstance(pages, NewPages) else count_pages(pages)
    head = {"format": MANIFEST_FORMAT, "inputs": inputs, "code": code, "token": token, "html_pages": count}
    journal: Journal = (before or {}).get("journal", Journal())
    if journal.base and before is not None:
        since = page_changes(before["pages"], pages, fresh, most=journal.size // REBASE_AT)
        sections = journal.then({"pages": since}) if since is not None else None
        if sections is not None and journal.follows(sections):
            write_journal(path, journal.base, head, sections)
            return
    if isinstance(pages, NewPages) and isinstance(pages.before, SitePages):
        whole = merged_columns(pages.before, pages.kept, pages.fresh)
    else:
        whole = page_columns(pages.whole_items() if isinstance(pages, NewPages) else pages.items())
    write_base(path, head | {"pages": whole}, shares=False)


def page_changes(
    before: Mapping[str, tuple], pages: dict[str, tuple] | NewPages, fresh: dict | None, most: int
) -> Changes | None:
    """What turns ``before`` into ``pages``; None past ``most`` changed entries."""
    if isinstance(pages, NewPages):
        return pages.changes_from(before, most)
    return changes_up_to(most, before, pages, fresh)


def site_unchanged(
    manifest: dict, out: Path, inputs: str, moved: Callable[[], frozenset[str] | None] | None = None
) -> int | None:
    """The number of pages when ``out`` is what the last build made from these same
    inputs (its ``manifest``'s digest of them equal to ``inputs``, and every file still
    the one written), else None. ``moved()``: the files of the site that are no longer
    the ones written, as another process found them (``PageRenderer.moved``; None: it did
    not, and each file is looked at here)."""
    if not inputs or manifest.get("inputs") != inputs:
        return None
    pages = manifest.get("pages", {})
    if not pages:
        return None
    found_moved = moved() if moved is not None else None
    if found_moved is None:
        unchanged = not storage.changed_identities(Path(out).resolve(), identities_in(pages))
    else:
        unchanged = not found_moved
    return pages_in(manifest) if unchanged else None


def page_entry(key: str, written: Path) -> tuple:
    """A new manifest's entry for a file just written (or linked) at ``written``."""
    return (key, storage.identity(written))


@dataclass(frozen=True)
class PreviousSite:
    """The site a new one replaces: its ``folder`` (None when there is none) and the
    manifest's ``pages`` (empty when other code made them: nothing is reused).
    Read by the page writer and the search process, which inherits it."""

    folder: Path | None
    pages: Mapping[str, tuple]  # output → (key, identity): a dict, or the columns a manifest is read as
    moved: frozenset[str] | None = None  # its files no longer the ones written (None: not looked at)
    token: str = ""  # the manifest's: which build's site it is (a process reading it too tells them apart)

    def find_moved(self) -> frozenset[str]:
        """The files that are no longer the files its build wrote (edited, replaced or gone)."""
        if self.folder is None:
            return frozenset()
        return frozenset(storage.changed_identities(self.folder, identities_in(self.pages)))

    def unmoved(self, outputs: Iterable[str]) -> list[str]:
        """Those of ``outputs`` whose files are still the ones its build wrote (looked at
        now unless ``moved`` is known)."""
        if self.folder is None:
            return []
        if self.moved is not None:
            return [output for output in outputs if output in self.pages and output not in self.moved]
        return still_written(self.folder, {output: self.pages[output] for output in outputs if output in self.pages})

    def unmoved_among(self, outputs: set[str]) -> frozenset[str]:
        """``unmoved`` of a set of outputs, as set operations when ``moved`` is known (a
        rebuild asks it of every page of the site), their entries found in one pass else."""
        if self.folder is None:
            return frozenset()
        if self.moved is None:
            return frozenset(still_written(self.folder, entries_among(self.pages, outputs)))
        # The pages walked, each output hashed once (looked up in columns, each takes ~0.8 µs)
        found = outputs.intersection(self.pages)
        found -= self.moved
        return frozenset(found)

    def all_unmoved(self, outputs: list[str]) -> bool:
        """Whether the files of ``outputs`` (all of them its own) are the ones its build wrote."""
        if self.moved is not None and self.folder is not None:
            return self.moved.isdisjoint(outputs)
        return len(self.unmoved(outputs)) == len(outputs)

    def reusable(self, output: str, key: str) -> Path | None:
        """The previous site's file for ``output`` when it was made from the same ``key``
        and is still the file that build wrote: link it instead of making it again."""
        old = self.pages.get(output)
        if self.folder is None or not old or old[0] != key or not self.unmoved([output]):
            return None
        return self.folder / output

    def had(self, output: str, key: str) -> bool:
        """Whether the previous site's ``output`` was made from the same ``key``."""
        old = self.pages.get(output)
        return bool(old and old[0] == key)


def still_written(folder: Path, entries: Mapping[str, tuple]) -> list[str]:
    """Those of these entries' outputs whose files under ``folder`` are the ones written, looked at now."""
    found = storage.identities(folder, entries)
    return [output for output, entry in entries.items() if found[output] == entry[1]]


def previous_site_of(manifest: dict, out: Path) -> PreviousSite:
    """The site in ``out`` as its ``manifest`` says (read under this code: no pages when other
    code made them, ``read_manifest``)."""
    folder = Path(out).resolve()
    return PreviousSite(
        folder if storage.is_folder(folder) else None, manifest.get("pages", {}), token=manifest.get("token", "")
    )


@dataclass(frozen=True)
class SiteReader:
    """What reads the previous site (``previous_site_of`` the manifest at ``path``) when
    called, in whichever process it is sent to; equal to another reading the same."""

    path: Path
    out: Path
    code: str

    def __call__(self) -> PreviousSite:
        return previous_site_of(read_manifest(self.path, self.code), self.out)
