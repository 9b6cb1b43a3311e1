"""A quote list kept as the positions of its quotes in the list of every quote.

An actor's or an issue's quote list holds quotes that list of every quote holds
already. As positions (one array) instead of references, the ~10,000 lists of
30,000 briefings pickle as arrays: unpickling a one-edit build's kept views took
356–368 ms, not 421–434. A list reads as a sequence of the quotes themselves.

The list of every quote (``EveryQuote``) holds no quote either: it reads each through
the views' quote dicts by briefing, where the briefing's quotes start.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import accumulate
from typing import Any


class NumberedQuotes(Sequence):
    """The quotes of ``every`` at ``numbers``, in that order."""

    def __init__(self, every: Sequence, numbers: array):
        self.every, self.numbers = every, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return list(map(item_getter(self.every), self.numbers[at]))
        return self.every[self.numbers[at]]

    def __iter__(self) -> Iterator:
        return map(item_getter(self.every), self.numbers)

    def __reversed__(self) -> Iterator:
        return map(item_getter(self.every), reversed(self.numbers))

    def __contains__(self, item: object) -> bool:
        return item in list(iter(self))

    def index(self, item: Any, *bounds: Any) -> int:
        return list(iter(self)).index(item, *bounds)

    def count(self, item: Any) -> int:
        return list(iter(self)).count(item)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (NumberedQuotes, list)) and list(iter(self)) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list: equal by its items

    def __repr__(self) -> str:
        return f"NumberedQuotes({list(iter(self))!r})"

    def __reduce__(self) -> tuple:
        return (NumberedQuotes, (self.every, self.numbers))

    def over(self, every: Sequence) -> NumberedQuotes:
        """The quotes at the same positions of ``every`` (the list of every quote, some put anew)."""
        return NumberedQuotes(every, self.numbers)


def item_getter(every: Sequence) -> Any:
    """What reads ``every``'s quote at a position, the quickest way: a list's own, in C."""
    if isinstance(every, EveryQuote) and every.made is not None:
        return every.made.__getitem__
    return every.__getitem__


def quote_starts(counts: Iterable[int]) -> array:
    """Where each briefing's quotes start in the list of every quote, from how many each
    holds (in the list's order), and the list's length last."""
    return array("I", accumulate(counts, initial=0))


def place_of(paths: Sequence[str], starts: array, position: int) -> tuple[str, int]:
    """(the path of the briefing of the quote at ``position`` in the list of every quote of
    the briefings at ``paths``, its number among that briefing's quotes)."""
    at = bisect_right(starts, position) - 1
    return paths[at], position - starts[at]


# A list of every quote read more than a 1/MADE_AFTER of its length through its briefings'
# quotes (a build making every page again: a template edited) makes itself whole.
MADE_AFTER = 8


class EveryQuote(Sequence):
    """The list of every quote: each briefing's quote dicts (``quotes``, by path), the
    briefings in the order of ``paths``, read through ``quotes`` when asked for: it
    holds no dict itself, so the kept views hold each quote's dict nowhere (they are
    made when read, ``page_views.QuoteDicts``) and views patched after an edit are
    read through by giving the list their quotes (``over``). ``starts``: where each
    briefing's quotes start, and the length last. A build that makes every page reads
    every quote many times (~2.5 million reads at 30,000 briefings, each ~1.3 µs through
    its briefing's quotes): the list makes itself at once (``made``, never kept), read in
    C from then on, when it is walked whole (a build that makes the views numbers the
    quote lists so) or read more than a ``MADE_AFTER``-th of its length (a template edited)."""

    def __init__(self, quotes: Mapping[str, list], paths: list[str], starts: array, made: list | None = None):
        self.quotes, self.paths, self.starts, self.made = quotes, paths, starts, made
        self.reads = 0  # through the briefings' quotes

    @classmethod
    def of(cls, quotes: Mapping[str, list], paths: list[str], counts: Iterable[int]) -> EveryQuote:
        """The list of the quotes of the briefings at ``paths``, holding ``counts`` quotes each."""
        return cls(quotes, paths, quote_starts(counts))

    def every_quote(self) -> list[dict]:
        return [quote for path in self.paths for quote in self.quotes[path]]

    @classmethod
    def none(cls) -> EveryQuote:
        return cls({}, [], array("I", [0]))

    def place(self, position: int) -> tuple[str, int]:
        """(the path of the briefing of the quote at ``position``, its number among that briefing's quotes)."""
        return place_of(self.paths, self.starts, position)

    def positions_of(self, paths: Iterable[str]) -> set[int]:
        """The positions of the quotes of the briefings at ``paths``."""
        found: set[int] = set()
        for path in paths:
            at = self.paths.index(path)
            found.update(range(self.starts[at], self.starts[at + 1]))
        return found

    def __len__(self) -> int:
        return self.starts[-1]

    def __getitem__(self, at: Any) -> Any:
        if self.made is not None:
            return self.made[at]
        length = self.starts[-1]  # not len(self): a recorded list (``reads``) would note that read
        if isinstance(at, slice):
            return [self.quote_at(position) for position in range(*at.indices(length))]
        if not -length <= at < length:
            raise IndexError("quote position out of range")
        return self.quote_at(at % length)

    def quote_at(self, position: int) -> dict:
        if self.made is None:
            self.reads += 1
            if self.reads * MADE_AFTER > self.starts[-1]:
                self.made = self.every_quote()
        if self.made is not None:
            return self.made[position]
        path, number = self.place(position)
        return self.quotes[path][number]

    def __iter__(self) -> Iterator:
        if self.made is None:
            self.made = self.every_quote()  # read whole: made whole
        return iter(self.made)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (EveryQuote, NumberedQuotes, list)) and list(iter(self)) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list: equal by its items

    def __repr__(self) -> str:
        return f"EveryQuote({list(iter(self))!r})"

    def __reduce__(self) -> tuple:
        return (EveryQuote, (self.quotes, self.paths, self.starts))

    def over(self, quotes: Mapping[str, list]) -> EveryQuote:
        """The same list read through ``quotes`` (views patched: same briefings, same places)."""
        return EveryQuote(quotes, self.paths, self.starts)
