"""What each page of the previous site read, and the digests of what it read then.

A page whose reads all have the digest they had is the page it was: it is kept
as it is, without making its context (``reads``, ``site_digests``). Reads are
kept as numbers into a table of (part, key) pairs, so 30,000 pages reading
hundreds of things each pickle as arrays, not as millions of tuples.

The file carries a token the manifest of the same build carries too: reads
written by a build that did not finish (its manifest not written) are not used.
"""

from __future__ import annotations

import pickle
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from .. import storage
from ..layout import CACHE

READS_FOLDER = f"{CACHE}/reads"


@dataclass
class PageReads:
    """``shared``: the key every page depends on (code, templates, registry, settings);
    ``digests``: part → key → digest; ``table``: the (part, key) of each read number;
    ``pages``: output → its read numbers."""

    shared: str = ""
    digests: dict = field(default_factory=dict)
    table: list = field(default_factory=list)
    pages: dict[str, array] = field(default_factory=dict)
    token: str = ""

    def unchanged_pages(self, shared: str, digests: dict, numbered: ReadNumbers) -> set[str]:
        """The pages whose every read has the same digest in ``digests`` as it had
        (``numbered``: this table's numbers, made once a build)."""
        if shared != self.shared or not self.pages:
            return set()
        numbers = numbered.numbers
        changed = {
            numbers[(part, key)]
            for part in self.digests.keys() | digests.keys()
            for key, _ in self.digests.get(part, {}).items() ^ digests.get(part, {}).items()
            if (part, key) in numbers
        }
        return {output for output, reads in self.pages.items() if changed.isdisjoint(reads)}

    def numbered(self) -> ReadNumbers:
        return ReadNumbers(self.table)


class ReadNumbers:
    """Numbers for reads: the old table's, and new ones after it."""

    def __init__(self, table: list):
        self.table = list(table)
        self.numbers = {read: number for number, read in enumerate(self.table)}

    def of(self, reads) -> array:
        numbers = array("I")
        for read in reads:
            number = self.numbers.get(read)
            if number is None:
                number = self.numbers[read] = len(self.table)
                self.table.append(read)
            numbers.append(number)
        return numbers


def compacted(table: list, pages: dict[str, array]) -> tuple[list, dict[str, array]]:
    """The table without reads no page makes any more (they pile up edit after edit)."""
    live = sorted(set().union(*pages.values())) if pages else []
    if len(live) * 2 > len(table):
        return table, pages
    renumber = {old: new for new, old in enumerate(live)}
    return [table[old] for old in live], {
        output: array("I", map(renumber.__getitem__, r)) for output, r in pages.items()
    }


def reads_file(manifest_path: Path) -> Path:
    """Beside the manifest, one per output folder."""
    return Path(manifest_path).parent.parent / "reads" / Path(manifest_path).name


def read_page_reads(path: Path, code: str, token: str) -> PageReads:
    saved = storage.read_pickle(path)
    if not isinstance(saved, PageReads) or not token or saved.token != token or not saved.shared.startswith(code):
        return PageReads()
    return saved


def write_page_reads(path: Path, reads: PageReads) -> None:
    table, pages = compacted(reads.table, reads.pages)
    kept = PageReads(reads.shared, reads.digests, table, pages, reads.token)
    storage.write_cache(path, pickle.dumps(kept, protocol=5))
