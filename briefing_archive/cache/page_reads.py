"""What each page of the previous site read, and the digests of what it read then.

A page whose reads all have the digest they had is the page it was: it is kept
as it is, without making its context (``reads``, ``site_digests``). Reads are
kept as numbers into a table of (part, key) pairs (``read_table``), so 30,000 pages
reading hundreds of things each pickle as one array, not as millions of tuples.

The file carries a token the manifest of the same build carries too: reads
written by a build that did not finish (its manifest not written) are not used.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from .. import storage
from ..layout import CACHE
from .digest_changes import KeptDigests, between_builds, compared, since
from .digest_columns import with_changes_applied
from .journal import Changes, Journal, changes, read_journal, write_base, write_journal
from .key_numbers import NumberedKeys
from .read_table import PageNumbers, Readers, ReadNumbers, ReadTable, compacted, readers_of

READS_FOLDER = f"{CACHE}/reads"
READS_FORMAT = 5


@dataclass
class PageReads:
    """``shared``: the key every page depends on (code, templates, registry, settings);
    ``digests``: part → key → digest; ``table``: the (part, key) of each read number;
    ``pages``: output → its read numbers; ``readers``: which pages read each number,
    as the base they were read from had it, but for the pages changed since (``stale``).
    Their digests may be kept instead as those of the kept state whose token is
    ``digests_from`` with the changes ``since_kept`` (``digest_changes``), that state's
    digests in a file of their own beside (``load_kept``, read only when needed)."""

    shared: str = ""
    digests: dict = field(default_factory=dict)
    table: ReadTable = field(default_factory=ReadTable)
    pages: Mapping[str, array] = field(default_factory=dict)
    token: str = ""
    journal: Journal = field(default_factory=Journal, compare=False, repr=False)  # what they were read from
    readers: Readers | None = field(default=None, compare=False, repr=False)
    digests_from: bytes = b""
    since_kept: dict[str, Changes] = field(default_factory=dict)
    kept_file: bytes = field(default=b"", compare=False, repr=False)  # the token of the digests file beside
    load_kept: Callable[[], dict | None] | None = field(default=None, compare=False, repr=False)

    def digest_changes(
        self, digests: dict, kept: KeptDigests | None = None, kept_since: dict[str, Changes] | None = None
    ) -> dict[str, Changes] | None:
        """Part by part, what turns these reads' digests into ``digests``; None when that is
        not known. Kept as changes to a kept state's: from the changes since ``kept`` (the
        state this build was made from, when it is theirs: ``kept_since``, what turns its
        digests into ``digests``), else from that state's digests kept beside them."""
        if not self.digests_from:
            return compared(self.digests, digests)
        if kept is not None and kept_since is not None and kept.token == self.digests_from:
            return between_builds(kept.digests, self.since_kept, kept_since, digests)
        loaded = self.load_kept() if self.load_kept is not None else None
        if loaded is None:
            return None
        return between_builds(loaded, self.since_kept, since(loaded, digests), digests)

    def unchanged_pages(
        self, shared: str, changed: dict[str, Changes] | None, among: AbstractSet[str] | None = None
    ) -> set[str]:
        """The pages none of whose reads ``changed`` (``digest_changes``; None: not known)
        under the same ``shared`` key; of ``among`` alone when given (one pass over the
        pages, not a set of them all and then another of those among)."""
        if shared != self.shared or not self.pages or changed is None:
            return set()
        number = self.table.number
        reads = {
            found
            for part, changes in changed.items()
            for key in [*changes.changed, *changes.removed]
            if (found := number((part, key))) is not None
        }
        pages = self.pages
        if among is None:
            unchanged = pages.key_set() if isinstance(pages, PageNumbers) else set(pages)
        else:
            unchanged = pages.key_set(among) if isinstance(pages, PageNumbers) else set(among & pages.keys())
        unchanged -= self.pages_reading(reads)
        return unchanged

    @property
    def stale(self) -> frozenset:
        """The pages changed since the base whose ``readers`` these are (by a journal)."""
        pages = self.pages
        return frozenset(pages.changed.keys() | pages.removed) if isinstance(pages, PageNumbers) else frozenset()

    def pages_reading(self, numbers: set[int]) -> set[str]:
        """The pages that read any of ``numbers``: the base's readers of them, but the
        pages changed since, which are asked themselves."""
        if self.readers is None:
            return {output for output, page_reads in self.pages.items() if not numbers.isdisjoint(page_reads)}
        stale = self.stale
        found = self.readers.reading(numbers) - stale
        found.update(output for output in stale & self.pages.keys() if not numbers.isdisjoint(self.pages[output]))
        return found

    def numbered(self) -> ReadNumbers:
        return ReadNumbers(self.table)


def reads_file(manifest_path: Path) -> Path:
    """Beside the manifest, one per output folder."""
    return Path(manifest_path).parent.parent / "reads" / Path(manifest_path).name


def read_page_reads(path: Path, code: str, token: str) -> PageReads:
    """The reads the build of the manifest carrying ``token`` kept, under ``code``, its
    journal applied; none (every page made again) when missing, from another build or
    code, or not as written."""
    saved = storage.read_pickle(path)
    if not (isinstance(saved, dict) and saved.get("format") == READS_FORMAT):
        return PageReads()
    try:
        head, sections = read_journal(path, saved["journal_base"]) or ({}, {})
        saved.update(head)
        if not (token and saved["token"] == token and saved["shared"].startswith(code)):
            return PageReads()
        reads = journaled(base_reads(saved), sections, saved.get("parts"))
    except (KeyError, TypeError, ValueError, AttributeError):
        return PageReads()
    reads.load_kept = functools.partial(read_kept_digests, path, reads.digests_from) if reads.digests_from else None
    return reads


def base_reads(saved: dict) -> PageReads:
    """The reads of a base file, each page's numbers cut from the one array they were kept
    in when asked for (``PageNumbers``)."""
    pages = PageNumbers(saved["outputs"], saved["ends"], saved["flat"])
    if len(pages.outputs) != len(pages.ends) or len(pages.at) != len(pages.outputs):
        raise ValueError("the reads' pages are not as written")
    table = ReadTable(saved["numbers"], saved["size"])
    size = len(pages) + len(table) + sum(map(len, saved["digests"].values()))
    journal = Journal(saved["journal_base"], size)
    readers = Readers(saved["outputs"], saved["reader_ends"], saved["readers"])
    kept = {
        key: saved.get(key, empty) for key, empty in (("digests_from", b""), ("since_kept", {}), ("kept_file", b""))
    }
    return PageReads(saved["shared"], saved["digests"], table, pages, saved["token"], journal, readers, **kept)


def journaled(reads: PageReads, sections: dict[str, Changes], parts: list | None) -> PageReads:
    """``reads`` (a base's) with a journal's ``sections`` applied (``parts``: the digests' parts then)."""
    if not sections:
        return reads
    added = sections["table"].changed
    if sorted(added) != list(range(len(reads.table), len(reads.table) + len(added))):
        raise ValueError("the journal's reads do not follow the base's table")
    reads.table = ReadTable(reads.table.by_part, reads.table.size, (added[number] for number in sorted(added)))
    reads.pages = with_changes(reads.pages, sections["pages"])
    empty = Changes()
    reads.digests = {
        part: with_changes_applied(reads.digests.get(part, {}), sections.get(f"digests/{part}", empty), in_place=True)
        for part in parts or ()
    }
    reads.journal = Journal(reads.journal.base, reads.journal.size, sections)
    return reads


def changes_since(before: PageReads, reads: PageReads, digest_changes: dict | None) -> dict[str, Changes]:
    """What turns ``before`` into ``reads``, section by section (its table only grows;
    ``digest_changes``: its digests', when known)."""
    sections = {
        "pages": page_changes(before.pages, reads.pages),
        "table": Changes({number: reads.table[number] for number in range(len(before.table), len(reads.table))}),
    }
    if not reads.digests_from:  # kept whole: their changes too
        digest_changes = compared(before.digests, reads.digests) if digest_changes is None else digest_changes
        sections.update((f"digests/{part}", part_changes) for part, part_changes in digest_changes.items())
    return sections


def write_page_reads(
    path: Path,
    reads: PageReads,
    before: PageReads | None = None,
    digest_changes: dict | None = None,
    kept: KeptDigests | None = None,
) -> None:
    """A journal of the reads ``before`` (as ``read_page_reads`` gave them; ``digest_changes``:
    from its digests to ``reads``', when known) while it holds few changes, else a new base:
    every page's read numbers end to end in one array (72,000 arrays pickled one by one
    took 0.3 s at 30,000 briefings, one 0.03 s). Reads whose digests are kept as a state's
    changes (``kept``: that state's) have its digests kept beside, in a file written with
    a new base whenever the state is not the one whose digests are there."""
    journal = before.journal if before is not None else Journal()
    same_state = kept is not None and before is not None and before.kept_file == kept.token
    alike = before is not None and (same_state if reads.digests_from else not before.digests_from)
    if before is not None and alike and journal.base and reads.table.follows(before.table):
        sections = journal.then(changes_since(before, reads, digest_changes))
        if journal.follows(sections):
            write_journal(path, journal.base, reads_head(reads), sections)
            return
    kept_file = b""
    if kept is not None and reads.digests_from:  # the state's digests beside, unless there already
        kept_file = kept.token if same_state or write_kept_digests(path, kept) else b""
    write_reads_base(path, reads, kept_file)


def kept_digests_file(path: Path) -> Path:
    return Path(path).with_suffix(".digests")


def write_kept_digests(path: Path, kept: KeptDigests) -> bool:
    """The digests of a kept state, beside the reads at ``path`` that are its changes."""
    data = {"token": kept.token, "digests": kept.digests}
    return storage.write_pickle(kept_digests_file(path), data)


def read_kept_digests(path: Path, token: bytes) -> dict | None:
    """The digests beside the reads at ``path``, when they are those of the state ``token``."""
    saved = storage.read_pickle(kept_digests_file(path))
    return saved["digests"] if isinstance(saved, dict) and saved.get("token") == token else None


def with_changes(pages: Mapping[str, array], changed: Changes) -> Mapping[str, array]:
    """``pages`` with a journal's ``changed`` pages put in and its removed ones taken out."""
    if isinstance(pages, PageNumbers):
        return pages.with_changes(changed.changed, changed.removed)
    return changed.apply(dict(pages))


def page_changes(before: Mapping[str, array], pages: Mapping[str, array]) -> Changes:
    """What turns ``before``'s pages into ``pages``: from the pages each changed in their
    base, when they share one."""
    if isinstance(before, PageNumbers) and isinstance(pages, PageNumbers):
        found = pages.changes_from(before)
        if found is not None:
            return found
    return changes(dict(before), dict(pages))


def reads_head(reads: PageReads) -> dict:
    """What a journal holds whole: the digests kept as a state's changes, or their parts."""
    head = {"shared": reads.shared, "token": reads.token}
    if reads.digests_from:
        return head | {"digests_from": reads.digests_from, "since_kept": reads.since_kept}
    return head | {"parts": sorted(reads.digests, key=str)}


def write_reads_base(path: Path, reads: PageReads, kept_file: bytes = b"") -> None:
    flat, ends = array("I"), array("Q")
    for numbers in reads.pages.values():
        flat.extend(numbers)
        ends.append(len(flat))
    table, flat = compacted(reads.table, flat)
    outputs = list(reads.pages)
    readers = readers_of(outputs, ends, flat, len(table))
    saved = {
        "format": READS_FORMAT,
        "shared": reads.shared,
        "digests": {} if reads.digests_from else reads.digests,
        "digests_from": reads.digests_from,
        "since_kept": reads.since_kept,
        "kept_file": kept_file,
        "numbers": {part: NumberedKeys.of(numbers) for part, numbers in table.parts().items()},
        "size": len(table),
        "token": reads.token,
        "outputs": outputs,
        "ends": ends,
        "flat": flat,
        "reader_ends": readers.ends,
        "readers": readers.pages,
    }
    write_base(path, saved)
