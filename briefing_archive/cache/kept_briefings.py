"""Briefings kept between builds with only the fields every build reads unpacked.

Of the 30,000 briefings of the kept state, an edit's build reads only the path, date,
status, corrections and source of each (the listing order, search shards, claims);
their other fields (actors, quotes, body, …) of a few hundred, for the pages and the
search shard it makes again. Unpickling every briefing's actors and quotes took about
0.25 s of such a build: a ``KeptBriefing`` holds those fields and the pickle of the
whole briefing, unpickled when another field is first read.

The pickles go to a file of their own beside the state (``write_packed``), one at a
time: pickled inside the state, the pickler's memo would hold all of them (170 MB at
30,000 briefings) until the end. The state names each briefing's place in that file
and the CRC-32 of its pickle, and the file carries the state's token: a state with
another's file is a miss. The file is mapped, not read, and a pickle's CRC checked
when it is first used: reading and summing the whole file took 0.25 s of an edit's
build at 30,000 briefings; a pickle that fails its check raises ``DamagedState``.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import pickle
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from ..model import Briefing

# Read of every briefing by every build: kept as they are.
UNPACKED = ("path", "date", "status", "corrections", "source", "lines")
PACKED_KEY = "_packed"  # the pickle of the whole briefing, or its place (at, length, crc) in a packed file
WHOLE_KEY = "_whole"  # that briefing, once unpickled
FILE_KEY = "_file"  # the PackedFile holding it, when its pickle is a place there
_MISSING = object()
_COMPARED = tuple(f.name for f in dataclasses.fields(Briefing) if f.compare)
_READING: list[PackedFile] = []  # the packed file whose state is being unpickled


class DamagedState(Exception):
    """A kept briefing's pickle is not the bytes that were written: the state is a miss."""


class KeptBriefing(Briefing):
    """A ``Briefing`` whose fields other than ``UNPACKED`` are read from the whole briefing,
    unpickled when first read: equal to it, hashing as it, and still frozen."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Briefing):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)

    __hash__ = Briefing.__hash__

    def __getstate__(self) -> dict:
        """Its unpacked fields and the pickle of the whole (sent to another process whole)."""
        return unpacked_fields(self) | {PACKED_KEY: bytes(self.packed())}

    def packed(self) -> bytes | memoryview:
        """The pickle of the whole briefing (checked against its CRC when read from a file)."""
        packed = self.__dict__.get(PACKED_KEY)
        if isinstance(packed, tuple):
            at, length, crc = packed
            data = self.__dict__[FILE_KEY].data[at : at + length]
            if len(data) != length or zlib.crc32(data) != crc:
                raise DamagedState(f"the kept briefing {self.path} is damaged")
            return data
        return packed if packed is not None else pickle.dumps(self.whole(), protocol=5)

    def packed_with_crc(self) -> tuple[bytes | memoryview, int]:
        """The pickle of the whole briefing and its CRC-32 (the one it was checked against,
        when read from a file; else summed now)."""
        data, place = self.packed(), self.__dict__.get(PACKED_KEY)
        return data, place[2] if isinstance(place, tuple) else zlib.crc32(data)

    def whole(self) -> Briefing:
        """The whole briefing: unpickled (once), or made of the fields ``dataclasses.replace`` set."""
        found = self.__dict__.get(WHOLE_KEY)
        if found is None:
            if PACKED_KEY in self.__dict__:
                found = pickle.loads(self.packed())
            else:
                found = Briefing(**self.__dict__)
            self.__dict__[WHOLE_KEY] = found
        return found


def packed_field(name: str) -> property:
    def read(self: KeptBriefing) -> Any:
        value = self.__dict__.get(name, _MISSING)
        return value if value is not _MISSING else getattr(self.whole(), name)

    def write(self: KeptBriefing, value: Any) -> None:
        # Only the dataclass's __init__ sets fields (``dataclasses.replace`` makes a whole
        # one); assignment still raises FrozenInstanceError, by Briefing's __setattr__.
        self.__dict__[name] = value

    return property(read, write)


for _field in dataclasses.fields(Briefing):
    if _field.name not in UNPACKED:
        setattr(KeptBriefing, _field.name, packed_field(_field.name))


def unpacked_fields(briefing: Briefing) -> dict[str, Any]:
    return {name: getattr(briefing, name) for name in UNPACKED}


def kept(briefing: Briefing) -> KeptBriefing:
    """``briefing`` as a ``KeptBriefing`` (itself when it is one)."""
    if isinstance(briefing, KeptBriefing):
        return briefing
    made = KeptBriefing.__new__(KeptBriefing)
    made.__dict__.update(unpacked_fields(briefing))
    made.__dict__[WHOLE_KEY] = briefing
    return made


def kept_state_parts(archive: Any, made: Any) -> tuple[Any, Any]:
    """The archive and views with every briefing a ``KeptBriefing``, the index's the same
    objects as the archive's."""
    by_path = {b.path: kept(b) for b in archive.briefings}
    index = made.views.index
    listed = {path: by_path.get(path) or kept(b) for path, b in index.by_path.items()}
    index = dataclasses.replace(index, briefings=tuple(listed[b.path] for b in index.briefings), by_path=listed)
    archive = dataclasses.replace(archive, briefings=tuple(by_path[b.path] for b in archive.briefings))
    return archive, dataclasses.replace(made, views=dataclasses.replace(made.views, index=index))


def write_packed(stream: BinaryIO, token: bytes, briefings: Iterable[KeptBriefing]) -> dict[int, tuple[int, int, int]]:
    """The packed file: ``token``, then each briefing's pickle, made and written one at a
    time; where each went and its CRC-32 (by the briefing's id)."""
    stream.write(token)
    places, at = {}, len(token)
    for briefing in briefings:
        if id(briefing) not in places:
            packed, crc = briefing.packed_with_crc()
            stream.write(packed)
            places[id(briefing)] = (at, len(packed), crc)
            at += len(packed)
    return places


class PackedFile:
    """The packed file a state read was unpickled with, shared by its briefings: pickled
    as "the file being read" (``reading_packed``), so a briefing unpickles with no call
    of ours and slices its pickle out of the file only when read."""

    def __init__(self, data: bytes | memoryview):
        self.data = memoryview(data)

    def __reduce__(self) -> tuple:
        return (packed_file_read, ())


def packed_file_read() -> PackedFile:
    return _READING[-1]


def dump_state(stream: BinaryIO, saved: Any, places: dict[int, tuple[int, int, int]]) -> None:
    """``saved`` pickled with each ``KeptBriefing`` as its fields and place in the packed file."""
    file = PackedFile(b"")

    def placed(briefing: KeptBriefing) -> tuple:
        state = unpacked_fields(briefing) | {PACKED_KEY: places[id(briefing)], FILE_KEY: file}
        return (copyreg.__newobj__, (KeptBriefing,), state)  # type: ignore[attr-defined]

    pickler = pickle.Pickler(stream, protocol=5)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[KeptBriefing] = placed
    pickler.dump(saved)


@contextlib.contextmanager
def reading_packed(packed: bytes | memoryview) -> Iterator[None]:
    """Unpickle a state whose briefings are in ``packed`` (the packed file's bytes)."""
    _READING.append(PackedFile(packed))
    try:
        yield
    finally:
        _READING.pop()
