"""A quote list kept as the positions of its quotes in the list of every quote.

An actor's or an issue's quote list holds quotes that list of every quote holds
already. As positions (one array) instead of references, the ~10,000 lists of
30,000 briefings pickle as arrays: unpickling a one-edit build's kept views took
356–368 ms, not 421–434. A list reads as a sequence of the quotes themselves.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any


class NumberedQuotes(Sequence):
    """The quotes of ``every`` at ``numbers``, in that order."""

    def __init__(self, every: list, numbers: array):
        self.every, self.numbers = every, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return [self.every[number] for number in self.numbers[at]]
        return self.every[self.numbers[at]]

    def __iter__(self) -> Iterator:
        return map(self.every.__getitem__, self.numbers)

    def __reversed__(self) -> Iterator:
        return map(self.every.__getitem__, reversed(self.numbers))

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

    def over(self, every: list) -> NumberedQuotes:
        """The quotes at the same positions of ``every`` (the list of every quote, some put anew)."""
        return NumberedQuotes(every, self.numbers)
