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
from dataclasses import dataclass
from pathlib import Path

from ..layout import CACHE
from .shard_files import ShardFiles, crc_shards

ITEMS_FOLDER = f"{CACHE}/items"
# An edit rewrites the one or two shards holding its old and new key, ~1/64 of the items.
shard_of = crc_shards(64)


@dataclass(frozen=True)
class ItemBytes:
    """Where the items of the site at ``out`` are remembered, and by which code."""

    folder: Path
    code: str

    def folder_of(self, output: str) -> Path:
        return self.folder / hashlib.blake2b(output.encode(), digest_size=8).hexdigest()

    def files_of(self, output: str) -> ShardFiles:
        return ShardFiles(self.folder_of(output), self.code, "items", shard_of)

    def read(self, output: str) -> dict[str, bytes]:
        return self.files_of(output).read()

    def write(self, output: str, items: dict[str, bytes], before: dict[str, bytes]) -> None:
        """Keep ``items``, rewriting only the shards whose keys differ from ``before``'s (what
        ``read`` gave): an item's bytes never change under its key."""
        self.files_of(output).write(items, {shard_of(key) for key in items.keys() ^ before.keys()})


def item_bytes(root: Path, out: Path, code: str) -> ItemBytes:
    """One folder per output folder, like the manifest."""
    name = hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()
    return ItemBytes(Path(root) / ITEMS_FOLDER / name, code)
