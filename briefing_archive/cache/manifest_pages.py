"""A manifest's pages (output → (key, file identity)) as its base keeps them: the outputs in
a list, the keys and identities each packed into one string or bytes, and an entry made
only when asked for, under the changes of the base's journal.

Unpickled as a dict, the 103,000 entries of a 30,000-briefing site took ~60 ms of every
edit's build (a tuple, a key and a 190-bit int each) and ~30 MB; a build asks for the
entries of a few dozen pages and for all its outputs, as a dict's keys (``at``).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

from .journal import Changes

IDENTITY_BYTES = 24  # ``storage.identity``: inode and size (64 bits each) and mtime in ns (signed)


def packed_keys(keys: list) -> tuple:
    """Keys as ("width", n, one string) when all are strings of n characters, else ("list", keys)."""
    width = len(keys[0]) if keys and isinstance(keys[0], str) else 0
    if width and all(isinstance(key, str) and len(key) == width for key in keys):
        return ("width", width, "".join(keys))
    return ("list", list(keys))


def packed_identities(identities: list) -> tuple:
    """Identities as ("bytes", their bytes, the positions of those None) when all are ints
    that fit, else ("list", identities)."""
    packable = all(identity is None or (isinstance(identity, int) and fits(identity)) for identity in identities)
    if not packable:
        return ("list", list(identities))
    unknown = frozenset(number for number, identity in enumerate(identities) if identity is None)
    data = b"".join((identity or 0).to_bytes(IDENTITY_BYTES, "little", signed=True) for identity in identities)
    return ("bytes", data, unknown)


def fits(identity: int) -> bool:
    return -(1 << (8 * IDENTITY_BYTES - 1)) <= identity < (1 << (8 * IDENTITY_BYTES - 1))


class ManifestPages(Mapping):
    """output → (key, identity) of a base's ``outputs`` (each in ``keys`` and ``identities``,
    as ``packed_keys`` and ``packed_identities`` keep them), under ``changed`` entries and
    without ``removed`` outputs (a journal's)."""

    def __init__(self, outputs: list[str], keys: tuple, identities: tuple, changed=None, removed=frozenset()):
        self.outputs, self.keys_packed, self.identities_packed = outputs, keys, identities
        self.changed: dict[str, tuple] = dict(changed or {})
        self.removed = frozenset(removed) - self.changed.keys()

    @functools.cached_property
    def at(self) -> dict[str, int]:
        """output → its number in the base (-1: one added since) of every output: its keys
        in the order a dict's would be, for set operations in C."""
        at = dict(zip(self.outputs, range(len(self.outputs)), strict=True))
        for output in self.removed:
            at.pop(output, None)
        at.update(dict.fromkeys([output for output in self.changed if output not in at], -1))
        return at

    def key(self, number: int) -> Any:
        packed = self.keys_packed
        if packed[0] == "width":
            return packed[2][number * packed[1] : (number + 1) * packed[1]]
        return packed[1][number]

    def identity(self, number: int) -> Any:
        packed = self.identities_packed
        if packed[0] == "list":
            return packed[1][number]
        if number in packed[2]:
            return None
        start = number * IDENTITY_BYTES
        return int.from_bytes(packed[1][start : start + IDENTITY_BYTES], "little", signed=True)

    def __getitem__(self, output: str) -> tuple:
        found = self.changed.get(output)
        if found is not None:
            return found
        number = self.at[output]
        return (self.key(number), self.identity(number))

    def __contains__(self, output: object) -> bool:
        return output in self.at

    def __iter__(self) -> Iterator[str]:
        return iter(self.at)

    def __len__(self) -> int:
        return len(self.at)

    def __bool__(self) -> bool:  # without making ``at``: a build asks this first
        return bool(self.changed) or any(output not in self.removed for output in self.outputs)

    def keys(self):  # a dict's: ``&`` and ``-`` in C
        return self.at.keys()

    def identities(self) -> Iterable[tuple[str, Any]]:
        """(output, identity) of each output, without making its entry."""
        changed, removed = self.changed, self.removed
        base = (
            (output, self.identity(number))
            for number, output in enumerate(self.outputs)
            if output not in changed and output not in removed
        )
        return [*base, *((output, entry[1]) for output, entry in changed.items())]

    def with_changes(self, changes: Changes) -> ManifestPages:
        """These pages with a journal's ``changes`` put in (the base shared)."""
        changed = {output: entry for output, entry in self.changed.items() if output not in changes.removed}
        removed = self.removed | changes.removed
        return ManifestPages(self.outputs, self.keys_packed, self.identities_packed, changed | changes.changed, removed)


def packed_pages(pages: Mapping[str, tuple]) -> dict[str, Any]:
    """What a base keeps of ``pages`` (``ManifestPages``)."""
    outputs = list(pages)
    entries = [pages[output] for output in outputs]
    return {
        "outputs": outputs,
        "keys": packed_keys([entry[0] for entry in entries]),
        "identities": packed_identities([entry[1] for entry in entries]),
    }


def pages_of(saved: dict) -> ManifestPages | None:
    """The pages a base keeps (``packed_pages``); None when it does not hold them so."""
    outputs, keys, identities = (saved.get(name) for name in ("outputs", "keys", "identities"))
    if not (isinstance(outputs, list) and isinstance(keys, tuple) and isinstance(identities, tuple)):
        return None
    return ManifestPages(outputs, keys, identities)


def output_set(pages: Mapping[str, tuple]) -> Collection[str]:
    """A manifest's outputs, for set operations in C: a dict (``ManifestPages.at``, or ``pages``)."""
    return pages.at if isinstance(pages, ManifestPages) else pages
