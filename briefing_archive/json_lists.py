"""The JSON list pages: ``briefings.json`` lists every briefing, so every edit changes it
(52 MB at 30,000 briefings), and most of it is copied out of the last build's file."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path

from . import storage
from .cache.item_places import ItemPlaces, PlacesCache
from .cache.manifest import PreviousSite
from .listing_pages import ListItems
from .render import JSON_BETWEEN, JSON_CLOSE, JSON_EMPTY, JSON_OPEN, json_item

# Up to so many items made anew (an edit's few), a list's pieces are made at once and the
# file is written apart (``ItemsFile.pieces``): the kernel copies the kept runs (52 MB at
# 30,000 briefings) while this process makes the next pages. More (a cold build's) are
# written as they are made, never all in memory.
APART_UP_TO = 256


@dataclass(frozen=True)
class ItemsFile:
    """A JSON list page as ``write_items`` made it."""

    key: str
    pieces: list[bytes | tuple[int, int]] | None  # still to write (``storage.write_pieces``); None: written
    source: Path | None  # the previous site's file its ranges are copied from


def write_items(
    output: str,
    kind: str,
    items: Callable[[], ListItems],
    target: Path,
    cache: PlacesCache | None,
    previous: PreviousSite,
) -> ItemsFile:
    """A JSON list page written as its items are made (``briefings.json`` holds every
    briefing's front matter: ~50 MB of objects if made at once), the runs of items whose
    keys are unchanged copied out of the previous site's file (``cache.item_places``), or
    its pieces to write when few items are new (``APART_UP_TO``). Keyed by its items'
    keys (an item's bytes are a function of its key: hashing the 52 MB of 30,000 items
    took 0.08 s of an edit's build), or bytes when it has none."""
    digest = hashlib.blake2b(f"{output}\0{kind}\0".encode(), digest_size=20)
    usable = cache.usable(output, previous) if cache else None
    source, old = usable if usable is not None else (None, ItemPlaces(""))
    made = MadeItems(items(), old)
    pieces: list[bytes | tuple[int, int]] | None = None
    if made.found.count(None) <= APART_UP_TO:
        pieces = list(spliced(made, old))
    else:
        storage.write_pieces(target, spliced(made, old), source)
    placed = made.placed(old, digest)
    key = digest.hexdigest()
    if cache is not None:
        cache.write(output, replace(placed, page_key=key))
    return ItemsFile(key, pieces, source)


class MadeItems:
    """A JSON list's ``items`` as ``spliced`` writes them: which of the ``old`` file's items
    each is (``found``: their numbers there, None for an item made), and the bytes of those
    made (by number)."""

    def __init__(self, items: ListItems, old: ItemPlaces):
        self.items = items
        # The items made, when every other is where it was (``ItemPlaces.moved_among``): then
        # the file and its places are made of these alone, not of a loop over every item.
        self.fresh = old.moved_among(items.keys, APART_UP_TO)
        fresh = self.fresh
        self.found: list[int | None] = old.numbers_of(items.keys) if fresh is None else numbers_in_place(items, fresh)
        self.made: dict[int, bytes] = {}

    def placed(self, old: ItemPlaces, digest) -> ItemPlaces:
        """Where each keyed item lies in the file written, its key and (for an item without
        one) its bytes added to ``digest``, in order."""
        lengths: list[int] | array = (
            [old.lengths[at] if at is not None else len(self.made[n]) for n, at in enumerate(self.found)]
            if self.fresh is None
            else array("q", old.lengths)
        )
        for number in self.fresh or ():
            lengths[number] = len(self.made[number])
        starts = list(accumulate(map(len(JSON_BETWEEN).__add__, lengths), initial=len(JSON_OPEN)))[:-1]
        keys = self.items.keys
        if all(keys):
            keyed = list(filter(None, keys))  # all of them, typed as keys
            digest.update(key_lines(keyed).encode())
            return ItemPlaces("", keyed, array("q", starts), array("q", lengths))
        placed = ItemPlaces("")
        for number, key in enumerate(keys):
            if not key:
                data = self.made[number]
                digest.update(b"bytes %d\n%b" % (len(data), data))
                continue
            digest.update(key_lines([key]).encode())
            placed.keys.append(key)
            placed.starts.append(starts[number])
            placed.lengths.append(lengths[number])
        return placed


def numbers_in_place(items: ListItems, fresh: list[int]) -> list[int | None]:
    """Each item's number in the old file: its own, but the ``fresh`` ones' (None)."""
    found: list[int | None] = list(range(len(items.keys)))
    for number in fresh:
        found[number] = None
    return found


KEY_SEPARATOR = "\nkey "


def key_lines(keys: list[str]) -> str:
    """A line "key K" for each key, made by one join (an f-string each took ~4 ms of an
    edit's build at 30,000 briefings)."""
    return f"key {KEY_SEPARATOR.join(keys)}\n" if keys else ""


def spliced(made: MadeItems, old: ItemPlaces) -> Iterator[bytes | tuple[int, int]]:
    """The pieces of a JSON list file (``render.framed_json_lines``): its framing and new
    items as bytes, each run of items found in ``old`` (the previous file's places) in a
    row as one range of that file (the separators between them included). ``made`` learns
    the bytes of the items made."""
    if made.fresh is not None:
        yield from spliced_in_place(made, old, made.fresh)
        return
    found = made.found
    first: int | None = None  # the run of the previous file's items not yet given: first to last
    last = -2
    for number, at in enumerate(found):
        if at is not None and at == last + 1:
            last = at
            continue
        if first is not None:
            yield old.run(first, last)
        head = JSON_BETWEEN if number else JSON_OPEN
        first, last = (at, at) if at is not None else (None, -2)
        if at is None:
            made.made[number] = data = json_item(made.items.make(number))
            yield head + data
        else:
            yield head
    if first is not None:
        yield old.run(first, last)
    yield JSON_CLOSE if found else JSON_EMPTY


def spliced_in_place(made: MadeItems, old: ItemPlaces, fresh: list[int]) -> Iterator[bytes | tuple[int, int]]:
    """``spliced`` of a list whose items are where they were but the ``fresh`` ones: the
    same pieces, made of the runs between those, not of a step for every item."""
    start, count = 0, len(made.found)
    for number in [*fresh, count]:
        if start < number:  # the run start … number - 1, kept
            yield JSON_BETWEEN if start else JSON_OPEN
            yield old.run(start, number - 1)
        if number < count:
            made.made[number] = data = json_item(made.items.make(number))
            yield (JSON_BETWEEN if number else JSON_OPEN) + data
        start = number + 1
    yield JSON_CLOSE if count else JSON_EMPTY
