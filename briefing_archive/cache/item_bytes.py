"""The encoded items of JSON list pages (``briefings.json``), remembered by content key.

``briefings.json`` lists every briefing, so any edit changes it; making and encoding
its 30,000 items took 3 s. An item is made from its briefing's file alone, so its
bytes are kept under that file's content key, marked with the code that made them,
and only the items of new or edited briefings are made again. The items are kept in
shard files by a hash of the key, so an edit rewrites one or two small files, not all
52 MB (at 30,000 briefings) of them.
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..layout import CACHE

ITEMS_FOLDER = f"{CACHE}/items"
SHARDS = 64  # an edit rewrites the one or two holding its old and new key, ~1/64 of the items


def shard_of(key: str) -> str:
    return f"{zlib.crc32(key.encode()) % SHARDS:02x}"


@dataclass(frozen=True)
class ItemBytes:
    """Where the items of the site at ``out`` are remembered, and by which code."""

    folder: Path
    code: str

    def folder_of(self, output: str) -> Path:
        return self.folder / hashlib.blake2b(output.encode(), digest_size=8).hexdigest()

    def read(self, output: str) -> dict[str, bytes]:
        items: dict[str, bytes] = {}
        for name, saved in storage.read_pickles(self.folder_of(output), ".pickle"):
            if isinstance(saved, dict) and saved.get("code") == self.code and isinstance(saved.get("items"), dict):
                items.update((key, data) for key, data in saved["items"].items() if shard_of(key) == name)
        return items

    def write(self, output: str, items: dict[str, bytes], before: dict[str, bytes]) -> None:
        """Keep ``items``, rewriting only the shards whose keys differ from ``before``'s (what
        ``read`` gave): an item's bytes never change under its key."""
        touched = {shard_of(key) for key in items.keys() ^ before.keys()}
        shards: dict[str, dict[str, bytes]] = {name: {} for name in touched}
        for key, data in items.items():
            if (name := shard_of(key)) in shards:
                shards[name][key] = data
        for name, kept in sorted(shards.items()):
            storage.write_cache(
                self.folder_of(output) / f"{name}.pickle", pickle.dumps({"code": self.code, "items": kept}, protocol=5)
            )


def item_bytes(root: Path, out: Path, code: str) -> ItemBytes:
    """One folder per output folder, like the manifest."""
    name = hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()
    return ItemBytes(Path(root) / ITEMS_FOLDER / name, code)
