"""What ``check`` remembers between runs: each briefing's report and the registry's parses
(left by checks, and by builds that checked cleanly: ``build_checks``).

A briefing's row is (its stamp when it was read, its ``FileReport``); a row
whose stamp still matches is taken without reading the file, one whose stamp
changed holds again only for the same text (the report's content key), like
the build's fingerprints. The rows are kept in shard files by a hash of the
path, so checking one edited file rewrites one small shard; the registry's
parses are a ``Memo`` of their own. Every file is marked with the code that
made it: rows of other code are never used.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from .. import storage
from ..layout import CACHE
from .memo import Memo
from .shard_files import CrcShards, ShardFiles

SUMMARY_FOLDER = f"{CACHE}/checked"
REGISTRY_FILE = "registry.memo"
shard_of = CrcShards(256)  # ~120 rows each at 30,000 briefings


class CheckSummary:
    """The rows and registry parses the last check left under ``root`` for this ``code``.

    ``rows``: briefing path → (stamp, …) as ``file_checks.as_row`` makes them;
    ``registry``: the registry files' parses, a ``Memo``."""

    def __init__(self, root: Path, code: str):
        self.folder, self.code = Path(root) / SUMMARY_FOLDER, code
        self.shards = ShardFiles(self.folder, code, "rows", shard_of)
        self.rows: dict[str, tuple] = {}
        self.registry = Memo()

    def read(self, shards: Collection[str] | None = None, registry: bool = True) -> CheckSummary:
        """Load what is there (of these ``shards`` only, when given; the registry's parses
        unless not wanted: then they are left as they are); a missing, damaged or foreign
        file is simply not remembered."""
        rows = self.shards.read(shards)
        self.rows = {path: row for path, row in rows.items() if type(row) is tuple and len(row) == 5}
        if registry:
            self.registry = Memo(self.field_of(storage.read_pickle(self.folder / REGISTRY_FILE), "entries"))
        return self

    def field_of(self, saved, field: str) -> dict:
        """``saved[field]`` when this code saved it, else nothing."""
        if not isinstance(saved, dict) or saved.get("code") != self.code or not isinstance(saved.get(field), dict):
            return {}
        return saved[field]

    def save(self, rows: dict[str, tuple]) -> None:
        """Keep ``rows`` and the registry parses made since ``read``: only the shards
        holding a row that changed, came or went are rewritten."""
        changed = {path for path, row in rows.items() if self.rows.get(path) != row}
        changed |= self.rows.keys() - rows.keys()
        self.shards.write(rows, {shard_of(path) for path in changed})
        if self.registry.changed:
            storage.write_pickle(self.folder / REGISTRY_FILE, {"code": self.code, "entries": self.registry.new})
