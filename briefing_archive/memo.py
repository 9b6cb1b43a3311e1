"""Remembered parses and checks, keyed by content hashes (never by file times).

A rebuild after one edit reads every file again (cheap) but should parse and
check only the edited one: parsing front matter is ~130 µs a file and the
checks ~100 µs, 2–5 s at 10,000 briefings. ``Memo`` holds the results of the
last load (``pipeline`` keeps them in ``.cache/parsed.pickle`` through
storage) and collects this load's, so entries of deleted or edited files
are dropped when it is saved.
"""
from __future__ import annotations

import hashlib
import pickle


def content_key(*parts: str) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


class Memo:
    """``old``: entries from the last load (empty: remember nothing yet)."""

    def __init__(self, old: dict | None = None):
        self.old = old or {}
        self.new: dict = {}
        self.keys: dict[str, str] = {}  # briefing path → its content key, for the checks

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

    def key_of(self, value) -> str:
        """A key for plain data (the registry: a few hundred entries, hashed once a load)."""
        return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=20).hexdigest()

    def checked(self, briefing, registry_key: str, source, check) -> list:
        """``check()``'s problems for this briefing, registry and source text."""
        if briefing.path not in self.keys:
            return check()
        source_key = content_key(source.path, source.text or "", source.error or "") if source else ""
        return self.remember(("check", self.keys[briefing.path], registry_key, source_key), check)

    @property
    def changed(self) -> bool:
        return self.new.keys() != self.old.keys()
