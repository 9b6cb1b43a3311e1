"""What each page reads of the data every page shares, recorded as its context is made.

The shared data (the index, the views, the quote lists) is handed to the context
functions as ``ReadsDict``/``ReadsTuple``: copies that note every key looked up
(``(name, key)``), every length asked (``LENGTH``) and every walk over the whole
(``WHOLE``) in the set of the page being made (``ReadsMapping``, ``ReadsEvery`` and
``ReadsNumbered`` note the same, of data made when read: not copied). A rebuild then makes again only
the pages that read something whose digest changed (``site_digests``), so an edit
costs the pages that show it, not the whole site.

Recording is by construction: a context function can only reach shared data
through these wrappers, and anything it reaches otherwise (the registry, the
settings, the templates) is in the key every page depends on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .numbered_quotes import EveryQuote, NumberedQuotes

WHOLE = "*"  # the page walked over all of it: any change at all counts
LENGTH = "#"  # the page asked how long a list is

# The reads of the page being made (a stack: nothing nests today, but a page that
# made another's context inside its own would then record into both).
_PAGES: list[set] = []


@contextmanager
def recording() -> Iterator[set]:
    """``with recording() as reads:`` — every shared read made inside lands in ``reads``."""
    reads: set = set()
    _PAGES.append(reads)
    try:
        yield reads
    finally:
        _PAGES.pop()


def note(name: str, key: Any) -> None:
    for reads in _PAGES:
        reads.add((name, key))


class ReadsDict(dict):
    """A dict that notes each key read (missing keys too: a key appearing is a change)."""

    def __init__(self, name: str, data: Mapping):
        super().__init__(data)
        self.name = name

    def __getitem__(self, key):
        note(self.name, key)
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        note(self.name, key)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        note(self.name, key)
        return dict.__contains__(self, key)

    def whole(self) -> None:
        note(self.name, WHOLE)

    def __iter__(self):
        self.whole()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self.whole()  # a dict's length is its keys: a key coming or going is a WHOLE change
        return dict.__len__(self)

    def keys(self):
        self.whole()
        return dict.keys(self)

    def values(self):
        self.whole()
        return dict.values(self)

    def items(self):
        self.whole()
        return dict.items(self)

    def __reversed__(self):
        self.whole()
        return dict.__reversed__(self)

    def __eq__(self, other) -> bool:
        self.whole()
        return dict.__eq__(self, other)

    __hash__ = None

    def copy(self) -> dict:
        self.whole()
        return dict(dict.items(self))

    def __reduce__(self):  # pickled (a context holding it whole): a plain dict
        self.whole()
        return (dict, (list(dict.items(self)),))


class ReadsSequence:
    """What the recorded sequences share: items read by position (a slice is
    its positions), ``LENGTH``, and ``WHOLE`` for anything that looks at every item.
    One of many lists under one name (``of``: which) notes (``of``, position)."""

    name: str
    of: Any = None
    chunk: int = 1  # positions are read by runs of this many (a quote page's): fewer reads to keep

    def read(self, key) -> None:
        key = key // self.chunk if isinstance(key, int) else key
        note(self.name, key if self.of is None else (self.of, key))

    def __getitem__(self, at):
        length = super().__len__()  # type: ignore[misc]
        if isinstance(at, slice):
            for position in range(*at.indices(length)):
                self.read(position)
        else:
            self.read(at + length if -length <= at < 0 else at)
        return super().__getitem__(at)  # type: ignore[misc]

    def __len__(self) -> int:
        self.read(LENGTH)
        return super().__len__()  # type: ignore[misc]

    def whole(self) -> None:
        self.read(WHOLE)

    def __iter__(self):
        self.whole()
        return super().__iter__()  # type: ignore[misc]

    def __contains__(self, item) -> bool:
        self.whole()
        return super().__contains__(item)  # type: ignore[misc]

    def __reversed__(self):
        self.whole()
        return super().__reversed__()  # type: ignore[misc]

    def __eq__(self, other) -> bool:
        self.whole()
        return super().__eq__(other)

    def index(self, *args):
        self.whole()
        return super().index(*args)  # type: ignore[misc]

    def count(self, item) -> int:
        self.whole()
        return super().count(item)  # type: ignore[misc]


class ReadsTuple(ReadsSequence, tuple):
    def __new__(cls, name: str, items):
        made = tuple.__new__(cls, items)
        made.name = name
        return made

    def __hash__(self) -> int:
        self.whole()
        return tuple.__hash__(self)

    def __add__(self, other):
        self.whole()
        return tuple(tuple.__iter__(self)) + tuple(other)

    def __reduce__(self):
        self.whole()
        return (tuple, (tuple(tuple.__iter__(self)),))


class ReadsNumbered(ReadsSequence, NumberedQuotes):
    """A ``NumberedQuotes`` recording its reads as ``ReadsTuple`` does (never copied: the
    quote lists hold every quote several times over)."""

    def __init__(self, name: str, quotes: NumberedQuotes, of: Any = None, chunk: int = 1):
        NumberedQuotes.__init__(self, quotes.every, quotes.numbers)
        self.name, self.of, self.chunk = name, of, chunk

    def __reduce__(self):
        self.whole()
        return (list, (list(NumberedQuotes.__iter__(self)),))


class ReadsMapping(Mapping):
    """``ReadsDict`` over a mapping that makes or reads its values when they are asked for
    (``page_views.QuoteDicts``, ``cache.packed_values``): not copied, which would make every one."""

    def __init__(self, name: str, data: Mapping):
        self.name, self.data = name, data

    def __getitem__(self, key):
        note(self.name, key)
        return self.data[key]

    def __contains__(self, key) -> bool:
        note(self.name, key)
        return key in self.data

    def __iter__(self):
        note(self.name, WHOLE)
        return iter(self.data)

    def __len__(self) -> int:
        note(self.name, WHOLE)
        return len(self.data)

    # As ``ReadsDict``'s: a walk is ``WHOLE`` alone, not also each key it reads.
    def keys(self):
        note(self.name, WHOLE)
        return self.data.keys()

    def values(self):
        note(self.name, WHOLE)
        return self.data.values()

    def items(self):
        note(self.name, WHOLE)
        return self.data.items()

    def __eq__(self, other) -> bool:
        note(self.name, WHOLE)
        return dict(self.data.items()) == other

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):  # pickled (a context holding it whole): a plain dict
        note(self.name, WHOLE)
        return (dict, (list(self.data.items()),))


class ReadsLists(ReadsMapping):
    """``ReadsMapping`` over quote lists (``NumberedQuotes``) by key, each recording its own
    reads as ``ReadsNumbered`` does (of ``(kind, *key)``), made when the list is first read:
    made for all ~10,000 lists of 30,000 briefings, they took ~6 ms of every edit's build."""

    def __init__(self, name: str, data: Mapping, kind: str, chunk: int):
        super().__init__(name, data)
        self.kind, self.chunk = kind, chunk
        self.made: dict[Any, ReadsNumbered] = {}

    def __getitem__(self, key):
        note(self.name, key)
        return self.list_of(key, self.data[key])

    def list_of(self, key, quotes) -> ReadsNumbered:
        found = self.made.get(key)
        if found is None:
            of = (self.kind, *(key if isinstance(key, tuple) else (key,)))
            found = self.made[key] = ReadsNumbered("quote_list", quotes, of, self.chunk)
        return found

    def values(self):
        return [quotes for _, quotes in self.items()]

    def items(self):
        note(self.name, WHOLE)
        return [(key, self.list_of(key, quotes)) for key, quotes in self.data.items()]

    def counts(self) -> Iterator[tuple[Any, int]]:
        """(key, how many quotes) of each list: a walk over all (``WHOLE``), no list read."""
        note(self.name, WHOLE)
        return zip(self.data.keys(), map(len, self.data.values()), strict=True)

    def __eq__(self, other) -> bool:
        return dict(self.items()) == other

    def __reduce__(self):  # pickled (a context holding it whole): a plain dict of lists
        return (dict, (self.items(),))


class ReadsEvery(ReadsSequence, EveryQuote):
    """The list of every quote recording its reads as ``ReadsTuple`` does (not copied:
    that would make every quote's dict)."""

    def __init__(self, name: str, every: EveryQuote, chunk: int = 1):
        EveryQuote.__init__(self, every.quotes, every.paths, every.starts, every.made)
        self.name, self.chunk = name, chunk

    def __reduce__(self):
        self.whole()
        return (list, (list(EveryQuote.__iter__(self)),))
