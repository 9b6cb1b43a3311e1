"""The quotes and briefings of each issue and actor kept as numbers, read when used.

The index's issues and actors hold the quotes of their briefings (each quote in ~4.5 of
them): as the kept state's views no longer hold the briefings' facts (``packed_values``),
unpickling those 90,000 quotes with the issues and actors took ~0.1 s of every edit's
build at 30,000 briefings, which reads those of the few pages it makes. So the state
keeps each such tuple as the quotes' numbers in the briefings' order (newest first, each
briefing's quotes in its order), and a ``KeptQuotes`` finds a quote in its briefing's
facts when it is read: the same objects the facts hold, a tuple to whatever compares,
hashes or pickles it. Their briefings' paths (270,000 at 30,000 briefings) are kept as
numbers too (``KeptPaths``).
"""

from __future__ import annotations

import dataclasses
from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from ..facts import QuoteFact
from ..numbered_quotes import place_of, quote_starts


class QuoteSource:
    """Where the quote numbered n is: in the briefing at ``paths[k]`` (the last ``k`` whose
    ``starts[k]`` is at most n), n - starts[k]-th of its facts' quotes."""

    def __init__(self, paths: tuple[str, ...], starts: array, facts: Mapping):
        self.paths, self.starts, self.facts = paths, starts, facts

    def quote(self, number: int) -> QuoteFact:
        path, at = place_of(self.paths, self.starts, number)
        return self.facts[path].quotes[at]

    def briefing(self, number: int) -> str:
        return place_of(self.paths, self.starts, number)[0]


class KeptTuple(Sequence):
    """A tuple kept as numbers, each item found by its number when read (``item``)."""

    def __init__(self, numbers: array, source: Any):
        self.numbers, self.source = numbers, source

    def item(self, number: int) -> Any:
        raise NotImplementedError

    def __getitem__(self, at: Any) -> Any:
        if isinstance(at, slice):
            return tuple(map(self.item, self.numbers[at]))
        return self.item(self.numbers[at])

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self) -> Iterator:
        return map(self.item, self.numbers)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, KeptTuple) else other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple:  # sent to another process: the tuple
        return (tuple, (tuple(self),))


class KeptQuotes(KeptTuple):
    """A tuple of quotes as the numbers of its quotes in ``source`` (a ``QuoteSource``)."""

    def item(self, number: int) -> QuoteFact:
        return self.source.quote(number)


class KeptPaths(KeptTuple):
    """A tuple of briefings' paths as their numbers in the briefings' order (``source``: the paths)."""

    def item(self, number: int) -> str:
        return self.source[number]

    def __iter__(self) -> Iterator[str]:
        return map(self.source.__getitem__, self.numbers)


def briefings_of(quotes: Sequence[QuoteFact]) -> Iterator[str]:
    """The path of each quote's briefing (of kept quotes, without reading their facts)."""
    if isinstance(quotes, KeptQuotes):
        return map(quotes.source.briefing, quotes.numbers)
    return (quote.briefing for quote in quotes)


class Placed:
    """A tuple as the kept state pickles it: unpickled as a ``kind`` (a ``KeptTuple``)."""

    def __init__(self, kind: type, numbers: array, source: Any):
        self.kind, self.numbers, self.source = kind, numbers, source

    def __reduce__(self) -> tuple:
        return (self.kind, (self.numbers, self.source))


def with_quotes_numbered(index: Any, facts: Any) -> Any:
    """``index`` as a kept state pickles it: its issues' and actors' quotes numbered, found
    in ``facts`` (as the state pickles the briefings' facts) when read back."""
    paths = tuple(briefing.path for briefing in index.briefings)
    starts = quote_starts(len(index.facts[path].quotes) for path in paths)  # as the list of every quote's
    position = {path: at for at, path in enumerate(paths)}
    numbers, source = QuoteNumbers(index.facts, starts, position), QuoteSource(paths, starts, facts)

    def placed(quotes: Sequence[QuoteFact]) -> Placed:
        found = quotes.numbers if isinstance(quotes, KeptQuotes) else array("I", map(numbers.of, quotes))
        return Placed(KeptQuotes, found, source)

    def placed_paths(briefings: Sequence[str]) -> Placed:
        return Placed(KeptPaths, array("I", map(position.__getitem__, briefings)), paths)

    issues = {
        slug: dataclasses.replace(
            issue,
            briefings=placed_paths(issue.briefings),
            sides=tuple((side, placed(quotes)) for side, quotes in issue.sides),
        )
        for slug, issue in index.issues.items()
    }
    actors = {
        slug: dataclasses.replace(actor, briefings=placed_paths(actor.briefings), quotes=placed(actor.quotes))
        for slug, actor in index.actors.items()
    }
    return dataclasses.replace(index, issues=issues, actors=actors)


class QuoteNumbers:
    """The number of each quote the briefings' facts hold: found by the quote object, else
    (a quote equal to one, not the same object) in its briefing's quotes."""

    def __init__(self, facts: Mapping, starts: array, position: dict[str, int]):
        self.facts, self.first = facts, {path: starts[at] for path, at in position.items()}
        self.by_id = {
            id(quote): start + at for path, start in self.first.items() for at, quote in enumerate(facts[path].quotes)
        }

    def of(self, quote: QuoteFact) -> int:
        found = self.by_id.get(id(quote))  # the facts hold their quotes: no other has its id
        if found is not None:
            return found
        return self.first[quote.briefing] + self.facts[quote.briefing].quotes.index(quote)
