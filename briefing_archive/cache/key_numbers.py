"""Keys in order and each one's number, found without a dict of them all.

A kept state's digests (``digest_columns``) and the page reads' table (``read_table``)
hold hundreds of thousands of keys. Read back as dicts at 30,000 briefings, the
digests' 262,000 took ~44 ms of every edit's build and the table's 200,000 ~30 ms,
though such a build looks up a few hundred of the first and ~13,000 of the second. A
``KeyNumbers`` is the keys in a tuple and their CRC-32s sorted, made when the file is
written; a key is found by bisection, and a part looked up often gets its dict.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from typing import Any


class KeyNumbers:
    """A part's keys in order, and each key's number. Its first ``positions`` keys are 0, 1,
    2, … (a sequence part's, ``site_digests.positioned``), each its own number. The others,
    when all are ``plain``, are found by their CRC-32 (``key_crc``; ``hashes``, sorted,
    with their numbers in ``order``), made when the file was written: a dict of 57,000
    keys (the digests of the quote lists, tuples) took ~8 ms to make in every edit's build,
    which looks up ~300. A plain key is spelled the same in every process, so one its
    CRC-32 does not find is not there. Past a few lookups (a part an edit reads much of),
    or for a key that is not plain, the dict is made."""

    __slots__ = ("keys", "positions", "hashes", "order", "numbers", "looked")

    def __init__(self, keys: tuple, positions: int = 0, hashes: array | None = None, order: array | None = None):
        self.keys, self.positions, self.hashes, self.order = keys, positions, hashes, order
        self.numbers: dict | None = None
        self.looked = 0

    def number(self, key: Any) -> int | None:
        if isinstance(key, int) and 0 <= key < self.positions:  # a bool too, as a dict finds it
            return int(key)
        if self.numbers is None and self.hashes is not None and self.looked < len(self.keys) >> LOOKUPS_SHIFT:
            if plain(key):
                self.looked += 1
                return self.hashed(key)
        if self.numbers is None:
            after = range(self.positions, len(self.keys))
            self.numbers = dict(zip(self.keys[self.positions :], after, strict=True))
        return self.numbers.get(key)

    def hashed(self, key: Any) -> int | None:
        hashes, order, crc = self.hashes or array("I"), self.order or array("I"), key_crc(key)
        at = bisect_left(hashes, crc)
        while at < len(hashes) and hashes[at] == crc:
            if self.keys[order[at]] == key:
                return order[at]
            at += 1
        return None

    def __reduce__(self) -> tuple:
        return (KeyNumbers, (self.keys, self.positions, self.hashes, self.order))


# Keys looked up by their hashes, at most one in 2**LOOKUPS_SHIFT of a part's, then by a
# dict: a lookup by hash costs ~2 µs, a dict of 30,000 keys ~3 ms to make, and an edit's
# build looks up ~8,900 of the 30,000 list entries but ~300 of the 57,000 quote lists' digests.
LOOKUPS_SHIFT = 6


def plain(key: Any) -> bool:
    """Whether ``key`` is text, a whole number, None or a tuple of such (not a bool or a
    float, equal to a number spelled otherwise, nor a set, spelled in an order of the process)."""
    kind = type(key)
    return kind is str or kind is int or key is None or (kind is tuple and all(map(plain, key)))


def key_crc(key: Any) -> int:
    text = key if type(key) is str else repr(key)  # a path as it is: a third of the time
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def numbered_keys(ordered: tuple) -> KeyNumbers:
    """``ordered`` as ``KeyNumbers``, its leading positions told and the others hashed when plain."""
    positions = len(ordered)
    while positions and type(ordered[positions - 1]) is not int:  # a sequence part's LENGTH and WHOLE
        positions -= 1
    positions = positions if ordered[:positions] == tuple(range(positions)) else 0
    if not all(map(plain, ordered[positions:])):
        return KeyNumbers(ordered, positions)
    crcs = [0] * positions + list(map(key_crc, ordered[positions:]))
    order = array("I", sorted(range(positions, len(ordered)), key=crcs.__getitem__))
    hashes = array("I", map(crcs.__getitem__, order))
    return KeyNumbers(ordered, positions, hashes, order)


class NumberedKeys(Mapping):
    """key → number: the keys (``KeyNumbers``) and the number of each, in their order."""

    __slots__ = ("columns", "numbers")

    def __init__(self, keys: KeyNumbers, numbers: array):
        self.columns, self.numbers = keys, numbers

    @classmethod
    def of(cls, mapping: Mapping) -> NumberedKeys:
        if isinstance(mapping, NumberedKeys):
            return mapping
        return cls(numbered_keys(tuple(mapping)), array("I", mapping.values()))

    def __getitem__(self, key: Any) -> int:
        number = self.columns.number(key)
        if number is None:
            raise KeyError(key)
        return self.numbers[number]

    def get(self, key: Any, default: Any = None) -> Any:
        number = self.columns.number(key)
        return default if number is None else self.numbers[number]

    def __contains__(self, key: object) -> bool:
        return self.columns.number(key) is not None

    def __iter__(self) -> Iterator:
        return iter(self.columns.keys)

    def __len__(self) -> int:
        return len(self.numbers)

    def items(self) -> Any:
        return dict(zip(self.columns.keys, self.numbers, strict=True)).items()

    def __reduce__(self) -> tuple:
        return (NumberedKeys, (self.columns, self.numbers))
