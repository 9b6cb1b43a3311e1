"""A dict kept in pickled shard files, a shard per hash of the key, so that a change
rewrites the shards holding the keys it touched, not the whole dict.

Each file is marked with the code that wrote it: entries of other code are never
read. A missing, damaged or foreign shard reads as empty (its entries are made
again), and an entry is taken only from the shard its key belongs in.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import storage

SUFFIX = ".pickle"


def crc_shards(count: int) -> Callable[[str], str]:
    """``shard_of`` for string keys: ``count`` shards by CRC-32, named in hex."""

    def shard_of(key: str) -> str:
        return f"{zlib.crc32(key.encode('utf-8', 'surrogateescape')) % count:02x}"

    return shard_of


@dataclass(frozen=True)
class ShardFiles:
    """The shard files of one dict under ``folder``; ``field``: the name its entries are
    pickled under; ``shard_of``: the shard (file name) of a key."""

    folder: Path
    code: str
    field: str
    shard_of: Callable[[Any], str]

    def read(self, names: Collection[str] | None = None) -> dict:
        """The entries of every shard, or of the shards ``names`` only."""
        entries: dict = {}
        for name, saved in storage.read_pickles(self.folder, SUFFIX, names):
            if isinstance(saved, dict) and saved.get("code") == self.code and isinstance(saved.get(self.field), dict):
                entries.update((key, value) for key, value in saved[self.field].items() if self.shard_of(key) == name)
        return entries

    def write(self, entries: dict, touched: Iterable[str]) -> None:
        """The ``touched`` shards rewritten to hold the keys of ``entries`` that belong in
        them (none: the shard is emptied)."""
        shards: dict[str, dict] = {name: {} for name in touched}
        for key, value in entries.items():
            if (name := self.shard_of(key)) in shards:
                shards[name][key] = value
        for name, kept in sorted(shards.items()):
            storage.write_cache(
                self.folder / f"{name}{SUFFIX}", pickle.dumps({"code": self.code, self.field: kept}, protocol=5)
            )
