"""The JSON list pages: ``briefings.json`` lists every briefing, so every edit changes it
(52 MB at 30,000 briefings), and most of it is copied out of the last build's file."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import accumulate
from pathlib import Path

from . import storage
from .cache.item_places import ItemPlaces, PlacesCache
from .cache.manifest import PreviousSite
from .listing_pages import ListItems
from .render import JSON_BETWEEN, JSON_CLOSE, JSON_EMPTY, JSON_OPEN, json_item


def write_items(
    output: str,
    kind: str,
    items: Callable[[], ListItems],
    target: Path,
    cache: PlacesCache | None,
    previous: PreviousSite,
) -> str:
    """A JSON list page written as its items are made (``briefings.json`` holds every
    briefing's front matter: ~50 MB of objects if made at once), the runs of items whose
    keys are unchanged copied out of the previous site's file (``cache.item_places``).
    Written every time, keyed by its items' keys (an item's bytes are a function of its
    key: hashing the 52 MB of 30,000 items took 0.08 s of an edit's build), or bytes
    when it has none."""
    digest = hashlib.blake2b(f"{output}\0{kind}\0".encode(), digest_size=20)
    usable = cache.usable(output, previous) if cache else None
    source, old = usable if usable is not None else (None, ItemPlaces(""))
    made = MadeItems(items())
    storage.write_pieces(target, spliced(made, old), source)
    placed = made.placed(old, digest)
    key = digest.hexdigest()
    if cache is not None:
        cache.write(output, replace(placed, page_key=key))
    return key


class MadeItems:
    """A JSON list's ``items`` as ``spliced`` writes them: which of the previous file's items
    each is (``found``: their numbers there, None for an item made), and the bytes of those
    made (by number)."""

    def __init__(self, items: ListItems):
        self.items = items
        self.found: list[int | None] = []
        self.made: dict[int, bytes] = {}

    def placed(self, old: ItemPlaces, digest) -> ItemPlaces:
        """Where each keyed item lies in the file written, its key and (for an item without
        one) its bytes added to ``digest``, in order."""
        lengths = [old.lengths[at] if at is not None else len(self.made[n]) for n, at in enumerate(self.found)]
        starts = list(accumulate(map(len(JSON_BETWEEN).__add__, lengths), initial=len(JSON_OPEN)))[:-1]
        keys = self.items.keys
        if all(keys):
            digest.update("".join(f"key {key}\n" for key in keys).encode())
            return ItemPlaces("", list(filter(None, keys)), array("q", starts), array("q", lengths))
        placed = ItemPlaces("")
        for number, key in enumerate(keys):
            if not key:
                data = self.made[number]
                digest.update(b"bytes %d\n%b" % (len(data), data))
                continue
            digest.update(f"key {key}\n".encode())
            placed.keys.append(key)
            placed.starts.append(starts[number])
            placed.lengths.append(lengths[number])
        return placed


def spliced(made: MadeItems, old: ItemPlaces) -> Iterator[bytes | tuple[int, int]]:
    """The pieces of a JSON list file (``render.framed_json_lines``): its framing and new
    items as bytes, each run of items found in ``old`` (the previous file's places) in a
    row as one range of that file (the separators between them included). ``made`` learns
    which items were found and the bytes of the others."""
    made.found = found = old.numbers_of(made.items.keys)
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
