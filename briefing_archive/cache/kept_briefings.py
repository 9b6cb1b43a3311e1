"""Briefings kept between builds with only the fields every build reads unpacked.

Of the 30,000 briefings of the kept state, an edit's build reads only the path, date,
status, corrections and source of each (the listing order, search shards, claims);
their other fields (actors, quotes, body, …) of a few hundred, for the pages and the
search shard it makes again. Unpickling every briefing's actors and quotes took about
0.25 s of such a build: a ``KeptBriefing`` holds those fields and the pickle of the
whole briefing, unpickled when another field is first read.

The pickles go to a file of their own beside the state (``packed_state``), one at a
time: pickled inside the state, the pickler's memo would hold all of them (170 MB at
30,000 briefings) until the end. The state names each briefing's place in that file
and the CRC-32 of its pickle, and the file carries the state's token: a state with
another's file is a miss. The file is held open and each pickle read where it lies,
its CRC checked, when it is first used: reading and summing the whole file took
0.25 s of an edit's build at 30,000 briefings; a pickle that fails its check raises
``DamagedState``. Read, not mapped: mapped pages a build touched stayed in its memory.

A briefing's body is kept apart, after its pickle, and read from the file each time it
is used, never held: only its page and its search record read it, and the bodies of
30,000 briefings were 190 MB of a build's memory. A build that keeps its state packs
its briefings as soon as it has loaded them (``WarmStates.pack``), so that from then on
it holds no body but those of the briefings it read from their files.
"""

from __future__ import annotations

import dataclasses
import pickle
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from ..model import Briefing
from .digest_columns import digest_columns

# Read of every briefing by every build: kept as they are.
UNPACKED = ("path", "date", "status", "corrections", "lines")
# The pickle of the whole briefing but its body, or its place in a packed file (``place``),
# the body's UTF-8 right after the pickle.
PACKED_KEY = "_packed"
FILE_KEY = "_file"  # the PackedFile holding it, when its pickle is a place there
_FIELDS = tuple(f.name for f in dataclasses.fields(Briefing))
_LAZY = tuple(name for name in _FIELDS if name not in (*UNPACKED, "body"))
_COMPARED = tuple(f.name for f in dataclasses.fields(Briefing) if f.compare)
# Set on a briefing packed as its build went on (``packed_state.lightened``): its other
# fields are not held once read (a cold build at 100,000 briefings held ~200 MB of them).
TRANSIENT_KEY = "_transient"
RECENT = 64  # such briefings whose fields are held, the last used
_RECENT: OrderedDict[int, tuple[KeptBriefing, dict[str, Any]]] = OrderedDict()
# The last of them used, looked at first: a page reads many fields of one briefing in a row
# (briefings.json ~15 each), and a step of the LRU for each took ~0.1 s of 10,000 briefings'.
_LAST: list[tuple[KeptBriefing | None, dict[str, Any]]] = [(None, {})]


class DamagedState(Exception):
    """A kept briefing's pickle is not the bytes that were written: the state is a miss."""


# A place's numbers (at, length, crc, body's length, body's crc) in one int: a tuple of five
# was six objects a briefing to unpickle with every kept state (180,000 at 30,000).
_PLACE_BITS = (48, 32, 32, 32, 32)


def place(at: int, length: int, crc: int, body_length: int, body_crc: int) -> int:
    """Where a briefing's pickle and body lie in a packed file, as one int (``place_of``)."""
    code = 0
    for number, bits in zip((body_crc, body_length, crc, length, at), reversed(_PLACE_BITS), strict=True):
        if not 0 <= number < 1 << bits:
            raise ValueError(f"{number} does not fit a packed file's place")
        code = code << bits | number
    return code


def place_of(code: int) -> tuple[int, int, int, int, int]:
    """(at, length, crc, body's length, body's crc) of a ``place``."""
    numbers = []
    for bits in _PLACE_BITS:
        numbers.append(code & ((1 << bits) - 1))
        code >>= bits
    at, length, crc, body_length, body_crc = numbers
    return at, length, crc, body_length, body_crc


class KeptBriefing(Briefing):
    """A ``Briefing`` whose fields other than ``UNPACKED`` are unpickled when one is first
    read (then all are plain attributes), and whose body, once in a packed file, is read
    from there each time: equal to the briefing, hashing as it, and still frozen."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Briefing):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)

    __hash__ = Briefing.__hash__

    def __getstate__(self) -> dict:
        """Its unpacked fields, the pickle of the rest and its body (sent to another process whole)."""
        return unpacked_fields(self) | {PACKED_KEY: bytes(self.packed()), "body": self.body}

    def __setstate__(self, state: dict) -> None:
        """What unpickling does without it, measured faster with it: 30,000 kept briefings
        unpickled in ~29 ms, not ~41 (the collector off)."""
        self.__dict__.update(state)

    def packed(self) -> bytes | memoryview:
        """The pickle of the whole briefing but its body (checked against its CRC when read from a file)."""
        packed = self.__dict__.get(PACKED_KEY)
        if isinstance(packed, int):
            at, length, crc, _, _ = place_of(packed)
            return self.read_checked(at, length, crc)
        return packed if packed is not None else pickled_without_body(self)

    def packed_with_crc(self) -> tuple[bytes | memoryview, int]:
        """The pickle of the whole briefing but its body, and its CRC-32 (the one it was checked
        against, when read from a file; else summed now)."""
        data, place = self.packed(), self.__dict__.get(PACKED_KEY)
        return data, place_of(place)[2] if isinstance(place, int) else zlib.crc32(data)

    def body_with_crc(self) -> tuple[bytes | memoryview, int]:
        """Its body's UTF-8 and CRC-32 (checked against it when read from a file)."""
        place = self.__dict__.get(PACKED_KEY)
        if isinstance(place, int) and "body" not in self.__dict__:
            at, length, _, body_length, body_crc = place_of(place)
            return self.read_checked(at + length, body_length, body_crc), body_crc
        data = self.body.encode("utf-8")
        return data, zlib.crc32(data)

    def read_checked(self, at: int, length: int, crc: int) -> bytes:
        data = self.__dict__[FILE_KEY].read(at, length)
        if len(data) != length or zlib.crc32(data) != crc:
            raise DamagedState(f"the kept briefing {self.path} is damaged")
        return data

    def unpack(self) -> dict[str, Any]:
        """Its other fields unpickled: into it, plain attributes from now on (the body apart);
        or, for a briefing packed as its build went on (``packed_state.lightened``), into the few
        ``RECENT`` only (its build holds no briefing's fields but those it last used)."""
        state = self.__dict__
        if not state.get(TRANSIENT_KEY):
            whole = pickle.loads(self.packed())
            state.update((name, whole.__dict__[name]) for name in _LAZY)
            return state
        return recent_fields(self)

    def is_unpacked(self) -> bool:
        return _LAZY[0] in self.__dict__

    @property
    def body(self) -> str:
        """Read from the packed file each time when it is there: never held."""
        state = self.__dict__
        if "body" not in state and isinstance(state.get(PACKED_KEY), int):
            return bytes(self.body_with_crc()[0]).decode("utf-8")
        return state["body"]

    @body.setter
    def body(self, value: str) -> None:
        self.__dict__["body"] = value


class LazyField:
    """A field read before the briefing was unpacked: unpacks it. Not a data descriptor:
    once unpacked, the instance's own attribute is found first, at a plain attribute's
    speed (a property in its place cost about 1 s of rendering 30,000 briefings)."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, briefing: KeptBriefing | None, owner: type | None = None) -> Any:
        if briefing is None:
            return self
        last, fields = _LAST[0]  # one read: a host may have threads
        if last is briefing:
            return fields[self.name]
        return briefing.unpack()[self.name]


for _name in _LAZY:
    setattr(KeptBriefing, _name, LazyField(_name))


def recent_fields(briefing: KeptBriefing) -> dict[str, Any]:
    """The other fields of a briefing packed as its build went on, unpickled once while it
    is among the ``RECENT`` last used (a page reads many of its briefing's fields)."""
    found = _RECENT.pop(id(briefing), None)
    if found is None:
        whole = pickle.loads(briefing.packed())
        found = (briefing, {name: whole.__dict__[name] for name in _LAZY})
        while len(_RECENT) >= RECENT:
            try:
                _RECENT.popitem(last=False)  # the least recently used (one step: a host may have threads)
            except KeyError:
                break
    _RECENT[id(briefing)] = _LAST[0] = found  # last used last; the briefing held, so its id is not reused
    return found[1]


def fields_but_body(briefing: Briefing) -> dict[str, Any]:
    return {name: getattr(briefing, name) for name in _FIELDS if name != "body"}


def pickled_without_body(briefing: Briefing) -> bytes:
    return pickle.dumps(Briefing(**fields_but_body(briefing)), protocol=5)


def packed_and_body(briefing: Briefing) -> tuple[tuple[bytes | memoryview, int], tuple[bytes | memoryview, int]]:
    """A briefing's pickle but its body and its body's UTF-8, each with its CRC-32."""
    if isinstance(briefing, KeptBriefing):
        return briefing.packed_with_crc(), briefing.body_with_crc()
    packed, body = pickled_without_body(briefing), briefing.body.encode("utf-8")
    return (packed, zlib.crc32(packed)), (body, zlib.crc32(body))


def forget_recent() -> None:
    """None of the ``RECENT`` held (a new build's briefings are packed: none holds another file open)."""
    _RECENT.clear()
    _LAST[0] = (None, {})


def unpacked_fields(briefing: Briefing) -> dict[str, Any]:
    return {name: getattr(briefing, name) for name in UNPACKED}


def kept(briefing: Briefing) -> KeptBriefing:
    """``briefing`` as a ``KeptBriefing`` (itself when it is one), its fields its own."""
    if isinstance(briefing, KeptBriefing):
        return briefing
    return kept_with({name: getattr(briefing, name) for name in _FIELDS})


def kept_with(state: dict[str, Any]) -> KeptBriefing:
    """A ``KeptBriefing`` whose state (fields, place in a packed file) is ``state``."""
    made = KeptBriefing.__new__(KeptBriefing)
    made.__dict__.update(state)
    return made


def kept_state_parts(archive: Any, made: Any, keep: Callable[[Briefing], KeptBriefing] = kept) -> tuple[Any, Any]:
    """The archive and views with every briefing a ``KeptBriefing`` (made by ``keep``), the
    index's the same objects as the archive's, and the digests in columns (``digest_columns``)."""
    by_path = {b.path: keep(b) for b in archive.briefings}
    index = made.views.index
    listed = {path: by_path.get(path) or keep(b) for path, b in index.by_path.items()}
    index = dataclasses.replace(index, briefings=tuple(listed[b.path] for b in index.briefings), by_path=listed)
    archive = dataclasses.replace(archive, briefings=tuple(by_path[b.path] for b in archive.briefings))
    digests = digest_columns(made.digests) if made.digests is not None else None
    return archive, dataclasses.replace(made, views=dataclasses.replace(made.views, index=index), digests=digests)


def state_briefings(archive: Any, made: Any) -> tuple[Briefing, ...]:
    """Every briefing of a state's parts (``kept_state_parts``), the archive's and the index's."""
    return (*archive.briefings, *made.views.index.briefings)
