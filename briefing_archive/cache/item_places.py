"""Where each item of a JSON list page (``briefings.json``) lies in the file the last
build wrote, by the item's key.

``briefings.json`` lists every briefing, so any edit changes it: 17 MB at 10,000
briefings, 52 MB at 30,000. An item's bytes are a function of its key (its briefing's
content key, under this code), so the next build copies the runs of unchanged items
out of the previous file by range (in the kernel: ``storage.write_pieces``) and makes
only the new ones. The places are kept with the key of the file they describe, and are
used only while the previous site holds that file as its build wrote it (``usable``):
otherwise every item is made again.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from itertools import compress
from operator import ne
from pathlib import Path

from .. import storage
from ..layout import CACHE
from .manifest import PreviousSite

PLACES_FOLDER = f"{CACHE}/items"


@dataclass(frozen=True)
class ItemPlaces:
    """The keyed items of one file, in order: each one's key, start and length in bytes."""

    page_key: str  # the key the file was written under (its manifest entry's)
    keys: list[str] = field(default_factory=list)
    starts: array = field(default_factory=lambda: array("q"))
    lengths: array = field(default_factory=lambda: array("q"))

    def numbers_of(self, keys: list[str | None]) -> list[int | None]:
        """The number of each of ``keys``' items here (None: not here, or no key)."""
        numbers: dict[str | None, int] = dict(zip(self.keys, range(len(self.keys)), strict=True))
        return list(map(numbers.get, keys))

    def moved_among(self, keys: list[str | None], most: int) -> list[int] | None:
        """The positions of ``keys`` whose items are not at the same position here, when every
        key is one, as many as here, and at most ``most`` differ (an edit's list: found by
        comparing the two lists in C, not by a dict of 30,000 keys); else None."""
        if len(keys) != len(self.keys) or not all(keys):
            return None
        moved = list(compress(range(len(keys)), map(ne, keys, self.keys)))
        return moved if len(moved) <= most else None

    def run(self, first: int, last: int) -> tuple[int, int]:
        """(start, length) of the items ``first`` to ``last`` in a row, the separators between them with them."""
        return self.starts[first], self.starts[last] + self.lengths[last] - self.starts[first]


@dataclass(frozen=True)
class PlacesCache:
    """Where the item places of the site at ``out`` are kept, and by which code."""

    folder: Path
    code: str

    def file_of(self, output: str) -> Path:
        return self.folder / f"{hashlib.blake2b(output.encode(), digest_size=8).hexdigest()}.places"

    def read(self, output: str) -> ItemPlaces | None:
        saved = storage.read_pickle(self.file_of(output))
        if not (isinstance(saved, dict) and saved.get("code") == self.code and saved.get("output") == output):
            return None
        places = saved.get("places")
        return places if isinstance(places, ItemPlaces) else None

    def write(self, output: str, places: ItemPlaces) -> None:
        saved = {"code": self.code, "output": output, "places": places}
        file = self.file_of(output)
        storage.write_pickle(file, saved)
        storage.discard(file.with_suffix(""))  # the items' bytes an older version kept there

    def usable(self, output: str, previous: PreviousSite) -> tuple[Path, ItemPlaces] | None:
        """The previous site's file of ``output`` and its items' places, when that file is
        the one the places describe, as its build wrote it; else None."""
        entry = previous.pages.get(output)
        if entry is None or previous.folder is None or not previous.unmoved([output]):
            return None
        places = self.read(output)
        if places is None or places.page_key != entry[0]:
            return None
        return previous.folder / output, places


def places_cache(root: Path, out: Path, code: str) -> PlacesCache:
    """One folder per output folder, like the manifest."""
    name = hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()
    return PlacesCache(Path(root) / PLACES_FOLDER / name, code)
