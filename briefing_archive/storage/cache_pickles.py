"""Pickled cache files: read as they are unpickled (never held whole as bytes), in
parts when a reader goes on with the first before the rest is read."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .caches import CACHE_MARK, CHECKSUM_BYTES, Checksummed, cache_names, write_cache
from .fingerprints import identity

# What a build server read ahead (``hold_pickles``): file → (its identity then, its object).
_HELD: dict[str, tuple[int | None, Any]] = {}


def hold_pickles(paths: Iterable[Path]) -> None:
    """Read these pickled cache files now, each for the next ``read_pickle`` of it to take
    while the file is the one read (by ``identity``: cache files are only ever replaced or
    appended to): a build server reads between builds what the next build reads first."""
    for path in paths:
        before = identity(path)
        loaded = unpickled(path) if before is not None else None
        if loaded is not None and identity(path) == before:
            _HELD[os.path.realpath(path)] = (before, loaded)


def read_pickle(path: Path) -> Any:
    """A pickled cache file's object, or None when it is missing, damaged or does not
    unpickle (then: rebuild); taken from ``hold_pickles`` when it read this file as it is."""
    held = _HELD.pop(os.path.realpath(path), None) if _HELD else None
    if held is not None and held[0] == identity(path):
        return held[1]
    return unpickled(path)


def unpickled(path: Path) -> Any:
    """``read_pickle`` from the file. Unpickled as it is read, its checksum summed on the way:
    the 250 MB kept state of 30,000 briefings is never held whole as bytes beside the
    objects made of it (250 MB less at the peak of a one-edit rebuild)."""
    with pickled_parts(path) as parts:
        loaded = parts.next() if parts is not None else None
        return loaded if parts is not None and parts.whole() else None


class PickledParts:
    """The pickles a cache file holds one after another, written by one pickler (an object
    two parts hold is pickled once, and is one object again when read) or a part by a
    pickler of its own, and unpickled one at a time as asked: a build goes on with the first
    while the rest waits. Whether the file is the one written is known only once all of it
    was read (``whole``)."""

    def __init__(self, stream: BinaryIO, expected: bytes):
        self.summed, self.expected = Checksummed(stream), expected
        self.unpickler = pickle.Unpickler(self.summed)

    def next(self) -> Any:
        """The next part; None when it does not unpickle (a miss; no part is None)."""
        try:
            return self.unpickler.load()
        except Exception:  # a corrupt cache is a cache miss, never a failed build
            return None

    def next_checked(self, alone: bool = False) -> Any:
        """The next part, when the checksum pickled after it (``checksum_so_far`` as it was
        written) is that of the file's bytes up to it; else None: a part used before the
        whole file is read is known to be the one written. ``alone``: the part was pickled
        by a pickler of its own (it refers to nothing an earlier part holds)."""
        if alone:
            self.unpickler = pickle.Unpickler(self.summed)  # its memo starts again (clearing one does not)
        part = self.next()
        so_far = self.summed.checksum()
        return part if part is not None and self.next() == so_far else None

    def whole(self) -> bool:
        """Whether the file (the bytes after the parts read too) is the one written."""
        try:
            self.summed.read()
        except OSError:
            return False
        return self.summed.checksum() == self.expected


def write_pickle(path: Path, obj: Any, shares: bool = True) -> bool:
    """``obj`` pickled into the cache file at ``path`` as it is written, never held whole as
    bytes (``write_cache``). ``shares=False``: ``obj`` holds no object twice that must be one
    when read back, and no cycle; it is pickled without the memo that keeps one entry for
    each object (a 331,000-file manifest at 100,000 briefings: ~1 M entries, at the end of
    a build; and written ~4× faster)."""

    def dump(stream: BinaryIO) -> None:
        pickler = pickle.Pickler(stream, protocol=5)
        pickler.fast = not shares
        pickler.dump(obj)

    return write_cache(path, dump)


def checksum_so_far(stream: Any) -> bytes | None:
    """The checksum of what was written so far to a cache file's ``stream`` (the one
    ``write_cache`` hands its writer), to pickle after a part (``PickledParts.next_checked``)."""
    return stream.checksum() if isinstance(stream, Checksummed) else None


@contextlib.contextmanager
def pickled_parts(path: Path) -> Iterator[PickledParts | None]:
    """A pickled cache file open for its parts to be read (``PickledParts``); None when it
    is missing or of another format."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 (closed when the caller is done with the parts)
    except OSError:
        yield None
        return
    with stream:
        try:
            mark, expected = stream.read(len(CACHE_MARK)), stream.read(CHECKSUM_BYTES)
        except OSError:
            mark = expected = b""
        yield PickledParts(stream, expected) if mark == CACHE_MARK else None


def read_pickles(folder: Path, suffix: str, names: Collection[str] | None = None) -> Iterator[tuple[str, Any]]:
    """``read_caches`` of pickled files: (name without ``suffix``, object), the files that
    do not unpickle left out; only those ``names`` (without ``suffix``) when given."""
    listed = cache_names(folder, suffix) if names is None else [name + suffix for name in sorted(names)]
    for name in listed:
        loaded = read_pickle(Path(folder) / name)
        if loaded is not None:
            yield name[: len(name) - len(suffix)], loaded
