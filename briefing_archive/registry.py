"""The editors' registry: issues and actors with canonical names and aliases.

Entries live in ``content/issues/<slug>.md`` and ``content/actors/<slug>.md``:
front matter (name, aliases, wikidata, …) and a Markdown overview.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from slugify import slugify

from .fields import FieldReader, describe
from .frontmatter import load_document
from .model import ACTOR_KINDS, Problem, RegistryEntry
from .parse import with_warnings

ISSUE_KEYS = ("name", "aliases", "wikidata", "see_also")
ACTOR_KEYS = ("name", "kind", "aliases", "wikidata", "role", "country", "demonyms")


def slug_of(name: str) -> str:
    return slugify(name) or "untitled"


def fold(name: str) -> str:
    """The key names are compared by: case and spacing do not matter."""
    return " ".join(name.casefold().split())


def parse_registry_entry(path: str, text: str, kind: str) -> RegistryEntry | list[Problem]:
    """One registry file (``kind`` is "issue" or "actor") → entry or problems."""
    document = load_document(path, text)
    if isinstance(document, list):
        return document
    if not isinstance(document.data, dict):
        return [
            Problem(path, 2, "front matter", f"must be a mapping of fields (name: …), not {describe(document.data)}")
        ]
    reader = FieldReader(path, document)
    fields = read_entry_fields(reader, document.data, kind)
    body = reader.body(document)
    overview = body.strip()
    overview_line = document.body_line + body[: len(body) - len(body.lstrip())].count("\n")
    if any(p.is_error for p in reader.problems) or fields is None:
        return reader.problems
    return with_warnings(
        RegistryEntry(
            path=path, kind=kind, overview=overview, overview_line=overview_line, lines=dict(document.lines), **fields
        ),
        reader.problems,
    )


def read_entry_fields(reader: FieldReader, data: Mapping[str, object], kind: str) -> dict[str, Any] | None:
    """RegistryEntry's keyword arguments read from the front matter (problems noted on the
    reader); None without a name."""
    known = ISSUE_KEYS if kind == "issue" else ACTOR_KEYS
    for key in data:
        if key not in known:
            reader.fail(key, "unknown field (known: " + ", ".join(known) + ")", "warning")
    name = reader.text(data, "name", "name", required=True)
    actor_kind = reader.text(data, "kind", "kind", required=True) if kind == "actor" else None
    if actor_kind is not None and actor_kind not in ACTOR_KINDS:
        reader.fail("kind", f"unknown kind {actor_kind!r}: use person, country or organisation")
    fields: dict[str, Any] = dict(
        actor_kind=actor_kind,
        aliases=reader.text_list(data, "aliases", "aliases"),
        wikidata=reader.text(data, "wikidata", "wikidata"),
        role=reader.text(data, "role", "role"),
        country=reader.text(data, "country", "country"),
        demonyms=reader.text_list(data, "demonyms", "demonyms"),
    )
    return None if name is None else {**fields, "name": name.strip(), "slug": slug_of(name)}


@dataclass(frozen=True)
class Registry:
    """Lookups over the entries; names and aliases compare case-insensitively."""

    issues: tuple[RegistryEntry, ...] = ()
    actors: tuple[RegistryEntry, ...] = ()
    _by_name: dict[str, dict[str, RegistryEntry]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        lookup: dict[str, dict[str, RegistryEntry]] = {}
        for entry in self.issues + self.actors:
            table = lookup.setdefault(entry.kind, {})
            for name in entry.aliases + entry.demonyms:
                table.setdefault(fold(name), entry)
            table[fold(entry.name)] = entry  # a canonical name beats an alias
        object.__setattr__(self, "_by_name", lookup)

    def issue(self, name: str) -> RegistryEntry | None:
        """The issue called ``name`` or one of its aliases."""
        return self._by_name.get("issue", {}).get(fold(name))

    def actor(self, name: str) -> RegistryEntry | None:
        """The actor called ``name``, one of its aliases or (countries) demonyms."""
        return self._by_name.get("actor", {}).get(fold(name))

    def lookup(self, kind: str, name: str) -> RegistryEntry | None:
        return self.issue(name) if kind == "issue" else self.actor(name)

    def suggest(self, kind: str, name: str) -> str | None:
        """The closest known name or alias, for a "did you mean" hint."""
        entries = self.issues if kind == "issue" else self.actors
        names = {fold(alias): e.name for e in entries for alias in (e.name,) + e.aliases}
        close = difflib.get_close_matches(fold(name), list(names), n=1, cutoff=0.6)
        if close:
            return names[close[0]]
        # A misspelt word in a longer name ("Kurile dispute"): match word by word.
        words = [w for w in fold(name).split() if len(w) >= 4]
        for known in sorted(names):
            if any(difflib.get_close_matches(w, known.split(), n=1, cutoff=0.8) for w in words):
                return names[known]
        return None

    def by_slug(self, kind: str) -> dict[str, RegistryEntry]:
        return {e.slug: e for e in (self.issues if kind == "issue" else self.actors)}


def check_registry(registry: Registry) -> list[Problem]:
    """Problems across entries: shared aliases, colliding slugs, unknown home states."""
    problems: list[Problem] = []
    for entries in (registry.issues, registry.actors):
        problems += _shared_names(entries) + _shared_slugs(entries)
    countries = {fold(e.name) for e in registry.actors if e.actor_kind == "country"}
    for entry in registry.actors:
        if entry.country and fold(entry.country) not in countries:
            problems.append(
                Problem(
                    entry.path,
                    entry.lines.get("country", 1),
                    "country",
                    f"{entry.country!r} is not a country in the registry",
                    "warning",
                )
            )
    return problems


def _shared_names(entries: tuple[RegistryEntry, ...]) -> list[Problem]:
    owner: dict[str, RegistryEntry] = {fold(e.name): e for e in entries}
    problems = []
    for entry in entries:
        for index, alias in enumerate(entry.aliases):
            key, line = fold(alias), entry.lines.get(f"aliases.{index}", entry.lines.get("aliases", 1))
            other = owner.setdefault(key, entry)
            if other is not entry:
                problems.append(
                    Problem(
                        entry.path,
                        line,
                        f"aliases.{index}",
                        f"{alias!r} is already claimed by {other.path} ({other.name})",
                    )
                )
    return problems


def _shared_slugs(entries: tuple[RegistryEntry, ...]) -> list[Problem]:
    seen: dict[str, RegistryEntry] = {}
    problems = []
    for entry in entries:
        other = seen.setdefault(entry.slug, entry)
        if other is not entry:
            problems.append(
                Problem(
                    entry.path,
                    entry.lines.get("name", 1),
                    "name",
                    f"{entry.name!r} has the same slug {entry.slug!r} as "
                    f"{other.name!r} in {other.path}: their pages would collide",
                )
            )
    return problems
