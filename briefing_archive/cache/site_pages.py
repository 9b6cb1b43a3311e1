"""A site's files as its manifest keeps them: output → (key, identity), held in columns.

Unpickled as a dict, the 103,000 entries of a 30,000-briefing site took ~48 ms of
every build, and 331,000 at 100,000 briefings held ~118 MiB through it. Kept as the
outputs (sorted, in one string), their keys (in one string) and identities (in three
arrays), they read back in ~20 ms, and an entry is made only when asked for. Sorted,
an output is found by bisection, and the files under a folder (the search index's
``pagefind/``, a shard's) are one run of them. A journal's changes lie over the
columns (``with_changes``), as over ``PageNumbers``'.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, Set
from itertools import chain, compress, filterfalse, repeat
from operator import lshift, or_
from typing import Any

from .page_columns import IDENTITY_COLUMNS, SEPARATOR, identity_at, key_at


class SitePages(Mapping):
    """output → (key, identity) of a site's files: the base's columns (``page_columns``), its
    rows within ``spans`` (all of them, unless a part was cut off: ``part_of``), under
    ``changed`` entries and without ``removed`` outputs."""

    def __init__(
        self,
        columns: dict[str, Any],
        changed: dict | None = None,
        removed: Iterable[str] = (),
        spans: tuple[tuple[int, int], ...] | None = None,
        outputs: list[str] | None = None,
        hidden: frozenset[str] | None = None,
    ):
        if outputs is None:  # split, and not held joined too (~30 MB at 100,000 briefings)
            outputs = columns["outputs"].split(SEPARATOR) if columns["outputs"] else []
            columns = {name: column for name, column in columns.items() if name != "outputs"}
        self.columns, self.outputs = columns, outputs
        self.spans = spans if spans is not None else ((0, len(outputs)),)
        self.absent = frozenset(columns["absent"])
        self.changed: dict[str, tuple] = dict(changed or {})
        # The base's outputs not shown (removed, or changed); a part's are its whole's (``view``).
        self.hidden = hidden if hidden is not None else frozenset(removed) | self.changed.keys()

    @classmethod
    def read_back(cls, columns: object) -> SitePages:
        """The pages of columns read back; ValueError when they are not as written."""
        if not isinstance(columns, dict):
            raise ValueError("the manifest's pages are not columns")
        pages = cls(columns)
        rows, ends = len(pages.outputs), columns["key_ends"]
        if not (len(ends) == rows and all(len(columns[column]) == rows for column, _ in IDENTITY_COLUMNS)):
            raise ValueError("the manifest's columns differ in length")
        if rows and ends[-1] != len(columns["keys"]):
            raise ValueError("the manifest's keys are not as written")
        return pages

    def row(self, output: str) -> int | None:
        """Where ``output`` lies in the base's columns, when it is there (within ``spans``)."""
        at = bisect_left(self.outputs, output)
        if at == len(self.outputs) or self.outputs[at] != output:
            return None
        return at if any(start <= at < end for start, end in self.spans) else None

    def __getitem__(self, output: str) -> tuple:
        found = self.changed.get(output)
        if found is not None:
            return found
        row = self.row(output) if output not in self.hidden else None
        if row is None:
            raise KeyError(output)
        return key_at(self.columns, row), None if row in self.absent else identity_at(self.columns, row)

    def __contains__(self, output: object) -> bool:
        if output in self.changed:
            return True
        return isinstance(output, str) and output not in self.hidden and self.row(output) is not None

    def __iter__(self) -> Iterator[str]:
        if not self.hidden:
            return self.base_outputs()
        return chain(filterfalse(self.hidden.__contains__, self.base_outputs()), self.changed)

    def __len__(self) -> int:
        return self.size

    @functools.cached_property
    def size(self) -> int:
        shown = sum(end - start for start, end in self.spans)
        return shown - sum(self.row(output) is not None for output in self.hidden) + len(self.changed)

    def items(self) -> ItemsView[str, tuple]:
        return PagesItems(self)

    def each(self) -> Iterator[tuple[str, tuple]]:
        """Each (output, entry), the base's made by C loops over its columns (a lookup each
        would take ~10× as long)."""
        base = chain.from_iterable(self.rows(start, end) for start, end in self.spans)
        return chain(self.shown(base), self.changed.items())

    def shown(self, rows: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
        """Those of the base's ``rows`` (output first) not hidden by the changes."""
        return filterfalse(lambda row: row[0] in self.hidden, rows) if self.hidden else rows

    def rows(self, start: int, end: int) -> Iterator[tuple[str, tuple]]:
        """(output, entry) of the base's rows from ``start`` to ``end``."""
        if start >= end:
            return iter(())
        ends, text = self.columns["key_ends"], self.columns["keys"]
        key_starts = ends[start - 1 : end - 1] if start else chain((0,), ends[: end - 1])
        keys = map(text.__getitem__, map(slice, key_starts, ends[start:end]))
        found: Iterator[tuple[str, int | None]] = zip(keys, self.identity_values(start, end), strict=True)
        if self.absent:
            found = ((key, None if row in self.absent else value) for row, (key, value) in enumerate(found, start))
        return zip(self.outputs[start:end], found, strict=True)

    def identity_values(self, start: int, end: int) -> Iterator[int]:
        """The identities of the base's rows from ``start`` to ``end`` (absent ones as 0)."""
        inodes, sizes, mtimes = (self.columns[column][start:end] for column, _ in IDENTITY_COLUMNS)
        return map(or_, map(or_, inodes, map(lshift, sizes, repeat(64))), map(lshift, mtimes, repeat(128)))

    def identities(self) -> Iterator[tuple[str, int | None]]:
        """Each (output, identity), without the keys: what finding the moved files needs
        (an entry made a row took ~55 ms of 103,000 files, these ~19)."""
        spans = self.spans
        base: Iterator[tuple[str, int | None]] = chain.from_iterable(
            zip(self.outputs[start:end], self.identity_values(start, end), strict=True) for start, end in spans
        )
        if self.absent:
            absent = {self.outputs[row] for row in self.absent}
            base = ((output, None if output in absent else value) for output, value in base)
        return chain(self.shown(base), ((output, entry[1]) for output, entry in self.changed.items()))

    def with_changes(self, changed: dict, removed: Iterable[str]) -> SitePages:
        """These pages with ``changed`` put in and ``removed`` taken out (the columns shared)."""
        gone = frozenset(removed)
        now = {output: entry for output, entry in self.changed.items() if output not in gone} | changed
        removed_now = (self.hidden - self.changed.keys() | gone) - changed.keys()
        return SitePages(self.columns, now, removed_now, self.spans, self.outputs)

    def run(self, prefix: str) -> tuple[int, int]:
        """The rows of the base's outputs that start with ``prefix``."""
        after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return bisect_left(self.outputs, prefix), bisect_left(self.outputs, after)

    def part(self, prefix: str) -> SitePages:
        """These pages' outputs that start with ``prefix``: the spans of the base within their run."""
        start, end = self.run(prefix)
        spans = tuple((max(start, low), min(end, high)) for low, high in self.spans if max(start, low) < min(end, high))
        return self.view(spans, {output: entry for output, entry in self.changed.items() if output.startswith(prefix)})

    def not_starting(self, prefix: str) -> SitePages:
        """These pages without the outputs starting with ``prefix``: the spans of the base
        about their run (~31,000 of the 103,000 files of a 30,000-briefing site)."""
        start, end = self.run(prefix)
        about = (
            ((low, min(high, start)) for low, high in self.spans),
            ((max(low, end), high) for low, high in self.spans),
        )
        spans = tuple(span for span in chain(*about) if span[0] < span[1])
        return self.view(
            spans, {output: entry for output, entry in self.changed.items() if not output.startswith(prefix)}
        )

    def folders(self, prefix: str) -> Callable[[str], list[str]]:
        """What gives the outputs in a folder under ``prefix`` ("pagefind/shards/"): the base's
        by bisection, the changed ones grouped by folder once (~1,600 after a few dozen
        edits at 30,000 briefings, each walked for each of 313 folders took 0.14 s)."""
        changed: dict[str, list[str]] = {}
        for output in self.changed:
            if output.startswith(prefix) and "/" in output[len(prefix) :]:
                changed.setdefault(folder_of(output, prefix), []).append(output)

        def files(folder: str) -> list[str]:
            start, end = self.run(folder)
            rows = (self.outputs[max(start, low) : min(end, high)] for low, high in self.spans)
            return [*filterfalse(self.hidden.__contains__, chain.from_iterable(rows)), *changed.get(folder, ())]

        return files

    def view(self, spans: tuple[tuple[int, int], ...], changed: dict[str, tuple]) -> SitePages:
        """These pages within ``spans`` of the base, with ``changed`` those of its changes
        there: the rows these hide lie in the spans, the others' outside, so the whole's
        hidden outputs serve as they are (not a set made anew for each part)."""
        return SitePages(self.columns, changed, spans=spans, outputs=self.outputs, hidden=self.hidden)

    def among(self, outputs: Set[str]) -> Iterator[tuple[str, tuple]]:
        """The entries of ``outputs``: the base's found in one pass over it (not looked up)."""
        base = chain.from_iterable(self.rows(start, end) for start, end in self.spans)
        found = compress(base, map(outputs.__contains__, self.base_outputs()))
        changed = ((output, entry) for output, entry in self.changed.items() if output in outputs)
        return chain(self.shown(found), changed)

    def base_outputs(self) -> Iterator[str]:
        """The base's outputs within ``spans``, hidden or not."""
        return chain.from_iterable(self.outputs[start:end] for start, end in self.spans)


class PagesItems(ItemsView):
    """``SitePages.items()``: made by ``each``."""

    _mapping: SitePages

    def __iter__(self) -> Iterator[tuple[str, tuple]]:
        return self._mapping.each()


def folder_of(output: str, prefix: str) -> str:
    """The folder right under ``prefix`` that ``output`` lies in ("pagefind/shards/" → "pagefind/shards/ab12/")."""
    return output[: output.index("/", len(prefix)) + 1]


def entries_among(pages: Mapping[str, tuple], outputs: Set[str]) -> dict[str, tuple]:
    """The entries of those of ``outputs`` that ``pages`` has."""
    if isinstance(pages, SitePages):
        return dict(pages.among(outputs))
    return {output: pages[output] for output in outputs if output in pages}


def identities_in(pages: Mapping[str, tuple]) -> Iterable[tuple[str, int | None]]:
    """(output, identity) of each of ``pages``."""
    if isinstance(pages, SitePages):
        return pages.identities()
    return ((output, entry[1]) for output, entry in pages.items())


def part_of(pages: Mapping[str, tuple], prefix: str, within: bool) -> Mapping[str, tuple]:
    """The entries of ``pages`` whose outputs start with ``prefix`` (``within``), or the others."""
    if isinstance(pages, SitePages):  # one run of its sorted outputs
        return pages.part(prefix) if within else pages.not_starting(prefix)
    return {output: entry for output, entry in pages.items() if output.startswith(prefix) == within}


class EntriesOf(Mapping):
    """The entries of ``outputs`` (all of them in ``pages``), each looked up when asked for."""

    def __init__(self, outputs: frozenset[str], pages: Mapping[str, tuple]):
        self.outputs, self.pages = outputs, pages

    def __getitem__(self, output: str) -> tuple:
        if output not in self.outputs:
            raise KeyError(output)
        return self.pages[output]

    def __iter__(self) -> Iterator[str]:
        return iter(self.outputs)

    def __len__(self) -> int:
        return len(self.outputs)
