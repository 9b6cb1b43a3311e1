"""The columns a manifest's whole copy is written as (``site_pages`` reads them back).

A new whole copy is the kept entries of the manifest a build began with and the entries
it made. Made entry by entry, then sorted, the kept ones took ~0.18 s at 30,000
briefings; taken as rows of the old columns (already sorted), with the few others put
in between, they take a fraction of that.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any, Protocol

PART = (1 << 64) - 1  # ``storage.identity`` is an inode, a size and an mtime (ns) in one int
IDENTITY_COLUMNS = (("inodes", "Q"), ("sizes", "Q"), ("mtimes", "q"))  # its three parts, each an array
SEPARATOR = "\0"  # between outputs: no file name holds it


class ReadColumns(Protocol):
    """What ``merged_columns`` reads of a manifest's pages read back (``site_pages.SitePages``)."""

    columns: dict[str, Any]
    outputs: list[str]
    spans: tuple[tuple[int, int], ...]
    hidden: frozenset[str]
    changed: dict[str, tuple]
    absent: frozenset[int]


def page_columns(items: Iterable[tuple[str, tuple]]) -> dict[str, Any]:
    """The columns of these (output, (key, identity)) entries, as a manifest's base keeps them."""
    entries = sorted(items, key=itemgetter(0))
    return columns_of(
        [output for output, _ in entries],
        [key for _, (key, _) in entries],
        parts_of([identity for _, (_, identity) in entries]),
        [row for row, (_, (_, identity)) in enumerate(entries) if identity is None],
    )


def parts_of(identities: list[int | None]) -> list[array]:
    """The three arrays of these identities' parts (None as 0: ``absent`` says which)."""
    values = [identity or 0 for identity in identities]
    return [
        array("Q", (value & PART for value in values)),
        array("Q", (value >> 64 & PART for value in values)),
        array("q", (value >> 128 for value in values)),
    ]


def key_at(columns: dict[str, Any], row: int) -> str:
    """The key of a row of these columns."""
    ends = columns["key_ends"]
    return columns["keys"][ends[row - 1] if row else 0 : ends[row]]


def identity_at(columns: dict[str, Any], row: int) -> int:
    """The identity of a row of these columns (0 for an absent one: ``absent`` says which)."""
    return columns["inodes"][row] | columns["sizes"][row] << 64 | columns["mtimes"][row] << 128


def columns_of(outputs: list[str], keys: list[str], parts: list[array], absent: list[int]) -> dict[str, Any]:
    columns: dict[str, Any] = {"outputs": SEPARATOR.join(outputs), "keys": "".join(keys)}
    columns["key_ends"] = array("Q", accumulate(map(len, keys)))
    columns.update(zip((name for name, _ in IDENTITY_COLUMNS), parts, strict=True))
    return columns | {"absent": absent}


def merged_columns(before: ReadColumns, kept: Set[str], fresh: Mapping[str, tuple]) -> dict[str, Any]:
    """``page_columns`` of ``before``'s ``kept`` entries and the ``fresh`` ones (over them):
    the kept rows of its columns taken as they are, no entry made of them, and the others
    (fresh, or its own changes) put in between at their places."""
    columns, outputs, skip = before.columns, before.outputs, before.hidden | fresh.keys()
    spans = chain.from_iterable(range(start, end) for start, end in before.spans)
    rows = [row for row in spans if outputs[row] in kept and outputs[row] not in skip]
    own = {output: entry for output, entry in before.changed.items() if output in kept and output not in fresh}
    extra = sorted({**own, **fresh}.items())
    if not rows:  # every page made again (a template edit): nothing to splice into
        return page_columns(extra)
    kept_outputs = [outputs[row] for row in rows]
    at = [bisect_left(kept_outputs, output) for output, _ in extra]
    identities = [identity for _, (_, identity) in extra]
    parts = [
        array(kind, spliced(array(kind, map(columns[name].__getitem__, rows)), extra_part, at))
        for (name, kind), extra_part in zip(IDENTITY_COLUMNS, parts_of(identities), strict=True)
    ]
    absent: list[int] = []
    if before.absent or None in identities:  # rare: a file whose identity could not be read
        flags = spliced([row in before.absent for row in rows], [identity is None for identity in identities], at)
        absent = [row for row, flag in enumerate(flags) if flag]
    keys = [key_at(columns, row) for row in rows]
    return columns_of(
        list(spliced(kept_outputs, [output for output, _ in extra], at)),
        list(spliced(keys, [key for _, (key, _) in extra], at)),
        parts,
        absent,
    )


def spliced(base: Sequence, extra: Sequence, at: Sequence[int]) -> Iterator:
    """``base`` with each of ``extra`` put in before the item ``at`` says (in order)."""
    starts, ends = [0, *at], [*at, len(base)]
    values: Iterator[Sequence] = chain(([value] for value in extra), [()])
    return chain.from_iterable(
        piece for start, end, value in zip(starts, ends, values, strict=True) for piece in (base[start:end], value)
    )
