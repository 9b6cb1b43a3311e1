"""The encoded items of JSON list pages (``briefings.json``), remembered by content key.

``briefings.json`` lists every briefing, so any edit changes it; making and encoding
its 30,000 items took 3 s. An item is made from its briefing's file alone, so its
bytes are kept under that file's content key, marked with the code that made them,
and only the items of new or edited briefings are made again.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from .. import storage
from ..layout import CACHE

ITEMS_FOLDER = f"{CACHE}/items"


@dataclass(frozen=True)
class ItemBytes:
    """Where the items of the site at ``out`` are remembered, and by which code."""

    folder: Path
    code: str

    def file_of(self, output: str) -> Path:
        return self.folder / (hashlib.blake2b(output.encode(), digest_size=8).hexdigest() + ".pickle")

    def read(self, output: str) -> dict[str, bytes]:
        saved = storage.read_pickle(self.file_of(output))
        if not isinstance(saved, dict) or saved.get("code") != self.code or not isinstance(saved.get("items"), dict):
            return {}
        return saved["items"]

    def write(self, output: str, items: dict[str, bytes]) -> None:
        storage.write_cache(self.file_of(output), pickle.dumps({"code": self.code, "items": items}, protocol=5))


def item_bytes(root: Path, out: Path, code: str) -> ItemBytes:
    """One folder per output folder, like the manifest."""
    name = hashlib.blake2b(str(Path(out).resolve()).encode(), digest_size=8).hexdigest()
    return ItemBytes(Path(root) / ITEMS_FOLDER / name, code)
