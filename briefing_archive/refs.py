"""Issues and actors as pages link to them: every name goes through the registry.

So "Lavrov" and "Sergei Lavrov" land on one page; names the registry does
not know still get a page of their own.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from .model import RegistryEntry
from .registry import Registry, slug_of


class Ref(NamedTuple):
    """An issue or actor as pages link to it: canonical slug and name.

    A NamedTuple rather than a dataclass: refs are hashed millions of times
    while indexing, and tuple hashing runs in C (a dataclass's in Python).
    """

    slug: str
    name: str

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        # Read back as the one Ref of its slug and name this process holds: the facts of a
        # kept state's 30,000 briefings unpickled some 700,000 refs of ~1,000 distinct ones.
        return (shared_ref, (self.slug, self.name))


@functools.lru_cache(maxsize=1 << 16)
def shared_ref(slug: str, name: str) -> Ref:
    return Ref(slug, name)


class Resolver:
    """Names → Refs through the registry, remembering answers (names repeat a lot)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.memo: dict[tuple[str, str], tuple[Ref, RegistryEntry | None]] = {}
        self.by_slug = {"issue": registry.by_slug("issue"), "actor": registry.by_slug("actor")}
        self.unknown: dict[tuple[str, str], Ref] = {}  # one page per slug, named as first seen

    def resolve(self, kind: str, name: str) -> tuple[Ref, RegistryEntry | None]:
        key = (kind, name)
        if key not in self.memo:
            # slugged only when the registry does not know the name (a slugify call took ~50 µs:
            # a fifth of the records of an edit's search shard, in a process that knows no name yet)
            entry = self.registry.lookup(kind, name)
            if entry is None:
                slug = slug_of(name)
                entry = self.by_slug[kind].get(slug)
            if entry:
                self.memo[key] = (Ref(entry.slug, entry.name), entry)
            else:
                ref = self.unknown.setdefault((kind, slug), Ref(slug, " ".join(name.split())))
                self.memo[key] = (ref, None)
        return self.memo[key]

    def issue(self, name: str) -> Ref:
        return self.resolve("issue", name)[0]

    def actor(self, name: str) -> Ref:
        return self.resolve("actor", name)[0]
