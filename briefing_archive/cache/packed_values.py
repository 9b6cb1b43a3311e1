"""The views' values of each briefing kept in a file of their own, each read where it lies.

A kept state's views hold three values per briefing (its facts, card and search filters).
Unpickled with the state, those of 30,000 briefings took ~0.2 s of every edit's build,
which reads a few thousand of the 90,000 on the pages it makes. So the state keeps each
of these mappings as its keys and the places of their values' pickles in a values file
beside it (``WarmStates``), and a ``PackedValues`` reads a value from there, its CRC-32
checked, when it is first asked for. The list entries stay in the state: an edit's build
reads ~6,000 of them (the timeline pages), more than unpickling all 30,000 costs. The
file carries the state's token, as the packed briefings' file does; a value that fails
its check raises ``DamagedState`` (the build is made again without the state). A walk
over every value, past half of them, or a build that makes most pages (``read_at_once``)
reads the mapping's bytes at once. Each value unpickled is handed to the mapping's
``read_back``, which makes it of the strings and parts this process shares: unpickled one
by one, 30,000 cards held a copy of every key and link each.
"""

from __future__ import annotations

import contextlib
import pickle
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from ..workers import no_cyclic_gc
from .kept_briefings import DamagedState

_READING: list[Any] = []  # the values file whose state is being unpickled (``reading_values``)
# Values read one at a time until more than 1/READ_WHOLE_AFTER of them were, then all at
# once: a build that makes most pages reads them all first (``read_at_once``). An edit's
# build at 10,000 briefings read 1,251 facts of 10,000 (its issues' pages): past an eighth,
# it read the other 8,700 too, 0.1 s more, for the 26 quotes of one page.
READ_WHOLE_AFTER = 2
_NUMBERED: list[tuple[tuple, dict]] = []  # ``numbers_of``'s last keys and their numbers


class PackedValues(Mapping):
    """A mapping whose values' pickles lie in a values file: key → value, each unpickled when
    first read (then given to ``read_back``) and held after; ``changed`` holds the values put
    in place of some since."""

    def __init__(
        self,
        keys: tuple,
        places: array,
        crcs: array,
        file: Any,
        changed: dict | None = None,
        read_back: Callable[[Any], Any] | None = None,
    ):
        self.order, self.places, self.crcs, self.file = keys, places, crcs, file
        self.changed, self.read_back = changed or {}, read_back or as_read
        self.read: dict = {}  # key → value, of those read so far (shared with ``replaced`` copies)
        self.numbers: dict | None = None  # key → its number, made when first needed

    def __getitem__(self, key: Any) -> Any:
        found = self.changed.get(key, self) if self.changed else self
        if found is self:
            found = self.read.get(key, self)
        if found is self:
            found = self.read[key] = self.unpickled(key)
        return found

    def unpickled(self, key: Any) -> Any:
        number = self.number_of(key)  # a KeyError for a key it lacks
        if len(self.read) * READ_WHOLE_AFTER > len(self.order):
            self.read_whole()  # more than a fraction of it read: the rest too, in one go
            return self.read[key]
        return self.read_back(pickle.loads(self.pickle_of(number)))

    def number_of(self, key: Any) -> int:
        return self.numbered()[key]

    def numbered(self) -> dict:
        if self.numbers is None:
            self.numbers = numbers_of(self.order)
        return self.numbers

    def pickle_of(self, number: int) -> bytes | memoryview:
        at, end = self.places[number], self.places[number + 1]
        return checked(self.file.read(at, end - at), self.crcs[number], self.order[number])

    def __contains__(self, key: object) -> bool:
        return key in self.numbered()

    def __iter__(self) -> Iterator:
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)

    def values(self) -> Any:
        self.read_whole()
        return super().values()

    def items(self) -> Any:
        self.read_whole()
        return super().items()

    def read_whole(self) -> None:
        """Every value not read yet unpickled, the mapping's bytes read in one go."""
        if len(self.read) == len(self.order) or not self.order:
            return
        start, read_back = self.places[0], self.read_back
        data = memoryview(self.file.read(start, self.places[-1] - start))
        with no_cyclic_gc():  # values hold no cycles: collecting as they come took half the time
            for number, key in enumerate(self.order):
                if key not in self.read:  # those in ``changed`` too: what it was made of, never returned
                    at, end = self.places[number] - start, self.places[number + 1] - start
                    self.read[key] = read_back(pickle.loads(checked(data[at:end], self.crcs[number], key)))

    def replaced(self, values: dict) -> PackedValues:
        """The same mapping with ``values`` (of keys it has) put in place."""
        made = PackedValues(self.order, self.places, self.crcs, self.file, self.changed | values, self.read_back)
        made.read, made.numbers = self.read, self.numbers
        return made

    def __reduce__(self) -> tuple:  # sent to another process, or held by a context: a plain dict
        return (dict, (list(self.items()),))


def as_read(value: Any) -> Any:
    return value


def read_at_once(mappings: Iterable[Mapping]) -> None:
    """Those of ``mappings`` that are kept values read whole now: their every value will be
    (a build that makes most pages), and one read of all costs half what reads one by one do."""
    for mapping in mappings:
        if isinstance(mapping, PackedValues):
            mapping.read_whole()


def let_go(mappings: Iterable[Mapping]) -> None:
    """The values read of those of ``mappings`` that are kept values no longer held (read
    again from the file if asked for): those of a build that made most pages, once made."""
    for mapping in mappings:
        if isinstance(mapping, PackedValues):
            mapping.read.clear()  # shared with its ``replaced`` copies, which read again too


def numbers_of(keys: tuple) -> dict:
    """Each key's number, made once for a tuple of keys that several mappings share (the
    last asked for is held: ~5 ms at 30,000 keys)."""
    known = _NUMBERED[-1] if _NUMBERED else None
    if known is None or known[0] is not keys:
        known = (keys, {key: number for number, key in enumerate(keys)})
        _NUMBERED[:] = [known]
    return known[1]


def checked(data: bytes | memoryview, crc: int, key: Any) -> bytes | memoryview:
    if zlib.crc32(data) != crc:
        raise DamagedState(f"the kept value of {key} is damaged")
    return data


def with_values(mapping: Mapping, values: dict) -> Mapping:
    """``mapping`` with ``values`` put in place: a new dict of a dict; of a ``PackedValues``,
    one reading the same file (a dict of it would read every value)."""
    if isinstance(mapping, PackedValues) and all(key in mapping for key in values):
        return mapping.replaced(values)
    return {**mapping, **values}


class PlacedValues:
    """A mapping as the kept state pickles it: its keys and its values' places in the values
    file written with it (``write_values``), and what each value read is given to (a function
    of a module, pickled by name); unpickled as a ``PackedValues`` reading the file being read
    (``reading_values``)."""

    def __init__(self, keys: tuple, places: array, crcs: array, read_back: Callable[[Any], Any] | None = None):
        self.keys, self.places, self.crcs, self.read_back = keys, places, crcs, read_back

    def __reduce__(self) -> tuple:
        return (values_in_file, (self.keys, self.places, self.crcs, self.read_back))


def values_in_file(keys: tuple, places: array, crcs: array, read_back: Callable[[Any], Any] | None) -> PackedValues:
    return PackedValues(keys, places, crcs, _READING[-1], read_back=read_back)


@contextlib.contextmanager
def reading_values(file: Any) -> Iterator[None]:
    """Unpickle a state whose ``PlacedValues`` are in ``file`` (the values file, open)."""
    _READING.append(file)
    try:
        yield
    finally:
        _READING.pop()


def write_values(
    stream: BinaryIO, token: bytes, mappings: dict[str, Mapping], read_back: Mapping[str, Callable[[Any], Any]]
) -> dict[str, PlacedValues]:
    """The values file: ``token``, then each mapping's values' pickles one after another
    (of a ``PackedValues``, the pickles of those not changed copied as they are); each
    mapping as the state is to pickle it, by name (``read_back``: what each value read back
    is given to, by the mapping's name; none: as read)."""
    stream.write(token)
    at, placed, keys = len(token), {}, ()
    for name, mapping in mappings.items():
        places, crcs = array("q", [at]), array("L")
        for data in value_pickles(mapping):
            stream.write(data)
            at += len(data)
            places.append(at)
            crcs.append(zlib.crc32(data))
        keys = keys if keys == tuple(mapping) else tuple(mapping)  # one tuple (numbered once) when equal
        placed[name] = PlacedValues(keys, places, crcs, read_back.get(name))
    return placed


def value_pickles(mapping: Mapping) -> Iterator[bytes | memoryview]:
    if not isinstance(mapping, PackedValues) or not mapping.order:
        yield from (pickle.dumps(value, protocol=5) for value in mapping.values())
        return
    start = mapping.places[0]
    data = memoryview(mapping.file.read(start, mapping.places[-1] - start))
    for number, key in enumerate(mapping.order):
        if key in mapping.changed:
            yield pickle.dumps(mapping.changed[key], protocol=5)
        else:
            at, end = mapping.places[number] - start, mapping.places[number + 1] - start
            yield checked(data[at:end], mapping.crcs[number], key)
