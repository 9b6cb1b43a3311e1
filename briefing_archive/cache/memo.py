"""Remembered parses and checks, keyed by content hashes (never by file times).

A rebuild after one edit reads every file again (cheap) but should parse and
check only the edited one: parsing front matter is ~130 µs a file and the
checks ~100 µs, 2–5 s at 10,000 briefings. ``Memo`` holds the results of the
last load (``MemoShards`` keeps them in ``.cache/parsed/`` through storage)
and collects this load's, so entries of deleted or edited files are dropped
when it is saved.

The entries are kept in shard files by the first hex digits of the file's
content key, so one edit rewrites two small files instead of the whole memo
(~70 MB at 10,000 briefings: 0.7 s to pickle, more to write).
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path

from .. import storage
from ..layout import CACHE
from ..storage.fingerprints import Stamp
from .shard_files import ShardFiles


def content_key(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def identity_free_pickle(data) -> bytes:
    """Equal data, equal bytes: pickled without a memo, so the bytes do not depend on which
    equal strings happen to be one object (parsed afresh or read back from a cache differ
    there). The data must hold no cycles."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(data)
    return buffer.getvalue()


SHARD_DIGITS = 2  # 256 shards: ~300 KB each at 10,000 briefings


def shard_of(key: tuple) -> str:
    """The shard of a memo key: a file's parse and its checks share one (the file's content key)."""
    content = key[2] if key[0] == "parse" else key[1]
    return content[:SHARD_DIGITS]


def split_shards(entries: dict) -> dict[str, dict]:
    """Entries grouped by ``shard_of`` their key."""
    shards: dict[str, dict] = {}
    for key, value in entries.items():
        shards.setdefault(shard_of(key), {})[key] = value
    return shards


class Memo:
    """``old``: entries from the last load (empty: remember nothing yet)."""

    def __init__(self, old: dict | None = None, keys: dict[str, str] | None = None):
        self.old = old or {}
        self.new: dict = {}
        self.keys: dict[str, str] = keys or {}  # file path → its content key, for the checks
        # The briefings' stamps as listed, before any was read, and when the listing began
        # (ns since the epoch): what the check summary a build leaves needs (``build_checks``).
        self.stamps: dict[str, Stamp] = {}
        self.listed_at = 0

    def remember(self, key, make):
        if key not in self.new:
            self.new[key] = self.old[key] if key in self.old else make()
        return self.new[key]

    def parser(self, parse, kind: str = "briefing"):
        """``parse(path, text)``, remembered by the file's path and text."""

        def remembered(path: str, text: str):
            key = self.keys[path] = content_key(path, text)
            return self.remember(("parse", kind, key), lambda: parse(path, text))

        return remembered

    def take(self, path: str, key: str, parsed, kind: str = "briefing"):
        """Remember a parse made elsewhere (``parallel_load``) as ``parser`` would have."""
        self.keys[path] = key
        return self.remember(("parse", kind, key), lambda: parsed)

    def key_of(self, value) -> str:
        """A key for plain data (the registry: a few hundred entries, hashed once a load).
        Pickled without its memo: equal data read back from the cache gives the same key
        as when freshly parsed (which strings are one object differs between the two)."""
        return hashlib.blake2b(identity_free_pickle(value), digest_size=20).hexdigest()

    def checked(self, briefing, registry_key: str, source, check) -> list:
        """``check()``'s problems for this briefing, registry and source text."""
        if briefing.path not in self.keys:
            return check()
        source_key = content_key(source.path, source.text or "", source.error or "") if source else ""
        return self.remember(("check", self.keys[briefing.path], registry_key, source_key), check)

    def parsed(self, path: str, kind: str = "briefing"):
        """This load's parse of the file at ``path`` (made or remembered)."""
        return self.new[("parse", kind, self.keys[path])]

    def checks_made(self) -> dict[str, list]:
        """This load's ``checked`` results by the briefing's content key (a load checks each once)."""
        return {key[1]: value for key, value in self.new.items() if key[0] == "check"}

    def carry(self, other: Memo, paths: list[str]) -> None:
        """Take ``other``'s parses of the files at ``paths``, as if ``parser`` had made them here."""
        kinds = {key[2]: key[1] for key in other.new if key[0] == "parse"}
        for path in paths:
            entry = ("parse", kinds[other.keys[path]], other.keys[path])
            self.keys[path] = entry[2]
            self.remember(entry, lambda entry=entry: other.new[entry])

    @property
    def changed(self) -> bool:
        return self.new.keys() != self.old.keys()

    def changed_shards(self) -> dict[str, dict]:
        """The new entries of each shard whose keys differ from the last load's
        (a shard left empty is in it too, so its file is emptied)."""
        old, new = split_shards(self.old), split_shards(self.new)
        return {
            name: new.get(name, {})
            for name in old.keys() | new.keys()
            if old.get(name, {}).keys() != new.get(name, {}).keys()
        }


MEMO_FOLDER = f"{CACHE}/parsed"
OLD_MEMO_FILE = f"{CACHE}/parsed.pickle"  # the memo in one file, before it was sharded


class MemoShards:
    """The memo between builds: one cache file a shard, each marked with the ``code``
    that made its entries (entries made by other code are never used)."""

    def __init__(self, root: Path, code: str):
        self.folder, self.old_file, self.code = Path(root) / MEMO_FOLDER, Path(root) / OLD_MEMO_FILE, code
        self.files = ShardFiles(self.folder, code, "entries", shard_of)

    def read(self) -> Memo:
        """The last load's entries; a missing or damaged shard, or one from other code,
        is simply a cold load of its files."""
        return Memo(self.files.read())

    def save(self, memo: Memo) -> None:
        """Rewrite only the shards whose entries changed."""
        self.files.write(memo.new, memo.changed_shards().keys())
        storage.remove_file(self.old_file)
