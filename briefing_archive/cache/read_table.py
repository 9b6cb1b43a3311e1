"""The numbers the page reads are kept as (``page_reads``), and which pages read each.

A build looks reads up by (part, key) and never walks the table, so the table is kept
as part → key → number: at 30,000 briefings the list of 200,000 (part, key) tuples
unpickled as fast, then took 49 ms more to index on every build. A base's parts are
written as ``key_numbers.NumberedKeys``: their keys found without a dict of each part
(an edit's build looks up ~13,000 of the 200,000, most in two parts). Reads numbered
after a base was written follow it in order (``later``), so a build never copies the base's.

Which pages read each number (``Readers``) is kept with the base too: a one-edit
build asks which pages read the few dozen reads that changed, not each of 72,000
pages whether it read one of them (``page_reuse.kept_pages``: 73–83 ms, now 41–51).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import sub

from .journal import Changes

NO_KEYS: dict = {}


class ReadTable:
    """The (part, key) read of each number: the base's (``by_part``, numbers below
    ``size``) and those numbered after them (``later``, in order). The base's dicts are
    shared by the tables made from it (``extended``) and never changed."""

    def __init__(self, by_part: dict | None = None, size: int = 0, later: Iterable = ()):
        self.by_part = {} if by_part is None else by_part
        self.size = size
        self.later = list(later)
        self.later_numbers = {read: number for number, read in enumerate(self.later, size)}
        self._base: list | None = None  # the base's reads by number, made when first asked for

    @classmethod
    def of(cls, reads: Iterable[tuple]) -> ReadTable:
        """The table numbering ``reads`` (all different) in their order."""
        by_part: dict = {}
        size = 0
        for size, (part, key) in enumerate(reads, 1):
            by_part.setdefault(part, {})[key] = size - 1
        return cls(by_part, size)

    def number(self, read: tuple) -> int | None:
        part, key = read
        found = self.by_part.get(part, NO_KEYS).get(key)
        return found if found is not None else self.later_numbers.get(read)

    def add(self, read: tuple) -> int:
        number = self.later_numbers[read] = self.size + len(self.later)
        self.later.append(read)
        return number

    def extended(self) -> ReadTable:
        """A table with these numbers, whose new ones are its own."""
        table = ReadTable(self.by_part, self.size, self.later)
        table._base = self._base
        return table

    def follows(self, before: ReadTable) -> bool:
        """Whether this table numbers every read of ``before`` as it does."""
        if len(self) < len(before):
            return False
        if self.by_part is before.by_part and self.size == before.size:
            return self.later[: len(before.later)] == before.later
        return not len(before) or self[len(before) - 1] == before[len(before) - 1]

    def parts(self) -> dict:
        """part → key → number of every read (the base's dicts copied only where later
        reads join them)."""
        merged = dict(self.by_part)
        for (part, key), number in self.later_numbers.items():
            if merged.get(part) is self.by_part.get(part):
                merged[part] = dict(self.by_part.get(part, NO_KEYS).items())
            merged[part][key] = number
        return merged

    def __len__(self) -> int:
        return self.size + len(self.later)

    def __getitem__(self, number: int) -> tuple:
        if number >= self.size:
            return self.later[number - self.size]
        if self._base is None:
            self._base = [("", "")] * self.size
            for part, keys in self.by_part.items():
                for key, at in keys.items():
                    self._base[at] = (part, key)
        return self._base[number]

    def __iter__(self) -> Iterator[tuple]:
        return (self[number] for number in range(len(self)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReadTable) and len(self) == len(other) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"ReadTable({list(self)!r})"


class ReadNumbers:
    """Numbers for reads: ``table``'s (a table's ``extended``), and new ones after it."""

    def __init__(self, table: ReadTable):
        self.table = table.extended()

    def of(self, reads) -> array:
        """The numbers of ``reads`` (a set), in order: a page that reads what it read is
        the same numbers again, not the set's order, which differs from process to process
        (str hashes): a template edit's 72,000 pages at 30,000 briefings all differed, and
        each such build wrote the reads whole anew, not a journal of them."""
        numbers = []
        table = self.table
        for read in reads:
            number = table.number(read)
            numbers.append(table.add(read) if number is None else number)
        numbers.sort()
        return array("I", numbers)


@dataclass(frozen=True)
class Readers:
    """Which of a base's pages (``outputs``) read each of its numbers: the positions of
    number n's pages are ``pages[ends[n - 1]:ends[n]]``."""

    outputs: list[str]
    ends: array
    pages: array

    def reading(self, numbers: Iterable[int]) -> set[str]:
        """The pages reading any of ``numbers`` (those numbered after the base read by none)."""
        found: set[str] = set()
        ends, outputs = self.ends, self.outputs
        for number in numbers:
            if number < len(ends):
                start = ends[number - 1] if number else 0
                found.update(outputs[page] for page in self.pages[start : ends[number]])
        return found


def readers_of(outputs: list[str], ends: array, flat: array, size: int) -> Readers:
    """The readers of a base whose page i read ``flat[ends[i - 1]:ends[i]]`` (numbers below
    ``size``): counted, then each page put in its place (a list of pages for each number
    took ~95 MB more while the reads of 226,000 pages were written whole, at the end of a
    build; this ~30 MB, in as little time)."""
    counts = array("Q", bytes(8 * size))
    for number in flat:
        counts[number] += 1
    places = array("Q", accumulate(counts, initial=0))  # where each number's pages start, then end
    places.pop()
    del counts
    pages = array("I", bytes(4 * len(flat)))
    each_page = chain.from_iterable(map(repeat, range(len(ends)), map(sub, ends, chain((0,), ends))))
    for number, page in zip(flat, each_page, strict=True):
        at = places[number]
        pages[at] = page
        places[number] = at + 1
    return Readers(outputs, places, pages)


def compacted(table: ReadTable, flat: array) -> tuple[ReadTable, array]:
    """The table without reads no page makes any more (they pile up edit after edit), and
    ``flat`` (every page's read numbers end to end) numbered into it."""
    live = sorted(set(flat))
    if len(live) * 2 > len(table):
        return table, flat
    renumber = {old: new for new, old in enumerate(live)}
    return ReadTable.of(table[old] for old in live), array("I", map(renumber.__getitem__, flat))


class PageNumbers(Mapping):
    """output → its read numbers: a base's (``outputs``, page i's numbers ending at ``ends[i]``
    in ``flat``), each cut out only when asked for, under ``changed`` and without ``removed``
    (of the base's). At 30,000 briefings, cutting all 72,000 when the reads were read took
    24–40 ms of every build (77–101 at 100,000), and a one-edit build asks for a few."""

    def __init__(self, outputs: list[str], ends: array, flat: array, changed=None, removed=frozenset(), at=None):
        self.outputs, self.ends, self.flat = outputs, ends, flat
        self.at: dict[str, int] = at if at is not None else dict(zip(outputs, range(len(outputs)), strict=True))
        self.changed: dict[str, array] = dict(changed or {})
        self.removed = frozenset(output for output in removed if output in self.at and output not in self.changed)

    def __getitem__(self, output: str) -> array:
        found = self.changed.get(output)
        if found is not None:
            return found
        if output in self.removed:
            raise KeyError(output)
        at = self.at[output]
        return self.flat[self.ends[at - 1] if at else 0 : self.ends[at]]

    def __contains__(self, output: object) -> bool:
        return output in self.changed or (output in self.at and output not in self.removed)

    def __iter__(self) -> Iterator[str]:
        removed = self.removed
        base = (output for output in self.outputs if output not in removed) if removed else iter(self.outputs)
        return chain(base, [output for output in self.changed if output not in self.at])

    def __len__(self) -> int:
        return len(self.outputs) - len(self.removed) + sum(output not in self.at for output in self.changed)

    def key_set(self, among: AbstractSet[str] | None = None) -> set[str]:
        """``set(self)``, or those of ``among`` alone, made by set operations (a rebuild asks
        it of every page)."""
        if among is None:
            return (self.at.keys() - self.removed) | self.changed.keys()
        found = among & self.at.keys()
        found -= self.removed
        found |= among & self.changed.keys()
        return found

    def with_changes(self, changed: dict, removed: Iterable[str]) -> PageNumbers:
        """These pages with ``changed`` put in and ``removed`` taken out (the base shared)."""
        gone = frozenset(removed)
        now = {output: numbers for output, numbers in self.changed.items() if output not in gone} | changed
        return PageNumbers(self.outputs, self.ends, self.flat, now, (self.removed | gone) - changed.keys(), self.at)

    def kept_and_made(self, kept: Iterable[str], made: dict) -> PageNumbers:
        """The ``kept`` pages as they are and the ``made`` ones anew; no other."""
        keep = set(kept)
        keep.update(made)
        changed = {output: numbers for output, numbers in self.changed.items() if output in keep} | made
        removed = self.at.keys() - keep  # as sets, in C (a loop over 72,000 pages took ~9 ms)
        return PageNumbers(self.outputs, self.ends, self.flat, changed, removed, self.at)

    def changes_from(self, before: PageNumbers) -> Changes | None:
        """What turns ``before`` (of the same base) into these; None when of another base."""
        if before.flat is not self.flat:
            return None
        changed = {output: numbers for output, numbers in self.changed.items() if before.get(output) != numbers}
        for output in before.changed.keys() - self.changed.keys():  # one of the base's again
            if output in self and self[output] != before.changed[output]:
                changed[output] = self[output]
        gone = {output for output in before.changed if output not in self}
        return Changes(changed, frozenset((self.removed - before.removed) | gone))
