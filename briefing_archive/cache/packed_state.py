"""The kept state's files: its briefings' pickles packed one after another, and the state
pickled in parts, each ``KeptBriefing`` in it as its place in the packed file
(``kept_briefings``). What reads a kept state unpickles its briefings with no call of
ours: a briefing's packed file is pickled as "the file being read" (``reading_packed``).
"""

from __future__ import annotations

import contextlib
import copyreg
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from .. import storage
from ..model import Briefing
from .kept_briefings import (
    FILE_KEY,
    PACKED_KEY,
    TRANSIENT_KEY,
    KeptBriefing,
    fields_but_body,
    kept_with,
    packed_and_body,
    place,
    unpacked_fields,
)

_READING: list[PackedFile] = []  # the packed file whose state is being unpickled
_FIRST: list[tuple] = []  # the briefings of its first part, as read (``earlier_briefing``)


def write_packed(stream: BinaryIO, token: bytes, briefings: Iterable[Briefing]) -> dict[int, int]:
    """The packed file: ``token``, then each briefing's pickle and body, made and written one
    at a time; where each went, with CRC-32s (by the briefing's id, as a ``place``)."""
    stream.write(token)
    places, at = {}, len(token)
    for briefing in briefings:
        if id(briefing) not in places:
            (packed, crc), (body, body_crc) = packed_and_body(briefing)
            stream.write(packed)
            stream.write(body)
            places[id(briefing)] = place(at, len(packed), crc, len(body), body_crc)
            at += len(packed) + len(body)
    return places


class PackedFile:
    """The packed file a state read was unpickled with, shared by its briefings: pickled
    as "the file being read" (``reading_packed``), so a briefing unpickles with no call
    of ours and reads its pickle out of the file only when used. ``source``: the open
    file (``storage.CacheFile``)."""

    def __init__(self, source: Any):
        self.source = source

    def read(self, at: int, length: int) -> bytes:
        return self.source.read(at, length)

    def __reduce__(self) -> tuple:
        return (packed_file_read, ())


def packed_file_read() -> PackedFile:
    return _READING[-1]


def dump_state(stream: BinaryIO, parts: tuple, places: dict[int, int], first: tuple[KeptBriefing, ...]) -> None:
    """Each of ``parts`` pickled by a pickler of its own (one memo of the whole state was 256 MB
    at 100,000 briefings, 384 as it doubled), then the checksum of the file so far; each
    ``KeptBriefing`` as its fields and place in the packed file, one of ``first`` (the first
    part's) in a later part as its number there (``earlier_briefing``). Each reads back as
    one whose other fields are not held (``TRANSIENT_KEY``): a build that reads them all (a
    template edited) would hold every briefing's (~120 MB more at its peak at 30,000)."""
    file, numbers = PackedFile(None), {id(briefing): number for number, briefing in enumerate(first)}

    def placed(briefing: KeptBriefing) -> tuple:
        state = unpacked_fields(briefing) | {PACKED_KEY: places[id(briefing)], FILE_KEY: file, TRANSIENT_KEY: True}
        return (copyreg.__newobj__, (KeptBriefing,), state)  # type: ignore[attr-defined]

    def numbered(briefing: KeptBriefing) -> tuple:
        number = numbers.get(id(briefing))
        return placed(briefing) if number is None else (earlier_briefing, (number,))

    for number, part in enumerate(parts):
        pickler = pickle.Pickler(stream, protocol=5)
        pickler.dispatch_table = copyreg.dispatch_table.copy()
        pickler.dispatch_table[KeptBriefing] = numbered if number else placed
        pickler.dump(part)
        pickler.dump(storage.checksum_so_far(stream))  # read back by ``PickledParts.next_checked``
        del pickler  # its memo with it, before the next part is pickled


def earlier_briefing(number: int) -> KeptBriefing:
    """The ``number``-th briefing of the state's first part (``dump_state``), as read."""
    return _FIRST[-1][number]


@contextlib.contextmanager
def reading_packed(packed: Any, first: tuple = ()) -> Iterator[None]:
    """Unpickle a state whose briefings are in ``packed`` (the packed file, open) and, for a
    later part, whose first part's are ``first``."""
    _READING.append(PackedFile(packed))
    _FIRST.append(first)
    try:
        yield
    finally:
        _READING.pop()
        _FIRST.pop()


def packed_in(file: Any, places: dict[int, int]) -> Callable[[Briefing], KeptBriefing]:
    """What makes each briefing one that reads its body from now on from ``file`` (open),
    where ``write_packed`` put it (``places``), and holds its other fields."""
    packed = PackedFile(file)

    def packed_briefing(briefing: Briefing) -> KeptBriefing:
        return kept_with(fields_but_body(briefing) | {PACKED_KEY: places[id(briefing)], FILE_KEY: packed})

    return packed_briefing


def lightened(briefing: Briefing) -> KeptBriefing:
    """A briefing packed (``packed_in``) as one holding only its ``UNPACKED`` fields, the
    others read from its file when used and not held (``TRANSIENT_KEY``). Made anew, not
    with its fields let go: a dict stays the size of all it held (~80 MB at 100,000)."""
    state = briefing.__dict__
    place = {PACKED_KEY: state[PACKED_KEY], FILE_KEY: state[FILE_KEY], TRANSIENT_KEY: True}
    return kept_with(unpacked_fields(briefing) | place)


def places_in(file: Any, briefings: Iterable[Briefing]) -> dict[int, int] | None:
    """Where each of ``briefings`` reads its pickle in ``file`` (open), by the briefing's id,
    when every one reads it there (``packed_in``); else None."""
    places = {}
    for briefing in briefings:
        packed = briefing.__dict__.get(FILE_KEY)
        if packed is None or packed.source is not file:
            return None
        places[id(briefing)] = briefing.__dict__[PACKED_KEY]
    return places
