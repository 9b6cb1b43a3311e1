"""A part of the site's digests (``site_digests``) as a kept state holds it: in columns.

Unpickled as dicts, the 262,000 digests of a 30,000-briefing site took ~44 ms of every
edit's build and ~30 MB of its memory, and bringing them up to date copied and compared
whole parts (~40 ms more), though an edit reads and changes a few hundred of them. A
``DigestPart`` holds a part's keys in order (``key_numbers``, shared by the parts keyed
alike) and its digests in one string with where each ends; the digests an edit puts in
place lie over those (``changed``), so a part brought up to date shares its columns with
the one it came from, and what changed between the two is found from their changes alone
(``changes_between``). A part keeps its keys: one that gains or loses a key is a dict.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from itertools import accumulate, chain
from typing import Any

from .journal import Changes
from .key_numbers import KeyNumbers, numbered_keys


class DigestPart(Mapping):
    """key → digest of one part: ``keys``, the digests in order in ``text`` (each ending where
    ``ends`` says), and ``changed`` digests (of some of these keys) in place of theirs."""

    __slots__ = ("columns", "text", "ends", "changed")

    def __init__(self, columns: KeyNumbers, text: str, ends: array, changed: dict | None = None):
        self.columns, self.text, self.ends, self.changed = columns, text, ends, changed or {}

    def __getitem__(self, key: Any) -> str:
        found = self.changed.get(key) if self.changed else None
        if found is not None:
            return found
        number = self.columns.number(key)
        if number is None:
            raise KeyError(key)
        return self.text[self.ends[number - 1] if number else 0 : self.ends[number]]

    def __contains__(self, key: object) -> bool:
        return self.columns.number(key) is not None

    def __iter__(self) -> Iterator:
        return iter(self.columns.keys)

    def __len__(self) -> int:
        return len(self.columns.keys)

    def values(self) -> Any:
        """Every digest in order (a list), made in C loops over the columns."""
        ends = self.ends
        found = list(map(self.text.__getitem__, map(slice, chain((0,), ends[:-1]), ends)))
        for key, value in self.changed.items():
            found[self.columns.number(key)] = value  # type: ignore[index]  # ``changed`` holds keys of these
        return found

    def items(self) -> Any:
        return dict(zip(self.columns.keys, self.values(), strict=True)).items()

    def with_changes(self, new: Mapping) -> Mapping:
        """These digests with ``new``'s in place: the columns shared when ``new`` holds no key
        but these; else a dict."""
        if not new:
            return self
        if all(self.columns.number(key) is not None for key in new):
            return DigestPart(self.columns, self.text, self.ends, {**self.changed, **new})
        return {**dict(self.items()), **new}

    def __reduce__(self) -> tuple:
        if not self.changed:
            return (DigestPart, (self.columns, self.text, self.ends))
        text, ends = joined_digests(self.values())
        return (DigestPart, (self.columns, text, ends))


def joined_digests(values: list[str]) -> tuple[str, array]:
    return "".join(values), array("L", accumulate(map(len, values)))


def digest_columns(digests: Mapping[str, Mapping]) -> dict[str, Mapping]:
    """Each part of ``digests`` as a ``DigestPart`` (parts that were one object are one still,
    and parts keyed alike share their keys), for a kept state to hold."""
    parts: dict[int, Mapping] = {}
    keys: dict[tuple[int, Any], KeyNumbers] = {}  # by (length, first key): the parts' keys made so far
    for part in digests.values():
        if id(part) not in parts and not isinstance(part, DigestPart):
            ordered = tuple(part)
            shape = (len(ordered), ordered[0] if ordered else None)
            same = keys.get(shape)
            if same is None or same.keys != ordered:
                same = keys[shape] = numbered_keys(ordered)
            parts[id(part)] = DigestPart(same, *joined_digests(list(part.values())))
    return {name: parts.get(id(part), part) for name, part in digests.items()}


def with_digests(part: Mapping, new: Mapping) -> Mapping:
    """``part`` with ``new``'s digests in place (a ``DigestPart`` keeps its columns)."""
    if isinstance(part, DigestPart):
        return part.with_changes(new)
    return {**part, **new}


def with_changes_applied(part: Mapping, changes: Changes, in_place: bool = False) -> Mapping:
    """``part`` with ``changes`` applied: a new mapping, or a dict ``part`` changed when ``in_place``."""
    if isinstance(part, DigestPart) and not changes.removed:
        return part.with_changes(changes.changed)
    return changes.apply(part if in_place and type(part) is dict else dict(part.items()))


def changes_between(before: Mapping, now: Mapping) -> Changes | None:
    """What turns ``before`` into ``now`` when both lie over the same columns: found among
    the keys changed in either alone; None when they do not."""
    if not (isinstance(before, DigestPart) and isinstance(now, DigestPart) and before.text is now.text):
        return None
    if before.columns is not now.columns:
        return None
    keys = [*before.changed, *(key for key in now.changed if key not in before.changed)]
    return Changes({key: now[key] for key in keys if now[key] != before[key]}, frozenset())
